/*
 * agg_buffer.c - the row-buffer states (see agg_buffer.h).
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "pg/agg_buffer.h"
#include "pg/errors.h"

/* meta_len u32, zero u32, nrows u64 */
#define SUBHDR 16
#define INITIAL_CAP 8192

static inline Size
meta_space(uint32 meta_len)
{
	return TYPEALIGN(8, (Size) meta_len);
}

/* Parse a body of len bytes into a view; 22P03 when its sizes do not add up. */
static void
parse_body(const char *body, Size len, const char *fname, GenreRows *r)
{
	uint32		meta_len,
				zero;
	uint64		nrows;

	if (len < SUBHDR)
		genre_error_bad_state(fname, "%zu body bytes, shorter than the row-buffer header", len);
	memcpy(&meta_len, body, 4);
	memcpy(&zero, body + 4, 4);
	memcpy(&nrows, body + 8, 8);
	if (zero != 0)
		genre_error_bad_state(fname, "reserved field is not zero");
	if (meta_len > len - SUBHDR || meta_space(meta_len) > len - SUBHDR)
		genre_error_bad_state(fname, "meta of %u bytes in a %zu-byte body", meta_len, len);
	r->meta = body + SUBHDR;
	r->meta_len = meta_len;
	r->rows = body + SUBHDR + meta_space(meta_len);
	r->rows_len = len - SUBHDR - meta_space(meta_len);
	r->nrows = nrows;
	if (nrows > r->rows_len)
		genre_error_bad_state(fname, UINT64_FORMAT " rows in %zu bytes", nrows, r->rows_len);
}

void
genre_rowbuf_view(const GenreRowBuf *b, GenreRows *r)
{
	parse_body(b->body, b->used, "aggregate", r);
}

void
genre_rowbuf_read(FunctionCallInfo fcinfo, int argno, const GenreStateFamily *fam,
				  const char *fname, GenreRows *r)
{
	GenreStateArg a;

	genre_state_read(fcinfo, argno, fam, fname, &a);
	if (a.mem)
		genre_rowbuf_view(a.mem, r);
	else
		parse_body(a.body, a.len, fname ? fname : fam->name, r);
}

static void
set_nrows(GenreRowBuf *b, uint64 nrows)
{
	memcpy(b->body + 8, &nrows, 8);
}

GenreRowBuf *
genre_rowbuf_create(FunctionCallInfo fcinfo, const GenreStateFamily *fam, const void *meta,
					uint32 meta_len)
{
	GenreRowBuf *b = genre_statebuf_new(fcinfo, fam, INITIAL_CAP, fam->name);
	char	   *p = genre_statebuf_append(b, SUBHDR + meta_space(meta_len), fam->name);

	memset(p, 0, SUBHDR + meta_space(meta_len));
	memcpy(p, &meta_len, 4);
	if (meta_len)
		memcpy(p + SUBHDR, meta, meta_len);
	return b;
}

/* A new expanded buffer holding the rows of view r (meta and rows copied). */
static GenreRowBuf *
copy_of(FunctionCallInfo fcinfo, const GenreStateFamily *fam, const GenreRows *r,
		const char *fname)
{
	GenreRowBuf *b = genre_rowbuf_create(fcinfo, fam, r->meta, r->meta_len);

	if (r->rows_len)
		genre_state_copy(genre_statebuf_append(b, r->rows_len, fname), r->rows, r->rows_len);
	set_nrows(b, r->nrows);
	return b;
}

GenreRowBuf *
genre_rowbuf_arg0(FunctionCallInfo fcinfo, const GenreStateFamily *fam, const char *fname)
{
	GenreStateArg a;
	GenreRows	r;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(0))
		return NULL;
	genre_state_read(fcinfo, 0, fam, fname, &a);
	if (a.mem && a.writable)
		return a.mem;
	if (a.mem)
		genre_rowbuf_view(a.mem, &r);
	else
		parse_body(a.body, a.len, fname ? fname : fam->name, &r);
	return copy_of(fcinfo, fam, &r, fname ? fname : fam->name);
}

char *
genre_rowbuf_add_row(GenreRowBuf *b, Size len, const char *fname)
{
	uint64		nrows;
	char	   *p = genre_statebuf_append(b, len, fname);

	memcpy(&nrows, b->body + 8, 8);
	set_nrows(b, nrows + 1);
	return p;
}

/* Raise the error for two states whose metas differ (see agg_buffer.h). */
static void
raise_meta_mismatch(const GenreRows *a, const GenreRows *b, const char *fname,
					const char *dim_arg, const char *constant)
{
	uint32		da,
				db;

	if (dim_arg && a->meta_len >= sizeof(uint32) && b->meta_len >= sizeof(uint32))
	{
		memcpy(&da, a->meta, sizeof(uint32));
		memcpy(&db, b->meta, sizeof(uint32));
		if (da != db)
			genre_error_length_vs_first(fname, dim_arg, 0, db, da);
	}
	if (constant == NULL)
		genre_error_bad_state(fname, "the two states to combine have different metas");
	genre_error_not_constant(fname, constant);
}

Datum
genre_rowbuf_combine_args(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
						  const char *fname, const char *dim_arg, const char *constant)
{
	const char *name = fname ? fname : fam->name;
	GenreRowBuf *dst;
	GenreRows	src,
				d;
	uint64		nrows;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		/* still check it: the result goes on as a state of ours */
		dst = genre_rowbuf_arg0(fcinfo, fam, fname);
		PG_RETURN_DATUM(dst->datum);
	}
	genre_rowbuf_read(fcinfo, 1, fam, fname, &src);
	dst = genre_rowbuf_arg0(fcinfo, fam, fname);
	if (dst == NULL)
		PG_RETURN_DATUM(copy_of(fcinfo, fam, &src, name)->datum);
	genre_rowbuf_view(dst, &d);
	if (d.meta_len != src.meta_len || memcmp(d.meta, src.meta, d.meta_len) != 0)
		raise_meta_mismatch(&d, &src, name, dim_arg, constant);
	if (src.rows == d.rows)
		genre_error_bad_state(name, "a state combined with itself");
	if (src.rows_len)
		genre_state_copy(genre_statebuf_append(dst, src.rows_len, name), src.rows, src.rows_len);
	/* both counts are at most their byte lengths, and the sum fits below 1 GB */
	nrows = d.nrows + src.nrows;
	set_nrows(dst, nrows);
	PG_RETURN_DATUM(dst->datum);
}
