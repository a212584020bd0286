/*
 * sample_stats.c - statistics of one sample of float8 values: the mean_ci
 * and normal_test aggregates (ml/sample_stats.h; their plots, plot_means
 * and plot_qq, are in plots.c).
 *
 * Both buffer their values in an agg_buffer state (one float8 per row; the
 * meta holds what must be the same in every row: mean_ci's level) and
 * sort them in the final function, so the result is
 * the same bits under any row order or parallel plan.  NULL values are
 * skipped; NaN or infinite ones are an error (22023).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "ml/sample_stats.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"

PG_FUNCTION_INFO_V1(genre_mean_ci_trans);
PG_FUNCTION_INFO_V1(genre_mean_ci_combine);
PG_FUNCTION_INFO_V1(genre_mean_ci_final);
PG_FUNCTION_INFO_V1(genre_normal_test_trans);
PG_FUNCTION_INFO_V1(genre_normal_test_combine);
PG_FUNCTION_INFO_V1(genre_normal_test_final);

static const GenreStateFamily mean_ci_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'M', 'C', 'I'), 1, "mean_ci");
static const GenreStateFamily normal_test_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'M', 'N', 'T'), 1, "normal_test");
#define DEFAULT_LEVEL 0.95

/*
 * Transition step shared by both: argument 1 is the value; meta is
 * what every row must repeat (constant names it in the error).
 */
static Datum
values_trans(FunctionCallInfo fcinfo, const char *fname, const GenreStateFamily *fam,
			 const void *meta, uint32 meta_len, const char *constant)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, fam, fname);
	GenreRows	r = {0};
	double		v;

	if (state == NULL)
		state = genre_rowbuf_create(fcinfo, fam, meta, meta_len);
	genre_rowbuf_view(state, &r);
	if (r.meta_len != meta_len || (meta_len > 0 && memcmp(r.meta, meta, meta_len) != 0))
	{
		if (constant == NULL)
			genre_error_bad_state(fname, "meta of %u bytes, expected %u", r.meta_len, meta_len);
		genre_error_not_constant(fname, constant);
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(state->datum);
	v = PG_GETARG_FLOAT8(1);
	if (!isfinite(v))
		genre_error_non_finite(fname, "value", r.nrows + 1, 0, v);
	memcpy(genre_rowbuf_add_row(state, sizeof(double), fname), &v, sizeof(double));
	PG_RETURN_DATUM(state->datum);
}

/* The values of a state, sorted (the canonical order); *n may be 0. */
static double *
sorted_values(const GenreRows *r, const char *fname, size_t *n)
{
	double	   *v;

	if (r->rows_len % sizeof(double) != 0 || r->nrows != r->rows_len / sizeof(double))
		genre_error_bad_state(fname, UINT64_FORMAT " values in %zu bytes", r->nrows, r->rows_len);
	*n = r->rows_len / sizeof(double);
	v = palloc_extended((*n ? *n : 1) * sizeof(double), MCXT_ALLOC_HUGE);
	memcpy(v, r->rows, r->rows_len);
	for (size_t i = 0; i < *n; i++)
		if (!isfinite(v[i]))
			genre_error_bad_state(fname, "value %zu is not finite", i + 1);
	genre_sample_sort(v, *n);
	return v;
}

/* A row of the function's composite result type from n float8 values (nulls may be NULL). */
static Datum
composite_result(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	tupdesc;
	bool		none[8] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning a record called in a context that cannot accept one")));
	tupdesc = BlessTupleDesc(tupdesc);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls ? nulls : none));
}

/* ---- mean_ci(value, level default 0.95) -> genre.mean_ci_result ---- */

Datum
genre_mean_ci_trans(PG_FUNCTION_ARGS)
{
	double		level = DEFAULT_LEVEL;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			genre_error_null_argument("mean_ci", "level", 0);
		level = PG_GETARG_FLOAT8(2);
		if (!(level > 0.0 && level < 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be between 0 and 1 (exclusive), got %g",
							genre_error_where("mean_ci", "level", 0), level)));
	}
	return values_trans(fcinfo, "mean_ci", &mean_ci_state, &level, sizeof(level), "level");
}

Datum
genre_mean_ci_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &mean_ci_state, "mean_ci", NULL, "level");
}

Datum
genre_mean_ci_final(PG_FUNCTION_ARGS)
{
	GenreRows	state;
	double		level;
	double	   *v;
	size_t		n;
	genre_mean_ci_result r;
	genre_status st;
	Datum		values[4];
	bool		nulls[4] = {0};

	genre_rowbuf_read(fcinfo, 0, &mean_ci_state, "mean_ci", &state);
	if (state.meta_len != sizeof(double))
		genre_error_bad_state("mean_ci", "meta of %u bytes, expected %zu", state.meta_len,
							  sizeof(double));
	memcpy(&level, state.meta, sizeof(double));
	if (!(level > 0.0 && level < 1.0))
		genre_error_bad_state("mean_ci", "level %g", level);
	v = sorted_values(&state, "mean_ci", &n);
	if (n == 0)
		PG_RETURN_NULL();
	values[0] = Int64GetDatum((int64) n);
	if (n == 1)
	{
		/* one value: its mean, no interval (t has no degrees of freedom) */
		values[1] = Float8GetDatum(v[0]);
		nulls[2] = nulls[3] = true;
		return composite_result(fcinfo, values, nulls);
	}
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_mean_ci(v, n, level, &r, &st));
	values[1] = Float8GetDatum(r.mean);
	values[2] = Float8GetDatum(r.ci_low);
	values[3] = Float8GetDatum(r.ci_high);
	return composite_result(fcinfo, values, nulls);
}

/* ---- normal_test(value) -> genre.test_result ---- */

Datum
genre_normal_test_trans(PG_FUNCTION_ARGS)
{
	return values_trans(fcinfo, "normal_test", &normal_test_state, NULL, 0, NULL);
}

Datum
genre_normal_test_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &normal_test_state, "normal_test", NULL, NULL);
}

Datum
genre_normal_test_final(PG_FUNCTION_ARGS)
{
	GenreRows	state;
	double	   *v;
	size_t		n;
	genre_normal_test_result r;
	genre_status st;
	Datum		values[2];

	genre_rowbuf_read(fcinfo, 0, &normal_test_state, "normal_test", &state);
	if (state.meta_len != 0)
		genre_error_bad_state("normal_test", "meta of %u bytes, expected none", state.meta_len);
	v = sorted_values(&state, "normal_test", &n);
	if (n == 0)
		PG_RETURN_NULL();
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_normal_test(v, n, &r, &st));
	values[0] = Float8GetDatum(r.statistic);
	values[1] = Float8GetDatum(r.p_value);
	return composite_result(fcinfo, values, NULL);
}
