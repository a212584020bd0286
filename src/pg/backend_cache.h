/*
 * backend_cache.h - the backend's one plan and filter-bank cache.
 */
#ifndef GENRE_PG_BACKEND_CACHE_H
#define GENRE_PG_BACKEND_CACHE_H

#include "dsp/plan_cache.h"

/*
 * The cache of this backend, made on first use and kept until the process
 * exits (malloc'ed, outside memory contexts), its memory budget set from
 * genre.max_memory; ERROR when out of memory.
 */
extern genre_plan_cache *genre_backend_cache(void);

/* Define genre.max_memory (from _PG_init). */
extern void genre_backend_cache_define_settings(void);

#endif
