/*
 * model_cache.c - the backend's cache of loaded models (model_cache.h).
 *
 * Entries live in "genre model cache", a child of TopMemoryContext, one
 * context each, for as long as the backend unless evicted: a model used by
 * statement after statement (one predict per request) is loaded once, and
 * the cache never holds more than genre.model_cache_size, whatever the
 * transactions do.  A model is loaded in a context under the caller's
 * memory, and adopted by the cache only once it is complete, so an ERROR
 * while loading (a corrupt model, the limit, a cancel) frees it with the
 * query and leaves no half entry.
 *
 * Keys never go stale.  A stored model is named by its TOAST pointer
 * (relation, value id, sizes): a TOAST value is never changed in place,
 * and its id is not reused while the value exists.  Any other datum is
 * named by its size and a hash of its bytes as they came, and its entry
 * keeps a copy of those bytes to compare in full before the first use
 * from a call site (a hash collision is a miss, never a wrong model).
 */
#include "postgres.h"

#include "access/detoast.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/ilist.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/models.h"

PG_FUNCTION_INFO_V1(genre_model_cache_info);

int			genre_model_cache_size = 256 * 1024;

/* What a fetch accepts: a kind number, or one of these. */
#define WANT_CLASSIFIER 0
#define WANT_ANY (-1)

/*
 * Below this size an in-memory model is always compared in full (it is
 * cheap); above it, one that comes again from the address where it was
 * compared is compared by its envelope header (length and checksum of a
 * payload checked when it was made).
 */
#define SAME_PLACE_MIN 8192

/* Models a call site remembers (the folds of a cross-validation join, ...). */
#define SITE_SLOTS 8
#define SITE_NAMES 8

typedef enum KeySource
{
	KEY_TOAST = 1,				/* an on-disk TOAST value */
	KEY_BYTES = 2				/* any other datum, by its bytes */
} KeySource;

/* Fields of 4 bytes only: no padding, hashed as a blob. */
typedef struct ModelKey
{
	uint32		source;			/* KeySource */
	Oid			toast_rel;		/* KEY_TOAST: the TOAST relation and value */
	Oid			toast_value;
	uint32		size;			/* raw size (TOAST), or the datum's size as it came */
	uint32		extra;			/* va_extinfo (TOAST), or a hash of the bytes */
} ModelKey;

typedef struct ModelEntry
{
	ModelKey	key;			/* hash key: first */
	MemoryContext cxt;			/* everything below */
	const genre_model_kind_ops *ops;
	void	   *object;
	genre_cached_classifier classifier; /* when ops->classifier */
	struct varlena *bytes;		/* KEY_BYTES: the datum as it came */
	Size		mem;			/* bytes cxt holds */
	dlist_node	lru;			/* cache_lru: most recently used first */
} ModelEntry;

static MemoryContext cache_cxt;
static HTAB *cache_entries;
static dlist_head cache_lru = DLIST_STATIC_INIT(cache_lru);
static Size cache_bytes;
static uint64 cache_loads;
static uint64 cache_evictions;

/* Bumped whenever an entry is freed: what a call site remembers is then void. */
static uint64 cache_generation = 1;

/* What a call site (fn_extra) remembers of the models it was given. */
typedef struct SiteSlot
{
	ModelKey	key;
	const void *seen;			/* KEY_BYTES: where that datum was last compared */
	ModelEntry *entry;
} SiteSlot;

typedef struct SiteName
{
	text	   *name;			/* predict(name, ...): a name read here */
	ModelEntry *entry;
} SiteName;

typedef struct CallSite
{
	void	   *extra;			/* the calling function's own */
	uint64		generation;		/* of the cache when these were filled */
	int			next_slot;
	int			next_name;
	SiteSlot	slots[SITE_SLOTS];
	SiteName	names[SITE_NAMES];
} CallSite;

static void cache_make_room(Size need, Size limit);

/* A lowered genre.model_cache_size frees what is over it at once. */
static void
assign_cache_size(int newval, void *extra)
{
	cache_make_room(0, (Size) newval * 1024);
}

void
genre_model_cache_init(void)
{
	DefineCustomIntVariable("genre.model_cache_size",
							"Memory for loaded models, per backend.",
							"Models used by predict, predict_proba, model_info and the other "
							"model functions are loaded once and kept, least recently used "
							"evicted first; a model needing more than this alone is an error.",
							&genre_model_cache_size,
							256 * 1024, 64, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB,
							NULL, assign_cache_size, NULL);
}

static Size
cache_limit(void)
{
	return (Size) genre_model_cache_size * 1024;
}

static void
cache_create(void)
{
	HASHCTL		ctl;

	if (cache_entries)
		return;
	cache_cxt = AllocSetContextCreate(TopMemoryContext, "genre model cache",
									  ALLOCSET_SMALL_SIZES);
	ctl.keysize = sizeof(ModelKey);
	ctl.entrysize = sizeof(ModelEntry);
	ctl.hcxt = cache_cxt;
	cache_entries = hash_create("genre model cache", 64, &ctl,
								HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

static void
cache_evict(ModelEntry *e)
{
	dlist_delete(&e->lru);
	cache_bytes -= e->mem;
	cache_evictions++;
	cache_generation++;
	MemoryContextDelete(e->cxt);
	hash_search(cache_entries, &e->key, HASH_REMOVE, NULL);
}

/* Evict the least recently used entries until need more bytes fit in limit. */
static void
cache_make_room(Size need, Size limit)
{
	while (cache_bytes + need > limit && !dlist_is_empty(&cache_lru))
		cache_evict(dlist_container(ModelEntry, lru, dlist_tail_node(&cache_lru)));
}

static void
cache_touch(ModelEntry *e)
{
	if (dlist_has_prev(&cache_lru, &e->lru))
		dlist_move_head(&cache_lru, &e->lru);
}

static void pg_attribute_noreturn()
error_over_limit(const char *fname, const genre_model_kind_ops *ops, Size need)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("%s: the %s model needs %zu kB loaded, more than genre.model_cache_size (%d kB)",
					fname, ops->name, (need + 1023) / 1024, genre_model_cache_size),
			 errhint("Raise genre.model_cache_size, e.g. SET genre.model_cache_size = '%zuMB'.",
					 need / (1024 * 1024) + 1)));
}

/* Refuse an entry of the wrong kind for fname. */
static void
check_kind(const genre_model_kind_ops *ops, int want, const char *fname)
{
	if (want == WANT_CLASSIFIER && ops->classifier == NULL)
		genre_error_wrong_kind(fname, "classifier", ops->name);
	if (want > 0 && (int) ops->kind != want)
		genre_error_wrong_kind(fname, genre_model_kind_name(want), ops->name);
}

/* jsonb orders object keys by length, then bytes. */
static int
jsonb_key_cmp(const void *a, const void *b, void *arg)
{
	const genre_classifier *c = arg;
	uint32		i = *(const uint32 *) a,
				j = *(const uint32 *) b;

	if (c->class_lens[i] != c->class_lens[j])
		return c->class_lens[i] < c->class_lens[j] ? -1 : 1;
	return memcmp(c->class_names[i], c->class_names[j], c->class_lens[i]);
}

/*
 * Load the datum d (as it came, not external unless on disk) under key and
 * add it to the cache; the kind is checked against want before its payload
 * is looked at.
 */
static ModelEntry *
cache_load(const ModelKey *key, struct varlena *d, int want, const char *fname)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = AllocSetContextCreate(caller, "genre model detoast",
											   ALLOCSET_DEFAULT_SIZES);
	MemoryContext cxt = AllocSetContextCreate(caller, "genre model",
											  ALLOCSET_DEFAULT_SIZES);
	genre_status st;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;
	bytea	   *m;
	void	   *object;
	genre_cached_classifier cc;
	struct varlena *bytes = NULL;
	Size		mem;
	ModelEntry *e;
	bool		found;

	cache_create();
	genre_status_clear(&st);
	MemoryContextSwitchTo(work);
	m = (bytea *) pg_detoast_datum_packed(d);
	GENRE_CHECK(&st, genre_model_kind_open(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m), &ops,
										   &payload, &plen, &st));
	check_kind(ops, want, fname);
	if (ops->loaded_size)
	{
		Size		estimate = ops->loaded_size(payload, plen);

		/* refused before anything is allocated for it */
		if (estimate > cache_limit())
			error_over_limit(fname, ops, estimate);
	}

	MemoryContextSwitchTo(cxt);
	if ((object = ops->load(payload, plen, &st)) == NULL)
		genre_raise(&st);
	memset(&cc, 0, sizeof(cc));
	if (ops->classifier)
	{
		genre_classifier_view(ops, object, &cc.view);
		cc.labels = palloc(cc.view.n_classes * sizeof(text *));
		for (uint32 c = 0; c < cc.view.n_classes; c++)
		{
			if (!pg_verifymbstr(cc.view.class_names[c], cc.view.class_lens[c], true))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid %s model: class label is not valid in the database encoding",
								ops->name)));
			cc.labels[c] = cstring_to_text_with_len(cc.view.class_names[c],
													cc.view.class_lens[c]);
		}
		cc.jsonb_order = palloc(cc.view.n_classes * sizeof(uint32));
		for (uint32 c = 0; c < cc.view.n_classes; c++)
			cc.jsonb_order[c] = c;
		qsort_arg(cc.jsonb_order, cc.view.n_classes, sizeof(uint32), jsonb_key_cmp, &cc.view);
	}
	if (key->source == KEY_BYTES)
	{
		bytes = palloc(VARSIZE_ANY(d));
		memcpy(bytes, d, VARSIZE_ANY(d));
	}
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(work);
	mem = MemoryContextMemAllocated(cxt, true);
	if (mem > cache_limit())
		error_over_limit(fname, ops, mem);

	/* nothing below fails but the hash insertion, which adds nothing when it does */
	cache_make_room(mem, cache_limit());
	e = hash_search(cache_entries, key, HASH_ENTER, &found);
	Assert(!found);
	e->cxt = cxt;
	e->ops = ops;
	e->object = object;
	e->classifier = cc;
	e->bytes = bytes;
	e->mem = mem;
	MemoryContextSetParent(cxt, cache_cxt);
	dlist_push_head(&cache_lru, &e->lru);
	cache_bytes += mem;
	cache_loads++;
	return e;
}

/* After an entry was freed, forget which entries the site had: they may be gone. */
static void
site_refresh(CallSite *site)
{
	if (site->generation == cache_generation)
		return;
	for (int i = 0; i < SITE_SLOTS; i++)
		site->slots[i].entry = NULL;
	for (int i = 0; i < SITE_NAMES; i++)
		site->names[i].entry = NULL;
	site->generation = cache_generation;
}

static CallSite *
site_of(FunctionCallInfo fcinfo)
{
	CallSite   *site = (CallSite *) fcinfo->flinfo->fn_extra;

	if (site == NULL)
	{
		site = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallSite));
		fcinfo->flinfo->fn_extra = site;
	}
	site_refresh(site);
	return site;
}

static void
site_remember(CallSite *site, ModelEntry *e, const void *seen)
{
	SiteSlot   *s = &site->slots[site->next_slot];

	site->next_slot = (site->next_slot + 1) % SITE_SLOTS;
	s->key = e->key;
	s->seen = seen;
	s->entry = e;
}

/* Whether the in-memory datum d (size bytes) is the model of entry e, seen by slot s. */
static bool
same_bytes(SiteSlot *s, ModelEntry *e, struct varlena *d, Size size)
{
	if (VARSIZE_ANY(e->bytes) != size)
		return false;
	/*
	 * A large model passed again from where its bytes were compared (a model
	 * made in the query, joined with many rows) is compared by its envelope
	 * header only: its checksum was verified against those bytes, and every
	 * genre.model value was checked in full when it was made (model_in,
	 * model_recv, the aggregates), so the memory would have to be reused by
	 * another model of the same length and checksum.
	 */
	if (s && d == s->seen && size > SAME_PLACE_MIN && VARATT_IS_4B_U(d) &&
		memcmp(e->bytes, d, VARHDRSZ + GENRE_MODEL_HEADER_SIZE) == 0)
		return true;
	if (memcmp(e->bytes, d, size) != 0)
		return false;
	if (s)
		s->seen = d;
	return true;
}

/*
 * The entry of datum d of kind want, loaded when the cache does not have
 * it; the site remembers it unless it is a datum of passing memory (SPI's).
 */
static ModelEntry *
fetch_datum(CallSite *site, struct varlena *d, int want, const char *fname, bool remember)
{
	ModelKey	key;
	ModelEntry *e;
	bool		found;
	Size		size = 0;

	memset(&key, 0, sizeof(key));
	if (VARATT_IS_EXTERNAL_ONDISK(d))
	{
		struct varatt_external ext;

		/* identified without reading it: no TOAST fetch per row */
		VARATT_EXTERNAL_GET_POINTER(ext, d);
		key.source = KEY_TOAST;
		key.toast_rel = ext.va_toastrelid;
		key.toast_value = ext.va_valueid;
		key.size = (uint32) ext.va_rawsize;
		key.extra = ext.va_extinfo;
		for (int i = 0; i < SITE_SLOTS; i++)
			if (site->slots[i].entry && memcmp(&site->slots[i].key, &key, sizeof(key)) == 0)
			{
				e = site->slots[i].entry;
				goto hit;
			}
	}
	else
	{
		if (VARATT_IS_EXTERNAL(d))
			d = detoast_external_attr(d);	/* in-memory indirection: flatten it */
		size = VARSIZE_ANY(d);
		for (int i = 0; i < SITE_SLOTS; i++)
		{
			SiteSlot   *s = &site->slots[i];

			if (s->entry && s->key.source == KEY_BYTES && same_bytes(s, s->entry, d, size))
			{
				e = s->entry;
				goto hit;
			}
		}
		key.source = KEY_BYTES;
		key.size = (uint32) size;
		key.extra = hash_bytes((const unsigned char *) d, (int) size);
	}

	cache_create();
	e = hash_search(cache_entries, &key, HASH_FIND, &found);
	if (e && key.source == KEY_BYTES && !same_bytes(NULL, e, d, size))
	{
		/* another model with the same hash: this one takes its place */
		cache_evict(e);
		e = NULL;
	}
	if (e == NULL)
		e = cache_load(&key, d, want, fname);
	/* evictions on the way may have freed what this site remembers */
	site_refresh(site);
	if (remember)
		site_remember(site, e, key.source == KEY_BYTES ? d : NULL);

hit:
	check_kind(e->ops, want, fname);
	cache_touch(e);
	return e;
}

static ModelEntry *
fetch(FunctionCallInfo fcinfo, int argno, int want, const char *fname)
{
	return fetch_datum(site_of(fcinfo), (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno)),
					   want, fname, true);
}

void *
genre_model_fetch(FunctionCallInfo fcinfo, int argno, genre_model_kind want, const char *fname)
{
	return fetch(fcinfo, argno, (int) want, fname)->object;
}

void *
genre_model_fetch_any(FunctionCallInfo fcinfo, int argno, const genre_model_kind_ops **ops,
					  const char *fname)
{
	ModelEntry *e = fetch(fcinfo, argno, WANT_ANY, fname);

	*ops = e->ops;
	return e->object;
}

const genre_cached_classifier *
genre_classifier_fetch(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	return &fetch(fcinfo, argno, WANT_CLASSIFIER, fname)->classifier;
}

/* Run the name lookup (SPI connected). */
static void
lookup(Oid *argtypes, Datum *values)
{
	if (SPI_execute_with_args(GENRE_MODELS_LOOKUP_SQL, 1, argtypes, values, NULL, true,
							  1) != SPI_OK_SELECT)
		elog(ERROR, "could not read genre.models");
}

/*
 * The model stored under name, as a datum in SPI's memory (valid until
 * SPI_finish): the one place that knows how predict(name, ...) finds it.
 */
static struct varlena *
read_model_by_name(text *name)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1] = {PointerGetDatum(name)};
	bool		isnull;
	Datum		d;

	if (genre_in_citus_worker_query())
	{
		/* a worker's own genre.models, or a reference table's nested query, fails */
		MemoryContext cxt = CurrentMemoryContext;

		PG_TRY();
		{
			lookup(argtypes, values);
		}
		PG_CATCH();
		{
			ErrorData  *e;

			MemoryContextSwitchTo(cxt);
			e = CopyErrorData();
			if (e->sqlerrcode == ERRCODE_QUERY_CANCELED)
				PG_RE_THROW();
			FlushErrorState();
			genre_error_model_name_on_worker(text_to_cstring(name));
		}
		PG_END_TRY();
		if (SPI_processed == 0)
			genre_error_model_name_on_worker(text_to_cstring(name));
	}
	else
		lookup(argtypes, values);
	if (SPI_processed == 0)
		genre_error_model_not_found(text_to_cstring(name));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("model \"%s\" in genre.models is NULL", text_to_cstring(name))));
	return (struct varlena *) DatumGetPointer(d);
}

/* The entry of the model stored under name (kind want: a genre_model_kind, or WANT_*). */
static ModelEntry *
fetch_by_name(FunctionCallInfo fcinfo, text *name, int want, const char *fname)
{
	CallSite   *site = site_of(fcinfo);
	Size		len = VARSIZE_ANY_EXHDR(name);
	SiteName   *sn;
	ModelEntry *e;

	for (int i = 0; i < SITE_NAMES; i++)
	{
		sn = &site->names[i];
		if (sn->entry && VARSIZE_ANY_EXHDR(sn->name) == len &&
			memcmp(VARDATA_ANY(sn->name), VARDATA_ANY(name), len) == 0)
		{
			e = sn->entry;
			check_kind(e->ops, want, fname);
			cache_touch(e);
			return e;
		}
	}

	/* read once per call site and name (again only after an eviction) */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	e = fetch_datum(site, read_model_by_name(name), want, fname, false);
	SPI_finish();

	sn = &site->names[site->next_name];
	site->next_name = (site->next_name + 1) % SITE_NAMES;
	if (sn->name == NULL || VARSIZE_ANY_EXHDR(sn->name) < len)
	{
		if (sn->name)
			pfree(sn->name);
		sn->name = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARHDRSZ + len);
	}
	SET_VARSIZE(sn->name, VARHDRSZ + len);
	memcpy(VARDATA(sn->name), VARDATA_ANY(name), len);
	sn->entry = e;
	return e;
}

const genre_cached_classifier *
genre_classifier_fetch_by_name(FunctionCallInfo fcinfo, text *name, const char *fname)
{
	return &fetch_by_name(fcinfo, name, WANT_CLASSIFIER, fname)->classifier;
}

void *
genre_model_fetch_by_name(FunctionCallInfo fcinfo, text *name, genre_model_kind want,
						  const char *fname)
{
	return fetch_by_name(fcinfo, name, (int) want, fname)->object;
}

void	  **
genre_model_site_extra(FunctionCallInfo fcinfo)
{
	return &site_of(fcinfo)->extra;
}

/* genre.model_cache_info() -> (entries, bytes, limit_bytes, loads, evictions) */
Datum
genre_model_cache_info(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "genre.model_cache_info must return a record");
	values[0] = Int32GetDatum(cache_entries ? (int32) hash_get_num_entries(cache_entries) : 0);
	values[1] = Int64GetDatum((int64) cache_bytes);
	values[2] = Int64GetDatum((int64) cache_limit());
	values[3] = Int64GetDatum((int64) cache_loads);
	values[4] = Int64GetDatum((int64) cache_evictions);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
