/*
 * errors.c - the one place that maps core error codes to SQLSTATEs
 * (DESIGN.md, "Errors"), and the bridge's error conditions, each with one
 * wording (errors.h).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "miscadmin.h"
#include "nodes/primnodes.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include <math.h>

#include "pg/errors.h"

static int
sqlstate_of(genre_code code)
{
	switch (code)
	{
		case GENRE_EBADDATA:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case GENRE_EINVAL:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case GENRE_EKIND:
			return ERRCODE_WRONG_OBJECT_TYPE;
		case GENRE_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case GENRE_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case GENRE_ECANCEL:
			return ERRCODE_QUERY_CANCELED;
		case GENRE_OK:
		case GENRE_EINTERNAL:
			break;
	}
	return ERRCODE_INTERNAL_ERROR;
}

void
genre_raise(const genre_status *st)
{
	/* a cancel the core noticed: let PostgreSQL report it its own way */
	if (st->code == GENRE_ECANCEL)
		CHECK_FOR_INTERRUPTS();

	ereport(ERROR,
			(errcode(sqlstate_of(st->code)),
			 errmsg_internal("%s", st->message[0] ? st->message : "unknown genre error"),
			 st->detail[0] ? errdetail_internal("%s", st->detail) : 0));
	pg_unreachable();
}

void
genre_raise_state(const genre_status *st, const char *fname)
{
	if (st->code == GENRE_EBADDATA)
		genre_error_bad_state(fname, "%s", st->message);
	genre_raise(st);
}

void
genre_raise_in(const char *fname, const genre_status *st)
{
	genre_status named = *st;

	if (st->code != GENRE_ECANCEL && st->code != GENRE_ENOMEM)
		snprintf(named.message, sizeof(named.message), "%s: %s", fname, st->message);
	genre_raise(&named);
}

void
genre_require_aggregate(FunctionCallInfo fcinfo, MemoryContext *aggcxt)
{
	char	   *name;

	if (AggCheckCallContext(fcinfo, aggcxt))
		return;
	name = OidIsValid(fcinfo->flinfo->fn_oid) ? get_func_name(fcinfo->flinfo->fn_oid) : NULL;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("genre.%s called in non-aggregate context", name ? name : "function")));
}

const char *
genre_aggregate_name(FunctionCallInfo fcinfo, const char *fallback)
{
	Aggref	   *ref = AggGetAggref(fcinfo);
	HeapTuple	tp;
	Form_pg_aggregate agg;
	bool		ours;
	char	   *name;

	if (ref == NULL)
		return fallback;
	tp = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(ref->aggfnoid));
	if (!HeapTupleIsValid(tp))
		return fallback;
	agg = (Form_pg_aggregate) GETSTRUCT(tp);
	/* not an aggregate that calls us through one of its own (Citus's worker_partial_agg) */
	ours = agg->aggtransfn == fcinfo->flinfo->fn_oid || agg->aggcombinefn == fcinfo->flinfo->fn_oid;
	ReleaseSysCache(tp);
	name = ours ? get_func_name(ref->aggfnoid) : NULL;
	return name ? name : fallback;
}

char *
genre_error_where(const char *fname, const char *arg, uint64 row)
{
	const char *sep = fname ? ": " : "";

	if (fname == NULL)
		fname = "";
	if (row == 0)
		return psprintf("%s%s%s", fname, sep, arg);
	return psprintf("%s%s%s of row " UINT64_FORMAT, fname, sep, arg, row);
}

void
genre_error_length_vs_first(const char *fname, const char *arg, uint64 row, int64 len,
							int64 first)
{
	if (row == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has length " INT64_FORMAT " in some rows, but length " INT64_FORMAT " in others",
						genre_error_where(fname, arg, 0), len, first)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has length " INT64_FORMAT ", but the first row has length " INT64_FORMAT,
					genre_error_where(fname, arg, row), len, first)));
	pg_unreachable();
}

void
genre_error_length_vs_model(const char *fname, const char *arg, int64 len, int64 want)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has length " INT64_FORMAT ", but the model expects length " INT64_FORMAT,
					genre_error_where(fname, arg, 0), len, want)));
	pg_unreachable();
}

void
genre_error_length_vs_recipe(const char *fname, const char *arg, int64 len, int64 want,
							 const char *name, const char *recipe)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has " INT64_FORMAT " values, but %s expects " INT64_FORMAT " (%s)",
					genre_error_where(fname, arg, 0), len,
					name ? psprintf("model \"%s\"", name) : "the model", want, recipe),
			 errhint("Make the vector with that recipe, or pass the audio to genre.classify.")));
	pg_unreachable();
}

void
genre_error_non_finite(const char *fname, const char *arg, uint64 row, int element,
					   double value)
{
	if (element == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is %s", genre_error_where(fname, arg, row), isnan(value) ? "NaN" : "infinite")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has %s at element %d", genre_error_where(fname, arg, row),
					isnan(value) ? "a NaN" : "an infinite value", element)));
	pg_unreachable();
}

void
genre_error_null_element(const char *fname, const char *arg, uint64 row, int element)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has a NULL at element %d", genre_error_where(fname, arg, row), element)));
	pg_unreachable();
}

void
genre_error_not_one_dimensional(const char *fname, const char *arg, uint64 row, int ndim)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be one-dimensional, not %d-dimensional",
					genre_error_where(fname, arg, row), ndim)));
	pg_unreachable();
}

void
genre_error_null_argument(const char *fname, const char *arg, uint64 row)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must not be NULL", genre_error_where(fname, arg, row))));
	pg_unreachable();
}

void
genre_error_not_constant(const char *fname, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: %s must be the same in every row", fname, what)));
	pg_unreachable();
}

void
genre_error_over_limit(const char *fname, const char *arg, uint64 row, uint64 n,
					   uint64 limit, const char *unit)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s has " UINT64_FORMAT " %s, over the limit of " UINT64_FORMAT " %s",
					genre_error_where(fname, arg, row), n, unit, limit, unit)));
	pg_unreachable();
}

void
genre_error_over_value_limit(const char *fname, const char *what, const char *detail,
							 const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s exceeds the 1 GB limit of a PostgreSQL value", genre_error_where(fname, what, 0)),
			 detail ? errdetail("%s", detail) : 0,
			 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
}

void
genre_error_wrong_kind(const char *fname, const char *want, const char *got)
{
	ereport(ERROR,
			(errcode(ERRCODE_WRONG_OBJECT_TYPE),
			 errmsg("%s needs a %s model, not a %s model", fname, want, got)));
	pg_unreachable();
}

void
genre_error_bad_state(const char *fname, const char *fmt,...)
{
	char		reason[256];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid %s state: %s", fname, reason)));
	pg_unreachable();
}

void
genre_error_out_of_memory(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory")));
	pg_unreachable();
}
