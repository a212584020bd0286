/*
 * bytes.h - bounds-checked little-endian reader and growable writer.
 *
 * Everything the core serialises (models) is written with genre_writer and
 * read back with genre_reader.  The reader never reads past its end: a short
 * or corrupt buffer sets a sticky failure flag and yields zeros, so a loader
 * checks ok once after a run of reads.  The writer doubles as a text builder
 * (JSON for model_info).
 */
#ifndef GENRE_BASE_BYTES_H
#define GENRE_BASE_BYTES_H

#include <stddef.h>
#include <stdint.h>

typedef struct genre_writer
{
	unsigned char *data;		/* genre_alloc'ed; owned by the writer */
	size_t		len;
	size_t		cap;
	int			failed;			/* allocation failed at some point */
} genre_writer;

/* Start an empty writer with room for initial_cap bytes (may be 0). */
void		genre_writer_init(genre_writer *w, size_t initial_cap);

/* Release the buffer. */
void		genre_writer_free(genre_writer *w);

/* Make room for n more bytes; returns 0 and sets failed when it cannot. */
int			genre_writer_reserve(genre_writer *w, size_t n);

void		genre_put_bytes(genre_writer *w, const void *src, size_t n);
void		genre_put_u8(genre_writer *w, uint8_t v);
void		genre_put_u16(genre_writer *w, uint16_t v);
void		genre_put_u32(genre_writer *w, uint32_t v);
void		genre_put_i32(genre_writer *w, int32_t v);
void		genre_put_u64(genre_writer *w, uint64_t v);
void		genre_put_f32(genre_writer *w, float v);
void		genre_put_f64(genre_writer *w, double v);

/* Text helpers: append formatted text / a JSON string literal (quoted, escaped). */
void		genre_put_text(genre_writer *w, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
void		genre_put_json_string(genre_writer *w, const char *s, size_t n);

/* Append a JSON number; NaN and infinities become null (JSON has none). */
void		genre_put_json_number(genre_writer *w, double v);

/* NUL-terminate the text written so far (not counted in len); 0 on OOM. */
int			genre_writer_cstring(genre_writer *w);

typedef struct genre_reader
{
	const unsigned char *data;
	size_t		len;
	size_t		pos;
	int			failed;			/* a read went past the end */
} genre_reader;

/* Read from a caller-owned buffer. */
void		genre_reader_init(genre_reader *r, const void *data, size_t len);

/* Bytes left to read. */
size_t		genre_reader_remaining(const genre_reader *r);

/* Point *out at the next n bytes (no copy); NULL and failed when short. */
const void *genre_get_bytes(genre_reader *r, size_t n);
uint8_t		genre_get_u8(genre_reader *r);
uint16_t	genre_get_u16(genre_reader *r);
uint32_t	genre_get_u32(genre_reader *r);
int32_t		genre_get_i32(genre_reader *r);
uint64_t	genre_get_u64(genre_reader *r);
float		genre_get_f32(genre_reader *r);
double		genre_get_f64(genre_reader *r);

/*
 * Check that count items of item_size bytes can still be read, so a loader
 * can refuse a crafted count before allocating for it.
 */
int			genre_reader_can_read(const genre_reader *r, uint64_t count, size_t item_size);

#endif
