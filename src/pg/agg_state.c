/*
 * agg_state.c - the common state header, its validator and the expanded
 * form of growing states (see agg_state.h).
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "miscadmin.h"
#include "mb/pg_wchar.h"
#include "utils/expandeddatum.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "pg/agg_state.h"
#include "pg/errors.h"

/* An expanded state: the family says how to flatten mem. */
typedef struct StateEOH
{
	ExpandedObjectHeader hdr;
	const GenreStateFamily *fam;
	void	   *mem;
} StateEOH;

static Size
state_flat_size(ExpandedObjectHeader *eohptr)
{
	StateEOH   *e = (StateEOH *) eohptr;
	Size		len = e->fam->body_size(e->mem);

	/* appends stop at genre_state_limit(), well below this */
	if (len > MaxAllocSize - GENRE_STATE_HDRSZ)
		genre_error_over_state_limit(e->fam->name);
	return GENRE_STATE_HDRSZ + len;
}

static void
state_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	StateEOH   *e = (StateEOH *) eohptr;
	GenreStateHeader *h = (GenreStateHeader *) result;
	Size		len = allocated_size - GENRE_STATE_HDRSZ;

	SET_VARSIZE(h, allocated_size);
	h->magic = e->fam->magic;
	h->version = e->fam->version;
	h->used = (uint32) len;
	e->fam->write_body(e->mem, (char *) result + GENRE_STATE_HDRSZ, len);
}

/* cancel checks this often in big copies */
#define COPY_PIECE ((Size) 1 << 20)

void
genre_state_copy(char *dst, const char *src, Size len)
{
	for (Size done = 0; done < len; done += COPY_PIECE)
	{
		CHECK_FOR_INTERRUPTS();
		memcpy(dst + done, src + done, Min(COPY_PIECE, len - done));
	}
}

void *
genre_state_alloc0(MemoryContext cxt, Size len)
{
	char	   *p = MemoryContextAlloc(cxt, len);

	for (Size done = 0; done < len; done += COPY_PIECE)
	{
		CHECK_FOR_INTERRUPTS();
		memset(p + done, 0, Min(COPY_PIECE, len - done));
	}
	return p;
}

void
genre_state_canceled(void)
{
	CHECK_FOR_INTERRUPTS();
	/* interrupts held off: still stop, the work is half done */
	ereport(ERROR,
			(errcode(ERRCODE_QUERY_CANCELED),
			 errmsg("canceling statement due to user request")));
}

static const ExpandedObjectMethods state_methods = {state_flat_size, state_flatten_into};

void
genre_state_read(FunctionCallInfo fcinfo, int argno, const GenreStateFamily *fam,
				 const char *fname, GenreStateArg *arg)
{
	Datum		d = PG_GETARG_DATUM(argno);
	bytea	   *flat;
	GenreStateHeader h;
	const char *name = fname ? fname : fam->name;

	memset(arg, 0, sizeof(*arg));
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &state_methods && ((StateEOH *) eoh)->fam == fam)
		{
			arg->mem = ((StateEOH *) eoh)->mem;
			arg->writable = VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d));
			return;
		}
	}
	/* flattens expanded objects of other families (their magic then differs) */
	flat = (bytea *) PG_DETOAST_DATUM(d);
	if (VARSIZE(flat) < GENRE_STATE_HDRSZ)
		genre_error_bad_state(name, "%u bytes, shorter than the %u-byte state header",
							  (unsigned) VARSIZE_ANY_EXHDR(flat),
							  (unsigned) (GENRE_STATE_HDRSZ - VARHDRSZ));
	memcpy(&h, flat, sizeof(h));
	if (h.magic != fam->magic)
		genre_error_bad_state(name, "not a %s state (magic %08x)", fam->name, h.magic);
	if (h.version != fam->version)
		genre_error_bad_state(name, "format version %u, expected %u", h.version, fam->version);
	if ((Size) h.used != VARSIZE(flat) - GENRE_STATE_HDRSZ)
		genre_error_bad_state(name, "header says %u body bytes, %u present", h.used,
							  (unsigned) (VARSIZE(flat) - GENRE_STATE_HDRSZ));
	/* a value inside a tuple is only int-aligned; family readers may read doubles */
	if ((uintptr_t) flat % MAXIMUM_ALIGNOF != 0)
	{
		bytea	   *copy = palloc(VARSIZE(flat));

		genre_state_copy((char *) copy, (const char *) flat, VARSIZE(flat));
		flat = copy;
	}
	arg->flat = flat;
	arg->body = (const char *) flat + GENRE_STATE_HDRSZ;
	arg->len = h.used;
}

bytea *
genre_state_flat_new(const GenreStateFamily *fam, Size len, const char *fname)
{
	GenreStateHeader *h;

	if (len > genre_state_limit())
		genre_error_over_state_limit(fname ? fname : fam->name);
	h = palloc0(GENRE_STATE_HDRSZ + len);
	SET_VARSIZE(h, GENRE_STATE_HDRSZ + len);
	h->magic = fam->magic;
	h->version = fam->version;
	h->used = (uint32) len;
	return (bytea *) h;
}

MemoryContext
genre_state_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;

	genre_require_aggregate(fcinfo, &aggcxt);
	/* a child of the aggregate context: nodeAgg then keeps the object as it is */
	return AllocSetContextCreate(aggcxt, "genre aggregate state", ALLOCSET_START_SMALL_SIZES);
}

Datum
genre_state_expanded(MemoryContext cxt, const GenreStateFamily *fam, void *mem)
{
	StateEOH   *e = MemoryContextAlloc(cxt, sizeof(StateEOH));

	EOH_init_header(&e->hdr, &state_methods, cxt);
	e->fam = fam;
	e->mem = mem;
	return EOHPGetRWDatum(&e->hdr);
}

void
genre_state_check_label(const char *fname, const char *s, Size len, uint64 row)
{
	if (len > (Size) INT_MAX || !pg_verify_mbstr(GetDatabaseEncoding(), s, (int) len, true))
	{
		if (row == 0)
			genre_error_bad_state(fname, "a label is not valid %s text", GetDatabaseEncodingName());
		genre_error_bad_state(fname, "the label of row " UINT64_FORMAT " is not valid %s text",
							  row, GetDatabaseEncodingName());
	}
}

void
genre_state_check_finite(const char *fname, const void *x, Size n, uint64 row)
{
	for (Size i = 0; i < n; i++)
	{
		float		v;

		memcpy(&v, (const char *) x + i * sizeof(float), sizeof(float));
		if (!isfinite(v))
			genre_error_bad_state(fname, "row " UINT64_FORMAT " has a non-finite value at element %zu",
								  row, i + 1);
	}
}

Size
genre_statebuf_body_size(void *mem)
{
	return ((GenreStateBuf *) mem)->used;
}

void
genre_statebuf_write_body(void *mem, char *body, Size len)
{
	GenreStateBuf *b = mem;

	Assert(len == b->used);
	genre_state_copy(body, b->body, len);
}

GenreStateBuf *
genre_statebuf_new(FunctionCallInfo fcinfo, const GenreStateFamily *fam, Size cap,
				   const char *fname)
{
	MemoryContext cxt;
	GenreStateBuf *b;
	Size		limit = genre_state_limit();

	if (cap > limit)
		genre_error_over_state_limit(fname);
	cxt = genre_state_context(fcinfo);
	b = MemoryContextAlloc(cxt, sizeof(GenreStateBuf));
	b->cap = Max(cap, 64);
	b->body = MemoryContextAlloc(cxt, b->cap);
	b->used = 0;
	b->limit = limit;
	b->cxt = cxt;
	b->datum = genre_state_expanded(cxt, fam, b);
	return b;
}

char *
genre_statebuf_append(GenreStateBuf *b, Size len, const char *fname)
{
	char	   *p;

	if (len > b->limit || b->used > b->limit - len)
		genre_error_over_state_limit(fname);
	if (b->used + len > b->cap)
	{
		Size		cap = b->cap;
		char	   *body;

		while (cap < b->used + len)
			cap = Min(cap * 2, b->limit);
		/* not repalloc: its one memcpy of a big state would not hear a cancel */
		body = MemoryContextAlloc(b->cxt, cap);
		genre_state_copy(body, b->body, b->used);
		pfree(b->body);
		b->body = body;
		b->cap = cap;
	}
	p = b->body + b->used;
	b->used += len;
	return p;
}

/* Citus sends a state as "\x" and two hex digits a byte, in one value and one message. */
#define CITUS_STATE_LIMIT ((Size) 511 * 1024 * 1024)

static bool
citus_loaded(void)
{
	/* a real variable, not a placeholder made by SET on a server without Citus */
	return GetConfigOption("citus.shard_count", true, false) != NULL &&
		(GetConfigOptionFlags("citus.shard_count", true) & GUC_CUSTOM_PLACEHOLDER) == 0;
}

Size
genre_state_limit(void)
{
	return citus_loaded() ? CITUS_STATE_LIMIT : MaxAllocSize - GENRE_STATE_HDRSZ;
}

void
genre_error_over_state_limit(const char *fname)
{
	if (citus_loaded())
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: aggregate state exceeds the 511 MB limit of a state Citus sends between nodes",
						fname),
				 errdetail("Citus ships a partial aggregate state as hex text, twice its size, in one 1 GB value."),
				 errhint("Aggregate fewer rows per group and shard, or shorter vectors.")));
	genre_error_over_value_limit(fname, "aggregate state",
								 "All rows of one group are kept in one value of at most 1 GB.",
								 "Aggregate fewer rows or shorter vectors, or a sample.");
}
