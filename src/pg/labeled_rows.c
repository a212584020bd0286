/*
 * labeled_rows.c - labelled feature rows in a bytea aggregate state (see
 * labeled_rows.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "pg/errors.h"
#include "pg/labeled_rows.h"
#include "pg/real_vector.h"


GenreAggBuf *
genre_labeled_rows_add(FunctionCallInfo fcinfo, const char *fname, GenreAggBuf *state,
					   uint32 magic, int features_arg, int label_arg, void *meta, uint32 meta_len)
{
	uint64		rowno = (state ? state->nrows : 0) + 1;
	text	   *label;
	const float *x;
	int			d;
	uint32		label_len,
				padded;
	size_t		len;
	char	   *row;

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
		state = genre_aggbuf_create(magic, meta, meta_len);
	}
	else
	{
		uint32		dim;

		memcpy(&dim, genre_aggbuf_meta(state), sizeof(dim));
		if ((uint32) d != dim)
			genre_error_length_vs_first(fname, "features", rowno, d, dim);
	}

	label_len = VARSIZE_ANY_EXHDR(label);
	padded = (label_len + 3) & ~3u;
	len = 4 + (size_t) padded + (size_t) d * sizeof(float);
	row = palloc0(len);
	memcpy(row, &label_len, 4);
	memcpy(row + 4, VARDATA_ANY(label), label_len);
	memcpy(row + 4 + padded, x, (size_t) d * sizeof(float));
	state = genre_aggbuf_append(state, row, len);
	pfree(row);
	return state;
}

genre_labeled_row *
genre_labeled_rows_decode(const GenreAggBuf *state, uint32 *d_out, size_t *n_out)
{
	size_t		len,
				pos = 0;
	const char *rows = genre_aggbuf_rows(state, &len);
	uint32		d;
	genre_labeled_row *out;
	size_t		n = 0;

	if (state->meta_len < sizeof(uint32) || state->nrows > len / 8)
		genre_error_bad_state();
	memcpy(&d, genre_aggbuf_meta(state), sizeof(d));
	out = palloc_extended(Max(state->nrows, 1) * sizeof(genre_labeled_row), MCXT_ALLOC_HUGE);
	while (pos < len)
	{
		uint32		label_len;
		uint64		padded,
					need;

		if (len - pos < 4 || n >= state->nrows)
			break;
		memcpy(&label_len, rows + pos, 4);
		padded = ((uint64) label_len + 3) & ~(uint64) 3;
		need = 4 + padded + (uint64) d * sizeof(float);
		if (need > len - pos)
			break;
		out[n].label = rows + pos + 4;
		out[n].label_len = label_len;
		out[n].x = rows + pos + 4 + padded;
		n++;
		pos += need;
	}
	if (pos != len || n != state->nrows)
		genre_error_bad_state();
	*d_out = d;
	*n_out = n;
	return out;
}

void
genre_labeled_rows_dataset(Datum state_datum, uint32 magic, void *meta, uint32 meta_len,
						   genre_dataset *ds)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(state_datum, magic);
	genre_labeled_row *rows;
	uint32		d;
	size_t		n;
	genre_status st;

	if (state->meta_len != meta_len)
		genre_error_bad_state();
	memcpy(meta, genre_aggbuf_meta(state), meta_len);
	rows = genre_labeled_rows_decode(state, &d, &n);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_dataset_build(rows, n, d, ds, &st));
	/* the dataset holds its own copies */
	pfree(rows);
}
