/*
 * sample_stats.h - statistics of one sample of float64 values: the mean
 * with its Student t confidence interval (scipy.stats.t.interval), the
 * D'Agostino-Pearson K^2 normality test (scipy.stats.normaltest, with its
 * skewtest and kurtosistest) and the normal probability plot
 * (scipy.stats.probplot).  scipy 1.10's formulas, float64 throughout.
 *
 * Every function reads the values sorted by genre_sample_sort, so an
 * aggregate that buffers its rows in any order (and combines partial
 * states in any order) gets the same bits: sums run pairwise in numpy's
 * order over the sorted values.  Values must be finite (22023 otherwise).
 */
#ifndef GENRE_ML_SAMPLE_STATS_H
#define GENRE_ML_SAMPLE_STATS_H

#include "base/status.h"

#include <stddef.h>

/* Fewest values normal_test accepts (scipy's skewtest refuses fewer). */
#define GENRE_NORMAL_TEST_MIN_N 8

/* Sort n values ascending in place: the canonical order (-0 before +0). */
void		genre_sample_sort(double *v, size_t n);

typedef struct genre_mean_ci_result
{
	size_t		n;
	double		mean;			/* np.mean */
	double		sem;			/* scipy.stats.sem: std(ddof = 1) / sqrt(n) */
	double		ci_low;			/* mean + sem * t.ppf((1 - level) / 2, n - 1) */
	double		ci_high;		/* mean + sem * t.ppf((1 + level) / 2, n - 1) */
} genre_mean_ci_result;

/*
 * Mean and confidence interval at level (0 < level < 1) of n >= 2 sorted
 * values.  With no spread (sem 0) the interval is [mean, mean] (scipy
 * returns NaN for scale 0).  22023 for n < 2, a level outside (0, 1) or a
 * non-finite value.
 */
genre_code	genre_mean_ci(const double *sorted, size_t n, double level,
						  genre_mean_ci_result *out, genre_status *st);

/* A z statistic with its two-sided p-value 2 norm.sf(|z|). */
typedef struct genre_z_test
{
	double		z;
	double		p_value;
} genre_z_test;

typedef struct genre_normal_test_result
{
	double		statistic;		/* K^2 = z_skew^2 + z_kurtosis^2 */
	double		p_value;		/* chi2.sf(K^2, 2) */
	double		skewness;		/* scipy.stats.skew (biased) */
	double		kurtosis;		/* scipy.stats.kurtosis(fisher=False) */
	genre_z_test skew_test;		/* scipy.stats.skewtest */
	genre_z_test kurtosis_test; /* scipy.stats.kurtosistest */
} genre_normal_test_result;

/*
 * D'Agostino-Pearson normality test of n sorted values.  22023 for fewer
 * than GENRE_NORMAL_TEST_MIN_N values, values without spread (skew and
 * kurtosis undefined: scipy gives NaN) or a non-finite value.
 */
genre_code	genre_normal_test(const double *sorted, size_t n,
							  genre_normal_test_result *out, genre_status *st);

typedef struct genre_probplot_fit
{
	double		slope;
	double		intercept;
	double		r;				/* correlation of the quantiles and the values */
} genre_probplot_fit;

/*
 * Normal probability plot of n >= 2 sorted values: osm[i] (caller's array
 * of n) gets the normal quantile of Filliben's estimate of the i-th
 * uniform order statistic median, and fit the least-squares line of the
 * sorted values on osm (scipy.stats.linregress).  22023 for n < 2 or a
 * non-finite value.
 */
genre_code	genre_probplot(const double *sorted, size_t n, double *osm,
						   genre_probplot_fit *fit, genre_status *st);

#endif
