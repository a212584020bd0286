/*
 * backend_cache.c - one FFTW plan / filter bank cache per backend, and the
 * memory budget of its calls (genre.max_memory).
 *
 * Plans and banks cost more to make than to use and every row of a scan
 * needs the same ones; a backend is single-threaded, so one static cache
 * serves every call.  It lives for the process (the OS reclaims it).
 */
#include "postgres.h"

#include <limits.h>

#include "utils/guc.h"
#include "utils/memutils.h"

#include "pg/backend_cache.h"

static genre_plan_cache *backend_cache = NULL;

/*
 * genre.max_memory, kB: what one call that decodes audio may use, decoded
 * audio included (every such function checks it: pg/audio_args.h).  A memory budget rather than a number of seconds: what a
 * second costs depends on the function and the layout (gtzan needs more
 * than genre), and memory is what runs out.  Set by any role, like
 * work_mem: it is the budget of one call, not a server-wide bound (that is
 * the operating system's or a role's own setting, ALTER ROLE ... SET).
 */
static int	max_memory_kb = 512 * 1024;

void
genre_backend_cache_define_settings(void)
{
	DefineCustomIntVariable("genre.max_memory",
							"Memory one genre call that decodes audio may use, decoded audio included.",
							"A call whose estimate is larger fails with 54000 before it decodes; "
							"read long recordings in windows (offset_s, duration_s).  Default 512MB.",
							&max_memory_kb, 512 * 1024, 1024, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
}

/*
 * The core gives its scratch back on every path, but an ERROR raised by
 * the bridge while a computation holds blocks (GENRE_CHECK between two
 * steps of genre.frames, a cancel) unwinds past that.  So each call's
 * memory context, when it is reset or deleted, reclaims whatever is still
 * handed out: nothing after a call that returned, the blocks of one that
 * failed.
 */
static MemoryContext reclaim_registered_in = NULL;

static void
reclaim_scratch(void *arg)
{
	reclaim_registered_in = NULL;
	genre_work_reclaim(backend_cache);
}

static void
reclaim_on_reset(void)
{
	MemoryContextCallback *cb;

	if (reclaim_registered_in == CurrentMemoryContext)
		return;
	cb = MemoryContextAlloc(CurrentMemoryContext, sizeof(MemoryContextCallback));
	cb->func = reclaim_scratch;
	cb->arg = NULL;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, cb);
	reclaim_registered_in = CurrentMemoryContext;
}

genre_plan_cache *
genre_backend_cache(void)
{
	if (backend_cache == NULL)
	{
		backend_cache = genre_plan_cache_create();
		if (backend_cache == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory for the fft plan cache")));
	}
	/* the setting may change between calls */
	genre_plan_cache_set_memory_limit(backend_cache, (size_t) max_memory_kb * 1024,
									  "genre.max_memory");
	reclaim_on_reset();
	return backend_cache;
}
