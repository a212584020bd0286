/*
 * backend_cache.c - one FFTW plan / filter bank cache per backend.
 *
 * Plans and banks cost more to make than to use and every row of a scan
 * needs the same ones; a backend is single-threaded, so one static cache
 * serves every call.  It lives for the process (the OS reclaims it).
 */
#include "postgres.h"

#include "pg/backend_cache.h"

static genre_plan_cache *backend_cache = NULL;

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
	return backend_cache;
}
