/*
 * kmeans.c - the kmeans aggregate (rows buffered in a bytea state,
 * clustered in the final function), kmeans_assign and kmeans_distances.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "ml/kmeans.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/model_type.h"
#include "pg/options.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_kmeans_trans);
PG_FUNCTION_INFO_V1(genre_kmeans_combine);
PG_FUNCTION_INFO_V1(genre_kmeans_final);
PG_FUNCTION_INFO_V1(genre_kmeans_assign);
PG_FUNCTION_INFO_V1(genre_kmeans_distances);

#define KMEANS_MAGIC 0x4B4D4E31u	/* "KMN1" */

/* What every row of one aggregate shares; compared bytewise by combine. */
typedef struct KmeansMeta
{
	int32		dim;
	int32		k;
	int32		n_init;
	int32		max_iter;
	double		tol;
	uint64		seed;
} KmeansMeta;

/* Parse the options object into meta (defaults first); 22023 on anything unknown. */
static void
parse_options(Jsonb *opts, KmeansMeta *meta)
{
	GenreOptions o;

	genre_options_begin(&o, opts, "kmeans", "n_init, max_iter, tol and seed");
	while (genre_options_next(&o))
	{
		if (genre_option_is(&o, "n_init"))
			meta->n_init = (int32) genre_option_int(&o, 1, 10000, NULL);
		else if (genre_option_is(&o, "max_iter"))
			meta->max_iter = (int32) genre_option_int(&o, 1, 1000000, NULL);
		else if (genre_option_is(&o, "seed"))
			meta->seed = (uint64) genre_option_int(&o, -((int64) 1 << 53), (int64) 1 << 53, NULL);
		else if (genre_option_is(&o, "tol"))
		{
			meta->tol = genre_option_number(&o);
			if (!(meta->tol >= 0.0))
				genre_option_error(&o, "a finite number >= 0");
		}
		else
			genre_options_unknown(&o);
	}
}

Datum
genre_kmeans_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;
	const float *x;
	int			n,
				k;
	uint64		rowno;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	state = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), KMEANS_MAGIC);
	rowno = state ? state->nrows + 1 : 1;
	if (PG_ARGISNULL(2))
		genre_error_null_argument("kmeans", "k", rowno);
	k = PG_GETARG_INT32(2);
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), "kmeans", "features", rowno, &n);
	if (state == NULL)
	{
		KmeansMeta	meta;
		genre_kmeans_params p;

		if (k < 1 || k > GENRE_KMEANS_MAX_K)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kmeans: k must be between 1 and %d, got %d", GENRE_KMEANS_MAX_K, k)));
		if (n > GENRE_KMEANS_MAX_DIM)
			genre_error_over_limit("kmeans", "features", rowno, n, GENRE_KMEANS_MAX_DIM, "elements");
		memset(&meta, 0, sizeof(meta));
		genre_kmeans_defaults(&p, k);
		meta.dim = n;
		meta.k = k;
		meta.n_init = p.n_init;
		meta.max_iter = p.max_iter;
		meta.tol = p.tol;
		meta.seed = p.seed;
		/* options are read from the first row: they are meant to be constant */
		if (PG_NARGS() > 3)
		{
			if (PG_ARGISNULL(3))
				genre_error_null_argument("kmeans", "options", rowno);
			parse_options(PG_GETARG_JSONB_P(3), &meta);
		}
		state = genre_aggbuf_create(KMEANS_MAGIC, &meta, sizeof(meta));
	}
	else
	{
		const KmeansMeta *meta = (const KmeansMeta *) genre_aggbuf_meta(state);

		if (state->meta_len != sizeof(KmeansMeta))
			genre_error_bad_state();
		if (n != meta->dim)
			genre_error_length_vs_first("kmeans", "features", rowno, n, meta->dim);
		if (k != meta->k)
			genre_error_not_constant("kmeans", "k");
	}
	state = genre_aggbuf_append(state, x, sizeof(float) * (size_t) n);
	PG_RETURN_POINTER(state);
}

Datum
genre_kmeans_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, KMEANS_MAGIC, "kmeans", "features", "k and options");
}

Datum
genre_kmeans_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), KMEANS_MAGIC);
	const KmeansMeta *meta = (const KmeansMeta *) genre_aggbuf_meta(state);
	genre_kmeans_params p;
	genre_kmeans model;
	genre_status st;
	genre_writer w;
	size_t		len;
	const char *rows = genre_aggbuf_rows(state, &len);

	if (state->meta_len != sizeof(KmeansMeta) || meta->dim < 1 ||
		len != state->nrows * sizeof(float) * (uint64) meta->dim)
		genre_error_bad_state();
	p.k = meta->k;
	p.n_init = meta->n_init;
	p.max_iter = meta->max_iter;
	p.tol = meta->tol;
	p.seed = meta->seed;
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_kmeans_fit((const float *) rows, state->nrows, meta->dim, &p, &model, &st));
	genre_writer_init(&w, 64 + (size_t) model.k * (8 + 8 * (size_t) model.dim));
	GENRE_CHECK(&st, genre_kmeans_write(&model, &w, &st));
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

Datum
genre_kmeans_assign(PG_FUNCTION_ARGS)
{
	genre_kmeans *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_KMEANS, "kmeans_assign");
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "kmeans_assign", "features", m->dim);
	int			label;
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_kmeans_nearest(m, x, m->dim, &label, &st));
	PG_RETURN_INT32(label);
}

Datum
genre_kmeans_distances(PG_FUNCTION_ARGS)
{
	genre_kmeans *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_KMEANS, "kmeans_distances");
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "kmeans_distances", "features",
									   m->dim);
	float	   *out = palloc(sizeof(float) * m->k);
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_kmeans_transform(m, x, m->dim, out, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, m->k));
}
