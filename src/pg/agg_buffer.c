/*
 * agg_buffer.c - growable bytea aggregate state (see agg_buffer.h).
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "pg/agg_buffer.h"

#define MAX_PAYLOAD ((uint64) (MaxAllocSize - GENRE_AGGBUF_HDRSZ))

void
genre_aggbuf_require_agg(FunctionCallInfo fcinfo, const char *fname)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
}

static uint64
capacity_of(const GenreAggBuf *b)
{
	return VARSIZE(b) - GENRE_AGGBUF_HDRSZ;
}

static void
raise_limit(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("aggregate input exceeds the 1 GB limit of a PostgreSQL value"),
			 errdetail("All rows of one group are buffered in one value of at most 1 GB."),
			 errhint("Train on fewer rows or shorter vectors, or aggregate a sample.")));
}

/*
 * A state with room for at least need payload bytes.  Allocated in the
 * current (per-call) context: PostgreSQL copies a changed state into the
 * aggregate context itself and frees the old one.
 */
static GenreAggBuf *
allocate(uint64 need)
{
	uint64		cap = 1024;
	GenreAggBuf *b;

	if (need > MAX_PAYLOAD)
		raise_limit();
	while (cap < need)
		cap *= 2;
	if (cap > MAX_PAYLOAD)
		cap = MAX_PAYLOAD;
	b = palloc(GENRE_AGGBUF_HDRSZ + cap);
	SET_VARSIZE(b, GENRE_AGGBUF_HDRSZ + cap);
	return b;
}

GenreAggBuf *
genre_aggbuf_create(uint32 magic, const void *meta, uint32 meta_len)
{
	GenreAggBuf *b = allocate((uint64) meta_len + 4096);

	b->magic = magic;
	b->meta_len = meta_len;
	b->used = meta_len;
	b->nrows = 0;
	if (meta_len)
		memcpy((char *) b + GENRE_AGGBUF_HDRSZ, meta, meta_len);
	return b;
}

/* Make room for extra more bytes, copying to a bigger state when needed. */
static GenreAggBuf *
reserve(GenreAggBuf *b, uint64 extra)
{
	GenreAggBuf *n;

	if (extra > MAX_PAYLOAD || b->used + extra > MAX_PAYLOAD)
		raise_limit();
	if (b->used + extra <= capacity_of(b))
		return b;
	n = allocate(Max(b->used + extra, capacity_of(b) * 2));
	memcpy((char *) n + sizeof(int32), (char *) b + sizeof(int32),
		   GENRE_AGGBUF_HDRSZ - sizeof(int32) + b->used);
	return n;
}

GenreAggBuf *
genre_aggbuf_append(GenreAggBuf *state, const void *row, size_t len)
{
	state = reserve(state, len);
	memcpy((char *) state + GENRE_AGGBUF_HDRSZ + state->used, row, len);
	state->used += len;
	state->nrows++;
	return state;
}

GenreAggBuf *
genre_aggbuf_combine(GenreAggBuf *state1, GenreAggBuf *state2,
					 uint32 magic, const char *mismatch_msg)
{
	size_t		rows_len;
	const char *rows;

	if (state2 == NULL)
		return state1;
	if (state1 == NULL)
	{
		state1 = genre_aggbuf_create(magic, genre_aggbuf_meta(state2), state2->meta_len);
		rows = genre_aggbuf_rows(state2, &rows_len);
		state1 = reserve(state1, rows_len);
		memcpy((char *) state1 + GENRE_AGGBUF_HDRSZ + state1->used, rows, rows_len);
		state1->used += rows_len;
		state1->nrows = state2->nrows;
		return state1;
	}
	if (state1->meta_len != state2->meta_len ||
		memcmp(genre_aggbuf_meta(state1), genre_aggbuf_meta(state2), state1->meta_len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", mismatch_msg)));
	rows = genre_aggbuf_rows(state2, &rows_len);
	state1 = reserve(state1, rows_len);
	memcpy((char *) state1 + GENRE_AGGBUF_HDRSZ + state1->used, rows, rows_len);
	state1->used += rows_len;
	state1->nrows += state2->nrows;
	return state1;
}

Datum
genre_aggbuf_combine_args(FunctionCallInfo fcinfo, uint32 magic,
						  const char *fname, const char *mismatch_msg)
{
	GenreAggBuf *s1,
			   *s2;

	genre_aggbuf_require_agg(fcinfo, fname);
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	s1 = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), magic);
	s2 = PG_ARGISNULL(1) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(1), magic);
	PG_RETURN_POINTER(genre_aggbuf_combine(s1, s2, magic, mismatch_msg));
}

GenreAggBuf *
genre_aggbuf_from_datum(Datum d, uint32 magic)
{
	GenreAggBuf *b = (GenreAggBuf *) PG_DETOAST_DATUM(d);

	if (VARSIZE(b) < GENRE_AGGBUF_HDRSZ || b->magic != magic ||
		b->meta_len > b->used || b->used > capacity_of(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid aggregate state")));
	return b;
}
