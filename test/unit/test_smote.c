/*
 * test_smote.c - SMOTE: the same rows as the plain algorithm (every row's
 * k nearest neighbours by insertion, as genre did up to 1.0) for any k,
 * memory bounded by the data rather than by k, and clean cancels.
 */
#include "harness.h"
#include "tracking.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "ml/dataset.h"
#include "ml/smote.h"

#include <stdlib.h>
#include <string.h>

/* ---------- the plain algorithm, for reference ---------- */

static double
ref_dist2(const float *a, const float *b, uint32_t d)
{
	double		s = 0;

	for (uint32_t f = 0; f < d; f++)
	{
		double		t = (double) a[f] - (double) b[f];

		s += t * t;
	}
	return s;
}

/* Synthetic rows the way genre computed them before: an m x kk neighbour table per class. */
static void
ref_smote(const genre_dataset *ds, uint32_t k, uint64_t seed, float *x, uint32_t *y)
{
	size_t		nmax = 0,
				first = 0,
				pos = 0;
	uint32_t	d = ds->d;
	genre_rng	rng;

	for (uint32_t c = 0; c < ds->n_classes; c++)
		if (ds->class_count[c] > nmax)
			nmax = ds->class_count[c];
	genre_rng_seed(&rng, seed);
	for (uint32_t c = 0; c < ds->n_classes; first += ds->class_count[c], c++)
	{
		size_t		m = ds->class_count[c];
		uint32_t	kk = (uint32_t) (m - 1 < k ? m - 1 : k);
		uint32_t   *nn;
		double	   *best;

		if (m == nmax)
			continue;
		nn = calloc(m * kk, sizeof(uint32_t));
		best = calloc(kk, sizeof(double));
		for (size_t i = 0; i < m; i++)
		{
			uint32_t	have = 0;

			for (size_t j = 0; j < m; j++)
			{
				double		dd;
				uint32_t	p;

				if (j == i)
					continue;
				dd = ref_dist2(ds->x + (first + i) * d, ds->x + (first + j) * d, d);
				if (have == kk && dd >= best[kk - 1])
					continue;
				p = have < kk ? have++ : kk - 1;
				while (p > 0 && best[p - 1] > dd)
				{
					best[p] = best[p - 1];
					nn[i * kk + p] = nn[i * kk + p - 1];
					p--;
				}
				best[p] = dd;
				nn[i * kk + p] = (uint32_t) j;
			}
		}
		for (size_t j = 0; j < nmax - m; j++, pos++)
		{
			uint64_t	pick = genre_rng_below(&rng, (uint64_t) m * kk);
			const float *xb = ds->x + (first + pick / kk) * d;
			const float *xn = ds->x + (first + nn[pick]) * d;
			double		u = genre_rng_double(&rng);

			for (uint32_t f = 0; f < d; f++)
				x[pos * d + f] = (float) ((double) xb[f] + u * ((double) xn[f] - (double) xb[f]));
			y[pos] = c;
		}
		free(nn);
		free(best);
	}
}

/* ---------- a dataset with ties ---------- */

static const char *labels[4] = {"a", "b", "c", "d"};

/* n rows, d features on a coarse grid (many equal distances), classes 5:3:2:1 */
static float *
make_rows(size_t n, uint32_t d, uint64_t seed, genre_labeled_row *rows)
{
	float	   *x = malloc(n * d * sizeof(float));
	genre_rng	r;

	genre_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
	{
		uint64_t	t = genre_rng_below(&r, 11);
		int			c = t < 5 ? 0 : t < 8 ? 1 : t < 10 ? 2 : 3;

		for (uint32_t f = 0; f < d; f++)
			x[i * d + f] = (float) genre_rng_below(&r, 4) + 10.0f * c;
		rows[i].label = labels[c];
		rows[i].label_len = 1;
		rows[i].x = x + i * d;
	}
	return x;
}

static void
test_same_rows_as_plain(void)
{
	static const uint32_t ks[] = {1, 2, 5, 17, 1000, 0x7fffffff};
	int			cases = 0;

	for (uint64_t seed = 1; seed <= 6; seed++)
	{
		size_t		n = 40 + 37 * seed;
		uint32_t	d = (uint32_t) (1 + seed % 4);
		genre_labeled_row *rows = malloc(n * sizeof(*rows));
		float	   *x = make_rows(n, d, seed, rows);
		genre_dataset ds;
		genre_status st;

		if (genre_dataset_build(rows, n, d, &ds, &st) != GENRE_OK)
		{
			CHECK(0);
			continue;
		}
		for (size_t ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++)
		{
			genre_smote_result res;
			float	   *rx;
			uint32_t   *ry;

			CHECK(genre_smote(&ds, ks[ki], seed * 31, 1000000, &res, &st) == GENRE_OK);
			rx = calloc(res.n * d + 1, sizeof(float));
			ry = calloc(res.n + 1, sizeof(uint32_t));
			ref_smote(&ds, ks[ki], seed * 31, rx, ry);
			CHECK(res.n > 0);
			CHECK(memcmp(res.x, rx, res.n * d * sizeof(float)) == 0);
			CHECK(memcmp(res.y, ry, res.n * sizeof(uint32_t)) == 0);
			cases++;
			free(rx);
			free(ry);
			genre_smote_result_free(&res);
		}
		genre_dataset_free(&ds);
		free(rows);
		free(x);
	}
	CHECK(cases == 36);
}

/* ---------- memory follows the data, not k ---------- */


static void
test_memory_and_cancel(void)
{
	size_t		n = 300;
	uint32_t	d = 3;
	genre_labeled_row *rows = malloc(n * sizeof(*rows));
	float	   *x = make_rows(n, d, 9, rows);
	genre_dataset ds;
	genre_status st;
	genre_smote_result res;
	int			canceled = 0;

	CHECK(genre_dataset_build(rows, n, d, &ds, &st) == GENRE_OK);
	/* 8 k bytes were zeroed up front (k = 2^31 - 1: 16 GB); now nothing beyond the data's size */
	for (int big = 0; big < 2; big++)
	{
		genre_set_allocator(&tracking);
		largest_alloc = 0;
		live_blocks = 0;
		CHECK(genre_smote(&ds, big ? 0x7fffffff : 1000000, 1, 1000000, &res, &st) == GENRE_OK);
		genre_smote_result_free(&res);
		genre_set_allocator(NULL);
		CHECK(largest_alloc <= 64 * 1024);
		CHECK(live_blocks == 0);
		if (largest_alloc > 64 * 1024)
			fprintf(stderr, "largest allocation %zu bytes\n", largest_alloc);
	}

	/* a cancel at every check returns cleanly, nothing left allocated */
	genre_set_allocator(&tracking);
	for (int after = 0; after < 10000; after++)
	{
		genre_code	rc;

		live_blocks = 0;
		checks_left = after;
		genre_set_interrupt_check(cancel_countdown);
		rc = genre_smote(&ds, 5, 1, 1000000, &res, &st);
		genre_set_interrupt_check(NULL);
		if (rc == GENRE_OK)
		{
			genre_smote_result_free(&res);
			CHECK(live_blocks == 0);
			break;
		}
		CHECK(rc == GENRE_ECANCEL && res.x == NULL && live_blocks == 0);
		if (rc != GENRE_ECANCEL || live_blocks != 0)
			fprintf(stderr, "cancel after %d checks: code %d, %ld blocks left\n", after, rc, live_blocks);
		canceled++;
	}
	genre_set_allocator(NULL);
	CHECK(canceled > 10);
	genre_dataset_free(&ds);
	free(rows);
	free(x);
}

int
main(void)
{
	RUN(test_same_rows_as_plain);
	RUN(test_memory_and_cancel);
	HARNESS_END();
}
