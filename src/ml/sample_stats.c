/*
 * sample_stats.c - one-sample statistics (see sample_stats.h).
 */
#include "ml/sample_stats.h"

#include "base/alloc.h"
#include "base/npsum.h"
#include "ml/special.h"

#include <math.h>
#include <stdlib.h>

/* Total order: by value, -0 before +0, NaN last (callers refuse NaN anyway). */
static int
cmp_double(const void *pa, const void *pb)
{
	double		a = *(const double *) pa,
				b = *(const double *) pb;

	if (a < b)
		return -1;
	if (a > b)
		return 1;
	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return (signbit(b) != 0) - (signbit(a) != 0);
}

void
genre_sample_sort(double *v, size_t n)
{
	qsort(v, n, sizeof(double), cmp_double);
}

static genre_code
check_finite(const double *v, size_t n, const char *fname, genre_status *st)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return genre_fail(st, GENRE_EINVAL, "%s: values must be finite, got %s",
							  fname, isnan(v[i]) ? "NaN" : "an infinity");
	return GENRE_OK;
}

/* np.mean */
static double
np_mean(const double *v, size_t n)
{
	return genre_np_sum(v, n) / (double) n;
}

genre_code
genre_mean_ci(const double *sorted, size_t n, double level, genre_mean_ci_result *out,
			  genre_status *st)
{
	double	   *dev;
	double		var;

	if (!(level > 0.0 && level < 1.0))
		return genre_fail(st, GENRE_EINVAL, "mean_ci: level must be between 0 and 1 (exclusive), got %g",
						  level);
	if (n < 2)
		return genre_fail(st, GENRE_EINVAL, "mean_ci needs at least 2 values, got %zu", n);
	if (check_finite(sorted, n, "mean_ci", st) != GENRE_OK)
		return st->code;
	if ((dev = genre_alloc(n * sizeof(double))) == NULL)
		return genre_fail_nomem(st);
	out->n = n;
	out->mean = np_mean(sorted, n);
	/* np.std(ddof = 1): squared deviations summed pairwise, over n - 1 */
	for (size_t i = 0; i < n; i++)
	{
		double		d = sorted[i] - out->mean;

		dev[i] = d * d;
	}
	var = genre_np_sum(dev, n) / (double) (n - 1);
	genre_free(dev);
	out->sem = sqrt(var) / sqrt((double) n);
	if (!isfinite(out->mean) || !isfinite(out->sem))
		return genre_fail(st, GENRE_EINVAL, "mean_ci: the values overflow float8 sums");
	/* rv_continuous.interval: ppf(q) * scale + loc at q = (1 -+ level) / 2 */
	out->ci_low = genre_t_ppf((1.0 - level) / 2.0, (double) (n - 1)) * out->sem + out->mean;
	out->ci_high = genre_t_ppf((1.0 + level) / 2.0, (double) (n - 1)) * out->sem + out->mean;
	if (out->sem == 0.0)
		out->ci_low = out->ci_high = out->mean;
	return GENRE_OK;
}

/*
 * scipy's _moment of order 2, 3 and 4 about the mean, each as np.mean of
 * the powers it forms: a0^2, a0^2 * a0, (a0^2)^2 with a0 = a - mean.
 */
static genre_code
central_moments(const double *v, size_t n, double *mean, double *m2, double *m3,
				double *m4, genre_status *st)
{
	double	   *p = genre_alloc(n * sizeof(double));

	if (p == NULL)
		return genre_fail_nomem(st);
	*mean = np_mean(v, n);
	for (size_t i = 0; i < n; i++)
	{
		double		a0 = v[i] - *mean;

		p[i] = a0 * a0;
	}
	*m2 = np_mean(p, n);
	for (size_t i = 0; i < n; i++)
	{
		double		a0 = v[i] - *mean;

		p[i] = a0 * a0 * a0;
	}
	*m3 = np_mean(p, n);
	for (size_t i = 0; i < n; i++)
	{
		double		a0 = v[i] - *mean,
					s = a0 * a0;

		p[i] = s * s;
	}
	*m4 = np_mean(p, n);
	genre_free(p);
	return GENRE_OK;
}

/* Two-sided p-value of a z statistic: 2 norm.sf(|z|). */
static genre_z_test
z_test(double z)
{
	genre_z_test t;

	t.z = z;
	t.p_value = 2.0 * genre_norm_sf(fabs(z));
	return t;
}

/* scipy.stats.skewtest from the biased sample skewness b2 of n >= 8 values. */
static genre_z_test
skew_test(double b2, double n)
{
	double		y = b2 * sqrt(((n + 1) * (n + 3)) / (6.0 * (n - 2))),
				beta2 = (3.0 * (n * n + 27 * n - 70) * (n + 1) * (n + 3) /
						 ((n - 2.0) * (n + 5) * (n + 7) * (n + 9))),
				w2 = -1 + sqrt(2 * (beta2 - 1)),
				delta = 1 / sqrt(0.5 * log(w2)),
				alpha = sqrt(2.0 / (w2 - 1));

	if (y == 0)
		y = 1;
	return z_test(delta * log(y / alpha + sqrt((y / alpha) * (y / alpha) + 1)));
}

/*
 * scipy.stats.kurtosistest (Anscombe & Glynn 1983) from the Pearson
 * kurtosis b2; *defined is 0 where scipy returns NaN (denominator 0).
 */
static genre_z_test
kurtosis_test(double b2, double n, int *defined)
{
	double		e = 3.0 * (n - 1) / (n + 1),
				varb2 = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1.) * (n + 3) * (n + 5)),
				x = (b2 - e) / sqrt(varb2),
				sqrtbeta1 = 6.0 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9)) *
				sqrt((6.0 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3))),
				a = 6.0 + 8.0 / sqrtbeta1 * (2.0 / sqrtbeta1 + sqrt(1 + 4.0 / (sqrtbeta1 * sqrtbeta1))),
				term1 = 1 - 2 / (9.0 * a),
				denom = 1 + x * sqrt(2 / (a - 4.0)),
				term2;

	*defined = denom != 0.0;
	term2 = (denom > 0 ? 1.0 : -1.0) * pow((1 - 2.0 / a) / fabs(denom), 1 / 3.0);
	return z_test((term1 - term2) / sqrt(2 / (9.0 * a)));
}

genre_code
genre_normal_test(const double *sorted, size_t n, genre_normal_test_result *out,
				  genre_status *st)
{
	double		mean = 0,
				m2 = 0,
				m3 = 0,
				m4 = 0;
	int			defined;

	if (n < GENRE_NORMAL_TEST_MIN_N)
		return genre_fail(st, GENRE_EINVAL, "normal_test needs at least %d values, got %zu",
						  GENRE_NORMAL_TEST_MIN_N, n);
	if (check_finite(sorted, n, "normal_test", st) != GENRE_OK ||
		central_moments(sorted, n, &mean, &m2, &m3, &m4, st) != GENRE_OK)
		return st->code;
	if (!isfinite(m4))
		return genre_fail(st, GENRE_EINVAL, "normal_test: the values overflow float8 sums");
	/* scipy's skew and kurtosis are NaN when m2 is within float64 resolution of the mean */
	if (!(m2 > (1e-15 * mean) * (1e-15 * mean)))
		return genre_fail(st, GENRE_EINVAL, "normal_test is undefined for values without spread");
	out->skewness = m3 / pow(m2, 1.5);
	out->kurtosis = m4 / (m2 * m2);
	out->skew_test = skew_test(out->skewness, (double) n);
	out->kurtosis_test = kurtosis_test(out->kurtosis, (double) n, &defined);
	if (!defined)
		return genre_fail(st, GENRE_EINVAL, "normal_test is undefined for this sample (kurtosis test divides by zero)");
	out->statistic = out->skew_test.z * out->skew_test.z +
		out->kurtosis_test.z * out->kurtosis_test.z;
	out->p_value = genre_chi2_sf(out->statistic, 2.0);
	return GENRE_OK;
}

genre_code
genre_probplot(const double *sorted, size_t n, double *osm, genre_probplot_fit *fit,
			   genre_status *st)
{
	double	   *p;
	double		xmean,
				ymean,
				sxx,
				sxy,
				syy;

	if (n < 2)
		return genre_fail(st, GENRE_EINVAL, "plot_qq needs at least 2 values, got %zu", n);
	if (check_finite(sorted, n, "plot_qq", st) != GENRE_OK)
		return st->code;
	/* Filliben's uniform order statistic medians, then norm.ppf */
	osm[n - 1] = pow(0.5, 1.0 / (double) n);
	osm[0] = 1 - osm[n - 1];
	for (size_t i = 1; i + 1 < n; i++)
		osm[i] = ((double) (i + 1) - 0.3175) / ((double) n + 0.365);
	for (size_t i = 0; i < n; i++)
		osm[i] = genre_norm_ppf(osm[i]);

	/* linregress: np.cov(x, y, bias=1) about the means */
	if ((p = genre_alloc(n * sizeof(double))) == NULL)
		return genre_fail_nomem(st);
	xmean = np_mean(osm, n);
	ymean = np_mean(sorted, n);
	for (size_t i = 0; i < n; i++)
		p[i] = (osm[i] - xmean) * (osm[i] - xmean);
	sxx = np_mean(p, n);
	for (size_t i = 0; i < n; i++)
		p[i] = (osm[i] - xmean) * (sorted[i] - ymean);
	sxy = np_mean(p, n);
	for (size_t i = 0; i < n; i++)
		p[i] = (sorted[i] - ymean) * (sorted[i] - ymean);
	syy = np_mean(p, n);
	genre_free(p);
	if (!isfinite(syy) || !isfinite(sxy))
		return genre_fail(st, GENRE_EINVAL, "plot_qq: the values overflow float8 sums");
	if (sxx == 0.0 || syy == 0.0)
		fit->r = 0.0;
	else
		fit->r = fmax(-1.0, fmin(1.0, sxy / sqrt(sxx * syy)));
	fit->slope = sxy / sxx;
	fit->intercept = ymean - fit->slope * xmean;
	return GENRE_OK;
}
