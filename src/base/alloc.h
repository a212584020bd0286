/*
 * alloc.h - the one memory interface of the core.
 *
 * The core never calls malloc directly: src/pg points this at palloc (so an
 * ERROR releases everything with the memory context), tests and fuzzers at
 * malloc.  Every function returns NULL on failure; it never longjmps.
 */
#ifndef GENRE_BASE_ALLOC_H
#define GENRE_BASE_ALLOC_H

#include "base/status.h"

#include <stddef.h>

typedef struct genre_allocator
{
	void	   *(*alloc) (size_t size);
	void	   *(*realloc) (void *ptr, size_t size);
	void		(*free) (void *ptr);
} genre_allocator;

/* Install the allocator (once per process; NULL restores malloc). */
void		genre_set_allocator(const genre_allocator *a);

/* Uninitialised memory, or NULL when out of memory or size overflows. */
void	   *genre_alloc(size_t size);

/* Zeroed array of n elements of size bytes, NULL on overflow or OOM. */
void	   *genre_calloc(size_t n, size_t size);

/*
 * genre_calloc for big arrays: zeroed a megabyte at a time with a cancel
 * check in between (the page faults of hundreds of megabytes take most of a
 * second on a busy machine).  NULL with GENRE_ENOMEM or GENRE_ECANCEL in st.
 */
void	   *genre_calloc_checked(size_t n, size_t size, genre_status *st);

/* Resize; NULL on failure (the old block is then still valid). */
void	   *genre_realloc(void *ptr, size_t size);

/* Release; NULL is allowed. */
void		genre_free(void *ptr);

/* Duplicate n bytes, NULL on failure. */
void	   *genre_memdup(const void *src, size_t n);

/* Multiply two sizes, returning 0 (false) on overflow. */
int			genre_size_mul(size_t a, size_t b, size_t *out);

#endif
