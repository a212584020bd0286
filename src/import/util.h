/*
 * util.h - memory, growable byte buffers, a string hash map, UTF-8 checks
 * and clocks for genre-import.  The program is a libpq client: nothing here is shared with
 * the extension's core.
 */
#ifndef GENRE_IMPORT_UTIL_H
#define GENRE_IMPORT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes (documented in doc/genre-import.md and --help). */
#define GI_EXIT_OK			0	/* done; nothing skipped for a problem */
#define GI_EXIT_SKIPPED		1	/* done; some files or rows skipped for a problem */
#define GI_EXIT_USAGE		2	/* bad options, manifest or label map; nothing written */
#define GI_EXIT_SERVER		3	/* connection or server error, or interrupted; committed batches stay */

/* Allocation; out of memory ends the program (exit 3). */
void	   *gi_malloc(size_t n);
void	   *gi_realloc(void *p, size_t n);
char	   *gi_strdup(const char *s);
char	   *gi_printf(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* Seconds on a monotonic clock. */
double		gi_now(void);

typedef struct gi_buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} gi_buf;

/* Make room for n more bytes; returns where they go (len unchanged). */
char	   *gi_buf_reserve(gi_buf *b, size_t n);
void		gi_buf_append(gi_buf *b, const void *p, size_t n);
void		gi_buf_puts(gi_buf *b, const char *s);
void		gi_buf_printf(gi_buf *b, const char *fmt,...) __attribute__((format(printf, 2, 3)));
/* Big-endian integers, as binary COPY wants them. */
void		gi_buf_int16(gi_buf *b, int16_t v);
void		gi_buf_int32(gi_buf *b, int32_t v);
void		gi_buf_free(gi_buf *b);

/* String -> pointer map (keys copied, open addressing). */
typedef struct gi_map
{
	char	  **keys;
	void	  **values;
	size_t		n;
	size_t		cap;			/* 0 or a power of two */
} gi_map;

/* The value for key, or NULL when absent. */
void	   *gi_map_get(const gi_map *m, const char *key);
/* The map's own copy of key (stable until gi_map_free), or NULL when absent. */
const char *gi_map_key(const gi_map *m, const char *key);
/* Is key present (even with a NULL value)? */
int			gi_map_has(const gi_map *m, const char *key);
/* Set key to value; returns 1 when the key was new. */
int			gi_map_put(gi_map *m, const char *key, void *value);
void		gi_map_free(gi_map *m);

/* Is s valid UTF-8 as PostgreSQL checks it (no overlongs, surrogates, > U+10FFFF, NUL)? */
int			gi_utf8_valid(const char *s);

/* Human sizes: "812 kB", "43.2 MB", "1.20 GB" (decimal units). */
const char *gi_size(int64_t bytes, char *out, size_t outlen);

#endif
