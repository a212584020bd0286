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
#include "miscadmin.h"
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

static const GenreStateFamily scatter_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'S', 'C', 'T'), 1, "plot_scatter");
static const GenreStateFamily line_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'L', 'I', 'N'), 1, "plot_line");
static const GenreStateFamily means_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'M', 'E', 'N'), 1, "plot_means");
static const GenreStateFamily qq_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'G', 'Q', 'Q'), 1, "plot_qq");
#define MAX_LABEL 4096

/* row: x f64, y f64, label length u32, label bytes */
#define ROW_FIXED (8 + 8 + 4)

/*
 * Append one point; a NaN or infinite coordinate is an error naming x_arg
 * or y_arg, a label over MAX_LABEL bytes one naming label_arg (label may
 * be NULL: no label).
 */
static void
append_row(GenreRowBuf *state, double x, double y, text *label, const char *fname,
		   const char *x_arg, const char *y_arg, const char *label_arg)
{
	GenreRows	r;
	uint64		rowno;
	uint32		len = label ? VARSIZE_ANY_EXHDR(label) : 0;
	char	   *row;

	genre_rowbuf_view(state, &r);
	rowno = r.nrows + 1;
	if (!isfinite(x))
		genre_error_non_finite(fname, x_arg, rowno, 0, x);
	if (!isfinite(y))
		genre_error_non_finite(fname, y_arg, rowno, 0, y);
	if (len > MAX_LABEL)
		genre_error_over_limit(fname, label_arg, rowno, len, MAX_LABEL, "bytes");
	row = genre_rowbuf_add_row(state, ROW_FIXED + len, fname);
	memcpy(row, &x, 8);
	memcpy(row + 8, &y, 8);
	memcpy(row + 16, &len, 4);
	if (len)
		memcpy(row + ROW_FIXED, VARDATA_ANY(label), len);
}

/* Append the point of this row (x, y: arguments 1, 2; its label: argument 3, named label_arg). */
static void
append_point(GenreRowBuf *state, FunctionCallInfo fcinfo, const char *fname,
			 const char *label_arg)
{
	append_row(state, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), PG_GETARG_TEXT_PP(3),
			   fname, "x", "y", label_arg);
}

/*
 * Decode the rows of a state into points that point into it (no copies);
 * raises 22P03 on a state whose rows do not parse, a non-finite coordinate
 * or a label that is not text.
 */
static genre_plot_point *
points_of(const GenreRows *r, const char *fname, size_t *n)
{
	genre_plot_point *pts;
	size_t		pos = 0,
				k = 0;

	if (r->nrows > r->rows_len / ROW_FIXED)
		genre_error_bad_state(fname, UINT64_FORMAT " rows in %zu bytes", r->nrows, r->rows_len);
	pts = palloc_extended(sizeof(genre_plot_point) * (r->nrows ? r->nrows : 1),
						  MCXT_ALLOC_HUGE);
	while (pos < r->rows_len)
	{
		uint32		llen;

		CHECK_FOR_INTERRUPTS();
		if (k >= r->nrows || r->rows_len - pos < ROW_FIXED)
			break;
		memcpy(&pts[k].x, r->rows + pos, 8);
		memcpy(&pts[k].y, r->rows + pos + 8, 8);
		memcpy(&llen, r->rows + pos + 16, 4);
		pos += ROW_FIXED;
		if (llen > r->rows_len - pos || llen > MAX_LABEL)
			break;
		if (!isfinite(pts[k].x) || !isfinite(pts[k].y))
			genre_error_bad_state(fname, "row %zu has a non-finite coordinate", k + 1);
		genre_state_check_label(fname, r->rows + pos, llen, k + 1);
		pts[k].label = r->rows + pos;
		pts[k].label_len = llen;
		pos += llen;
		k++;
	}
	if (pos != r->rows_len || k != r->nrows)
		genre_error_bad_state(fname, "rows do not parse: %zu of " UINT64_FORMAT " rows in the first %zu of %zu bytes",
							  k, r->nrows, pos, r->rows_len);
	*n = k;
	return pts;
}

/* The points and title of a titled plot state (argument 0), for its final function. */
static genre_plot_point *
titled_points_arg(FunctionCallInfo fcinfo, const GenreStateFamily *family, const char *fname,
				  const char **title, size_t *tlen, size_t *n)
{
	GenreRows	r;

	genre_rowbuf_read(fcinfo, 0, family, fname, &r);
	*title = genre_plot_title_of(&r, fname, tlen);
	return points_of(&r, fname, n);
}

/* ---- plot_scatter(x, y, label, title): a titled state (pg/plot_title.h) ---- */

Datum
genre_plot_scatter_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_plot_title_state(fcinfo, 4, &scatter_state, "plot_scatter");

	if (!(PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3)))
		append_point(state, fcinfo, "plot_scatter", "label");
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_plot_scatter_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &scatter_state, "plot_scatter", NULL, "title");
}

Datum
genre_plot_scatter_final(PG_FUNCTION_ARGS)
{
	const char *title;
	size_t		tlen;
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = titled_points_arg(fcinfo, &scatter_state, "plot_scatter", &title, &tlen, &n);
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
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, &line_state, "plot_line");

	if (state == NULL)
		state = genre_rowbuf_create(fcinfo, &line_state, NULL, 0);
	if (!(PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3)))
		append_point(state, fcinfo, "plot_line", "series");
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_plot_line_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &line_state, "plot_line", NULL, NULL);
}

Datum
genre_plot_line_final(PG_FUNCTION_ARGS)
{
	GenreRows	r;
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	genre_rowbuf_read(fcinfo, 0, &line_state, "plot_line", &r);
	if (r.meta_len != 0)
		genre_error_bad_state("plot_line", "meta of %u bytes, expected none", r.meta_len);
	pts = points_of(&r, "plot_line", &n);
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

	genre_contingency_view(fcinfo, "plot_confusion", 1, &c, &st);
	genre_writer_init(&w, 8192);
	GENRE_CHECK(&st, genre_plot_confusion(&c, &w, &st));
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_confusion", "plot", "Plot a sample of the rows."));
}

/* ---- plot_means(value, label, title): value as y, x unused ---- */

Datum
genre_plot_means_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_plot_title_state(fcinfo, 3, &means_state, "plot_means");

	if (!(PG_ARGISNULL(1) || PG_ARGISNULL(2)))
		append_row(state, 0.0, PG_GETARG_FLOAT8(1), PG_GETARG_TEXT_PP(2),
				   "plot_means", "x", "value", "label");
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_plot_means_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &means_state, "plot_means", NULL, "title");
}

Datum
genre_plot_means_final(PG_FUNCTION_ARGS)
{
	const char *title;
	size_t		tlen;
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = titled_points_arg(fcinfo, &means_state, "plot_means", &title, &tlen, &n);
	if (n == 0)
		PG_RETURN_NULL();
	for (size_t i = 0; i < n; i++)
		if (pts[i].x != 0.0)
			genre_error_bad_state("plot_means", "row %zu has an x", i + 1);
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
	GenreRowBuf *state = genre_plot_title_state(fcinfo, 2, &qq_state, "plot_qq");

	if (!PG_ARGISNULL(1))
		append_row(state, 0.0, PG_GETARG_FLOAT8(1), NULL, "plot_qq", "x", "value", "label");
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_plot_qq_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &qq_state, "plot_qq", NULL, "title");
}

Datum
genre_plot_qq_final(PG_FUNCTION_ARGS)
{
	const char *title;
	size_t		tlen;
	genre_plot_point *pts;
	double	   *v;
	size_t		n;
	genre_status st;
	genre_writer w;

	pts = titled_points_arg(fcinfo, &qq_state, "plot_qq", &title, &tlen, &n);
	if (n == 0)
		PG_RETURN_NULL();
	v = palloc_extended(n * sizeof(double), MCXT_ALLOC_HUGE);
	for (size_t i = 0; i < n; i++)
	{
		if (pts[i].x != 0.0 || pts[i].label_len != 0)
			genre_error_bad_state("plot_qq", "row %zu has an x or a label", i + 1);
		v[i] = pts[i].y;
	}
	genre_status_clear(&st);
	genre_writer_init(&w, 8192 + Min(n, GENRE_PLOT_QQ_MAX_POINTS) * 48);
	GENRE_CHECK(&st, genre_plot_qq(v, n, title, tlen, &w, &st));
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_qq", "plot", NULL));
}
