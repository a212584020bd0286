/*
 * model_cache.c - the per-call-site cache of loaded models (fn_extra): a
 * model is deserialised once per call site, not once per row.
 */
#include "postgres.h"

#include "access/detoast.h"
#include "fmgr.h"
#include "utils/memutils.h"

#include "pg/errors.h"
#include "pg/model_cache.h"

/* What a call site remembers about the model it loaded last. */
typedef struct ModelCache
{
	uint32		len;
	uint64		checksum;
	Oid			toast_rel;		/* identity of an on-disk TOASTed model, */
	Oid			toast_value;	/* InvalidOid when the model was inline */
	genre_model_kind kind;
	void	   *object;
	MemoryContext mcxt;			/* holds object; reset when the model changes */
} ModelCache;

void *
genre_model_fetch(FunctionCallInfo fcinfo, int argno, genre_model_kind kind,
				  genre_model_loader load)
{
	ModelCache *cache = (ModelCache *) fcinfo->flinfo->fn_extra;
	Datum		d = PG_GETARG_DATUM(argno);
	bytea	   *head;
	uint32		len;
	uint64		sum;
	Oid			toast_rel = InvalidOid,
				toast_value = InvalidOid;
	bytea	   *m;
	genre_status st;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;
	MemoryContext old;
	void	   *object;

	/*
	 * A TOAST value never changes: the same pointer is the same model, and
	 * comparing it spares a TOAST index lookup per row (a join of a stored
	 * model with many rows passes the pointer on every call).
	 */
	if (VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(d)))
	{
		struct varatt_external ext;

		VARATT_EXTERNAL_GET_POINTER(ext, DatumGetPointer(d));
		toast_rel = ext.va_toastrelid;
		toast_value = ext.va_valueid;
		if (cache && cache->object && cache->kind == kind &&
			cache->toast_rel == toast_rel && cache->toast_value == toast_value)
			return cache->object;
	}
	head = DatumGetByteaPSlice(d, 0, GENRE_MODEL_HEADER_SIZE);
	len = toast_raw_datum_size(d) - VARHDRSZ;
	sum = genre_model_header_checksum(VARDATA_ANY(head), VARSIZE_ANY_EXHDR(head));
	if (cache && cache->object && cache->kind == kind && cache->len == len &&
		cache->checksum == sum)
	{
		cache->toast_rel = toast_rel;
		cache->toast_value = toast_value;
		return cache->object;
	}

	m = PG_GETARG_BYTEA_PP(argno);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_model_kind_open(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m), &ops,
										   &payload, &plen, &st));
	if (ops->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("model is a %s model, not a %s model", ops->name,
						genre_model_kind_name(kind))));
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
		cache->mcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "genre model cache",
											ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = cache;
	}

	/* forget the old object before loading, so a failed load leaves no stale hit */
	cache->object = NULL;
	MemoryContextReset(cache->mcxt);
	old = MemoryContextSwitchTo(cache->mcxt);
	object = load(payload, plen, &st);
	MemoryContextSwitchTo(old);
	if (object == NULL)
		genre_raise(&st);
	cache->len = len;
	cache->checksum = sum;
	cache->toast_rel = toast_rel;
	cache->toast_value = toast_value;
	cache->kind = kind;
	cache->object = object;
	return object;
}
