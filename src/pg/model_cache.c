/*
 * model_cache.c - the per-call-site cache of loaded models (fn_extra): a
 * model is deserialised once per call site, not once per row, through the
 * model-kind table.
 */
#include "postgres.h"

#include "access/detoast.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/models.h"

/* Below this size an in-memory model is always compared in full (it is cheap). */
#define SAME_PLACE_MIN 8192

/* What a call site remembers about the model it loaded last. */
typedef struct ModelCache
{
	Oid			toast_rel;		/* identity of an on-disk TOASTed model, */
	Oid			toast_value;	/* InvalidOid when the model came in memory */
	struct varlena *bytes;		/* else a copy of the datum as it came (maybe compressed) */
	const void *seen;			/* and where the last datum with those bytes was */
	char	   *name;			/* predict(name, ...): the name it was read under */
	const genre_model_kind_ops *ops;
	void	   *object;
	genre_classifier view;		/* when ops->classifier */
	MemoryContext mcxt;			/* holds all of it; reset when the model changes */
} ModelCache;

static ModelCache *
cache_of(FunctionCallInfo fcinfo)
{
	ModelCache *cache = (ModelCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
		cache->mcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "genre model cache",
											ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

/* Forget the cached model, so a failed load leaves no stale hit. */
static void
cache_forget(ModelCache *cache)
{
	cache->object = NULL;
	cache->ops = NULL;
	cache->bytes = NULL;
	cache->seen = NULL;
	cache->name = NULL;
	cache->toast_rel = cache->toast_value = InvalidOid;
	MemoryContextReset(cache->mcxt);
}

/*
 * Load the model m (detoasted) into the cache: envelope and checksum, its
 * kind against want (0: any classifier), the kind's loader, and for a
 * classifier its view with the labels checked against the database
 * encoding.  The current memory context must be cache->mcxt; the object
 * does not point into m.
 */
static void
cache_load(ModelCache *cache, bytea *m, genre_model_kind want, const char *fname)
{
	genre_status st;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;
	void	   *object;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_model_kind_open(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m), &ops,
										   &payload, &plen, &st));
	/* the wrong kind is refused before its payload is looked at */
	if (want != 0 && ops->kind != want)
		genre_error_wrong_kind(fname, genre_model_kind_name(want), ops->name);
	if (want == 0 && ops->classifier == NULL)
		genre_error_wrong_kind(fname, "classifier", ops->name);
	if ((object = ops->load(payload, plen, &st)) == NULL)
		genre_raise(&st);
	if (ops->classifier)
	{
		ops->classifier(object, &cache->view);
		for (uint32 c = 0; c < cache->view.n_classes; c++)
			if (!pg_verifymbstr(cache->view.class_names[c], cache->view.class_lens[c], true))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid %s model: class label is not valid in the database encoding",
								ops->name)));
	}
	cache->ops = ops;
	cache->object = object;
}

/* The cache of argument argno, holding its model of kind want (0: any classifier). */
static ModelCache *
fetch(FunctionCallInfo fcinfo, int argno, genre_model_kind want, const char *fname)
{
	ModelCache *cache = cache_of(fcinfo);
	struct varlena *d = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	Oid			toast_rel = InvalidOid,
				toast_value = InvalidOid;
	bytea	   *m;
	Size		size;
	MemoryContext old;

	/*
	 * A TOAST value never changes: the same pointer is the same model, and
	 * comparing it spares a TOAST fetch per row (a join of a stored model
	 * with many rows passes the pointer on every call).  Any other datum is
	 * compared by its bytes as they came (inline ones are small, compressed
	 * ones are compared compressed).  A large in-memory model passed again
	 * from where its bytes were last compared (a model made in the query,
	 * joined with many rows) is compared by its envelope header only: its
	 * checksum was verified against those bytes, and every genre.model
	 * value was checked in full when it was made (model_in, model_recv,
	 * the aggregates), so the memory would have to be reused by another
	 * model of the same length and checksum (an uncompressed one: the header
	 * is then its first bytes).
	 */
	if (VARATT_IS_EXTERNAL_ONDISK(d))
	{
		struct varatt_external ext;

		VARATT_EXTERNAL_GET_POINTER(ext, d);
		toast_rel = ext.va_toastrelid;
		toast_value = ext.va_valueid;
		if (cache->object && cache->toast_rel == toast_rel && cache->toast_value == toast_value)
			return cache;
	}
	else
	{
		if (VARATT_IS_EXTERNAL(d))
			d = detoast_external_attr(d);	/* in-memory indirection: flatten it */
		size = VARSIZE_ANY(d);
		if (cache->object && cache->bytes && VARSIZE_ANY(cache->bytes) == size)
		{
			if (d == cache->seen && size > SAME_PLACE_MIN && VARATT_IS_4B_U(d) &&
				memcmp(cache->bytes, d, VARHDRSZ + GENRE_MODEL_HEADER_SIZE) == 0)
				return cache;
			if (memcmp(cache->bytes, d, size) == 0)
			{
				cache->seen = d;
				return cache;
			}
		}
	}

	cache_forget(cache);
	/* detoasted in the caller's context: the loaded object does not point into it */
	m = (bytea *) pg_detoast_datum_packed(d);
	old = MemoryContextSwitchTo(cache->mcxt);
	cache_load(cache, m, want, fname);
	if (OidIsValid(toast_rel))
	{
		cache->toast_rel = toast_rel;
		cache->toast_value = toast_value;
	}
	else
	{
		cache->bytes = palloc(VARSIZE_ANY(d));
		memcpy(cache->bytes, d, VARSIZE_ANY(d));
		cache->seen = d;
	}
	MemoryContextSwitchTo(old);
	return cache;
}

void *
genre_model_fetch(FunctionCallInfo fcinfo, int argno, genre_model_kind want, const char *fname)
{
	return fetch(fcinfo, argno, want, fname)->object;
}

const genre_classifier *
genre_classifier_fetch(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	return &fetch(fcinfo, argno, 0, fname)->view;
}

const genre_classifier *
genre_classifier_fetch_by_name(FunctionCallInfo fcinfo, text *name_t, const char *fname)
{
	ModelCache *cache = cache_of(fcinfo);
	char	   *name = text_to_cstring(name_t);
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	bool		isnull;
	Datum		d;
	bytea	   *m;
	MemoryContext old;

	if (cache->object && cache->name && strcmp(cache->name, name) == 0)
		return &cache->view;
	cache_forget(cache);

	values[0] = PointerGetDatum(name_t);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(GENRE_MODELS_LOOKUP_SQL, 1, argtypes, values, NULL, true,
							  1) != SPI_OK_SELECT)
		elog(ERROR, "could not read genre.models");
	if (SPI_processed == 0)
		genre_error_model_not_found(name);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("model \"%s\" in genre.models is NULL", name)));
	/* detoasted in SPI's memory, which SPI_finish releases */
	m = DatumGetByteaPP(d);
	old = MemoryContextSwitchTo(cache->mcxt);
	cache_load(cache, m, 0, fname);
	cache->name = pstrdup(name);
	MemoryContextSwitchTo(old);
	SPI_finish();
	return &cache->view;
}
