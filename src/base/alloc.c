/*
 * alloc.c - pluggable allocator for the core.
 */
#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *
malloc_alloc(size_t size)
{
	return malloc(size ? size : 1);
}

static void *
malloc_realloc(void *ptr, size_t size)
{
	return realloc(ptr, size ? size : 1);
}

static const genre_allocator malloc_allocator = {malloc_alloc, malloc_realloc, free};

/* Process-wide configuration, set once by the host (src/pg or a test). */
static const genre_allocator *current = &malloc_allocator;

void
genre_set_allocator(const genre_allocator *a)
{
	current = a ? a : &malloc_allocator;
}

void *
genre_alloc(size_t size)
{
	return current->alloc(size);
}

int
genre_size_mul(size_t a, size_t b, size_t *out)
{
	if (b != 0 && a > SIZE_MAX / b)
		return 0;
	*out = a * b;
	return 1;
}

void *
genre_calloc(size_t n, size_t size)
{
	size_t		total;
	void	   *p;

	if (!genre_size_mul(n, size, &total))
		return NULL;
	p = current->alloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *
genre_calloc_checked(size_t n, size_t size, genre_status *st)
{
	const size_t piece = (size_t) 1 << 20;
	size_t		total;
	char	   *p;

	if (!genre_size_mul(n, size, &total) || (p = current->alloc(total)) == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	for (size_t done = 0; done < total; done += piece)
	{
		if (genre_interrupted())
		{
			current->free(p);
			genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			return NULL;
		}
		memset(p + done, 0, total - done < piece ? total - done : piece);
	}
	return p;
}

void *
genre_realloc(void *ptr, size_t size)
{
	if (ptr == NULL)
		return current->alloc(size);
	return current->realloc(ptr, size);
}

void
genre_free(void *ptr)
{
	if (ptr)
		current->free(ptr);
}

void *
genre_memdup(const void *src, size_t n)
{
	void	   *p = current->alloc(n);

	if (p && n)
		memcpy(p, src, n);
	return p;
}
