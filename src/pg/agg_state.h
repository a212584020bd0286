/*
 * agg_state.h - the header every bytea aggregate state starts with, the one
 * validator that reads it, and the expanded (in-memory) form of states that
 * grow.
 *
 * Flat form (what a parallel worker or Citus ships, what a direct call or
 * an INITCOND passes in):
 *
 *   int32  varlena header (4 bytes)
 *   uint32 magic          the state family (GENRE_STATE_MAGIC('g','S','I','L'))
 *   uint32 version        the family's body format
 *   uint32 used           body bytes; VARSIZE is exactly GENRE_STATE_HDRSZ + used
 *   body                  the family's own layout, validated by its reader
 *
 * A state from a datum is untrusted: genre_state_read checks the header
 * against the bytes present and hands the family a MAXALIGN'ed body whose
 * length is known, so each family's reader checks counts x sizes against
 * that length (genre_size_mul / division, never a product that can wrap)
 * before any loop or allocation.  A bad state is 22P03 "invalid <aggregate>
 * state: <reason>" (genre_error_bad_state).
 *
 * States that grow row by row (agg_buffer.h, contingency.c) live, inside an
 * aggregate, as an expanded object in a child of the aggregate context:
 * nodeAgg passes the same read/write pointer back on every row, so an append
 * is amortised O(1) and nothing is copied; when the state leaves the node
 * (a parallel worker's tuple, Citus's text) PostgreSQL flattens it through
 * the family's body_size/write_body, which ship only the bytes in use.
 * Fixed-size states (moments.c) stay flat and are updated in place.
 */
#ifndef GENRE_PG_AGG_STATE_H
#define GENRE_PG_AGG_STATE_H

#include "postgres.h"

#include "fmgr.h"

#define GENRE_STATE_MAGIC(a, b, c, d) \
	((uint32) (a) | ((uint32) (b) << 8) | ((uint32) (c) << 16) | ((uint32) (d) << 24))

typedef struct GenreStateHeader
{
	int32		vl_len_;
	uint32		magic;
	uint32		version;
	uint32		used;
} GenreStateHeader;

#define GENRE_STATE_HDRSZ ((Size) sizeof(GenreStateHeader))

/* What a family of states is; one static const per family. */
typedef struct GenreStateFamily
{
	uint32		magic;
	uint32		version;
	const char *name;			/* in messages when the caller names no aggregate */
	/* expanded families only (NULL for states kept flat): */
	Size		(*body_size) (void *mem);	/* bytes of the flat body */
	void		(*write_body) (void *mem, char *body, Size len);	/* fill exactly len bytes */
} GenreStateFamily;

/* A state argument as read by genre_state_read. */
typedef struct GenreStateArg
{
	void	   *mem;			/* one of our expanded states of this family: its in-memory form */
	bool		writable;		/* ... passed read/write: the caller may change mem in place */
	bytea	   *flat;			/* else the flat state (detoasted, MAXALIGN'ed) */
	const char *body;			/* its body, header checked */
	Size		len;			/* body bytes */
} GenreStateArg;

/*
 * Read argument argno (not NULL) as a state of fam: our expanded object of
 * this family as it is, anything else flattened and checked (magic,
 * version, used == the bytes present); 22P03 naming fname (NULL: the
 * family's name) otherwise.
 */
extern void genre_state_read(FunctionCallInfo fcinfo, int argno, const GenreStateFamily *fam,
							 const char *fname, GenreStateArg *arg);

/* A new flat state of fam with a zeroed body of len bytes (palloc'ed in the current context). */
extern bytea *genre_state_flat_new(const GenreStateFamily *fam, Size len, const char *fname);

/*
 * A new expanded state of fam whose in-memory form is mem.  cxt comes from
 * genre_state_context and holds mem and everything it points to; the
 * result is the read/write datum to return from the transition function.
 */
extern MemoryContext genre_state_context(FunctionCallInfo fcinfo);
extern Datum genre_state_expanded(MemoryContext cxt, const GenreStateFamily *fam, void *mem);

/*
 * An expanded state whose in-memory form is a copy of its flat body with
 * room to grow (row buffers, moments): flattening copies the used bytes.
 */
typedef struct GenreStateBuf
{
	char	   *body;			/* the flat body, used of cap bytes */
	Size		cap;
	Size		used;
	Size		limit;			/* genre_state_limit() when made */
	MemoryContext cxt;			/* holds this and body */
	Datum		datum;			/* the expanded state's read/write datum */
} GenreStateBuf;

extern Size genre_statebuf_body_size(void *mem);
extern void genre_statebuf_write_body(void *mem, char *body, Size len);

#define GENRE_STATEBUF_FAMILY(magic, version, name) \
	{(magic), (version), (name), genre_statebuf_body_size, genre_statebuf_write_body}

/* A new empty buffer state with room for cap bytes; 54000 naming fname past the limit. */
extern GenreStateBuf *genre_statebuf_new(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
										 Size cap, const char *fname);

/* Room for len more body bytes at the end (the caller fills them; amortised O(1)). */
extern char *genre_statebuf_append(GenreStateBuf *b, Size len, const char *fname);

/*
 * Big copies and zeroing of state bytes, in 1 MB pieces with a cancel check
 * before each: a state of hundreds of MB is seconds of page faults, and a
 * cancel must land within 100 ms (growing, flattening, copying a state).
 */
extern void genre_state_copy(char *dst, const char *src, Size len);
extern void *genre_state_alloc0(MemoryContext cxt, Size len);

/* The core stopped for a cancel (genre_interrupted()): 57014, never returns. */
extern void genre_state_canceled(void) pg_attribute_noreturn();

/*
 * Checks of what a state's rows hold, for the readers of crafted states
 * (22P03 naming fname and the 1-based row): a label must be valid text in
 * the database encoding (no NUL), features and values finite.
 */
extern void genre_state_check_label(const char *fname, const char *s, Size len, uint64 row);
extern void genre_state_check_finite(const char *fname, const void *x, Size n, uint64 row);

/*
 * The most body bytes a state may hold: what fits in one PostgreSQL value
 * (1 GB), or, on a server running Citus, what fits once Citus sends it
 * between nodes as hex text of twice its size.  Past it:
 * genre_error_over_state_limit (54000, naming the limit).
 */
extern Size genre_state_limit(void);
extern void genre_error_over_state_limit(const char *fname) pg_attribute_noreturn();

#endif
