/*
 * tracking.h - test helpers: an allocator that counts live blocks and the
 * largest request (leaks and memory bounds), and a host cancel that fires
 * after a set number of checks (cancel at every check).
 */
#ifndef GENRE_TEST_TRACKING_H
#define GENRE_TEST_TRACKING_H

#include "base/alloc.h"

#include <stdlib.h>

static size_t largest_alloc;
static long live_blocks;

static void *
track_alloc(size_t size)
{
	if (size > largest_alloc)
		largest_alloc = size;
	live_blocks++;
	return malloc(size ? size : 1);
}

static void *
track_realloc(void *ptr, size_t size)
{
	if (size > largest_alloc)
		largest_alloc = size;
	if (ptr == NULL)
		live_blocks++;
	return realloc(ptr, size ? size : 1);
}

static void
track_free(void *ptr)
{
	if (ptr)
		live_blocks--;
	free(ptr);
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
