/*
 * moments.c - Welford / Chan moment accumulators (see moments.h).
 */
#include "ml/moments.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

size_t
genre_moments_len(int dim, int full)
{
	size_t		d = (size_t) dim;

	if (dim < 1)
		return 0;
	if (full && d > SIZE_MAX / 8 / d)
		return 0;
	return 1 + d + (full ? d * d : d);
}

void
genre_moments_init(double *acc, int dim, int full)
{
	memset(acc, 0, genre_moments_len(dim, full) * sizeof(double));
}

void
genre_moments_add(double *acc, int dim, int full, const float *x)
{
	double		n = acc[0] + 1.0;
	double	   *mean = acc + 1;
	double	   *m2 = acc + 1 + dim;
	/* M2 += (n-1)/n * dx dx^T with dx = x - old mean */
	double		f = (n - 1.0) / n;

	if (full)
	{
		for (int i = 0; i < dim; i++)
		{
			double		dxi = f * ((double) x[i] - mean[i]);
			double	   *row = m2 + (size_t) i * dim;

			for (int j = i; j < dim; j++)
				row[j] += dxi * ((double) x[j] - mean[j]);
		}
	}
	else
	{
		for (int i = 0; i < dim; i++)
		{
			double		dx = (double) x[i] - mean[i];

			m2[i] += f * dx * dx;
		}
	}
	for (int i = 0; i < dim; i++)
		mean[i] += ((double) x[i] - mean[i]) / n;
	acc[0] = n;
}

void
genre_moments_merge(double *acc, const double *b, int dim, int full)
{
	double		na = acc[0],
				nb = b[0],
				n = na + nb,
				f;
	double	   *mean = acc + 1,
			   *m2 = acc + 1 + dim;
	const double *bmean = b + 1,
			   *bm2 = b + 1 + dim;

	if (nb == 0.0)
		return;
	if (na == 0.0)
	{
		memcpy(acc, b, genre_moments_len(dim, full) * sizeof(double));
		return;
	}
	/* M2 = M2a + M2b + delta delta^T na nb / n with delta = mean_b - mean_a */
	f = na * nb / n;
	if (full)
	{
		for (int i = 0; i < dim; i++)
		{
			double		di = f * (bmean[i] - mean[i]);
			double	   *row = m2 + (size_t) i * dim;
			const double *brow = bm2 + (size_t) i * dim;

			for (int j = i; j < dim; j++)
				row[j] += brow[j] + di * (bmean[j] - mean[j]);
		}
	}
	else
	{
		for (int i = 0; i < dim; i++)
		{
			double		d = bmean[i] - mean[i];

			m2[i] += bm2[i] + f * d * d;
		}
	}
	for (int i = 0; i < dim; i++)
		mean[i] += (bmean[i] - mean[i]) * (nb / n);
	acc[0] = n;
}

void
genre_moments_covariance(const double *acc, int dim, int full, int ddof, double *cov)
{
	double		div = acc[0] - ddof;
	const double *m2 = acc + 1 + dim;

	if (!full)
	{
		for (int i = 0; i < dim; i++)
			cov[i] = m2[i] / div;
		return;
	}
	for (int i = 0; i < dim; i++)
		for (int j = i; j < dim; j++)
		{
			double		c = m2[(size_t) i * dim + j] / div;

			cov[(size_t) i * dim + j] = c;
			cov[(size_t) j * dim + i] = c;
		}
}

int
genre_moments_valid(const double *acc, int dim, int full)
{
	double		n = acc[0];
	const double *mean = acc + 1;
	const double *m2 = acc + 1 + dim;
	/* rows of float32 keep |mean| <= FLT_MAX and M2 <= n (2 FLT_MAX)^2; twice that for rounding */
	double		mean_max = 2.0 * FLT_MAX,
				m2_max;

	if (!(n >= 0.0 && n <= 9007199254740992.0) || n != floor(n))
		return 0;
	m2_max = n * 8.0 * (double) FLT_MAX * (double) FLT_MAX;
	for (int i = 0; i < dim; i++)
		if (!(fabs(mean[i]) <= mean_max))
			return 0;
	for (int i = 0; i < dim; i++)
	{
		/* the diagonal entry, then (full only) the rest of the upper triangle's row */
		const double *row = full ? m2 + (size_t) i * dim : m2;

		if (!(row[i] >= 0.0 && row[i] <= m2_max))
			return 0;
		for (int j = i + 1; full && j < dim; j++)
			if (!(fabs(row[j]) <= m2_max))
				return 0;
	}
	return 1;
}
