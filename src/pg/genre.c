/*
 * genre.c - module entry: points the core's allocator at palloc and its
 * cancel check at PostgreSQL's interrupt flags.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "base/alloc.h"
#include "base/status.h"
#include "pg/backend_cache.h"
#include "pg/model_cache.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * palloc has no realloc that reports failure instead of throwing, so each
 * block carries its size in a MAXALIGN'ed prefix and realloc copies.
 */
#define PREFIX MAXALIGN(sizeof(Size) * 2)

static void *
pg_alloc(size_t size)
{
	char	   *p;

	if (size > MaxAllocHugeSize - PREFIX)
		return NULL;
	p = palloc_extended(size + PREFIX, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
	if (p == NULL)
		return NULL;
	*(Size *) p = size;
	return p + PREFIX;
}

static void
pg_free(void *ptr)
{
	pfree((char *) ptr - PREFIX);
}

static void *
pg_realloc(void *ptr, size_t size)
{
	Size		old = *(Size *) ((char *) ptr - PREFIX);
	void	   *p = pg_alloc(size);

	if (p == NULL)
		return NULL;
	memcpy(p, ptr, Min(old, size));
	pg_free(ptr);
	return p;
}

static const genre_allocator palloc_allocator = {pg_alloc, pg_realloc, pg_free};

/* Only a cancel or a termination stops core work; CHECK_FOR_INTERRUPTS then reports it. */
static int
pg_interrupted(void)
{
	return QueryCancelPending || ProcDiePending;
}

void
_PG_init(void)
{
	genre_set_allocator(&palloc_allocator);
	genre_set_interrupt_check(pg_interrupted);
	genre_backend_cache_define_settings();
	genre_model_cache_init();
}
