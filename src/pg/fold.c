/*
 * fold.c - genre.fold(key, k, seed): a stable fold number for k-fold
 * cross-validation from a hash of the key's value.
 *
 * Strings hash their bytes; other types hash their binary send form, which
 * does not depend on DateStyle, TimeZone, extra_float_digits or the
 * platform, so a key lands in the same fold on every server.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "ml/model.h"

PG_FUNCTION_INFO_V1(genre_fold);

typedef enum FoldMode
{
	FOLD_BYTES,					/* string types: hash the stored bytes */
	FOLD_SEND,					/* binary send function */
	FOLD_OUTPUT					/* text output (types without a send function) */
} FoldMode;

typedef struct FoldCache
{
	Oid			type;
	FoldMode	mode;
	FmgrInfo	proc;
} FoldCache;

static FoldCache *
fold_cache(FunctionCallInfo fcinfo)
{
	FoldCache  *c = (FoldCache *) fcinfo->flinfo->fn_extra;
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	Oid			base;
	HeapTuple	tup;
	Form_pg_type t;

	if (c && c->type == type)
		return c;
	if (!OidIsValid(type))
		elog(ERROR, "could not determine the type of the fold key");
	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FoldCache));
		fcinfo->flinfo->fn_extra = c;
	}
	base = getBaseType(type);
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(base));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", base);
	t = (Form_pg_type) GETSTRUCT(tup);
	if (t->typcategory == TYPCATEGORY_STRING && t->typlen == -1)
		c->mode = FOLD_BYTES;
	else if (OidIsValid(t->typsend))
	{
		c->mode = FOLD_SEND;
		fmgr_info_cxt(t->typsend, &c->proc, fcinfo->flinfo->fn_mcxt);
	}
	else
	{
		c->mode = FOLD_OUTPUT;
		fmgr_info_cxt(t->typoutput, &c->proc, fcinfo->flinfo->fn_mcxt);
	}
	ReleaseSysCache(tup);
	c->type = type;
	return c;
}

Datum
genre_fold(PG_FUNCTION_ARGS)
{
	FoldCache  *c = fold_cache(fcinfo);
	Datum		key = PG_GETARG_DATUM(0);
	int32		k = PG_GETARG_INT32(1);
	int32		seed = PG_GETARG_INT32(2);
	const char *data;
	size_t		len;
	char	   *buf;
	uint64		h;

	if (k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fold: k must be a positive integer, not %d", k)));
	if (c->mode == FOLD_BYTES)
	{
		text	   *t = DatumGetTextPP(key);

		data = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);
	}
	else if (c->mode == FOLD_SEND)
	{
		bytea	   *b = SendFunctionCall(&c->proc, key);

		data = VARDATA(b);
		len = VARSIZE(b) - VARHDRSZ;
	}
	else
	{
		data = OutputFunctionCall(&c->proc, key);
		len = strlen(data);
	}
	/* FNV-1a over the seed (little endian) and the key bytes */
	buf = palloc(len + 4);
	for (int i = 0; i < 4; i++)
		buf[i] = (char) ((uint32) seed >> (8 * i));
	memcpy(buf + 4, data, len);
	h = genre_checksum(buf, len + 4);
	pfree(buf);
	/* FNV's low bits mix poorly: finish with the splitmix64 finaliser */
	h = (h ^ (h >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64CONST(0x94d049bb133111eb);
	h ^= h >> 31;
	PG_RETURN_INT32((int32) (h % (uint64) k));
}
