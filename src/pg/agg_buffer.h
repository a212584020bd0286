/*
 * agg_buffer.h - bytea transition state that buffers rows for an aggregate.
 *
 * DESIGN.md wants concrete (non-internal) states so Citus can push partial
 * aggregation to workers.  The state is a bytea whose varlena size covers its
 * whole capacity; a header records the bytes in use, so rows are appended in
 * place (amortised O(1)) and a copy made by PostgreSQL keeps its slack.
 *
 *   header | meta (fixed at creation) | rows (appended)
 *
 * meta holds what every row shares (dimension, options); combining two states
 * requires equal meta.
 */
#ifndef GENRE_PG_AGG_BUFFER_H
#define GENRE_PG_AGG_BUFFER_H

#include "postgres.h"

#include "fmgr.h"

typedef struct GenreAggBuf
{
	int32		vl_len_;
	uint32		magic;			/* identifies the aggregate that owns it */
	uint32		meta_len;
	uint64		used;			/* bytes of meta + rows in use */
	uint64		nrows;
	/* meta, then rows, follow (MAXALIGN'ed start) */
} GenreAggBuf;

#define GENRE_AGGBUF_HDRSZ MAXALIGN(sizeof(GenreAggBuf))

/* A new empty state with the given meta. */
GenreAggBuf *genre_aggbuf_create(uint32 magic, const void *meta, uint32 meta_len);

/*
 * Append one row of len bytes; returns the state to return from the
 * transition function (a new one when it had to grow).  Raises 54000 past
 * PostgreSQL's 1 GB value limit.
 */
GenreAggBuf *genre_aggbuf_append(GenreAggBuf *state, const void *row, size_t len);

/*
 * The whole body of a combine function over states of this module: checks
 * the aggregate context, reads arguments 0 and 1 (either may be NULL) and
 * concatenates their rows (a copy when argument 0 is NULL: state2 may be
 * read-only); returns a NULL result when both are NULL.  Their metas must be
 * equal: when dim_arg is not NULL the meta starts with the length (32 bit)
 * of that vector argument, and different lengths raise
 * genre_error_length_vs_first; any other difference is
 * genre_error_not_constant(fname, constant), or a bad state when constant
 * is NULL (nothing in the meta may differ).
 */
Datum		genre_aggbuf_combine_args(FunctionCallInfo fcinfo, uint32 magic, const char *fname,
									  const char *dim_arg, const char *constant);

/*
 * Check a state read from a datum (magic, sizes); raise 22P03 if it is not
 * one of ours.  Returns it as GenreAggBuf.  Detoasts when needed.
 */
GenreAggBuf *genre_aggbuf_from_datum(Datum d, uint32 magic);

/* Pointers into the state. */
static inline const char *
genre_aggbuf_meta(const GenreAggBuf *b)
{
	return (const char *) b + GENRE_AGGBUF_HDRSZ;
}

static inline const char *
genre_aggbuf_rows(const GenreAggBuf *b, size_t *len)
{
	*len = b->used - b->meta_len;
	return (const char *) b + GENRE_AGGBUF_HDRSZ + b->meta_len;
}

#endif
