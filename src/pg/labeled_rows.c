/*
 * labeled_rows.c - labelled feature rows in a row-buffer state (see
 * labeled_rows.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "pg/errors.h"
#include "pg/labeled_rows.h"
#include "pg/real_vector.h"


GenreRowBuf *
genre_labeled_rows_add(FunctionCallInfo fcinfo, const GenreStateFamily *fam, const char *fname,
					   GenreRowBuf *state, int features_arg, int label_arg, void *meta,
					   uint32 meta_len)
{
	GenreRows	r = {0};
	uint64		rowno;
	text	   *label;
	const float *x;
	int			d;
	uint32		label_len,
				padded;
	char	   *row;

	if (state)
		genre_rowbuf_view(state, &r);
	rowno = r.nrows + 1;
	if (PG_ARGISNULL(features_arg))
		genre_error_null_argument(fname, "features", rowno);
	if (PG_ARGISNULL(label_arg))
		genre_error_null_argument(fname, "label", rowno);
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(features_arg), fname, "features", rowno, &d);
	label = PG_GETARG_TEXT_PP(label_arg);
	if (state == NULL)
	{
		uint32		dim = (uint32) d;

		memcpy(meta, &dim, sizeof(dim));
		state = genre_rowbuf_create(fcinfo, fam, meta, meta_len);
	}
	else
	{
		uint32		dim;

		if (r.meta_len != meta_len)
			genre_error_bad_state(fname, "meta of %u bytes, expected %u", r.meta_len, meta_len);
		memcpy(&dim, r.meta, sizeof(dim));
		if ((uint32) d != dim)
			genre_error_length_vs_first(fname, "features", rowno, d, dim);
	}

	label_len = VARSIZE_ANY_EXHDR(label);
	padded = (label_len + 3) & ~3u;
	row = genre_rowbuf_add_row(state, 4 + (Size) padded + (Size) d * sizeof(float), fname);
	memcpy(row, &label_len, 4);
	memcpy(row + 4, VARDATA_ANY(label), label_len);
	memset(row + 4 + label_len, 0, padded - label_len);
	memcpy(row + 4 + padded, x, (Size) d * sizeof(float));
	return state;
}

/* The rows of a state as core rows pointing into it, every one checked. */
static genre_labeled_row *
decode_rows(const GenreRows *r, const char *fname, uint32 d, size_t *n_out)
{
	size_t		pos = 0;
	genre_labeled_row *out;
	size_t		n = 0;
	uint64		xbytes = (uint64) d * sizeof(float);

	/* a row has its length word and at least one float: bound the count before allocating */
	if (d == 0 || r->nrows == 0 || r->nrows > r->rows_len / (4 + xbytes))
		genre_error_bad_state(fname, UINT64_FORMAT " rows of dimension %u in %zu bytes",
							  r->nrows, d, r->rows_len);
	out = palloc_extended(Max(r->nrows, 1) * sizeof(genre_labeled_row), MCXT_ALLOC_HUGE);
	while (pos < r->rows_len)
	{
		uint32		label_len;
		uint64		padded;

		CHECK_FOR_INTERRUPTS();
		if (n >= r->nrows || r->rows_len - pos < 4)
			break;
		memcpy(&label_len, r->rows + pos, 4);
		padded = ((uint64) label_len + 3) & ~(uint64) 3;
		if (padded > r->rows_len - pos - 4 || xbytes > r->rows_len - pos - 4 - padded)
			break;
		genre_state_check_label(fname, r->rows + pos + 4, label_len, n + 1);
		genre_state_check_finite(fname, r->rows + pos + 4 + padded, d, n + 1);
		out[n].label = r->rows + pos + 4;
		out[n].label_len = label_len;
		out[n].x = r->rows + pos + 4 + padded;
		n++;
		pos += 4 + padded + xbytes;
	}
	if (pos != r->rows_len || n != r->nrows)
		genre_error_bad_state(fname, "rows do not parse: %zu of " UINT64_FORMAT " rows in the first %zu of %zu bytes",
							  n, r->nrows, pos, r->rows_len);
	*n_out = n;
	return out;
}

void
genre_labeled_rows_dataset(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
						   const char *fname, void *meta, uint32 meta_len, genre_dataset *ds)
{
	GenreRows	r;
	genre_labeled_row *rows;
	uint32		d;
	size_t		n;
	genre_status st;

	genre_rowbuf_read(fcinfo, 0, fam, fname, &r);
	if (r.meta_len != meta_len)
		genre_error_bad_state(fname, "meta of %u bytes, expected %u", r.meta_len, meta_len);
	memcpy(meta, r.meta, meta_len);
	memcpy(&d, r.meta, sizeof(d));
	rows = decode_rows(&r, fname, d, &n);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_dataset_build(rows, n, d, ds, &st));
	/* the dataset holds its own copies */
	pfree(rows);
}
