/*
 * plan_cache.h - FFTW plans and filter banks kept for a process's lifetime.
 *
 * Planning an FFT and building a filter bank cost more than using them, and
 * every row of a scan asks for the same sizes, so they are made once and
 * reused.  This is the one module of the core that uses malloc/fftw_malloc
 * directly instead of genre_alloc: its contents outlive queries (src/pg
 * keeps one cache per backend, tests make their own).  Not thread-safe, like
 * the backend that owns it.
 *
 * Plans use FFTW_ESTIMATE so the same input gives the same output in every
 * process (measured planning would pick algorithms by timing).
 */
#ifndef GENRE_DSP_PLAN_CACHE_H
#define GENRE_DSP_PLAN_CACHE_H

#include "base/status.h"

#include <fftw3.h>

typedef struct genre_plan_cache genre_plan_cache;

typedef enum genre_fft_kind
{
	GENRE_FFT_R2C,				/* in: double[n], out: fftw_complex[n/2+1] */
	GENRE_FFT_C2R,				/* in: fftw_complex[n/2+1] (overwritten), out: double[n] */
	GENRE_FFT_C2C_FORWARD,		/* in, out: fftw_complex[n], sign -1 */
	GENRE_FFT_C2C_BACKWARD		/* in, out: fftw_complex[n], sign +1 */
} genre_fft_kind;

/*
 * A plan with its own aligned buffers: fill in, call genre_fft_execute, read
 * out.  Transforms are unnormalised (FFTW's convention: a C2R after an R2C
 * returns n times the input).
 */
typedef struct genre_fft
{
	genre_fft_kind kind;
	int			n;
	void	   *in;				/* double * or fftw_complex *, see the kind */
	void	   *out;
	fftw_plan	plan;
} genre_fft;

/* A cached matrix of float32 weights, row-major rows x cols. */
typedef struct genre_bank
{
	int			rows;
	int			cols;
	const float *w;
} genre_bank;

/* A new empty cache (malloc'ed), or NULL when out of memory. */
genre_plan_cache *genre_plan_cache_create(void);

/* Release every plan, buffer and bank; NULL is allowed. */
void		genre_plan_cache_destroy(genre_plan_cache *c);

/* The plan of this kind and size n (>= 1), made on first use; owned by the cache. */
const genre_fft *genre_fft_get(genre_plan_cache *c, genre_fft_kind kind, int n,
							   genre_status *st);

/* Run a plan on its own buffers. */
void		genre_fft_execute(const genre_fft *f);

/*
 * A bank stored under (kind, params[0..n_params)), compared exactly; NULL
 * when absent.  Owned by the cache.
 */
const genre_bank *genre_bank_find(genre_plan_cache *c, const char *kind,
								  const double *params, int n_params);

/*
 * Store a copy of w (rows x cols) under (kind, params) and return the cached
 * bank; the caller keeps w.  Storing an existing key returns the old bank.
 */
const genre_bank *genre_bank_put(genre_plan_cache *c, const char *kind,
								 const double *params, int n_params,
								 int rows, int cols, const float *w, genre_status *st);

/*
 * Any other precomputed table (a sparse CQT basis, ...): size bytes stored
 * under (kind, params) in the same bounded store as the banks.  find gives
 * NULL when absent; put copies data (aligned for any type) and returns the
 * cached copy, or the existing one for a key already stored.
 */
const void *genre_blob_find(genre_plan_cache *c, const char *kind,
							const double *params, int n_params);
const void *genre_blob_put(genre_plan_cache *c, const char *kind,
						   const double *params, int n_params,
						   const void *data, size_t size, genre_status *st);

/*
 * Scratch memory that outlives a call: big per-call buffers (a clip's
 * spectrogram, ...) taken from and given back to the cache, so a scan
 * reuses the same pages instead of mapping fresh ones per row.  At most
 * GENRE_WORK_KEEP bytes of free blocks are kept; larger needs are served
 * and then released.  Contents are undefined.  With c NULL these are
 * genre_alloc / genre_free.  Every block must go back through
 * genre_work_free with the same cache (the core frees on every path).
 */
#define GENRE_WORK_KEEP ((size_t) 48 << 20)

void	   *genre_work_alloc(genre_plan_cache *c, size_t size);
void		genre_work_free(genre_plan_cache *c, void *p);

/* Bytes of free scratch the cache keeps right now (for tests). */
size_t		genre_work_kept(const genre_plan_cache *c);

/* Most bytes of scratch handed out at once since the last call with reset set (for tests). */
size_t		genre_work_peak(genre_plan_cache *c, int reset);

/* Give every kept scratch block back to the system. */
void		genre_work_release(genre_plan_cache *c);

/*
 * Free every block still handed out: for a host whose errors unwind past
 * the core (src/pg calls it when the memory context of a failed call is
 * reset), never while a computation holds blocks.
 */
void		genre_work_reclaim(genre_plan_cache *c);

/*
 * The host's memory budget for one call (0: none) and the name of the
 * setting that holds it, quoted in the error when a call would need more
 * (src/pg sets them from genre.max_memory before each call).  name is
 * copied (at most 63 bytes).
 */
void		genre_plan_cache_set_memory_limit(genre_plan_cache *c, size_t bytes,
											  const char *name);

/*
 * GENRE_ELIMIT when need bytes exceed the budget, naming the setting and
 * what asked (e.g. "features of 6060 s of audio"); GENRE_OK otherwise.
 * Kept scratch is released first when it and need would not fit together.
 */
genre_code	genre_memory_check(genre_plan_cache *c, size_t need, const char *what,
							   genre_status *st);

#endif
