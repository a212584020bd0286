/*
 * agg_buffer.c - growable bytea aggregate state (see agg_buffer.h).
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "pg/agg_buffer.h"
#include "pg/errors.h"

#define MAX_PAYLOAD ((uint64) (MaxAllocSize - GENRE_AGGBUF_HDRSZ))

static uint64
capacity_of(const GenreAggBuf *b)
{
	return VARSIZE(b) - GENRE_AGGBUF_HDRSZ;
}

static void
raise_limit(void)
{
	genre_error_over_value_limit(NULL, "aggregate input",
								 "All rows of one group are buffered in one value of at most 1 GB.",
								 "Train on fewer rows or shorter vectors, or aggregate a sample.");
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

/* Raise the error for two states whose metas differ (see agg_buffer.h). */
static void
raise_meta_mismatch(const GenreAggBuf *a, const GenreAggBuf *b, const char *fname,
					const char *dim_arg, const char *constant)
{
	uint32		da,
				db;

	if (dim_arg && a->meta_len >= sizeof(uint32) && b->meta_len >= sizeof(uint32))
	{
		memcpy(&da, genre_aggbuf_meta(a), sizeof(uint32));
		memcpy(&db, genre_aggbuf_meta(b), sizeof(uint32));
		if (da != db)
			genre_error_length_vs_first(fname, dim_arg, 0, db, da);
	}
	if (constant == NULL)
		genre_error_bad_state();
	genre_error_not_constant(fname, constant);
}

/* Append the rows of src to dst (which may grow: use the result). */
static GenreAggBuf *
append_rows(GenreAggBuf *dst, const GenreAggBuf *src)
{
	size_t		rows_len;
	const char *rows = genre_aggbuf_rows(src, &rows_len);

	dst = reserve(dst, rows_len);
	memcpy((char *) dst + GENRE_AGGBUF_HDRSZ + dst->used, rows, rows_len);
	dst->used += rows_len;
	dst->nrows += src->nrows;
	return dst;
}

Datum
genre_aggbuf_combine_args(FunctionCallInfo fcinfo, uint32 magic, const char *fname,
						  const char *dim_arg, const char *constant)
{
	GenreAggBuf *s1,
			   *s2;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	s1 = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), magic);
	s2 = PG_ARGISNULL(1) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(1), magic);
	if (s2 == NULL)
		PG_RETURN_POINTER(s1);
	if (s1 == NULL)
		PG_RETURN_POINTER(append_rows(genre_aggbuf_create(magic, genre_aggbuf_meta(s2),
														  s2->meta_len), s2));
	if (s1->meta_len != s2->meta_len ||
		memcmp(genre_aggbuf_meta(s1), genre_aggbuf_meta(s2), s1->meta_len) != 0)
		raise_meta_mismatch(s1, s2, fname, dim_arg, constant);
	PG_RETURN_POINTER(append_rows(s1, s2));
}

GenreAggBuf *
genre_aggbuf_from_datum(Datum d, uint32 magic)
{
	GenreAggBuf *b = (GenreAggBuf *) PG_DETOAST_DATUM(d);

	if (VARSIZE(b) < GENRE_AGGBUF_HDRSZ || b->magic != magic ||
		b->meta_len > b->used || b->used > capacity_of(b))
		genre_error_bad_state();
	return b;
}
