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
#include "pg/errors.h"
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
		genre_error_bad_state();
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

/* The 1-based number of the row a state takes next (0 when its count is implausible). */
static uint64
next_row(MomentsState *s)
{
	double		count = genre_moments_acc(s)[0];

	return count >= 0 && count < 9007199254740992.0 ? (uint64) count + 1 : 0;
}

Datum
genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full)
{
	MomentsState *s = NULL;
	uint64		rowno = 1;
	int			n_components = 0;
	const float *x;
	int			n;

	genre_require_aggregate(fcinfo, NULL);
	if (!PG_ARGISNULL(0))
	{
		s = genre_moments_state_arg(fcinfo, 0);
		if (s->full != full)
			genre_error_bad_state();
		rowno = next_row(s);
	}
	if (full)
	{
		if (PG_ARGISNULL(2))
			genre_error_null_argument(fname, "n_components", rowno);
		n_components = PG_GETARG_INT32(2);
	}
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), fname, "features", rowno, &n);
	if (s == NULL)
	{
		int			limit = full ? GENRE_PCA_MAX_DIM : GENRE_SCALER_MAX_DIM;

		if (n > limit)
			genre_error_over_limit(fname, "features", rowno, n, limit, "elements");
		if (full && (n_components < 1 || n_components > n))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: n_components must be between 1 and the vector length %d, got %d",
							fname, n, n_components)));
		s = state_create(n, full, n_components);
	}
	else
	{
		if (n != s->dim)
			genre_error_length_vs_first(fname, "features", rowno, n, s->dim);
		if (full && n_components != s->n_components)
			genre_error_not_constant(fname, "n_components");
	}
	genre_moments_add(genre_moments_acc(s), s->dim, s->full, x);
	PG_RETURN_BYTEA_P(s);
}

Datum
genre_moments_combine(PG_FUNCTION_ARGS)
{
	MomentsState *a,
			   *b;

	genre_require_aggregate(fcinfo, NULL);
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
	/* one function combines scaler_fit and pca_fit states: a state says which */
	if (a->full != b->full)
		genre_error_bad_state();
	if (a->dim != b->dim)
		genre_error_length_vs_first(a->full ? "pca_fit" : "scaler_fit", "features", 0, b->dim, a->dim);
	if (a->n_components != b->n_components)
		genre_error_not_constant("pca_fit", "n_components");
	genre_moments_merge(genre_moments_acc(a), genre_moments_acc(b), a->dim, a->full);
	PG_RETURN_BYTEA_P(a);
}
