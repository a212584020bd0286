/*
 * special.h - regularised incomplete gamma and beta functions and the
 * distribution tails built on them (p-values of feature-selection tests).
 *
 * All in float64.  Continued fractions use the modified Lentz method
 * (Numerical Recipes, 3rd ed., 6.2 and 6.4) and stop at relative change
 * below 1e-15; arguments outside the domain return NaN.
 */
#ifndef GENRE_ML_SPECIAL_H
#define GENRE_ML_SPECIAL_H

/* Lower regularised incomplete gamma P(a, x), a > 0, x >= 0. */
double		genre_gamma_p(double a, double x);

/* Upper regularised incomplete gamma Q(a, x) = 1 - P(a, x), computed directly. */
double		genre_gamma_q(double a, double x);

/* Regularised incomplete beta I_x(a, b), a > 0, b > 0, 0 <= x <= 1. */
double		genre_beta_inc(double a, double b, double x);

/* Chi-square survival function P(X > x), df > 0. */
double		genre_chi2_sf(double x, double df);

/* F-distribution survival function P(X > f), d1 > 0, d2 > 0. */
double		genre_f_sf(double f, double d1, double d2);

/* Standard normal CDF and survival function (scipy's norm.cdf, norm.sf). */
double		genre_norm_cdf(double x);
double		genre_norm_sf(double x);

/* Standard normal quantile (norm.ppf), 0 <= p <= 1, to a few ulp. */
double		genre_norm_ppf(double p);

/* Student t CDF and survival function with df > 0 degrees of freedom. */
double		genre_t_cdf(double t, double df);
double		genre_t_sf(double t, double df);

/*
 * Student t quantile (t.ppf), 0 <= p <= 1, df > 0: Newton steps on the
 * incomplete beta function to a few ulp of the exact quantile.  scipy 1.10's
 * stdtrit stops its root search at a relative 1e-8, so it can differ from
 * this (and from the exact value) by up to ~1e-9 relative.
 */
double		genre_t_ppf(double p, double df);

#endif
