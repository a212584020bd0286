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

/*
 * k nearest neighbours (by distance, then row order) of every row in
 * members[0..m) into nn[i * k ..]; brute force, O(m^2 d).
 */
static genre_code
neighbours(const genre_dataset *ds, const size_t *members, size_t m, uint32_t k,
		   uint32_t *nn, double *best, genre_status *st)
{
	uint32_t	d = ds->d;

	for (size_t i = 0; i < m; i++)
	{
		const float *xi = ds->x + members[i] * d;
		uint32_t   *ni = nn + i * k;
		uint32_t	have = 0;

		GENRE_CHECK_CANCEL(st);
		for (size_t j = 0; j < m; j++)
		{
			double		dd;
			uint32_t	p;

			if (j == i)
				continue;
			dd = dist2(xi, ds->x + members[j] * d, d);
			if (have == k && dd >= best[k - 1])
				continue;
			/* insert into the sorted list; equal distances keep the earlier row first */
			p = have < k ? have++ : k - 1;
			while (p > 0 && best[p - 1] > dd)
			{
				best[p] = best[p - 1];
				ni[p] = ni[p - 1];
				p--;
			}
			best[p] = dd;
			ni[p] = (uint32_t) j;
		}
	}
	return GENRE_OK;
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
	size_t	   *members = NULL;
	uint32_t   *nn = NULL;
	double	   *best = NULL;
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
	members = genre_calloc(nmax, sizeof(size_t));
	/* a row has at most nmax - 1 neighbours, whatever k asks */
	best = genre_calloc(k < nmax ? k : (nmax > 1 ? nmax - 1 : 1), sizeof(double));
	if (!out->y || !out->x || !members || !best)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	genre_rng_seed(&rng, seed);
	/* rows of a class are contiguous in a canonical dataset */
	for (uint32_t c = 0; c < ds->n_classes; first += ds->class_count[c], c++)
	{
		size_t		m = ds->class_count[c];
		size_t		need = nmax - m;
		uint32_t	kk = (uint32_t) (m - 1 < k ? m - 1 : k);

		if (need == 0)
			continue;
		for (size_t i = 0; i < m; i++)
			members[i] = first + i;
		genre_free(nn);
		nn = genre_calloc(m, (size_t) kk * sizeof(uint32_t));
		if (nn == NULL)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
		if ((rc = neighbours(ds, members, m, kk, nn, best, st)) != GENRE_OK)
			goto done;
		for (size_t j = 0; j < need; j++, pos++)
		{
			uint64_t	pick = genre_rng_below(&rng, (uint64_t) m * kk);
			size_t		base = (size_t) (pick / kk);
			const float *xb = ds->x + members[base] * d;
			const float *xn = ds->x + members[nn[pick]] * d;
			double		u = genre_rng_double(&rng);
			float	   *dst = out->x + pos * d;

			for (uint32_t f = 0; f < d; f++)
				dst[f] = (float) ((double) xb[f] + u * ((double) xn[f] - (double) xb[f]));
			out->y[pos] = c;
		}
	}
	out->n = total;
done:
	genre_free(members);
	genre_free(nn);
	genre_free(best);
	if (rc != GENRE_OK)
		genre_smote_result_free(out);
	return rc;
}
