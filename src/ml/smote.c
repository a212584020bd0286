/*
 * smote.c - synthetic minority rows (see smote.h).
 */
#include "ml/smote.h"

#include "base/alloc.h"
#include "base/rng.h"

#include <string.h>

void
genre_smote_result_free(genre_smote_result *r)
{
	genre_free(r->y);
	genre_free(r->x);
	memset(r, 0, sizeof(*r));
}

/* float64 squared distance of two float32 rows */
static double
dist2(const float *a, const float *b, uint32_t d)
{
	double		s = 0;

	for (uint32_t f = 0; f < d; f++)
	{
		double		t = (double) a[f] - (double) b[f];

		s += t * t;
	}
	return s;
}

/* A neighbour candidate; the order is by distance, then by row (earlier first). */
typedef struct cand
{
	double		d;
	uint32_t	j;
} cand;

static inline int
before(const cand *a, const cand *b)
{
	return a->d < b->d || (a->d == b->d && a->j < b->j);
}

/* Restore the max-heap (the last in `before` order on top) below slot i. */
static void
sift_down(cand *h, size_t n, size_t i)
{
	for (;;)
	{
		size_t		l = 2 * i + 1,
					big = i;
		cand		t;

		if (l < n && before(&h[big], &h[l]))
			big = l;
		if (l + 1 < n && before(&h[big], &h[l + 1]))
			big = l + 1;
		if (big == i)
			return;
		t = h[i];
		h[i] = h[big];
		h[big] = t;
		i = big;
	}
}

/*
 * The r nearest rows of the class to row b (members first..first+m), in
 * order, into nn[0..r): a max-heap of r candidates over all m - 1 rows, then
 * sorted.  O(m d + m log r) whatever k is, with a cancel check now and then.
 */
static genre_code
nearest(const genre_dataset *ds, size_t first, size_t m, size_t b, uint32_t r,
		cand *heap, uint32_t *nn, genre_status *st)
{
	uint32_t	d = ds->d;
	const float *xb = ds->x + (first + b) * d;
	size_t		have = 0;

	GENRE_CHECK_CANCEL(st);
	for (size_t j = 0; j < m; j++)
	{
		cand		c;

		if ((j & 0xffff) == 0xffff)
			GENRE_CHECK_CANCEL(st);
		if (j == b)
			continue;
		c.d = dist2(xb, ds->x + (first + j) * d, d);
		c.j = (uint32_t) j;
		if (have < r)
		{
			/* sift up */
			size_t		i = have++;

			heap[i] = c;
			while (i > 0 && before(&heap[(i - 1) / 2], &heap[i]))
			{
				cand		t = heap[i];

				heap[i] = heap[(i - 1) / 2];
				heap[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
		}
		else if (before(&c, &heap[0]))
		{
			heap[0] = c;
			sift_down(heap, r, 0);
		}
	}
	/* pop the largest to the back: nn ends up nearest first */
	for (size_t n = have; n > 0; n--)
	{
		nn[n - 1] = heap[0].j;
		heap[0] = heap[n - 1];
		sift_down(heap, n - 1, 0);
	}
	return GENRE_OK;
}

/*
 * The synthetic rows of one class (rows first..first+m of the dataset) into
 * out from row pos on.  The random draws come first, in the order they
 * always had (for row j: a pick among m * kk (row, neighbour rank) pairs,
 * then u), so only the rows actually picked get a neighbour search, and
 * only as deep as the deepest rank picked for them.
 */
static genre_code
smote_class(const genre_dataset *ds, uint32_t c, size_t first, size_t m, size_t need,
			uint32_t k, genre_rng *rng, genre_smote_result *out, size_t pos, genre_status *st)
{
	uint32_t	d = ds->d;
	uint32_t	kk = (uint32_t) (m - 1 < k ? m - 1 : k);
	uint64_t   *pick = genre_alloc(need * sizeof(uint64_t));
	double	   *u = genre_alloc(need * sizeof(double));
	size_t	   *start = genre_calloc(m + 1, sizeof(size_t)); /* picks of row b: order[start[b]..start[b+1]) */
	size_t	   *order = genre_alloc(need * sizeof(size_t));
	uint32_t   *depth = genre_calloc(m, sizeof(uint32_t));	/* deepest rank picked + 1, per row */
	cand	   *heap = genre_alloc((size_t) kk * sizeof(cand));
	uint32_t   *nn = genre_alloc((size_t) kk * sizeof(uint32_t));
	genre_code	rc = GENRE_OK;

	if (!pick || !u || !start || !order || !depth || !heap || !nn)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (size_t j = 0; j < need; j++)
	{
		size_t		b;
		uint32_t	rank;

		pick[j] = genre_rng_below(rng, (uint64_t) m * kk);
		u[j] = genre_rng_double(rng);
		b = (size_t) (pick[j] / kk);
		rank = (uint32_t) (pick[j] % kk);
		start[b + 1]++;
		if (rank + 1 > depth[b])
			depth[b] = rank + 1;
	}
	/* counting sort of the picks by row */
	for (size_t b = 0; b < m; b++)
		start[b + 1] += start[b];
	{
		size_t	   *fill = genre_alloc(m * sizeof(size_t));

		if (fill == NULL)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
		memcpy(fill, start, m * sizeof(size_t));
		for (size_t j = 0; j < need; j++)
			order[fill[pick[j] / kk]++] = j;
		genre_free(fill);
	}
	for (size_t b = 0; b < m; b++)
	{
		const float *xb = ds->x + (first + b) * d;

		if (depth[b] == 0)
			continue;
		if ((rc = nearest(ds, first, m, b, depth[b], heap, nn, st)) != GENRE_OK)
			goto done;
		for (size_t i = start[b]; i < start[b + 1]; i++)
		{
			size_t		j = order[i];
			const float *xn = ds->x + (first + nn[pick[j] % kk]) * d;
			float	   *dst = out->x + (pos + j) * d;

			for (uint32_t f = 0; f < d; f++)
				dst[f] = (float) ((double) xb[f] + u[j] * ((double) xn[f] - (double) xb[f]));
			out->y[pos + j] = c;
		}
	}
done:
	genre_free(pick);
	genre_free(u);
	genre_free(start);
	genre_free(order);
	genre_free(depth);
	genre_free(heap);
	genre_free(nn);
	return rc;
}

genre_code
genre_smote(const genre_dataset *ds, uint32_t k, uint64_t seed, size_t max_rows,
			genre_smote_result *out, genre_status *st)
{
	size_t		nmax = 0,
				total = 0,
				pos = 0;
	uint32_t	d = ds->d;
	genre_rng	rng;
	size_t		first = 0;
	genre_code	rc = GENRE_OK;

	memset(out, 0, sizeof(*out));
	if (k < 1)
		return genre_fail(st, GENRE_EINVAL, "k must be at least 1");
	for (uint32_t c = 0; c < ds->n_classes; c++)
		if (ds->class_count[c] > nmax)
			nmax = ds->class_count[c];
	for (uint32_t c = 0; c < ds->n_classes; c++)
	{
		if (ds->class_count[c] < nmax && ds->class_count[c] < 2)
			return genre_fail(st, GENRE_EINVAL,
							  "class \"%s\" has a single row; smote needs at least 2 rows per class",
							  ds->class_names[c]);
		total += nmax - ds->class_count[c];
	}
	if (total > max_rows || total > SIZE_MAX / ((size_t) d * sizeof(float) + 8))
		return genre_fail(st, GENRE_ELIMIT, "smote would create %zu rows, more than the limit of %zu",
						  total, max_rows);
	out->y = genre_calloc(total ? total : 1, sizeof(uint32_t));
	out->x = genre_calloc(total ? total * d : 1, sizeof(float));
	if (!out->y || !out->x)
	{
		genre_smote_result_free(out);
		return genre_fail_nomem(st);
	}
	genre_rng_seed(&rng, seed);
	/* rows of a class are contiguous in a canonical dataset */
	for (uint32_t c = 0; c < ds->n_classes; first += ds->class_count[c], c++)
	{
		size_t		need = nmax - ds->class_count[c];

		if (need == 0)
			continue;
		if ((rc = smote_class(ds, c, first, ds->class_count[c], need, k, &rng, out, pos, st)) != GENRE_OK)
			break;
		pos += need;
	}
	if (rc != GENRE_OK)
	{
		genre_smote_result_free(out);
		return rc;
	}
	out->n = total;
	return GENRE_OK;
}
