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
#include "pg/agg_state.h"
#include "pg/errors.h"
#include "pg/moments.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_moments_combine);

static const GenreStateFamily moments_state = {
	GENRE_STATE_MAGIC('g', 'M', 'O', 'M'), 1, "scaler_fit/pca_fit", NULL, NULL
};

#define BODY_HDR ((Size) sizeof(MomentsBody))

static const char *
name_of(int full)
{
	return full ? "pca_fit" : "scaler_fit";
}

static Size
body_size(int dim, int full)
{
	return BODY_HDR + genre_moments_len(dim, full) * sizeof(double);
}

static void
view(bytea *state, MomentsArg *m)
{
	m->state = state;
	m->body = (MomentsBody *) ((char *) state + GENRE_STATE_HDRSZ);
	m->acc = (double *) ((char *) m->body + BODY_HDR);
}

void
genre_moments_state_arg(FunctionCallInfo fcinfo, int argno, const char *fname, MomentsArg *m)
{
	GenreStateArg a;
	MomentsBody b;
	const char *name = fname ? fname : moments_state.name;

	genre_state_read(fcinfo, argno, &moments_state, name, &a);
	if (a.len < BODY_HDR)
		genre_error_bad_state(name, "%zu body bytes", a.len);
	memcpy(&b, a.body, BODY_HDR);
	if (b.full > 1 || b.zero != 0 || (fname && strcmp(fname, name_of(b.full)) != 0))
		genre_error_bad_state(name, "not a %s state", name);
	name = name_of(b.full);
	if (b.dim < 1 || b.dim > (b.full ? GENRE_PCA_MAX_DIM : GENRE_SCALER_MAX_DIM))
		genre_error_bad_state(name, "dimension %u", b.dim);
	if (b.full && (b.n_components < 1 || b.n_components > b.dim))
		genre_error_bad_state(name, "n_components %u for dimension %u", b.n_components, b.dim);
	if (!b.full && b.n_components != 0)
		genre_error_bad_state(name, "n_components set");
	if (a.len != body_size(b.dim, b.full))
		genre_error_bad_state(name, "%zu body bytes for dimension %u", a.len, b.dim);
	view(a.flat, m);
}

static bytea *
state_create(int dim, int full, int n_components)
{
	bytea	   *s = genre_state_flat_new(&moments_state, body_size(dim, full), name_of(full));
	MomentsArg	m;

	view(s, &m);
	m.body->dim = dim;
	m.body->full = full;
	m.body->n_components = n_components;
	genre_moments_init(m.acc, dim, full);
	return s;
}

/* The 1-based number of the row a state takes next (0 when its count is implausible). */
static uint64
next_row(const MomentsArg *m)
{
	double		count = m->acc[0];

	return count >= 0 && count < 9007199254740992.0 ? (uint64) count + 1 : 0;
}

Datum
genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full)
{
	MomentsArg	m = {0};
	uint64		rowno = 1;
	int			n_components = 0;
	const float *x;
	int			n;

	genre_require_aggregate(fcinfo, NULL);
	if (!PG_ARGISNULL(0))
	{
		genre_moments_state_arg(fcinfo, 0, fname, &m);
		rowno = next_row(&m);
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
		PG_RETURN_BYTEA_P(m.state);
	}
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), fname, "features", rowno, &n);
	if (m.state == NULL)
	{
		int			limit = full ? GENRE_PCA_MAX_DIM : GENRE_SCALER_MAX_DIM;

		if (n > limit)
			genre_error_over_limit(fname, "features", rowno, n, limit, "elements");
		if (full && (n_components < 1 || n_components > n))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: n_components must be between 1 and the vector length %d, got %d",
							fname, n, n_components)));
		view(state_create(n, full, n_components), &m);
	}
	else
	{
		if ((uint32) n != m.body->dim)
			genre_error_length_vs_first(fname, "features", rowno, n, m.body->dim);
		if (full && (uint32) n_components != m.body->n_components)
			genre_error_not_constant(fname, "n_components");
	}
	genre_moments_add(m.acc, m.body->dim, full, x);
	PG_RETURN_BYTEA_P(m.state);
}

Datum
genre_moments_combine(PG_FUNCTION_ARGS)
{
	MomentsArg	a,
				b;
	const char *name;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		genre_moments_state_arg(fcinfo, 0, NULL, &a);
		PG_RETURN_BYTEA_P(a.state);
	}
	/* one function combines scaler_fit and pca_fit states: a state says which */
	genre_moments_state_arg(fcinfo, 1, NULL, &b);
	name = name_of(b.body->full);
	if (PG_ARGISNULL(0))
	{
		/* a copy: state 1 is not ours to change */
		bytea	   *copy = palloc(VARSIZE(b.state));

		memcpy(copy, b.state, VARSIZE(b.state));
		PG_RETURN_BYTEA_P(copy);
	}
	genre_moments_state_arg(fcinfo, 0, name, &a);
	if (a.body->dim != b.body->dim)
		genre_error_length_vs_first(name, "features", 0, b.body->dim, a.body->dim);
	if (a.body->n_components != b.body->n_components)
		genre_error_not_constant(name, "n_components");
	if (a.state == b.state)
		genre_error_bad_state(name, "a state combined with itself");
	genre_moments_merge(a.acc, b.acc, a.body->dim, a.body->full);
	PG_RETURN_BYTEA_P(a.state);
}
