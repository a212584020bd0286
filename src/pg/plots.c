/*
 * plots.c - the SVG plot aggregates.  plot_scatter and plot_line buffer
 * their points in an agg_buffer state (x float8, y float8, label) and draw
 * the SVG in the final function; rows with a NULL x, y or label are
 * skipped, a NaN or infinite coordinate is an error (22023).
 * plot_confusion is the final of the label-pair state (pg/contingency.h).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "base/bytes.h"
#include "ml/contingency.h"
#include "pg/agg_buffer.h"
#include "pg/contingency.h"
#include "pg/errors.h"
#include "plot/confusion.h"
#include "plot/line.h"
#include "plot/scatter.h"

PG_FUNCTION_INFO_V1(genre_plot_scatter_trans);
PG_FUNCTION_INFO_V1(genre_plot_scatter_combine);
PG_FUNCTION_INFO_V1(genre_plot_scatter_final);
PG_FUNCTION_INFO_V1(genre_plot_line_trans);
PG_FUNCTION_INFO_V1(genre_plot_line_combine);
PG_FUNCTION_INFO_V1(genre_plot_line_final);
PG_FUNCTION_INFO_V1(genre_plot_confusion_final);

#define SCATTER_MAGIC 0x54435347u	/* "GSCT" */
#define LINE_MAGIC 0x4e494c47u	/* "GLIN" */
#define MAX_LABEL 4096
#define MAX_TITLE 1024

/* row: x f64, y f64, label length u32, label bytes */
#define ROW_FIXED (8 + 8 + 4)

static GenreAggBuf *
append_point(GenreAggBuf *state, FunctionCallInfo fcinfo)
{
	double		x = PG_GETARG_FLOAT8(1);
	double		y = PG_GETARG_FLOAT8(2);
	text	   *label = PG_GETARG_TEXT_PP(3);
	uint32		len = VARSIZE_ANY_EXHDR(label);
	char		row[ROW_FIXED + MAX_LABEL];

	if (!isfinite(x) || !isfinite(y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x and y must be finite numbers"),
				 errdetail("Got x = %g, y = %g.", x, y)));
	if (len > MAX_LABEL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("label of %u bytes exceeds the limit of %d bytes", len, MAX_LABEL)));
	memcpy(row, &x, 8);
	memcpy(row + 8, &y, 8);
	memcpy(row + 16, &len, 4);
	memcpy(row + ROW_FIXED, VARDATA_ANY(label), len);
	return genre_aggbuf_append(state, row, ROW_FIXED + len);
}

/*
 * Decode the rows of a state into points that point into it (no copies);
 * raises 22P03 on a state whose rows do not parse.
 */
static genre_plot_point *
points_of(const GenreAggBuf *b, size_t *n)
{
	size_t		len;
	const char *rows = genre_aggbuf_rows(b, &len);
	genre_plot_point *pts;
	size_t		pos = 0,
				k = 0;

	if (b->nrows > len / ROW_FIXED)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aggregate state")));
	pts = palloc_extended(sizeof(genre_plot_point) * (b->nrows ? b->nrows : 1),
						  MCXT_ALLOC_HUGE);
	while (pos < len)
	{
		uint32		llen;

		if (k >= b->nrows || len - pos < ROW_FIXED)
			break;
		memcpy(&pts[k].x, rows + pos, 8);
		memcpy(&pts[k].y, rows + pos + 8, 8);
		memcpy(&llen, rows + pos + 16, 4);
		pos += ROW_FIXED;
		if (llen > len - pos)
			break;
		pts[k].label = rows + pos;
		pts[k].label_len = llen;
		pos += llen;
		k++;
	}
	if (pos != len || k != b->nrows)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aggregate state")));
	*n = k;
	return pts;
}

static text *
svg_text(genre_writer *w)
{
	if (w->failed)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (w->len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("plot exceeds the 1 GB limit of a PostgreSQL value"),
				 errhint("Plot a sample of the rows.")));
	return cstring_to_text_with_len((const char *) w->data, (int) w->len);
}

/* ---- plot_scatter(x, y, label, title): meta is the title ---- */

Datum
genre_plot_scatter_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;
	const char *title = NULL;
	uint32		tlen = 0;
	char		meta[1 + MAX_TITLE];

	genre_aggbuf_require_agg(fcinfo, "genre.plot_scatter_trans");
	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
	{
		text	   *t = PG_GETARG_TEXT_PP(4);

		title = VARDATA_ANY(t);
		tlen = VARSIZE_ANY_EXHDR(t);
		if (tlen > MAX_TITLE)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("title of %u bytes exceeds the limit of %d bytes", tlen, MAX_TITLE)));
	}
	/* meta: 1 when there is a title, then the title */
	meta[0] = title != NULL;
	if (tlen)
		memcpy(meta + 1, title, tlen);

	if (PG_ARGISNULL(0))
		state = genre_aggbuf_create(SCATTER_MAGIC, meta, 1 + tlen);
	else
	{
		state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), SCATTER_MAGIC);
		if (state->meta_len != 1 + tlen ||
			memcmp(genre_aggbuf_meta(state), meta, 1 + tlen) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("title must be the same in every row")));
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_BYTEA_P(state);
	PG_RETURN_BYTEA_P(append_point(state, fcinfo));
}

Datum
genre_plot_scatter_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, SCATTER_MAGIC, "genre.plot_scatter_combine",
									 "title must be the same in every row");
}

Datum
genre_plot_scatter_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), SCATTER_MAGIC);
	const char *meta = genre_aggbuf_meta(state);
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	if (state->meta_len < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aggregate state")));
	pts = points_of(state, &n);
	if (n == 0)
		PG_RETURN_NULL();		/* only NULL rows: nothing to draw */
	genre_status_clear(&st);
	genre_writer_init(&w, 4096 + n * 48);
	GENRE_CHECK(&st, genre_plot_scatter(pts, n, meta[0] ? meta + 1 : NULL,
										state->meta_len - 1, &w, &st));
	PG_RETURN_TEXT_P(svg_text(&w));
}

/* ---- plot_line(x, y, series) ---- */

Datum
genre_plot_line_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;

	genre_aggbuf_require_agg(fcinfo, "genre.plot_line_trans");
	if (PG_ARGISNULL(0))
		state = genre_aggbuf_create(LINE_MAGIC, NULL, 0);
	else
		state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), LINE_MAGIC);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_BYTEA_P(state);
	PG_RETURN_BYTEA_P(append_point(state, fcinfo));
}

Datum
genre_plot_line_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, LINE_MAGIC, "genre.plot_line_combine",
									 "invalid aggregate state");
}

Datum
genre_plot_line_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), LINE_MAGIC);
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = points_of(state, &n);
	if (n == 0)
		PG_RETURN_NULL();
	genre_status_clear(&st);
	genre_writer_init(&w, 4096 + n * 64);
	GENRE_CHECK(&st, genre_plot_line(pts, n, &w, &st));
	PG_RETURN_TEXT_P(svg_text(&w));
}

/* ---- plot_confusion(actual, predicted) ---- */

Datum
genre_plot_confusion_final(PG_FUNCTION_ARGS)
{
	genre_contingency c;
	genre_status st;
	genre_writer w;

	genre_contingency_view(fcinfo, 1, &c, &st);
	genre_writer_init(&w, 8192);
	GENRE_CHECK(&st, genre_plot_confusion(&c, &w, &st));
	if (w.failed)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	PG_RETURN_TEXT_P(cstring_to_text_with_len((const char *) w.data, (int) w.len));
}
