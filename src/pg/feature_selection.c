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

#define GROUPED_MAGIC 0x47525031u	/* "GRP1" */

Datum
genre_grouped_values_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;
	double		v;
	text	   *label;
	uint32		llen;
	char	   *row;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	state = PG_ARGISNULL(0) ? genre_aggbuf_create(GROUPED_MAGIC, NULL, 0)
		: genre_aggbuf_from_datum(PG_GETARG_DATUM(0), GROUPED_MAGIC);
	v = PG_GETARG_FLOAT8(1);
	/* shared by kruskal_wallis and anova_f: no aggregate name to give */
	if (!isfinite(v))
		genre_error_non_finite(NULL, "value", state->nrows + 1, 0, v);
	label = PG_GETARG_TEXT_PP(2);
	llen = VARSIZE_ANY_EXHDR(label);
	row = palloc(sizeof(double) + sizeof(uint32) + llen);
	memcpy(row, &v, sizeof(double));
	memcpy(row + sizeof(double), &llen, sizeof(uint32));
	memcpy(row + sizeof(double) + sizeof(uint32), VARDATA_ANY(label), llen);
	state = genre_aggbuf_append(state, row, sizeof(double) + sizeof(uint32) + llen);
	pfree(row);
	PG_RETURN_POINTER(state);
}

Datum
genre_grouped_values_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, GROUPED_MAGIC, NULL, NULL, NULL);
}

typedef struct LabelRef
{
	const char *s;
	uint32		len;
	size_t		row;
} LabelRef;

static int
cmp_label(const void *a, const void *b)
{
	const LabelRef *x = a,
			   *y = b;
	int			c = memcmp(x->s, y->s, Min(x->len, y->len));

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->row < y->row ? -1 : (x->row > y->row);
}

/* Unpack the buffered rows into values and group numbers 0 .. groups - 1. */
static void
unpack_groups(Datum d, double **values, int **group, size_t *n, int *groups)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(d, GROUPED_MAGIC);
	size_t		len,
				pos = 0;
	const char *rows = genre_aggbuf_rows(state, &len);
	size_t		count = state->nrows;
	LabelRef   *refs;
	int			g = -1;

	if (count == 0 || count > len / (sizeof(double) + sizeof(uint32)))
		genre_error_bad_state();
	*values = palloc_extended(count * sizeof(double), MCXT_ALLOC_HUGE);
	*group = palloc_extended(count * sizeof(int), MCXT_ALLOC_HUGE);
	refs = palloc_extended(count * sizeof(LabelRef), MCXT_ALLOC_HUGE);
	for (size_t i = 0; i < count; i++)
	{
		uint32		llen;

		if (len - pos < sizeof(double) + sizeof(uint32))
			genre_error_bad_state();
		memcpy(&(*values)[i], rows + pos, sizeof(double));
		memcpy(&llen, rows + pos + sizeof(double), sizeof(uint32));
		pos += sizeof(double) + sizeof(uint32);
		if (llen > len - pos)
			genre_error_bad_state();
		refs[i].s = rows + pos;
		refs[i].len = llen;
		refs[i].row = i;
		pos += llen;
	}
	qsort(refs, count, sizeof(LabelRef), cmp_label);
	for (size_t i = 0; i < count; i++)
	{
		if (i == 0 || refs[i].len != refs[i - 1].len ||
			memcmp(refs[i].s, refs[i - 1].s, refs[i].len) != 0)
			g++;
		(*group)[refs[i].row] = g;
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
grouped_test_final(FunctionCallInfo fcinfo, grouped_test test)
{
	double	   *values,
				statistic,
				p;
	int		   *group,
				groups;
	size_t		n;
	genre_status st;

	unpack_groups(PG_GETARG_DATUM(0), &values, &group, &n, &groups);
	genre_status_clear(&st);
	GENRE_CHECK(&st, test(values, group, n, groups, &statistic, &p, &st));
	PG_RETURN_DATUM(test_result(fcinfo, statistic, p));
}

Datum
genre_kruskal_wallis_final(PG_FUNCTION_ARGS)
{
	return grouped_test_final(fcinfo, genre_kruskal_wallis);
}

Datum
genre_anova_f_final(PG_FUNCTION_ARGS)
{
	return grouped_test_final(fcinfo, genre_anova_f);
}
