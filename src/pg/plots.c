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
#include "pg/plot_title.h"
#include "pg/writer.h"
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

/* row: x f64, y f64, label length u32, label bytes */
#define ROW_FIXED (8 + 8 + 4)

/* Append the point of this row (x, y: arguments 1, 2; its label: argument 3, named label_arg). */
static GenreAggBuf *
append_point(GenreAggBuf *state, FunctionCallInfo fcinfo, const char *fname,
			 const char *label_arg)
{
	uint64		rowno = state->nrows + 1;
	double		x = PG_GETARG_FLOAT8(1);
	double		y = PG_GETARG_FLOAT8(2);
	text	   *label = PG_GETARG_TEXT_PP(3);
	uint32		len = VARSIZE_ANY_EXHDR(label);
	char		row[ROW_FIXED + MAX_LABEL];

	if (!isfinite(x))
		genre_error_non_finite(fname, "x", rowno, 0, x);
	if (!isfinite(y))
		genre_error_non_finite(fname, "y", rowno, 0, y);
	if (len > MAX_LABEL)
		genre_error_over_limit(fname, label_arg, rowno, len, MAX_LABEL, "bytes");
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
		genre_error_bad_state();
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
		genre_error_bad_state();
	*n = k;
	return pts;
}

/* ---- plot_scatter(x, y, label, title): a titled state (pg/plot_title.h) ---- */

Datum
genre_plot_scatter_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_plot_title_state(fcinfo, 4, SCATTER_MAGIC, "plot_scatter");

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_BYTEA_P(state);
	PG_RETURN_BYTEA_P(append_point(state, fcinfo, "plot_scatter", "label"));
}

Datum
genre_plot_scatter_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, SCATTER_MAGIC, "plot_scatter", NULL, "title");
}

Datum
genre_plot_scatter_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), SCATTER_MAGIC);
	size_t		tlen;
	const char *title = genre_plot_title_of(state, &tlen);
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = points_of(state, &n);
	if (n == 0)
		PG_RETURN_NULL();		/* only NULL rows: nothing to draw */
	genre_status_clear(&st);
	genre_writer_init(&w, 4096 + n * 48);
	GENRE_CHECK(&st, genre_plot_scatter(pts, n, title, tlen, &w, &st));
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_scatter", "plot", "Plot a sample of the rows."));
}

/* ---- plot_line(x, y, series) ---- */

Datum
genre_plot_line_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(0))
		state = genre_aggbuf_create(LINE_MAGIC, NULL, 0);
	else
		state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), LINE_MAGIC);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_BYTEA_P(state);
	PG_RETURN_BYTEA_P(append_point(state, fcinfo, "plot_line", "series"));
}

Datum
genre_plot_line_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, LINE_MAGIC, "plot_line", NULL, NULL);
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
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_line", "plot", "Plot a sample of the rows."));
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
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_confusion", "plot", "Plot a sample of the rows."));
}
