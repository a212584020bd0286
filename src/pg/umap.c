/*
 * umap.c - the umap_fit aggregate (rows buffered in a bytea state, fitted
 * in the final function by ml/umap.h, which puts them in canonical order
 * first: the model is byte-identical under any row order or parallel
 * plan) and umap_transform.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "ml/umap.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/model_type.h"
#include "pg/options.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_umap_fit_trans);
PG_FUNCTION_INFO_V1(genre_umap_fit_combine);
PG_FUNCTION_INFO_V1(genre_umap_fit_final);
PG_FUNCTION_INFO_V1(genre_umap_transform);

static const GenreStateFamily umap_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'U', 'M', 'P'), 1, "umap_fit");

/* What every row of one aggregate shares; compared bytewise by combine. */
typedef struct UmapMeta
{
	int32		dim;
	int32		n_components;
	int32		n_neighbors;
	int32		n_epochs;
	int32		metric;
	int32		pad;
	double		min_dist;
	double		spread;
	uint64		seed;
} UmapMeta;

/* Parse the options object into meta (defaults first); 22023 on anything unknown. */
static void
parse_options(Jsonb *opts, UmapMeta *meta)
{
	GenreOptions o;

	genre_options_begin(&o, opts, "umap_fit",
						"n_neighbors, min_dist, spread, n_epochs, metric and seed");
	while (genre_options_next(&o))
	{
		if (genre_option_is(&o, "n_neighbors"))
			meta->n_neighbors = (int32) genre_option_int(&o, 2, GENRE_UMAP_MAX_NEIGHBORS, NULL);
		else if (genre_option_is(&o, "n_epochs"))
			meta->n_epochs = (int32) genre_option_int(&o, 0, GENRE_UMAP_MAX_EPOCHS, NULL);
		else if (genre_option_is(&o, "seed"))
			meta->seed = (uint64) genre_option_int(&o, -((int64) 1 << 53), (int64) 1 << 53, NULL);
		else if (genre_option_is(&o, "min_dist"))
		{
			meta->min_dist = genre_option_number(&o);
			if (!(meta->min_dist >= 0.0 && meta->min_dist <= GENRE_UMAP_MAX_SPREAD))
				genre_option_error(&o, "a number between 0 and spread");
		}
		else if (genre_option_is(&o, "spread"))
		{
			meta->spread = genre_option_number(&o);
			if (!(meta->spread >= GENRE_UMAP_MIN_SPREAD && meta->spread <= GENRE_UMAP_MAX_SPREAD))
				genre_option_error(&o, "a number between 0.001 and 1000");
		}
		else if (genre_option_is(&o, "metric"))
		{
			if (genre_option_string_is(&o, "euclidean"))
				meta->metric = GENRE_UMAP_EUCLIDEAN;
			else if (genre_option_string_is(&o, "cosine"))
				meta->metric = GENRE_UMAP_COSINE;
			else
				genre_option_error(&o, "\"euclidean\" or \"cosine\"");
		}
		else
			genre_options_unknown(&o);
	}
	if (meta->min_dist > meta->spread)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("umap_fit: option \"min_dist\" must be between 0 and spread (%g), got %g",
						meta->spread, meta->min_dist)));
}

/* First row: the meta from n_components (argument 2) and options (argument 3). */
static void
first_meta(FunctionCallInfo fcinfo, int dim, UmapMeta *meta)
{
	genre_umap_params p;
	int			most = Min(dim, GENRE_UMAP_MAX_COMPONENTS);

	genre_umap_defaults(&p);
	memset(meta, 0, sizeof(*meta));
	meta->dim = dim;
	meta->n_components = p.n_components;
	meta->n_neighbors = p.n_neighbors;
	meta->n_epochs = p.n_epochs;
	meta->metric = p.metric;
	meta->min_dist = p.min_dist;
	meta->spread = p.spread;
	meta->seed = p.seed;
	if (dim > GENRE_UMAP_MAX_DIM)
		genre_error_over_limit("umap_fit", "features", 1, dim, GENRE_UMAP_MAX_DIM, "elements");
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			genre_error_null_argument("umap_fit", "n_components", 1);
		meta->n_components = PG_GETARG_INT32(2);
		if (meta->n_components < 1 || meta->n_components > most)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("umap_fit: n_components must be between 1 and %d (the features' length%s), got %d",
							most, most < dim ? " or the limit" : "", meta->n_components)));
	}
	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			genre_error_null_argument("umap_fit", "options", 1);
		parse_options(PG_GETARG_JSONB_P(3), meta);
	}
}

Datum
genre_umap_fit_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state;
	GenreRows	r = {0};
	const float *x;
	int			n;
	uint64		rowno;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(genre_rowbuf_arg0(fcinfo, &umap_state, "umap_fit")->datum);
	}
	state = genre_rowbuf_arg0(fcinfo, &umap_state, "umap_fit");
	if (state)
		genre_rowbuf_view(state, &r);
	rowno = r.nrows + 1;
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), "umap_fit", "features", rowno, &n);
	if (state == NULL)
	{
		UmapMeta	meta;

		first_meta(fcinfo, n, &meta);
		state = genre_rowbuf_create(fcinfo, &umap_state, &meta, sizeof(meta));
	}
	else
	{
		UmapMeta	meta;

		if (r.meta_len != sizeof(UmapMeta))
			genre_error_bad_state("umap_fit", "meta of %u bytes, expected %zu", r.meta_len,
								  sizeof(UmapMeta));
		memcpy(&meta, r.meta, sizeof(meta));
		if (n != meta.dim)
			genre_error_length_vs_first("umap_fit", "features", rowno, n, meta.dim);
		if (PG_NARGS() > 2 && (PG_ARGISNULL(2) || PG_GETARG_INT32(2) != meta.n_components))
			genre_error_not_constant("umap_fit", "n_components");
		if (rowno > GENRE_UMAP_MAX_ROWS)
			genre_error_over_limit("umap_fit", "features", rowno, rowno, GENRE_UMAP_MAX_ROWS, "rows");
	}
	memcpy(genre_rowbuf_add_row(state, sizeof(float) * (Size) n, "umap_fit"), x,
		   sizeof(float) * (Size) n);
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_umap_fit_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &umap_state, "umap_fit", "features",
									 "n_components and options");
}

Datum
genre_umap_fit_final(PG_FUNCTION_ARGS)
{
	GenreRows	r;
	UmapMeta	meta;
	genre_umap_params p;
	genre_umap *model;
	genre_status st;
	genre_writer w;

	genre_rowbuf_read(fcinfo, 0, &umap_state, "umap_fit", &r);
	if (r.meta_len != sizeof(UmapMeta))
		genre_error_bad_state("umap_fit", "meta of %u bytes, expected %zu", r.meta_len,
							  sizeof(UmapMeta));
	memcpy(&meta, r.meta, sizeof(meta));
	/* nrows <= rows_len < 1 GB and dim <= the limit: the product cannot overflow */
	if (meta.dim < 1 || meta.dim > GENRE_UMAP_MAX_DIM ||
		r.rows_len != r.nrows * sizeof(float) * (uint64) meta.dim ||
		(meta.metric != GENRE_UMAP_EUCLIDEAN && meta.metric != GENRE_UMAP_COSINE))
		genre_error_bad_state("umap_fit", "dimension %d, metric %d, " UINT64_FORMAT " rows in %zu bytes",
							  meta.dim, meta.metric, r.nrows, r.rows_len);
	p.n_components = meta.n_components;
	p.n_neighbors = meta.n_neighbors;
	p.n_epochs = meta.n_epochs;
	p.metric = (genre_umap_metric) meta.metric;
	p.min_dist = meta.min_dist;
	p.spread = meta.spread;
	p.seed = meta.seed;
	genre_status_clear(&st);
	if (genre_umap_fit((const float *) r.rows, r.nrows, meta.dim, &p, &model, &st) != GENRE_OK)
	{
		/* the core's checks name the option ("umap option ..."): name the function */
		if (strncmp(st.message, "umap_fit", 8) != 0)
		{
			char		msg[sizeof(st.message)];
			const char *m = st.message;

			if (strncmp(m, "umap option ", 12) == 0)
				m += 5;
			snprintf(msg, sizeof(msg), "umap_fit: %s", m);
			strlcpy(st.message, msg, sizeof(st.message));
		}
		genre_raise(&st);
	}
	genre_writer_init(&w, 256 + (size_t) model->n * ((size_t) model->dim + model->n_components) * 4);
	GENRE_CHECK(&st, genre_umap_write(model, &w, &st));
	genre_umap_free(model);
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

Datum
genre_umap_transform(PG_FUNCTION_ARGS)
{
	genre_umap *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_UMAP, "umap_transform");
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "umap_transform", "features",
									   m->dim);
	float	   *out = palloc(sizeof(float) * m->n_components);
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_umap_embed(m, x, m->dim, out, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, m->n_components));
}
