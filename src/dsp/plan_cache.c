/*
 * plan_cache.c - FFTW plans and filter banks, made once per process.
 *
 * malloc/fftw_malloc on purpose (see plan_cache.h): the contents outlive the
 * memory contexts of the queries that use them.
 */
#include "dsp/plan_cache.h"

#include "base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANK_MAX_PARAMS 8
#define BANK_KIND_LEN 32

/*
 * Banks depend on parameters a caller may vary (a tuning estimate per clip),
 * so their number is bounded: past MAX_BANKS the oldest goes.  The newest
 * KEEP_RECENT are never evicted, which keeps the pointers a computation is
 * still holding valid.
 */
#define MAX_BANKS 256
#define KEEP_RECENT 8

typedef struct plan_entry
{
	genre_fft	fft;
	struct plan_entry *next;
} plan_entry;

/* a bank or a blob: size bytes of data under (kind, params) */
typedef struct bank_entry
{
	char		kind[BANK_KIND_LEN];
	int			n_params;
	double		params[BANK_MAX_PARAMS];
	genre_bank	bank;			/* banks only */
	void	   *data;
	size_t		size;
	struct bank_entry *next;	/* newest first */
} bank_entry;

/* a scratch block: header, then the caller's bytes (64-byte aligned) */
typedef struct work_block
{
	size_t		cap;
	struct work_block *next;	/* in the free list, or the next one in use */
	struct work_block *prev;	/* in use: the previous one (NULL: the first) */
	char		pad[64 - sizeof(size_t) - 2 * sizeof(void *)];
} work_block;

struct genre_plan_cache
{
	plan_entry *plans;
	bank_entry *banks;
	int			n_banks;
	work_block *free_work;		/* blocks given back, kept for reuse */
	work_block *used_work;		/* blocks handed out (reclaimed after an error) */
	size_t		free_work_bytes;
	size_t		work_in_use;	/* bytes of blocks handed out and not given back */
	size_t		work_peak;
	size_t		memory_limit;	/* bytes per call, 0: none */
	char		limit_name[64];
};

genre_plan_cache *
genre_plan_cache_create(void)
{
	return calloc(1, sizeof(genre_plan_cache));
}

static void
free_plan(plan_entry *p)
{
	if (p->fft.plan)
		fftw_destroy_plan(p->fft.plan);
	fftw_free(p->fft.in);
	fftw_free(p->fft.out);
	free(p);
}

static void
free_bank(bank_entry *b)
{
	free(b->data);
	free(b);
}

void
genre_plan_cache_destroy(genre_plan_cache *c)
{
	if (c == NULL)
		return;
	while (c->plans)
	{
		plan_entry *next = c->plans->next;

		free_plan(c->plans);
		c->plans = next;
	}
	while (c->banks)
	{
		bank_entry *next = c->banks->next;

		free_bank(c->banks);
		c->banks = next;
	}
	genre_work_release(c);
	genre_work_reclaim(c);
	free(c);
}

/* Buffer sizes in bytes of a plan's input and output. */
static void
buffer_sizes(genre_fft_kind kind, int n, size_t *in, size_t *out)
{
	size_t		half = (size_t) (n / 2 + 1) * sizeof(fftw_complex);
	size_t		full = (size_t) n * sizeof(fftw_complex);
	size_t		real = (size_t) n * sizeof(double);

	switch (kind)
	{
		case GENRE_FFT_R2C:
			*in = real;
			*out = half;
			break;
		case GENRE_FFT_C2R:
			*in = half;
			*out = real;
			break;
		default:
			*in = full;
			*out = full;
			break;
	}
}

const genre_fft *
genre_fft_get(genre_plan_cache *c, genre_fft_kind kind, int n, genre_status *st)
{
	plan_entry *p;
	size_t		in_size,
				out_size;

	if (c == NULL)
	{
		genre_fail(st, GENRE_EINTERNAL, "no plan cache");
		return NULL;
	}
	if (n < 1 || n > (1 << 26))
	{
		genre_fail(st, GENRE_EINVAL, "fft size %d out of range", n);
		return NULL;
	}
	for (p = c->plans; p; p = p->next)
		if (p->fft.kind == kind && p->fft.n == n)
			return &p->fft;

	p = calloc(1, sizeof(plan_entry));
	if (p == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	buffer_sizes(kind, n, &in_size, &out_size);
	p->fft.kind = kind;
	p->fft.n = n;
	p->fft.in = fftw_malloc(in_size);
	p->fft.out = fftw_malloc(out_size);
	if (p->fft.in && p->fft.out)
	{
		/* FFTW_ESTIMATE leaves the buffers untouched and is deterministic */
		switch (kind)
		{
			case GENRE_FFT_R2C:
				p->fft.plan = fftw_plan_dft_r2c_1d(n, p->fft.in, p->fft.out, FFTW_ESTIMATE);
				break;
			case GENRE_FFT_C2R:
				p->fft.plan = fftw_plan_dft_c2r_1d(n, p->fft.in, p->fft.out, FFTW_ESTIMATE);
				break;
			case GENRE_FFT_C2C_FORWARD:
				p->fft.plan = fftw_plan_dft_1d(n, p->fft.in, p->fft.out, FFTW_FORWARD, FFTW_ESTIMATE);
				break;
			case GENRE_FFT_C2C_BACKWARD:
				p->fft.plan = fftw_plan_dft_1d(n, p->fft.in, p->fft.out, FFTW_BACKWARD, FFTW_ESTIMATE);
				break;
		}
	}
	if (p->fft.plan == NULL)
	{
		free_plan(p);
		genre_fail_nomem(st);
		return NULL;
	}
	p->next = c->plans;
	c->plans = p;
	return &p->fft;
}

void
genre_fft_execute(const genre_fft *f)
{
	fftw_execute(f->plan);
}

static int
key_matches(const bank_entry *b, const char *kind, const double *params, int n_params)
{
	return b->n_params == n_params &&
		strncmp(b->kind, kind, BANK_KIND_LEN) == 0 &&
		memcmp(b->params, params, sizeof(double) * n_params) == 0;
}

static bank_entry *
entry_find(genre_plan_cache *c, const char *kind, const double *params, int n_params)
{
	bank_entry *b;

	if (c == NULL || n_params < 0 || n_params > BANK_MAX_PARAMS)
		return NULL;
	for (b = c->banks; b; b = b->next)
		if (key_matches(b, kind, params, n_params))
			return b;
	return NULL;
}

const genre_bank *
genre_bank_find(genre_plan_cache *c, const char *kind, const double *params, int n_params)
{
	bank_entry *b = entry_find(c, kind, params, n_params);

	return b ? &b->bank : NULL;
}

const void *
genre_blob_find(genre_plan_cache *c, const char *kind, const double *params, int n_params)
{
	bank_entry *b = entry_find(c, kind, params, n_params);

	return b ? b->data : NULL;
}

/* Drop the oldest entry once there are too many (never one of the newest). */
static void
evict_oldest(genre_plan_cache *c)
{
	bank_entry **link = &c->banks;
	int			i;

	if (c->n_banks <= MAX_BANKS || MAX_BANKS < KEEP_RECENT)
		return;
	for (i = 0; *link && (*link)->next; i++)
		link = &(*link)->next;
	if (i >= KEEP_RECENT && *link)
	{
		free_bank(*link);
		*link = NULL;
		c->n_banks--;
	}
}

/* A new newest entry holding a copy of size bytes; the old one if the key exists. */
static bank_entry *
entry_put(genre_plan_cache *c, const char *kind, const double *params, int n_params,
		  const void *data, size_t size, genre_status *st)
{
	bank_entry *b;

	if (c == NULL || n_params < 0 || n_params > BANK_MAX_PARAMS ||
		strlen(kind) >= BANK_KIND_LEN || size < 1)
	{
		genre_fail(st, GENRE_EINTERNAL, "bad cache key");
		return NULL;
	}
	b = entry_find(c, kind, params, n_params);
	if (b)
		return b;
	b = calloc(1, sizeof(bank_entry));
	if (b == NULL || (b->data = malloc(size)) == NULL)
	{
		free(b);
		genre_fail_nomem(st);
		return NULL;
	}
	memcpy(b->data, data, size);
	b->size = size;
	strcpy(b->kind, kind);
	b->n_params = n_params;
	if (n_params > 0)
		memcpy(b->params, params, sizeof(double) * n_params);
	b->next = c->banks;
	c->banks = b;
	c->n_banks++;
	evict_oldest(c);
	return b;
}

const genre_bank *
genre_bank_put(genre_plan_cache *c, const char *kind, const double *params, int n_params,
			   int rows, int cols, const float *w, genre_status *st)
{
	bank_entry *b;
	size_t		count;

	if (rows < 1 || cols < 1)
	{
		genre_fail(st, GENRE_EINTERNAL, "bad filter bank key");
		return NULL;
	}
	if (!genre_size_mul((size_t) rows, (size_t) cols, &count) ||
		!genre_size_mul(count, sizeof(float), &count))
	{
		genre_fail(st, GENRE_ELIMIT, "filter bank too large");
		return NULL;
	}
	b = entry_put(c, kind, params, n_params, w, count, st);
	if (b == NULL)
		return NULL;
	if (b->bank.w == NULL)
	{
		b->bank.rows = rows;
		b->bank.cols = cols;
		b->bank.w = b->data;
	}
	return &b->bank;
}

const void *
genre_blob_put(genre_plan_cache *c, const char *kind, const double *params, int n_params,
			   const void *data, size_t size, genre_status *st)
{
	bank_entry *b = entry_put(c, kind, params, n_params, data, size, st);

	return b ? b->data : NULL;
}

void *
genre_work_alloc(genre_plan_cache *c, size_t size)
{
	work_block **link,
			  **best = NULL;
	work_block *b;

	if (c == NULL)
		return genre_alloc(size);
	if (size > ((size_t) 1 << 50))
		return NULL;
	/* the smallest kept block that fits and is not much larger than needed */
	for (link = &c->free_work; *link; link = &(*link)->next)
		if ((*link)->cap >= size && (*link)->cap / 2 <= size + 65536 &&
			(best == NULL || (*link)->cap < (*best)->cap))
			best = link;
	if (best)
	{
		b = *best;
		*best = b->next;
		c->free_work_bytes -= b->cap;
	}
	else
	{
		b = malloc(sizeof(work_block) + (size ? size : 1));
		if (b == NULL)
			return NULL;
		b->cap = size;
	}
	c->work_in_use += b->cap;
	if (c->work_in_use > c->work_peak)
		c->work_peak = c->work_in_use;
	b->prev = NULL;
	b->next = c->used_work;
	if (b->next)
		b->next->prev = b;
	c->used_work = b;
	return b + 1;
}

void
genre_work_free(genre_plan_cache *c, void *p)
{
	work_block *b;

	if (p == NULL)
		return;
	if (c == NULL)
	{
		genre_free(p);
		return;
	}
	b = (work_block *) p - 1;
	c->work_in_use -= b->cap;
	if (b->prev)
		b->prev->next = b->next;
	else
		c->used_work = b->next;
	if (b->next)
		b->next->prev = b->prev;
	/* keep the newest blocks: drop kept ones (largest first) until it fits */
	while (c->free_work && c->free_work_bytes + b->cap > GENRE_WORK_KEEP)
	{
		work_block **link,
				  **largest = &c->free_work;

		for (link = &c->free_work; *link; link = &(*link)->next)
			if ((*link)->cap > (*largest)->cap)
				largest = link;
		if ((*largest)->cap < b->cap)
			break;
		{
			work_block *drop = *largest;

			*largest = drop->next;
			c->free_work_bytes -= drop->cap;
			free(drop);
		}
	}
	if (c->free_work_bytes + b->cap > GENRE_WORK_KEEP)
	{
		free(b);
		return;
	}
	b->next = c->free_work;
	c->free_work = b;
	c->free_work_bytes += b->cap;
}

size_t
genre_work_kept(const genre_plan_cache *c)
{
	return c ? c->free_work_bytes : 0;
}

size_t
genre_work_peak(genre_plan_cache *c, int reset)
{
	size_t		peak;

	if (c == NULL)
		return 0;
	peak = c->work_peak;
	if (reset)
		c->work_peak = c->work_in_use;
	return peak;
}

void
genre_work_reclaim(genre_plan_cache *c)
{
	if (c == NULL)
		return;
	while (c->used_work)
	{
		work_block *next = c->used_work->next;

		free(c->used_work);
		c->used_work = next;
	}
	c->work_in_use = 0;
}

void
genre_work_release(genre_plan_cache *c)
{
	if (c == NULL)
		return;
	while (c->free_work)
	{
		work_block *next = c->free_work->next;

		free(c->free_work);
		c->free_work = next;
	}
	c->free_work_bytes = 0;
}

void
genre_plan_cache_set_memory_limit(genre_plan_cache *c, size_t bytes, const char *name)
{
	if (c == NULL)
		return;
	c->memory_limit = bytes;
	snprintf(c->limit_name, sizeof(c->limit_name), "%s", name ? name : "the memory limit");
}

/* bytes as a short human number: "812 MB", "3.1 GB" */
static void
human_bytes(char *buf, size_t len, size_t bytes)
{
	if (bytes >= ((size_t) 10 << 30))
		snprintf(buf, len, "%.0f GB", bytes / 1073741824.0);
	else if (bytes >= ((size_t) 1 << 30))
		snprintf(buf, len, "%.1f GB", bytes / 1073741824.0);
	else if (bytes >= ((size_t) 100 << 20))
		snprintf(buf, len, "%.0f MB", bytes / 1048576.0);
	else if (bytes >= ((size_t) 1 << 20))
		snprintf(buf, len, "%.1f MB", bytes / 1048576.0);
	else
		snprintf(buf, len, "%.0f kB", bytes / 1024.0);
}

genre_code
genre_memory_check(genre_plan_cache *c, size_t need, const char *what, genre_status *st)
{
	char		a[32],
				b[32];

	if (c == NULL || c->memory_limit == 0)
		return GENRE_OK;
	if (need > c->memory_limit)
	{
		human_bytes(a, sizeof(a), need);
		human_bytes(b, sizeof(b), c->memory_limit);
		genre_fail(st, GENRE_ELIMIT, "%s need about %s of memory, over %s (%s)",
				   what, a, c->limit_name, b);
		genre_status_detail(st, "Read the audio in shorter windows (offset_s, duration_s), "
							"or raise %s.", c->limit_name);
		return GENRE_ELIMIT;
	}
	if (need + c->free_work_bytes > c->memory_limit)
		genre_work_release(c);
	return GENRE_OK;
}
