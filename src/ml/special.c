/*
 * special.c - incomplete gamma and beta functions (see special.h).
 *
 * Each function picks the representation that converges fast and keeps
 * relative accuracy in the tail it returns: the series for P when
 * x < a + 1, the continued fraction for Q otherwise; for I_x(a, b) the
 * continued fraction on whichever side of the mean x lies, so tiny upper
 * tails (small p-values) are not computed as 1 minus something near 1.
 */
#include "ml/special.h"

#include <float.h>
#include <math.h>

#define SPECIAL_EPS		1e-15
#define SPECIAL_TINY	1e-300
#define SPECIAL_MAXIT	100000

/* exp(-x + a ln x - lgamma(a)): the common prefactor of P and Q. */
static double
gamma_prefactor(double a, double x)
{
	return exp(-x + a * log(x) - lgamma(a));
}

/* P(a, x) by its power series; valid for all x, fast for x < a + 1. */
static double
gamma_series(double a, double x)
{
	double		ap = a,
				del = 1.0 / a,
				sum = del;

	for (int n = 0; n < SPECIAL_MAXIT; n++)
	{
		ap += 1.0;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * SPECIAL_EPS)
			break;
	}
	return sum * gamma_prefactor(a, x);
}

/* Q(a, x) by its continued fraction (Lentz); fast for x >= a + 1. */
static double
gamma_cfrac(double a, double x)
{
	double		b = x + 1.0 - a,
				c = 1.0 / SPECIAL_TINY,
				d = 1.0 / b,
				h = d;

	for (int i = 1; i < SPECIAL_MAXIT; i++)
	{
		double		an = -i * (i - a),
					del;

		b += 2.0;
		d = an * d + b;
		if (fabs(d) < SPECIAL_TINY)
			d = SPECIAL_TINY;
		c = b + an / c;
		if (fabs(c) < SPECIAL_TINY)
			c = SPECIAL_TINY;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < SPECIAL_EPS)
			break;
	}
	return gamma_prefactor(a, x) * h;
}

double
genre_gamma_p(double a, double x)
{
	if (!(a > 0.0) || !(x >= 0.0) || isinf(a))
		return NAN;
	if (x == 0.0)
		return 0.0;
	if (isinf(x))
		return 1.0;
	if (x < a + 1.0)
		return gamma_series(a, x);
	return 1.0 - gamma_cfrac(a, x);
}

double
genre_gamma_q(double a, double x)
{
	if (!(a > 0.0) || !(x >= 0.0) || isinf(a))
		return NAN;
	if (x == 0.0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	if (x < a + 1.0)
		return 1.0 - gamma_series(a, x);
	return gamma_cfrac(a, x);
}

/* Continued fraction of I_x(a, b) (Lentz); fast for x < (a + 1) / (a + b + 2). */
static double
beta_cfrac(double a, double b, double x)
{
	double		qab = a + b,
				qap = a + 1.0,
				qam = a - 1.0,
				c = 1.0,
				d = 1.0 - qab * x / qap,
				h;

	if (fabs(d) < SPECIAL_TINY)
		d = SPECIAL_TINY;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m < SPECIAL_MAXIT; m++)
	{
		int			m2 = 2 * m;
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2)),
					del;

		d = 1.0 + aa * d;
		if (fabs(d) < SPECIAL_TINY)
			d = SPECIAL_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < SPECIAL_TINY)
			c = SPECIAL_TINY;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < SPECIAL_TINY)
			d = SPECIAL_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < SPECIAL_TINY)
			c = SPECIAL_TINY;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < SPECIAL_EPS)
			break;
	}
	return h;
}

double
genre_beta_inc(double a, double b, double x)
{
	double		front;

	if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0 && x <= 1.0) || isinf(a) || isinf(b))
		return NAN;
	if (x == 0.0)
		return 0.0;
	if (x == 1.0)
		return 1.0;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1.0) / (a + b + 2.0))
		return front * beta_cfrac(a, b, x) / a;
	return 1.0 - front * beta_cfrac(b, a, 1.0 - x) / b;
}

double
genre_chi2_sf(double x, double df)
{
	if (!(df > 0.0) || isnan(x))
		return NAN;
	if (x <= 0.0)
		return 1.0;
	return genre_gamma_q(0.5 * df, 0.5 * x);
}

double
genre_f_sf(double f, double d1, double d2)
{
	if (!(d1 > 0.0) || !(d2 > 0.0) || isnan(f))
		return NAN;
	if (f <= 0.0)
		return 1.0;
	if (isinf(f))
		return 0.0;
	/* P(F > f) = I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2) */
	return genre_beta_inc(0.5 * d2, 0.5 * d1, d2 / (d2 + d1 * f));
}
