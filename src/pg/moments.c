/*
 * explore_moments.c - scaler_fit and pca_fit aggregates (running moments in
 * a fixed-size bytea state), scale and pca_transform.
 *
 * The state holds count, mean and second moments in float64 (ml/moments.h):
 * a row is one Welford update in place, the combine function is Chan's
 * pairwise merge, so a parallel plan gives the serial model up to rounding
 * and the state's size does not grow with the rows.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "ml/moments.h"
#include "ml/pca.h"
#include "ml/scaler.h"
#include "pg/errors.h"
#include "pg/model_type.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_scaler_fit_trans);
PG_FUNCTION_INFO_V1(genre_pca_fit_trans);
PG_FUNCTION_INFO_V1(genre_moments_combine);
PG_FUNCTION_INFO_V1(genre_scaler_fit_final);
PG_FUNCTION_INFO_V1(genre_pca_fit_final);
PG_FUNCTION_INFO_V1(genre_scale);
PG_FUNCTION_INFO_V1(genre_pca_transform);

#define MOMENTS_MAGIC 0x4D4F4D31u	/* "MOM1" */

typedef struct MomentsState
{
	int32		vl_len_;
	uint32		magic;
	int32		dim;
	int32		full;			/* 1: covariance (pca), 0: variances (scaler) */
	int32		n_components;	/* pca only */
	/* float64 accumulator follows at MOMENTS_HDRSZ */
} MomentsState;

#define MOMENTS_HDRSZ MAXALIGN(sizeof(MomentsState))

static double *
acc_of(MomentsState *s)
{
	return (double *) ((char *) s + MOMENTS_HDRSZ);
}

static Size
state_size(int dim, int full)
{
	return MOMENTS_HDRSZ + genre_moments_len(dim, full) * sizeof(double);
}

/* The state in argument argno (detoasted), checked to be one of ours. */
static MomentsState *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	MomentsState *s = (MomentsState *) PG_GETARG_BYTEA_P(argno);

	if (VARSIZE(s) < MOMENTS_HDRSZ || s->magic != MOMENTS_MAGIC ||
		s->dim < 1 || s->dim > GENRE_SCALER_MAX_DIM || (s->full != 0 && s->full != 1) ||
		(s->full && s->dim > GENRE_PCA_MAX_DIM) ||
		VARSIZE(s) != state_size(s->dim, s->full))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aggregate state")));
	return s;
}

static MomentsState *
state_create(int dim, int full, int n_components)
{
	Size		size = state_size(dim, full);
	MomentsState *s = palloc0(size);

	SET_VARSIZE(s, size);
	s->magic = MOMENTS_MAGIC;
	s->dim = dim;
	s->full = full;
	s->n_components = n_components;
	genre_moments_init(acc_of(s), dim, full);
	return s;
}

/* Shared transition: one row into the state; NULL rows are skipped. */
static Datum
moments_trans(FunctionCallInfo fcinfo, const char *fname, int full, int n_components)
{
	MemoryContext aggcxt;
	MomentsState *s;
	const float *x;
	int			n;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), fname, &n);
	if (PG_ARGISNULL(0))
	{
		if (n > GENRE_SCALER_MAX_DIM || (full && n > GENRE_PCA_MAX_DIM))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: vector length %d exceeds the limit of %d", fname, n,
							full ? GENRE_PCA_MAX_DIM : GENRE_SCALER_MAX_DIM)));
		if (full && (n_components < 1 || n_components > n))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: n_components must be between 1 and the vector length %d, got %d",
							fname, n, n_components)));
		s = state_create(n, full, n_components);
	}
	else
	{
		s = state_arg(fcinfo, 0);
		if (s->full != full)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid aggregate state")));
		if (n != s->dim)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: vector has %d elements but the first row had %d", fname, n, s->dim)));
		if (full && n_components != s->n_components)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: n_components must be the same in every row", fname)));
	}
	genre_moments_add(acc_of(s), s->dim, s->full, x);
	PG_RETURN_BYTEA_P(s);
}

Datum
genre_scaler_fit_trans(PG_FUNCTION_ARGS)
{
	return moments_trans(fcinfo, "scaler_fit", 0, 0);
}

Datum
genre_pca_fit_trans(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pca_fit: n_components must not be NULL")));
	return moments_trans(fcinfo, "pca_fit", 1, PG_GETARG_INT32(2));
}

Datum
genre_moments_combine(PG_FUNCTION_ARGS)
{
	MomentsState *a,
			   *b;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("combine function called in non-aggregate context")));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = state_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		/* a copy: state2 may be read-only */
		a = palloc(VARSIZE(b));
		memcpy(a, b, VARSIZE(b));
		PG_RETURN_BYTEA_P(a);
	}
	a = state_arg(fcinfo, 0);
	if (a->dim != b->dim || a->full != b->full || a->n_components != b->n_components)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rows have different vector lengths or n_components (%d and %d)",
						a->dim, b->dim)));
	genre_moments_merge(acc_of(a), acc_of(b), a->dim, a->full);
	PG_RETURN_BYTEA_P(a);
}

Datum
genre_scaler_fit_final(PG_FUNCTION_ARGS)
{
	MomentsState *s = state_arg(fcinfo, 0);
	genre_status st;
	genre_writer w;

	genre_status_clear(&st);
	genre_writer_init(&w, 64 + 24 * (size_t) s->dim);
	GENRE_CHECK(&st, genre_scaler_write(acc_of(s), s->dim, &w, &st));
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

Datum
genre_pca_fit_final(PG_FUNCTION_ARGS)
{
	MomentsState *s = state_arg(fcinfo, 0);
	genre_status st;
	genre_writer w;

	if (!s->full)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aggregate state")));
	genre_status_clear(&st);
	genre_writer_init(&w, 64 + 8 * (size_t) s->dim * (s->n_components + 1));
	GENRE_CHECK(&st, genre_pca_write(acc_of(s), s->dim, s->n_components, &w, &st));
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

Datum
genre_scale(PG_FUNCTION_ARGS)
{
	genre_scaler *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_SCALER, genre_scaler_load);
	int			n;
	const float *x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), "scale", &n);
	float	   *out = palloc(sizeof(float) * n);
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_scaler_apply(m, x, n, out, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, n));
}

Datum
genre_pca_transform(PG_FUNCTION_ARGS)
{
	genre_pca  *m = genre_model_fetch(fcinfo, 0, GENRE_MODEL_PCA, genre_pca_load);
	int			n;
	const float *x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), "pca_transform", &n);
	float	   *out = palloc(sizeof(float) * m->n_components);
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_pca_apply(m, x, n, out, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, m->n_components));
}
