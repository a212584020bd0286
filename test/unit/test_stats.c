/*
 * test_stats.c - normal and Student t quantiles, mean_ci, normal_test and
 * the probability plot against scipy 1.10 and exact (mpmath) values, all
 * printed by test/scripts/scipy-stats-values.py.
 */
#include "harness.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "gtzan.h"
#include "ml/sample_stats.h"
#include "ml/special.h"

#include <string.h>

#define REL(a, b, rel) CHECK_NEAR((a), (b), fabs(b) * (rel))

static gtzan_table gt;

static void
test_t_quantiles(void)
{
	/* exact quantiles (mpmath, 40 digits) */
	REL(genre_t_ppf(0.975, 1), 12.706204736174693314, 1e-14);
	REL(genre_t_ppf(0.9, 2), 1.8856180831641270225, 1e-14);
	REL(genre_t_ppf(0.975, 5), 2.5705818356363147828, 1e-14);
	REL(genre_t_ppf(0.025, 9), -2.2621571627982055086, 1e-14);
	REL(genre_t_ppf(0.995, 29), 2.7563859036706051204, 1e-14);
	REL(genre_t_ppf(0.75, 99), 0.67697598554615262576, 1e-14);
	REL(genre_t_ppf(0.95, 999), 1.6463803454275352152, 1e-14);
	REL(genre_t_ppf(0.975, 99999), 1.9599877077718443991, 1e-13);
	REL(genre_t_ppf(1e-10, 3), -2225.7692846830931927, 1e-14);
	REL(genre_t_ppf(0.4999, 10), -0.00025699780660494993464, 1e-13);
	/* scipy's stdtrit is within its root-finding tolerance of those */
	REL(genre_t_ppf(0.975, 5), 2.5705818366147395, 1e-8);
	/* symmetry, the median, the ends, bad arguments */
	CHECK(genre_t_ppf(0.3, 7) == -genre_t_ppf(0.7, 7) || fabs(genre_t_ppf(0.3, 7) + genre_t_ppf(0.7, 7)) < 1e-15);
	CHECK(genre_t_ppf(0.5, 4) == 0.0);
	CHECK(isinf(genre_t_ppf(1.0, 4)) && genre_t_ppf(0.0, 4) < 0);
	CHECK(isnan(genre_t_ppf(0.5, 0.0)) && isnan(genre_t_ppf(1.5, 3)) && isnan(genre_t_ppf(NAN, 3)));
	/* the CDF inverts the quantile */
	for (double p = 0.01; p < 1.0; p += 0.07)
		REL(genre_t_cdf(genre_t_ppf(p, 6.5), 6.5), p, 1e-14);
	REL(genre_t_sf(2.0, 1.0), 0.5 - atan(2.0) / M_PI, 1e-14);
}

static void
test_norm_quantiles(void)
{
	REL(genre_norm_ppf(1e-300), -37.047096299361199237, 1e-15);
	REL(genre_norm_ppf(1e-10), -6.3613409024040561991, 1e-15);
	REL(genre_norm_ppf(0.025), -1.9599639845400542118, 1e-15);
	REL(genre_norm_ppf(0.3), -0.52440051270804081597, 1e-15);
	REL(genre_norm_ppf(0.4999), -0.00025066283008800749239, 1e-14);
	REL(genre_norm_ppf(0.9), 1.2815515655446005935, 1e-15);
	REL(genre_norm_ppf(1 - 1e-12), 7.0344869100478352057, 1e-15);
	CHECK(genre_norm_ppf(0.5) == 0.0 && isinf(genre_norm_ppf(0.0)));
	REL(genre_norm_sf(3.0), 0.0013498980316300933, 1e-14);
	REL(genre_norm_cdf(0.1), 0.539827837277029, 1e-14);
}

static int
column_sorted(const char *name, int g, double *v)
{
	int			n = gtzan_values(&gt, name, g, v);

	genre_sample_sort(v, n);
	return n;
}

static void
test_mean_ci(void)
{
	static double v[GTZAN_MAX_ROWS];
	double		small8[] = {2.5, -1.0, 3.25, 0.5, 7.0, 1.5, 2.0, -0.75};
	double		small3[] = {4.0, 1.0, 2.0};
	genre_mean_ci_result r;
	genre_status st;
	int			n = column_sorted("tempo", -1, v);

	CHECK(n == 1000);
	CHECK(genre_mean_ci(v, n, 0.95, &r, &st) == GENRE_OK);
	CHECK(r.n == 1000);
	REL(r.mean, 119.50536326303919, 1e-14);
	REL(r.sem, 0.8937917207509479, 1e-13);
	/* exact interval (scipy's t.interval agrees here to every digit) */
	REL(r.ci_low, 117.75143871179179, 1e-14);
	REL(r.ci_high, 121.25928781428658, 1e-14);
	CHECK(genre_mean_ci(v, n, 0.99, &r, &st) == GENRE_OK);
	REL(r.ci_low, 117.19870166600116, 1e-14);
	REL(r.ci_high, 121.81202486007722, 1e-14);

	n = column_sorted("tempo", 0, v);	/* blues */
	CHECK(n == 100);
	CHECK(genre_mean_ci(v, n, 0.95, &r, &st) == GENRE_OK);
	REL(r.mean, 120.74220661343809, 1e-14);
	REL(r.ci_low, 114.43403958684486, 1e-14);
	REL(r.ci_high, 127.05037364003131, 1e-14);
	/* scipy 1.10's t.interval: its t quantile is 1e-10 off */
	REL(r.ci_low, 114.434039587092, 1e-11);
	REL(r.ci_high, 127.05037363978417, 1e-11);

	n = column_sorted("rms_mean", -1, v);
	CHECK(genre_mean_ci(v, n, 0.999, &r, &st) == GENRE_OK);
	REL(r.ci_low, 0.12407472479355562, 1e-14);
	REL(r.ci_high, 0.1377846833820172, 1e-14);

	genre_sample_sort(small8, 8);
	CHECK(genre_mean_ci(small8, 8, 0.9, &r, &st) == GENRE_OK);
	REL(r.mean, 1.875, 1e-15);
	REL(r.sem, 0.9038607667745545, 1e-15);
	REL(r.ci_low, 0.16256472928867988, 1e-13);
	REL(r.ci_high, 3.5874352707113193, 1e-14);
	genre_sample_sort(small3, 3);
	CHECK(genre_mean_ci(small3, 3, 0.5, &r, &st) == GENRE_OK);
	REL(r.ci_low, 1.613251033510238, 1e-14);
	REL(r.ci_high, 3.0534156331564293, 1e-14);

	/* no spread: [mean, mean]; refused inputs */
	{
		double		same[] = {3.5, 3.5, 3.5};

		CHECK(genre_mean_ci(same, 3, 0.95, &r, &st) == GENRE_OK);
		CHECK(r.ci_low == 3.5 && r.ci_high == 3.5 && r.sem == 0.0);
	}
	CHECK(genre_mean_ci(small3, 1, 0.95, &r, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "at least 2 values") != NULL);
	CHECK(genre_mean_ci(small3, 3, 1.0, &r, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "level") != NULL);
	CHECK(genre_mean_ci(small3, 3, NAN, &r, &st) == GENRE_EINVAL);
	CHECK(genre_mean_ci(small3, 3, 0.0, &r, &st) == GENRE_EINVAL);
	small3[1] = INFINITY;
	CHECK(genre_mean_ci(small3, 3, 0.9, &r, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "finite") != NULL);
}

static void
check_normal(const char *col, int g, double k2, double p, double skew, double kurt,
			 double sz, double sp, double kz, double kp)
{
	static double v[GTZAN_MAX_ROWS];
	int			n = column_sorted(col, g, v);
	genre_normal_test_result r;
	genre_status st;

	CHECK(genre_normal_test(v, n, &r, &st) == GENRE_OK);
	REL(r.statistic, k2, 1e-12);
	REL(r.p_value, p, 1e-11);
	REL(r.skewness, skew, 1e-12);
	REL(r.kurtosis, kurt, 1e-13);
	REL(r.skew_test.z, sz, 1e-12);
	REL(r.skew_test.p_value, sp, 1e-11);
	REL(r.kurtosis_test.z, kz, 1e-11);
	REL(r.kurtosis_test.p_value, kp, 1e-11);
}

static void
test_normal_test(void)
{
	double		small8[] = {2.5, -1.0, 3.25, 0.5, 7.0, 1.5, 2.0, -0.75};
	double		same[10];
	genre_normal_test_result r;
	genre_status st;

	check_normal("tempo", -1, 60.35953094606404, 7.817977026949092e-14, 0.6111300015096247,
				 3.440963901078433, 7.358223461775336, 1.8637387062606464e-13,
				 2.4932064560808094, 0.012659521278704738);
	check_normal("tempo", 0, 3.5445549197296624, 0.16994550368811176, 0.19955507473928738,
				 2.351322453268612, 0.8602895482927014, 0.3896294527907095,
				 -1.6746512511051375, 0.094002677337713);
	check_normal("rms_mean", -1, 30.905711773070937, 1.9449567968803274e-07, 0.44198585400153617,
				 2.871155442071316, 5.503866454248803, 3.715510396759886e-08,
				 -0.783049057764354, 0.4335983043275228);
	check_normal("spectral_centroid_mean", -1, 20.997558674829808, 2.757008258643544e-05,
				 0.23418778631700488, 2.5714697235101833, 3.0062027836321947,
				 0.002645325198867032, -3.458367172310056, 0.0005434601784891353);

	genre_sample_sort(small8, 8);
	CHECK(genre_normal_test(small8, 8, &r, &st) == GENRE_OK);
	REL(r.statistic, 3.3010165193768666, 1e-12);
	REL(r.p_value, 0.1919523221957586, 1e-12);
	REL(r.kurtosis_test.z, 1.137606589866175, 1e-12);

	/* scipy refuses fewer than 8 values; no spread is undefined (scipy: NaN) */
	CHECK(genre_normal_test(small8, 7, &r, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "at least 8 values, got 7") != NULL);
	for (int i = 0; i < 10; i++)
		same[i] = 1e6;
	CHECK(genre_normal_test(same, 10, &r, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "without spread") != NULL);
	small8[3] = NAN;
	CHECK(genre_normal_test(small8, 8, &r, &st) == GENRE_EINVAL);
	small8[3] = 1e200;
	CHECK(genre_normal_test(small8, 8, &r, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "overflow") != NULL);
}

static void
test_probplot(void)
{
	static double v[GTZAN_MAX_ROWS],
				osm[GTZAN_MAX_ROWS];
	double		small3[] = {2.0, 4.0, 1.0};
	double		small8[] = {2.5, -1.0, 3.25, 0.5, 7.0, 1.5, 2.0, -0.75};
	genre_probplot_fit fit;
	genre_status st;
	int			n;

	genre_sample_sort(small3, 3);
	CHECK(genre_probplot(small3, 3, osm, &fit, &st) == GENRE_OK);
	REL(osm[0], -0.8193286198336103, 1e-15);
	CHECK(osm[1] == 0.0);
	REL(osm[2], 0.8193286198336103, 1e-15);
	REL(fit.slope, 1.8307672448993921, 1e-14);
	REL(fit.intercept, 2.3333333333333335, 1e-15);
	REL(fit.r, 0.9819805060619659, 1e-14);

	genre_sample_sort(small8, 8);
	CHECK(genre_probplot(small8, 8, osm, &fit, &st) == GENRE_OK);
	REL(osm[0], -1.3851980605543788, 1e-15);
	REL(osm[1], -0.8375715641431991, 1e-15);
	REL(osm[4], 0.15039336745863188, 1e-14);
	REL(fit.slope, 2.6991768885238554, 1e-14);
	REL(fit.intercept, 1.8750000000000002, 1e-15);
	REL(fit.r, 0.9543877728621217, 1e-14);

	n = column_sorted("tempo", -1, v);
	CHECK(genre_probplot(v, n, osm, &fit, &st) == GENRE_OK);
	REL(osm[0], -3.1975894953840083, 1e-15);
	REL(osm[1], -2.932377845016311, 1e-15);
	REL(osm[500], 0.001252857172325359, 1e-13);
	REL(osm[999], 3.1975894953840083, 1e-15);
	REL(fit.slope, 27.95700215110183, 1e-13);
	REL(fit.intercept, 119.50536326303919, 1e-14);
	REL(fit.r, 0.9868769718600201, 1e-14);

	CHECK(genre_probplot(v, 1, osm, &fit, &st) == GENRE_EINVAL);
	v[3] = -INFINITY;
	CHECK(genre_probplot(v, n, osm, &fit, &st) == GENRE_EINVAL);
}

/* Sorting makes every statistic independent of the order the rows came in. */
static void
test_order_invariance(void)
{
	const size_t n = 5000;
	double	   *a = malloc(n * sizeof(double)),
			   *b = malloc(n * sizeof(double));
	genre_rng	rng;
	genre_mean_ci_result ra,
				rb;
	genre_normal_test_result na,
				nb;
	genre_status st;

	genre_rng_seed(&rng, 3);
	for (size_t i = 0; i < n; i++)
		a[i] = (genre_rng_double(&rng) - 0.3) * 1e3 + (i % 7 == 0 ? -0.0 : 0.0);
	a[10] = 0.0;
	a[11] = -0.0;
	memcpy(b, a, n * sizeof(double));
	for (size_t i = n - 1; i > 0; i--)
	{
		size_t		j = genre_rng_below(&rng, i + 1);
		double		t = b[i];

		b[i] = b[j];
		b[j] = t;
	}
	genre_sample_sort(a, n);
	genre_sample_sort(b, n);
	CHECK(memcmp(a, b, n * sizeof(double)) == 0);
	CHECK(genre_mean_ci(a, n, 0.95, &ra, &st) == GENRE_OK);
	CHECK(genre_mean_ci(b, n, 0.95, &rb, &st) == GENRE_OK);
	CHECK(memcmp(&ra, &rb, sizeof(ra)) == 0);
	CHECK(genre_normal_test(a, n, &na, &st) == GENRE_OK);
	CHECK(genre_normal_test(b, n, &nb, &st) == GENRE_OK);
	CHECK(na.statistic == nb.statistic && na.p_value == nb.p_value);
	free(a);
	free(b);
}

/* The normal deviates the UMAP initialisation draws: mean 0, variance 1. */
static void
test_rng_normal(void)
{
	genre_rng	rng;
	double		s = 0,
				s2 = 0;
	const int	n = 200000;

	genre_rng_seed(&rng, 8);
	for (int i = 0; i < n; i++)
	{
		double		z = genre_rng_normal(&rng);

		CHECK(isfinite(z));
		s += z;
		s2 += z * z;
	}
	CHECK_NEAR(s / n, 0.0, 0.01);
	CHECK_NEAR(s2 / n, 1.0, 0.01);
}

int
main(void)
{
	if (gtzan_load(&gt, NULL) != 1000)
	{
		fprintf(stderr, "cannot read %s (run from the repository root)\n", GTZAN_CSV);
		return 1;
	}
	RUN(test_t_quantiles);
	RUN(test_norm_quantiles);
	RUN(test_mean_ci);
	RUN(test_normal_test);
	RUN(test_probplot);
	RUN(test_order_invariance);
	RUN(test_rng_normal);
	HARNESS_END();
}
