/*
 * fmgr_probe.c - a test-only module (never installed): calls an aggregate
 * support function the way Citus's worker_partial_agg does, through an
 * FmgrInfo of its own (fmgr_info: no fn_expr, so get_fn_expr_argtype knows
 * nothing), inside the calling aggregate's context.  sql/state_fmgr_calls.sql
 * loads it by path.
 *
 *   fmgr_probe_trans(state bytea, fn regprocedure, a "any", b "any") -> bytea
 *     = fn(state, a, b); a and b must be of fn's declared types.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(fmgr_probe_trans);

Datum
fmgr_probe_trans(PG_FUNCTION_ARGS)
{
	FmgrInfo   *inner = fcinfo->flinfo->fn_extra;
	LOCAL_FCINFO(call, 3);
	Datum		result;

	if (PG_ARGISNULL(1))
		elog(ERROR, "fmgr_probe_trans: the function is NULL");
	if (inner == NULL)
	{
		inner = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(FmgrInfo));
		fmgr_info_cxt(PG_GETARG_OID(1), inner, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = inner;
	}
	if (inner->fn_expr != NULL)
		elog(ERROR, "fmgr_probe_trans: the inner call has an fn_expr");
	InitFunctionCallInfoData(*call, inner, 3, fcinfo->fncollation, fcinfo->context,
							 fcinfo->resultinfo);
	for (int i = 0; i < 3; i++)
	{
		int			from = i == 0 ? 0 : i + 1;

		call->args[i].value = fcinfo->args[from].value;
		call->args[i].isnull = fcinfo->args[from].isnull;
	}
	result = FunctionCallInvoke(call);
	if (call->isnull)
		PG_RETURN_NULL();
	return result;
}
