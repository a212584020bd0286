/*
 * pca.c - the pca_fit aggregate (running covariance, pg/moments.h; LAPACK
 * dsyevr in the final function) and pca_transform.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ml/pca.h"
#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/model_type.h"
#include "pg/moments.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_pca_fit_trans);
PG_FUNCTION_INFO_V1(genre_pca_fit_final);
PG_FUNCTION_INFO_V1(genre_pca_transform);

Datum
genre_pca_fit_trans(PG_FUNCTION_ARGS)
{
	return genre_moments_trans(fcinfo, "pca_fit", 1);
}

Datum
genre_pca_fit_final(PG_FUNCTION_ARGS)
{
	MomentsState *s = genre_moments_state_arg(fcinfo, 0);
	genre_status st;
	genre_writer w;

	if (!s->full)
		genre_error_bad_state();
	genre_status_clear(&st);
	genre_writer_init(&w, 64 + 8 * (size_t) s->dim * (s->n_components + 1));
	GENRE_CHECK(&st, genre_pca_write(genre_moments_acc(s), s->dim, s->n_components, &w, &st));
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

Datum
genre_pca_transform(PG_FUNCTION_ARGS)
{
	genre_pca  *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_PCA, "pca_transform");
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "pca_transform", "features",
									   m->dim);
	float	   *out = palloc(sizeof(float) * m->n_components);
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_pca_apply(m, x, m->dim, out, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, m->n_components));
}
