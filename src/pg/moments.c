/*
 * moments.c - the exact-sums state of scaler_fit and pca_fit (see
 * moments.h): its checks, the shared transition body and the shared
 * combine function moments_combine.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "ml/moments.h"
#include "ml/pca.h"
#include "ml/scaler.h"
#include "pg/agg_state.h"
#include "pg/errors.h"
#include "pg/moments.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_moments_combine);

static const GenreStateFamily moments_state =
	GENRE_STATEBUF_FAMILY(GENRE_STATE_MAGIC('g', 'M', 'O', 'M'), 1, "scaler_fit/pca_fit");

/* n_components u32, zero u32 */
#define META 8

static const char *
name_of(int full)
{
	return full ? "pca_fit" : "scaler_fit";
}

/* View a body of len bytes (checked when it is not ours: trusted is false). */
static void
view(const char *body, Size len, bool trusted, const char *fname, MomentsArg *m)
{
	const char *name = fname ? fname : moments_state.name;
	uint32		zero;
	genre_msum_header h;
	genre_status st;

	if (len < META + sizeof(h))
		genre_error_bad_state(name, "%zu body bytes", len);
	memcpy(&m->n_components, body, 4);
	memcpy(&zero, body + 4, 4);
	memcpy(&h, body + META, sizeof(h));
	m->sums = body + META;
	m->sums_len = len - META;
	m->dim = h.dim;
	m->full = h.full;
	if (trusted)
		return;
	genre_status_clear(&st);
	if (genre_msum_check(m->sums, m->sums_len,
						 h.full ? GENRE_PCA_MAX_DIM : GENRE_SCALER_MAX_DIM, &st) != GENRE_OK)
		genre_error_bad_state(name, "%s", st.message);
	if (fname && strcmp(fname, name_of(h.full)) != 0)
		genre_error_bad_state(name, "a %s state", name_of(h.full));
	name = name_of(h.full);
	if (zero != 0 || (h.full ? m->n_components < 1 || m->n_components > h.dim : m->n_components != 0))
		genre_error_bad_state(name, "n_components %u for dimension %u", m->n_components, h.dim);
}

void
genre_moments_state_arg(FunctionCallInfo fcinfo, int argno, const char *fname, MomentsArg *m)
{
	GenreStateArg a;

	genre_state_read(fcinfo, argno, &moments_state, fname, &a);
	if (a.mem)
	{
		GenreStateBuf *b = a.mem;

		view(b->body, b->used, true, fname, m);
	}
	else
		view(a.body, a.len, false, fname, m);
}

/* A new buffer state holding a copy of the body of m. */
static GenreStateBuf *
copy_of(FunctionCallInfo fcinfo, const MomentsArg *m)
{
	GenreStateBuf *b = genre_statebuf_new(fcinfo, &moments_state, META + m->sums_len,
										  name_of(m->full));
	char	   *p = genre_statebuf_append(b, META + m->sums_len, name_of(m->full));
	uint32		zero = 0;

	memcpy(p, &m->n_components, 4);
	memcpy(p + 4, &zero, 4);
	memcpy(p + META, m->sums, m->sums_len);
	return b;
}

/* Argument 0 as a state to change: NULL, ours read/write as it is, else checked and copied. */
static GenreStateBuf *
writable_arg0(FunctionCallInfo fcinfo, const char *fname)
{
	GenreStateArg a;
	MomentsArg	m;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(0))
		return NULL;
	genre_state_read(fcinfo, 0, &moments_state, fname, &a);
	if (a.mem && a.writable)
	{
		GenreStateBuf *b = a.mem;

		view(b->body, b->used, true, fname, &m);
		if (fname && strcmp(fname, name_of(m.full)) != 0)
			genre_error_bad_state(fname, "a %s state", name_of(m.full));
		return b;
	}
	genre_moments_state_arg(fcinfo, 0, fname, &m);
	return copy_of(fcinfo, &m);
}

/* Re-lay b's sums out on windows l (a copy: the windows are only ever widened). */
static void
relayout(GenreStateBuf *b, const genre_msum_layout *l, const char *fname)
{
	genre_msum_header h;
	Size		size;
	char	   *n;

	memcpy(&h, b->body + META, sizeof(h));
	size = genre_msum_size(h.dim, h.full, l, b->limit - META);
	if (size == 0)
		genre_error_over_state_limit(fname);
	n = MemoryContextAlloc(b->cxt, META + size);
	memcpy(n, b->body, META);
	genre_msum_relayout(n + META, l, b->body + META);
	pfree(b->body);
	b->body = n;
	b->cap = b->used = META + size;
}

Datum
genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full)
{
	GenreStateBuf *b = writable_arg0(fcinfo, fname);
	MomentsArg	m = {0};
	genre_msum_header h;
	genre_msum_layout l;
	uint64		rowno = 1;
	int			n_components = 0;
	const float *x;
	int			n;

	if (b)
	{
		view(b->body, b->used, true, fname, &m);
		memcpy(&h, m.sums, sizeof(h));
		rowno = h.count + 1;
	}
	if (full)
	{
		if (PG_ARGISNULL(2))
			genre_error_null_argument(fname, "n_components", rowno);
		n_components = PG_GETARG_INT32(2);
	}
	if (PG_ARGISNULL(1))
	{
		if (b == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(b->datum);
	}
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), fname, "features", rowno, &n);
	if (b == NULL)
	{
		int			limit = full ? GENRE_PCA_MAX_DIM : GENRE_SCALER_MAX_DIM;
		uint32		nc = (uint32) n_components,
					zero = 0;
		genre_msum_layout empty = {0, 0, 0, 0};
		Size		size;
		char	   *p;

		if (n > limit)
			genre_error_over_limit(fname, "features", rowno, n, limit, "elements");
		if (full && (n_components < 1 || n_components > n))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: n_components must be between 1 and the vector length %d, got %d",
							fname, n, n_components)));
		size = genre_msum_size((uint32) n, full, &empty, MaxAllocSize);
		b = genre_statebuf_new(fcinfo, &moments_state, META + size, fname);
		p = genre_statebuf_append(b, META + size, fname);
		memcpy(p, &nc, 4);
		memcpy(p + 4, &zero, 4);
		genre_msum_init(p + META, (uint32) n, full);
	}
	else
	{
		if ((uint32) n != m.dim)
			genre_error_length_vs_first(fname, "features", rowno, n, m.dim);
		if (full && (uint32) n_components != m.n_components)
			genre_error_not_constant(fname, "n_components");
	}
	if (!genre_msum_fits_row(b->body + META, x, &l))
		relayout(b, &l, fname);
	genre_msum_add(b->body + META, x);
	PG_RETURN_DATUM(b->datum);
}

Datum
genre_moments_combine(PG_FUNCTION_ARGS)
{
	GenreStateBuf *a;
	MomentsArg	ma,
				mb;
	genre_msum_layout l;
	const char *name;
	genre_status st;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		a = writable_arg0(fcinfo, NULL);
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(a->datum);
	}
	/* one function combines scaler_fit and pca_fit states: a state says which */
	genre_moments_state_arg(fcinfo, 1, NULL, &mb);
	name = name_of(mb.full);
	a = writable_arg0(fcinfo, name);
	if (a == NULL)
		PG_RETURN_DATUM(copy_of(fcinfo, &mb)->datum);
	view(a->body, a->used, true, name, &ma);
	if (ma.dim != mb.dim)
		genre_error_length_vs_first(name, "features", 0, mb.dim, ma.dim);
	if (ma.n_components != mb.n_components)
		genre_error_not_constant(name, "n_components");
	if (ma.sums == mb.sums)
		genre_error_bad_state(name, "a state combined with itself");
	if (!genre_msum_fits_merge(ma.sums, mb.sums, &l))
	{
		relayout(a, &l, name);
		view(a->body, a->used, true, name, &ma);
	}
	genre_status_clear(&st);
	GENRE_CHECK_STATE(&st, name, genre_msum_merge(a->body + META, mb.sums, &st));
	PG_RETURN_DATUM(a->datum);
}

double *
genre_moments_summary(FunctionCallInfo fcinfo, const char *fname, MomentsArg *m)
{
	double	   *acc;
	genre_status st;

	genre_moments_state_arg(fcinfo, 0, fname, m);
	acc = palloc_extended(genre_moments_len(m->dim, m->full) * sizeof(double), MCXT_ALLOC_HUGE);
	genre_status_clear(&st);
	GENRE_CHECK_STATE(&st, fname, genre_msum_moments(m->sums, acc, &st));
	return acc;
}
