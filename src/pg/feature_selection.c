/*
 * feature_selection.c - feature selection: kruskal_wallis and anova_f
 * aggregates over (value, label) returning genre.test_result.
 *
 * Rows are buffered as: float8 value, uint32 label length, label bytes.
 * The final function groups them by label (bytewise equality) and hands
 * values and group numbers to the core.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include <math.h>

#include "ml/stattest.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"

PG_FUNCTION_INFO_V1(genre_grouped_values_trans);
PG_FUNCTION_INFO_V1(genre_grouped_values_combine);
PG_FUNCTION_INFO_V1(genre_kruskal_wallis_final);
PG_FUNCTION_INFO_V1(genre_anova_f_final);

static const GenreStateFamily grouped_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'G', 'R', 'P'), 1, "kruskal_wallis/anova_f");

#define ROW_FIXED (sizeof(double) + sizeof(uint32))

/* kruskal_wallis or anova_f, for the state limit's message: looked up once per call site. */
static const char *
grouped_name(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra =
			MemoryContextStrdup(fcinfo->flinfo->fn_mcxt,
								genre_aggregate_name(fcinfo, grouped_state.name));
	return fcinfo->flinfo->fn_extra;
}

Datum
genre_grouped_values_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, &grouped_state, NULL);
	GenreRows	r;
	double		v;
	text	   *label;
	uint32		llen;
	char	   *row;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(state->datum);
	}
	if (state == NULL)
		state = genre_rowbuf_create(fcinfo, &grouped_state, NULL, 0);
	genre_rowbuf_view(state, &r);
	v = PG_GETARG_FLOAT8(1);
	/* shared by kruskal_wallis and anova_f: no aggregate name to give */
	if (!isfinite(v))
		genre_error_non_finite(NULL, "value", r.nrows + 1, 0, v);
	label = PG_GETARG_TEXT_PP(2);
	llen = VARSIZE_ANY_EXHDR(label);
	row = genre_rowbuf_add_row(state, ROW_FIXED + llen, grouped_name(fcinfo));
	memcpy(row, &v, sizeof(double));
	memcpy(row + sizeof(double), &llen, sizeof(uint32));
	memcpy(row + ROW_FIXED, VARDATA_ANY(label), llen);
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_grouped_values_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &grouped_state, grouped_name(fcinfo), NULL, NULL);
}

typedef struct LabelRef
{
	const char *s;
	uint32		len;
	double		value;
} LabelRef;

/* By label, then value (then its bits, for -0.0): a canonical order of the rows. */
static int
cmp_row(const void *a, const void *b)
{
	const LabelRef *x = a,
			   *y = b;
	int			c = memcmp(x->s, y->s, Min(x->len, y->len));

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return memcmp(&x->value, &y->value, sizeof(double));
}

/*
 * Unpack the buffered rows, in canonical order (so sums do not depend on
 * the plan), into values and group numbers 0 .. groups - 1.
 */
static void
unpack_groups(FunctionCallInfo fcinfo, const char *fname, double **values, int **group,
			  size_t *n, int *groups)
{
	GenreRows	r;
	size_t		pos = 0;
	size_t		count;
	LabelRef   *refs;
	int			g = -1;

	genre_rowbuf_read(fcinfo, 0, &grouped_state, fname, &r);
	count = r.nrows;
	if (r.meta_len != 0 || count == 0 || count > r.rows_len / ROW_FIXED)
		genre_error_bad_state(fname, "%zu rows in %zu bytes", count, r.rows_len);
	*values = palloc_extended(count * sizeof(double), MCXT_ALLOC_HUGE);
	*group = palloc_extended(count * sizeof(int), MCXT_ALLOC_HUGE);
	refs = palloc_extended(count * sizeof(LabelRef), MCXT_ALLOC_HUGE);
	for (size_t i = 0; i < count; i++)
	{
		uint32		llen;

		CHECK_FOR_INTERRUPTS();
		if (r.rows_len - pos < ROW_FIXED)
			genre_error_bad_state(fname, "row %zu is cut short", i + 1);
		memcpy(&refs[i].value, r.rows + pos, sizeof(double));
		memcpy(&llen, r.rows + pos + sizeof(double), sizeof(uint32));
		pos += ROW_FIXED;
		if (llen > r.rows_len - pos)
			genre_error_bad_state(fname, "the label of row %zu runs past the state", i + 1);
		if (!isfinite(refs[i].value))
			genre_error_bad_state(fname, "row %zu has a non-finite value", i + 1);
		genre_state_check_label(fname, r.rows + pos, llen, i + 1);
		refs[i].s = r.rows + pos;
		refs[i].len = llen;
		pos += llen;
	}
	if (pos != r.rows_len)
		genre_error_bad_state(fname, "%zu bytes after the last row", r.rows_len - pos);
	qsort(refs, count, sizeof(LabelRef), cmp_row);
	for (size_t i = 0; i < count; i++)
	{
		if (i == 0 || refs[i].len != refs[i - 1].len ||
			memcmp(refs[i].s, refs[i - 1].s, refs[i].len) != 0)
			g++;
		(*values)[i] = refs[i].value;
		(*group)[i] = g;
	}
	pfree(refs);
	*n = count;
	*groups = g + 1;
}

static Datum
test_result(FunctionCallInfo fcinfo, double statistic, double p_value)
{
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning a record called in a context that cannot accept one")));
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(statistic);
	values[1] = Float8GetDatum(p_value);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* A test over the grouped values of the state: its statistic and p-value as genre.test_result. */
typedef genre_code (*grouped_test) (const double *values, const int *group, size_t n, int groups,
									double *statistic, double *p, genre_status *st);

static Datum
grouped_test_final(FunctionCallInfo fcinfo, const char *fname, grouped_test test)
{
	double	   *values,
				statistic,
				p;
	int		   *group,
				groups;
	size_t		n;
	genre_status st;

	unpack_groups(fcinfo, fname, &values, &group, &n, &groups);
	genre_status_clear(&st);
	GENRE_CHECK(&st, test(values, group, n, groups, &statistic, &p, &st));
	PG_RETURN_DATUM(test_result(fcinfo, statistic, p));
}

Datum
genre_kruskal_wallis_final(PG_FUNCTION_ARGS)
{
	return grouped_test_final(fcinfo, "kruskal_wallis", genre_kruskal_wallis);
}

Datum
genre_anova_f_final(PG_FUNCTION_ARGS)
{
	return grouped_test_final(fcinfo, "anova_f", genre_anova_f);
}
