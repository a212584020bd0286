/*
 * tracking.h - test helpers: an allocator that counts live blocks, live and
 * peak bytes and the largest request (leaks and memory bounds), and a host
 * cancel that fires after a set number of checks (cancel at every check).
 */
#ifndef GENRE_TEST_TRACKING_H
#define GENRE_TEST_TRACKING_H

#include "base/alloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static size_t largest_alloc;
static long live_blocks;
static size_t live_bytes,		/* bytes handed out and not freed, and their peak */
			peak_bytes;

/* each block carries its size in front, for the byte counts */
typedef union
{
	size_t		size;
	max_align_t align;
} track_header;

static void *
track_alloc(size_t size)
{
	track_header *h;

	if (size > largest_alloc)
		largest_alloc = size;
	h = malloc(sizeof(track_header) + (size ? size : 1));
	if (h == NULL)
		return NULL;
	h->size = size;
	live_blocks++;
	live_bytes += size;
	if (live_bytes > peak_bytes)
		peak_bytes = live_bytes;
	return h + 1;
}

static void
track_free(void *ptr)
{
	track_header *h;

	if (ptr == NULL)
		return;
	h = (track_header *) ptr - 1;
	live_blocks--;
	live_bytes -= h->size;
	free(h);
}

static void *
track_realloc(void *ptr, size_t size)
{
	void	   *q = track_alloc(size);

	if (q && ptr)
	{
		size_t		old = ((track_header *) ptr - 1)->size;

		memcpy(q, ptr, old < size ? old : size);
		track_free(ptr);
	}
	return q;
}

static const genre_allocator tracking = {track_alloc, track_realloc, track_free};

/* checks the host answers "go on" before it says stop, and the checks seen */
static int	checks_left;
static int	checks_seen;

static int
cancel_countdown(void)
{
	checks_seen++;
	return --checks_left < 0;
}

#endif
