/*
 * merge_forests.c - the merge_forests aggregate: forest models (one per
 * partition or shard, trained where the rows are) buffered in a bytea
 * state, merged into one forest in the final (ml/forest.h).
 *
 * Row layout: u32 model length, the model's bytes.  The state's meta is
 * empty.
 */
#include "postgres.h"

#include "ml/forest.h"
#include "ml/model_kinds.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/model_type.h"

PG_FUNCTION_INFO_V1(genre_merge_forests_trans);
PG_FUNCTION_INFO_V1(genre_merge_forests_combine);
PG_FUNCTION_INFO_V1(genre_merge_forests_final);

static const GenreStateFamily merge_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'M', 'R', 'F'), 1, "merge_forests");

Datum
genre_merge_forests_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, &merge_state, "merge_forests");
	bytea	   *m;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		payload_len;
	genre_status st;
	uint32		len;
	char	   *row;

	/* a NULL model is skipped, as aggregates skip NULLs */
	if (PG_ARGISNULL(1))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(state->datum);
	}
	m = PG_GETARG_BYTEA_PP(1);
	genre_status_clear(&st);
	/* the kind now, for a clear error on the row; the whole model is checked in the final */
	GENRE_CHECK(&st, genre_model_kind_open(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m), &ops, &payload,
										   &payload_len, &st));
	if (ops->kind != GENRE_MODEL_FOREST)
		genre_error_wrong_kind("merge_forests", "forest", ops->name);
	if (state == NULL)
		state = genre_rowbuf_create(fcinfo, &merge_state, NULL, 0);
	len = (uint32) VARSIZE_ANY_EXHDR(m);
	row = genre_rowbuf_add_row(state, sizeof(uint32) + (Size) len, "merge_forests");
	memcpy(row, &len, sizeof(uint32));
	memcpy(row + sizeof(uint32), VARDATA_ANY(m), len);
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_merge_forests_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &merge_state, "merge_forests", NULL, NULL);
}

Datum
genre_merge_forests_final(PG_FUNCTION_ARGS)
{
	GenreRows	r;
	const unsigned char **models;
	size_t	   *lens;
	const char *p;
	Size		left;
	genre_writer w;
	genre_status st;
	bytea	   *result;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		payload_len;

	genre_rowbuf_read(fcinfo, 0, &merge_state, "merge_forests", &r);
	if (r.meta_len != 0)
		genre_error_bad_state("merge_forests", "meta of %u bytes, expected none", r.meta_len);
	if (r.nrows == 0)
		genre_error_bad_state("merge_forests", "no model in the state");
	/* every row takes at least 5 bytes: nrows <= rows_len / 5 bounds the arrays */
	if (r.nrows > r.rows_len / (sizeof(uint32) + 1))
		genre_error_bad_state("merge_forests", UINT64_FORMAT " models in %zu bytes", r.nrows,
							  r.rows_len);
	models = palloc(r.nrows * sizeof(*models));
	lens = palloc(r.nrows * sizeof(*lens));
	p = r.rows;
	left = r.rows_len;
	for (uint64 i = 0; i < r.nrows; i++)
	{
		uint32		len;

		if (left < sizeof(uint32))
			genre_error_bad_state("merge_forests", "model " UINT64_FORMAT " is cut short", i + 1);
		memcpy(&len, p, sizeof(uint32));
		p += sizeof(uint32);
		left -= sizeof(uint32);
		if (len > left)
			genre_error_bad_state("merge_forests", "model " UINT64_FORMAT " is cut short", i + 1);
		models[i] = (const unsigned char *) p;
		lens[i] = len;
		/* the transition admits forests only: another kind here is a crafted state */
		genre_status_clear(&st);
		GENRE_CHECK(&st, genre_model_kind_open(p, len, &ops, &payload, &payload_len, &st));
		if (ops->kind != GENRE_MODEL_FOREST)
			genre_error_bad_state("merge_forests", "model " UINT64_FORMAT " is a %s model", i + 1,
								  ops->name);
		p += len;
		left -= len;
	}
	if (left != 0)
		genre_error_bad_state("merge_forests", "%zu bytes after the last model", left);

	genre_status_clear(&st);
	genre_writer_init(&w, 1 << 16);
	GENRE_CHECK(&st, genre_forest_merge(models, lens, (size_t) r.nrows, &w, &st));
	result = genre_model_datum(&w);
	genre_writer_free(&w);
	PG_RETURN_BYTEA_P(result);
}
