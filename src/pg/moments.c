/*
 * moments.c - the running-moments state of scaler_fit and pca_fit (see
 * moments.h): its checks, the shared transition body and the shared
 * combine function moments_combine.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ml/moments.h"
#include "ml/pca.h"
#include "ml/scaler.h"
#include "pg/moments.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_moments_combine);

#define MOMENTS_MAGIC 0x4D4F4D31u	/* "MOM1" */

static Size
state_size(int dim, int full)
{
	return MOMENTS_HDRSZ + genre_moments_len(dim, full) * sizeof(double);
}

MomentsState *
genre_moments_state_arg(FunctionCallInfo fcinfo, int argno)
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
	genre_moments_init(genre_moments_acc(s), dim, full);
	return s;
}

Datum
genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full, int n_components)
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
		s = genre_moments_state_arg(fcinfo, 0);
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
	genre_moments_add(genre_moments_acc(s), s->dim, s->full, x);
	PG_RETURN_BYTEA_P(s);
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
	b = genre_moments_state_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		/* a copy: state2 may be read-only */
		a = palloc(VARSIZE(b));
		memcpy(a, b, VARSIZE(b));
		PG_RETURN_BYTEA_P(a);
	}
	a = genre_moments_state_arg(fcinfo, 0);
	if (a->dim != b->dim || a->full != b->full || a->n_components != b->n_components)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rows have different vector lengths or n_components (%d and %d)",
						a->dim, b->dim)));
	genre_moments_merge(genre_moments_acc(a), genre_moments_acc(b), a->dim, a->full);
	PG_RETURN_BYTEA_P(a);
}
