/*
 * stattest.c - Kruskal-Wallis and one-way ANOVA (see stattest.h).
 */
#include "ml/stattest.h"

#include "base/alloc.h"
#include "ml/special.h"

#include <math.h>
#include <stdlib.h>

typedef struct ranked
{
	double		v;
	int			g;
} ranked;

static int
cmp_value(const void *a, const void *b)
{
	double		x = ((const ranked *) a)->v,
				y = ((const ranked *) b)->v;

	return (x > y) - (x < y);
}

genre_code
genre_kruskal_wallis(const double *values, const int *group, size_t n, int n_groups,
					 double *statistic, double *p_value, genre_status *st)
{
	ranked	   *r;
	double	   *rank_sum,
			   *count;
	double		N = (double) n,
				ties = 0.0,
				h = 0.0;

	if (n_groups < 2)
		return genre_fail(st, GENRE_EINVAL, "kruskal_wallis needs at least 2 groups, got %d", n_groups);
	r = genre_calloc(n, sizeof(ranked));
	rank_sum = genre_calloc(n_groups, sizeof(double));
	count = genre_calloc(n_groups, sizeof(double));
	if (!r || !rank_sum || !count)
	{
		genre_free(r);
		genre_free(rank_sum);
		genre_free(count);
		return genre_fail_nomem(st);
	}
	for (size_t i = 0; i < n; i++)
	{
		r[i].v = values[i];
		r[i].g = group[i];
		count[group[i]] += 1.0;
	}
	qsort(r, n, sizeof(ranked), cmp_value);
	/* average ranks (1-based) over runs of equal values; t^3 - t per run */
	for (size_t i = 0; i < n;)
	{
		size_t		j = i;
		double		t,
					avg;

		while (j + 1 < n && r[j + 1].v == r[i].v)
			j++;
		t = (double) (j - i + 1);
		avg = 0.5 * ((double) (i + 1) + (double) (j + 1));
		for (size_t q = i; q <= j; q++)
			rank_sum[r[q].g] += avg;
		ties += t * t * t - t;
		i = j + 1;
	}
	for (int g = 0; g < n_groups; g++)
		h += rank_sum[g] * rank_sum[g] / count[g];
	genre_free(r);
	genre_free(rank_sum);
	genre_free(count);
	h = 12.0 / (N * (N + 1.0)) * h - 3.0 * (N + 1.0);
	if (!(1.0 - ties / (N * N * N - N) > 0.0))
		return genre_fail(st, GENRE_EINVAL, "kruskal_wallis is undefined when all values are identical");
	h /= 1.0 - ties / (N * N * N - N);
	if (h < 0.0)
		h = 0.0;				/* rounding when the groups are identical */
	*statistic = h;
	*p_value = genre_chi2_sf(h, n_groups - 1);
	return GENRE_OK;
}

genre_code
genre_anova_f(const double *values, const int *group, size_t n, int n_groups,
			  double *statistic, double *p_value, genre_status *st)
{
	double	   *mean,
			   *count;
	double		grand = 0.0,
				ssb = 0.0,
				ssw = 0.0,
				f;

	if (n_groups < 2)
		return genre_fail(st, GENRE_EINVAL, "anova_f needs at least 2 groups, got %d", n_groups);
	if (n <= (size_t) n_groups)
		return genre_fail(st, GENRE_EINVAL, "anova_f needs more rows (%zu) than groups (%d)", n, n_groups);
	mean = genre_calloc(n_groups, sizeof(double));
	count = genre_calloc(n_groups, sizeof(double));
	if (!mean || !count)
	{
		genre_free(mean);
		genre_free(count);
		return genre_fail_nomem(st);
	}
	/* two passes: group means first, then squared deviations from them */
	for (size_t i = 0; i < n; i++)
	{
		mean[group[i]] += values[i];
		count[group[i]] += 1.0;
		grand += values[i];
	}
	grand /= (double) n;
	for (int g = 0; g < n_groups; g++)
		mean[g] /= count[g];
	for (size_t i = 0; i < n; i++)
	{
		double		d = values[i] - mean[group[i]];

		ssw += d * d;
	}
	for (int g = 0; g < n_groups; g++)
		ssb += count[g] * (mean[g] - grand) * (mean[g] - grand);
	genre_free(mean);
	genre_free(count);
	if (!(ssw > 0.0))
		return genre_fail(st, GENRE_EINVAL, "anova_f is undefined when no group varies within itself");
	f = (ssb / (n_groups - 1)) / (ssw / ((double) n - n_groups));
	if (!isfinite(f))
		return genre_fail(st, GENRE_EINVAL, "anova_f statistic overflows");
	*statistic = f;
	*p_value = genre_f_sf(f, n_groups - 1, (double) n - n_groups);
	return GENRE_OK;
}
