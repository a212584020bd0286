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
#include "miscadmin.h"
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
#include "plot/scatter.h"

PG_FUNCTION_INFO_V1(genre_plot_scatter_trans);
PG_FUNCTION_INFO_V1(genre_plot_scatter_combine);
PG_FUNCTION_INFO_V1(genre_plot_scatter_final);
PG_FUNCTION_INFO_V1(genre_plot_line_trans);
PG_FUNCTION_INFO_V1(genre_plot_line_combine);
PG_FUNCTION_INFO_V1(genre_plot_line_final);
PG_FUNCTION_INFO_V1(genre_plot_confusion_final);

static const GenreStateFamily scatter_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'S', 'C', 'T'), 1, "plot_scatter");
static const GenreStateFamily line_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'L', 'I', 'N'), 1, "plot_line");
#define MAX_LABEL 4096
#define MAX_TITLE 1024

/* row: x f64, y f64, label length u32, label bytes */
#define ROW_FIXED (8 + 8 + 4)

/* Append the point of this row (x, y: arguments 1, 2; its label: argument 3, named label_arg). */
static void
append_point(GenreRowBuf *state, FunctionCallInfo fcinfo, const char *fname,
			 const char *label_arg)
{
	GenreRows	r;
	uint64		rowno;
	double		x = PG_GETARG_FLOAT8(1);
	double		y = PG_GETARG_FLOAT8(2);
	text	   *label = PG_GETARG_TEXT_PP(3);
	uint32		len = VARSIZE_ANY_EXHDR(label);
	char	   *row;

	genre_rowbuf_view(state, &r);
	rowno = r.nrows + 1;
	if (!isfinite(x))
		genre_error_non_finite(fname, "x", rowno, 0, x);
	if (!isfinite(y))
		genre_error_non_finite(fname, "y", rowno, 0, y);
	if (len > MAX_LABEL)
		genre_error_over_limit(fname, label_arg, rowno, len, MAX_LABEL, "bytes");
	row = genre_rowbuf_add_row(state, ROW_FIXED + len, fname);
	memcpy(row, &x, 8);
	memcpy(row + 8, &y, 8);
	memcpy(row + 16, &len, 4);
	memcpy(row + ROW_FIXED, VARDATA_ANY(label), len);
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

/* ---- plot_scatter(x, y, label, title): meta is the title ---- */

Datum
genre_plot_scatter_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, &scatter_state, "plot_scatter");
	GenreRows	r = {0};
	const char *title = NULL;
	uint32		tlen = 0;
	char		meta[1 + MAX_TITLE];

	if (state)
		genre_rowbuf_view(state, &r);
	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
	{
		text	   *t = PG_GETARG_TEXT_PP(4);

		title = VARDATA_ANY(t);
		tlen = VARSIZE_ANY_EXHDR(t);
		if (tlen > MAX_TITLE)
			genre_error_over_limit("plot_scatter", "title", r.nrows + 1, tlen, MAX_TITLE, "bytes");
	}
	/* meta: 1 when there is a title, then the title */
	meta[0] = title != NULL;
	if (tlen)
		memcpy(meta + 1, title, tlen);

	if (state == NULL)
		state = genre_rowbuf_create(fcinfo, &scatter_state, meta, 1 + tlen);
	else if (r.meta_len != 1 + tlen || memcmp(r.meta, meta, 1 + tlen) != 0)
		genre_error_not_constant("plot_scatter", "title");
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
	GenreRows	r;
	genre_plot_point *pts;
	size_t		n;
	genre_status st;
	genre_writer w;

	genre_rowbuf_read(fcinfo, 0, &scatter_state, "plot_scatter", &r);
	if (r.meta_len < 1 || r.meta_len > 1 + MAX_TITLE || (r.meta[0] != 0 && r.meta[0] != 1) ||
		(r.meta[0] == 0 && r.meta_len != 1))
		genre_error_bad_state("plot_scatter", "title of %u bytes", r.meta_len);
	if (r.meta[0])
		genre_state_check_label("plot_scatter", r.meta + 1, r.meta_len - 1, 0);
	pts = points_of(&r, "plot_scatter", &n);
	if (n == 0)
		PG_RETURN_NULL();		/* only NULL rows: nothing to draw */
	genre_status_clear(&st);
	genre_writer_init(&w, 4096 + n * 48);
	GENRE_CHECK(&st, genre_plot_scatter(pts, n, r.meta[0] ? r.meta + 1 : NULL,
										r.meta_len - 1, &w, &st));
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
