/*
 * scaler.c - the scaler_fit aggregate (running moments, pg/moments.h) and
 * scale.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ml/scaler.h"
#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/model_type.h"
#include "pg/moments.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_scaler_fit_trans);
PG_FUNCTION_INFO_V1(genre_scaler_fit_final);
PG_FUNCTION_INFO_V1(genre_scale);

Datum
genre_scaler_fit_trans(PG_FUNCTION_ARGS)
{
	return genre_moments_trans(fcinfo, "scaler_fit", 0);
}

Datum
genre_scaler_fit_final(PG_FUNCTION_ARGS)
{
	MomentsState *s = genre_moments_state_arg(fcinfo, 0);
	genre_status st;
	genre_writer w;

	genre_status_clear(&st);
	genre_writer_init(&w, 64 + 24 * (size_t) s->dim);
	GENRE_CHECK(&st, genre_scaler_write(genre_moments_acc(s), s->dim, &w, &st));
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

Datum
genre_scale(PG_FUNCTION_ARGS)
{
	genre_scaler *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_SCALER, "scale");
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "scale", "features", m->dim);
	float	   *out = palloc(sizeof(float) * m->dim);
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_scaler_apply(m, x, m->dim, out, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, m->dim));
}
