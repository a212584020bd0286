/*
 * plots.c - the SVG plot aggregates.  plot_scatter, plot_line, plot_means
 * and plot_qq buffer their points in an agg_buffer state (x float8, y
 * float8, label; plot_means and plot_qq keep their value as y) and draw
 * the SVG in the final function; rows with a NULL coordinate or label are
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
#include "pg/writer.h"
#include "plot/confusion.h"
#include "plot/line.h"
#include "plot/means.h"
#include "plot/qq.h"
#include "plot/scatter.h"

PG_FUNCTION_INFO_V1(genre_plot_scatter_trans);
PG_FUNCTION_INFO_V1(genre_plot_scatter_combine);
PG_FUNCTION_INFO_V1(genre_plot_scatter_final);
PG_FUNCTION_INFO_V1(genre_plot_line_trans);
PG_FUNCTION_INFO_V1(genre_plot_line_combine);
PG_FUNCTION_INFO_V1(genre_plot_line_final);
PG_FUNCTION_INFO_V1(genre_plot_confusion_final);
PG_FUNCTION_INFO_V1(genre_plot_means_trans);
PG_FUNCTION_INFO_V1(genre_plot_means_combine);
PG_FUNCTION_INFO_V1(genre_plot_means_final);
PG_FUNCTION_INFO_V1(genre_plot_qq_trans);
PG_FUNCTION_INFO_V1(genre_plot_qq_combine);
PG_FUNCTION_INFO_V1(genre_plot_qq_final);

#define SCATTER_MAGIC 0x54435347u	/* "GSCT" */
#define LINE_MAGIC 0x4e494c47u	/* "GLIN" */
#define MEANS_MAGIC 0x4e454d47u	/* "GMEN" */
#define QQ_MAGIC 0x51514747u	/* "GGQQ" */
#define MAX_LABEL 4096
#define MAX_TITLE 1024

/* row: x f64, y f64, label length u32, label bytes */
#define ROW_FIXED (8 + 8 + 4)

/*
 * Append one point; a NaN or infinite coordinate is an error naming x_arg
 * or y_arg, a label over MAX_LABEL bytes one naming label_arg (label may
 * be NULL: no label).
 */
static GenreAggBuf *
append_row(GenreAggBuf *state, double x, double y, text *label, const char *fname,
		   const char *x_arg, const char *y_arg, const char *label_arg)
{
	uint64		rowno = state->nrows + 1;
	uint32		len = label ? VARSIZE_ANY_EXHDR(label) : 0;
	char		row[ROW_FIXED + MAX_LABEL];

	if (!isfinite(x))
		genre_error_non_finite(fname, x_arg, rowno, 0, x);
	if (!isfinite(y))
		genre_error_non_finite(fname, y_arg, rowno, 0, y);
	if (len > MAX_LABEL)
		genre_error_over_limit(fname, label_arg, rowno, len, MAX_LABEL, "bytes");
	memcpy(row, &x, 8);
	memcpy(row + 8, &y, 8);
	memcpy(row + 16, &len, 4);
	if (len)
		memcpy(row + ROW_FIXED, VARDATA_ANY(label), len);
	return genre_aggbuf_append(state, row, ROW_FIXED + len);
}

/* Append the point of this row (x, y: arguments 1, 2; its label: argument 3, named label_arg). */
static GenreAggBuf *
append_point(GenreAggBuf *state, FunctionCallInfo fcinfo, const char *fname,
			 const char *label_arg)
{
	return append_row(state, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), PG_GETARG_TEXT_PP(3),
					  fname, "x", "y", label_arg);
}

/*
 * The state of argument 0 of a plot with a title in argument argno (absent
 * or NULL: none), created on the first row; the title is its meta (1 byte
 * "has a title", then its bytes) and must be the same in every row.
 */
static GenreAggBuf *
titled_state(FunctionCallInfo fcinfo, uint32 magic, int argno, const char *fname)
{
	GenreAggBuf *state;
	uint32		tlen = 0;
	char		meta[1 + MAX_TITLE];

	genre_require_aggregate(fcinfo, NULL);
	state = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), magic);
	meta[0] = 0;
	if (PG_NARGS() > argno && !PG_ARGISNULL(argno))
	{
		text	   *t = PG_GETARG_TEXT_PP(argno);

		tlen = VARSIZE_ANY_EXHDR(t);
		if (tlen > MAX_TITLE)
			genre_error_over_limit(fname, "title", state ? state->nrows + 1 : 1,
								   tlen, MAX_TITLE, "bytes");
		meta[0] = 1;
		memcpy(meta + 1, VARDATA_ANY(t), tlen);
	}
	if (state == NULL)
		return genre_aggbuf_create(magic, meta, 1 + tlen);
	if (state->meta_len != 1 + tlen || memcmp(genre_aggbuf_meta(state), meta, 1 + tlen) != 0)
		genre_error_not_constant(fname, "title");
	return state;
}

/* The title in the meta of a titled_state (NULL: none); 22P03 on a bad meta. */
static const char *
state_title(const GenreAggBuf *state, uint32 *len)
{
	const char *meta = genre_aggbuf_meta(state);

	if (state->meta_len < 1 || state->meta_len > 1 + MAX_TITLE ||
		(meta[0] != 1 && state->meta_len != 1) || meta[0] > 1)
		genre_error_bad_state();
	*len = state->meta_len - 1;
	return meta[0] ? meta + 1 : NULL;
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

/* ---- plot_scatter(x, y, label, title): meta is the title ---- */

Datum
genre_plot_scatter_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = titled_state(fcinfo, SCATTER_MAGIC, 4, "plot_scatter");

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
	uint32		tlen;
	const char *title = state_title(state, &tlen);
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

/* ---- plot_means(value, label, title): value as y, x unused ---- */

Datum
genre_plot_means_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = titled_state(fcinfo, MEANS_MAGIC, 3, "plot_means");

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_BYTEA_P(state);
	PG_RETURN_BYTEA_P(append_row(state, 0.0, PG_GETARG_FLOAT8(1), PG_GETARG_TEXT_PP(2),
								 "plot_means", "x", "value", "label"));
}

Datum
genre_plot_means_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, MEANS_MAGIC, "plot_means", NULL, "title");
}

Datum
genre_plot_means_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), MEANS_MAGIC);
	uint32		tlen;
	const char *title = state_title(state, &tlen);
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = points_of(state, &n);
	if (n == 0)
		PG_RETURN_NULL();
	for (size_t i = 0; i < n; i++)
		if (pts[i].x != 0.0)
			genre_error_bad_state();
	genre_status_clear(&st);
	genre_writer_init(&w, 8192);
	/* the core sorts the points by label, then value: any row order draws the same */
	GENRE_CHECK(&st, genre_plot_means(pts, n, 0.95, title, tlen, &w, &st));
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_means", "plot", NULL));
}

/* ---- plot_qq(value, title): value as y, no label ---- */

Datum
genre_plot_qq_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = titled_state(fcinfo, QQ_MAGIC, 2, "plot_qq");

	if (PG_ARGISNULL(1))
		PG_RETURN_BYTEA_P(state);
	PG_RETURN_BYTEA_P(append_row(state, 0.0, PG_GETARG_FLOAT8(1), NULL,
								 "plot_qq", "x", "value", "label"));
}

Datum
genre_plot_qq_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, QQ_MAGIC, "plot_qq", NULL, "title");
}

Datum
genre_plot_qq_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), QQ_MAGIC);
	uint32		tlen;
	const char *title = state_title(state, &tlen);
	genre_plot_point *pts;
	double	   *v;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = points_of(state, &n);
	if (n == 0)
		PG_RETURN_NULL();
	v = palloc_extended(n * sizeof(double), MCXT_ALLOC_HUGE);
	for (size_t i = 0; i < n; i++)
	{
		if (pts[i].x != 0.0 || pts[i].label_len != 0)
			genre_error_bad_state();
		v[i] = pts[i].y;
	}
	genre_status_clear(&st);
	genre_writer_init(&w, 8192 + Min(n, GENRE_PLOT_QQ_MAX_POINTS) * 48);
	GENRE_CHECK(&st, genre_plot_qq(v, n, title, tlen, &w, &st));
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_qq", "plot", NULL));
}
