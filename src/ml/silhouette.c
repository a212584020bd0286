/*
 * silhouette.c - exact mean silhouette (see silhouette.h).
 *
 * For each row the distances to all rows are summed per cluster (memory
 * O(clusters), work O(n^2 dim)); a(i) is the mean distance to the other
 * rows of its cluster, b(i) the smallest mean distance to another cluster,
 * s(i) = (b - a) / max(a, b), and 0/0 (duplicates) counts as 0.
 */
#include "ml/silhouette.h"

#include "base/alloc.h"

#include <math.h>
#include <stdlib.h>

static int
cmp_i32(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a,
				y = *(const int32_t *) b;

	return (x > y) - (x < y);
}

/* Index of v in the sorted distinct labels u[m]. */
static int
label_index(const int32_t *u, int m, int32_t v)
{
	int			lo = 0,
				hi = m - 1;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (u[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

genre_code
genre_silhouette(const float *rows, const int32_t *labels, size_t n, int dim,
				 double *score, genre_status *st)
{
	int32_t    *u = genre_calloc(n ? n : 1, sizeof(int32_t));
	int		   *g = genre_calloc(n ? n : 1, sizeof(int));
	size_t		m = 0;
	double	   *sum = NULL;
	uint64_t   *size = NULL;
	double		total = 0.0;

	if (!u || !g)
	{
		genre_free(u);
		genre_free(g);
		return genre_fail_nomem(st);
	}
	for (size_t i = 0; i < n; i++)
		u[i] = labels[i];
	qsort(u, n, sizeof(int32_t), cmp_i32);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || u[i] != u[m - 1])
			u[m++] = u[i];
	if (m < 2 || m > n - 1)
	{
		genre_free(u);
		genre_free(g);
		return genre_fail(st, GENRE_EINVAL,
						  "silhouette needs between 2 and n_rows - 1 clusters, got %zu clusters in %zu rows",
						  m, n);
	}
	sum = genre_calloc(m, sizeof(double));
	size = genre_calloc(m, sizeof(uint64_t));
	if (!sum || !size)
	{
		genre_free(u);
		genre_free(g);
		genre_free(sum);
		genre_free(size);
		return genre_fail_nomem(st);
	}
	for (size_t i = 0; i < n; i++)
	{
		g[i] = label_index(u, (int) m, labels[i]);
		size[g[i]]++;
	}

	for (size_t i = 0; i < n; i++)
	{
		const float *x = rows + i * dim;
		double		a,
					b = INFINITY,
					s;
		int			own = g[i];

		if ((i & 63) == 0 && genre_interrupted())
		{
			genre_free(u);
			genre_free(g);
			genre_free(sum);
			genre_free(size);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (size_t c = 0; c < m; c++)
			sum[c] = 0.0;
		for (size_t j = 0; j < n; j++)
		{
			const float *y = rows + j * dim;
			double		d2 = 0.0;

			for (int t = 0; t < dim; t++)
			{
				double		d = (double) x[t] - (double) y[t];

				d2 += d * d;
			}
			sum[g[j]] += sqrt(d2);
		}
		if (size[own] < 2)
			continue;			/* a singleton cluster scores 0 */
		a = sum[own] / (double) (size[own] - 1);
		for (size_t c = 0; c < m; c++)
			if ((int) c != own && sum[c] / (double) size[c] < b)
				b = sum[c] / (double) size[c];
		s = fmax(a, b) > 0.0 ? (b - a) / fmax(a, b) : 0.0;
		total += s;
	}
	*score = total / (double) n;
	genre_free(u);
	genre_free(g);
	genre_free(sum);
	genre_free(size);
	return GENRE_OK;
}
