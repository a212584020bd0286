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

/*
 * Continued fraction of I_x(a, b) (Lentz); fast for x < (a + 1) / (a + b + 2).
 * Near the mean with a large a, its odd terms are -1 + O(1 / a), so every
 * level cancels: it runs in long double with y = 1 - x given separately,
 * and the first level is formed from y, which keeps the t distribution with
 * 1e7 degrees of freedom at ~1e-13 instead of 1e-10.
 */
static double
beta_cfrac(double a_, double b_, long double x, long double y)
{
	long double a = a_,
				b = b_,
				qab = a + b,
				qap = a + 1.0L,
				qam = a - 1.0L,
				c = 1.0L,
				d = (1.0L - b + qab * y) / qap,	/* 1 - qab x / qap */
				h;

	if (fabsl(d) < SPECIAL_TINY)
		d = SPECIAL_TINY;
	d = 1.0L / d;
	h = d;
	for (int m = 1; m < SPECIAL_MAXIT; m++)
	{
		int			m2 = 2 * m;
		long double aa = m * (b - m) * x / ((qam + m2) * (a + m2)),
					del;

		d = 1.0L + aa * d;
		if (fabsl(d) < SPECIAL_TINY)
			d = SPECIAL_TINY;
		c = 1.0L + aa / c;
		if (fabsl(c) < SPECIAL_TINY)
			c = SPECIAL_TINY;
		d = 1.0L / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0L + aa * d;
		if (fabsl(d) < SPECIAL_TINY)
			d = SPECIAL_TINY;
		c = 1.0L + aa / c;
		if (fabsl(c) < SPECIAL_TINY)
			c = SPECIAL_TINY;
		d = 1.0L / d;
		del = d * c;
		h *= del;
		if (fabsl(del - 1.0L) < SPECIAL_EPS)
			break;
	}
	return (double) h;
}

/*
 * Stirling's series remainder lgamma(x) - ((x - 1/2) ln x - x + ln sqrt(2 pi))
 * for x >= 10, to the B_12 term (the next one is below 1e-15 there).
 */
static double
stirling_delta(double x)
{
	double		r = 1.0 / (x * x);

	return (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r * (1.0 / 1680.0 -
			r * (1.0 / 1188.0 - r * (691.0 / 360360.0)))))) / x;
}

/*
 * ln B(a, b) without subtracting two large lgamma values: a parameter of
 * 10 or more enters through Stirling's form, so the large terms cancel
 * analytically (lgamma(5e4) alone is 5e5: its rounding would be 1e-10).
 */
static double
log_beta(double a, double b)
{
	double		lo = fmin(a, b),
				hi = fmax(a, b),
				s = a + b;

	if (hi < 10.0)
		return lgamma(lo) + lgamma(hi) - lgamma(s);
	if (lo < 10.0)
		/* lgamma(hi) - lgamma(s) = -(hi - 1/2) ln(1 + lo / hi) - lo ln s + lo + deltas */
		return lgamma(lo) + stirling_delta(hi) - stirling_delta(s) -
			(hi - 0.5) * log1p(lo / hi) - lo * log(s) + lo;
	return 0.5 * log(2.0 * M_PI) - 0.5 * log(s) - (hi - 0.5) * log1p(lo / hi) +
		(lo - 0.5) * log(lo / s) + stirling_delta(lo) + stirling_delta(hi) - stirling_delta(s);
}

/*
 * I_x(a, b), or 1 - I_x(a, b) when upper, with y = 1 - x, lx = ln x and
 * ly = ln y from the caller, who can often form them more exactly than
 * from a rounded x (a ln x with a = 5e4 turns one rounding of x into
 * 5e-12).  The continued fraction runs on the side of the mean where it
 * converges and the other tail is its complement.
 */
static double
beta_inc_side(double a, double b, long double x, long double y, double lx, double ly,
			  int upper)
{
	double		front = exp(a * lx + b * ly - log_beta(a, b)),
				s;

	if (x < (a + 1.0L) / (a + b + 2.0L))
	{
		s = front * beta_cfrac(a, b, x, y) / a;
		return upper ? 1.0 - s : s;
	}
	s = front * beta_cfrac(b, a, y, x) / b;
	return upper ? s : 1.0 - s;
}

double
genre_beta_inc(double a, double b, double x)
{
	if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0 && x <= 1.0) || isinf(a) || isinf(b))
		return NAN;
	if (x == 0.0)
		return 0.0;
	if (x == 1.0)
		return 1.0;
	return beta_inc_side(a, b, x, 1.0L - x, log(x), log1p(-x), 0);
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

double
genre_norm_cdf(double x)
{
	if (isnan(x))
		return NAN;
	if (fabs(x) < 0.5)
		return 0.5 + 0.5 * erf(x * M_SQRT1_2);
	return 0.5 * erfc(-x * M_SQRT1_2);
}

double
genre_norm_sf(double x)
{
	return genre_norm_cdf(-x);
}

/* Standard normal density. */
static double
norm_pdf(double x)
{
	return exp(-0.5 * x * x) / sqrt(2.0 * M_PI);
}

/*
 * Quantile of the lower tail q <= 1/2: Abramowitz & Stegun 26.2.23 (error
 * below 4.5e-4) polished by Newton steps on ln Phi(x) = ln q, which is
 * concave, so the iterates close in on the root from one side.  Around the
 * median the step solves erf instead, against p - 1/2 (exact there).
 */
static double
norm_lower_quantile(double q)
{
	double		t = sqrt(-2.0 * log(q)),
				x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
					  (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));

	for (int it = 0; it < 50; it++)
	{
		double		step;

		if (q >= 0.25)
			step = (0.5 * erf(x * M_SQRT1_2) - (q - 0.5)) / norm_pdf(x);
		else
		{
			double		cdf = 0.5 * erfc(-x * M_SQRT1_2);

			if (!(cdf > 0.0))
				break;
			/* d ln Phi / dx = phi / Phi */
			step = (log(cdf) - log(q)) * cdf / norm_pdf(x);
		}
		if (!isfinite(step))
			break;
		x -= step;
		if (fabs(step) <= 1e-15 * fabs(x))
			break;
	}
	return x;
}

double
genre_norm_ppf(double p)
{
	if (!(p >= 0.0 && p <= 1.0))
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;
	if (p == 0.5)
		return 0.0;
	if (p < 0.5)
		return norm_lower_quantile(p);
	return -norm_lower_quantile(1.0 - p);	/* 1 - p is exact for p >= 1/2 */
}

/*
 * P(T > t) for t >= 0, or P(|T| < t) when central, as incomplete beta
 * functions of x = df / (df + t^2): ln x = -ln(1 + t^2 / df) is formed
 * directly, which keeps large df exact.
 */
static double
t_tail(double t, double df, int central)
{
	double		u = t * t / df;

	if (isinf(u))
		return central ? 1.0 : 0.0;
	if (u == 0.0)
		return central ? 0.0 : 0.5;
	return (central ? 1.0 : 0.5) *
		beta_inc_side(0.5 * df, 0.5, 1.0L / (1.0L + u), u / (1.0L + u), -log1p(u),
					  log(u) - log1p(u), central);
}

/* Student t density. */
static double
t_pdf(double t, double df)
{
	return exp(-log_beta(0.5 * df, 0.5) - 0.5 * log(df) - 0.5 * (df + 1.0) * log1p(t * t / df));
}

double
genre_t_cdf(double t, double df)
{
	double		tail;

	if (isnan(t) || !(df > 0.0) || isinf(df))
		return NAN;
	tail = t_tail(fabs(t), df, 0);
	return t < 0.0 ? tail : 1.0 - tail;
}

double
genre_t_sf(double t, double df)
{
	return genre_t_cdf(-t, df);
}

/*
 * t > 0 with P(T > t) = q < 1/2.  Newton steps on a concave function of the
 * unknown converge monotonically from the first overshoot: on
 * P(|T| < t) = 1 - 2q in t near the median (1 - 2q exact for q >= 1/4),
 * on ln P(T > t) = ln q in ln t in the tail, where the tail behaves like
 * t^-df.  The start is the Cornish-Fisher expansion around the normal
 * quantile, or the t^-df tail itself when that is larger.
 */
static double
t_upper_quantile(double q, double df)
{
	double		z = -norm_lower_quantile(q),
				z2 = z * z,
				t = z + z * (z2 + 1.0) / (4.0 * df) +
				z * (3.0 + z2 * (16.0 + 5.0 * z2)) / (96.0 * df * df),
				t_tail_start = exp(((0.5 * df - 1.0) * log(df) - log_beta(0.5 * df, 0.5) - log(q)) / df);

	if (q < 0.25 && t_tail_start > t)
		t = t_tail_start;
	if (!(t > 0.0) || !isfinite(t))
		t = 1.0;
	for (int it = 0; it < 200; it++)
	{
		double		step;

		if (q >= 0.25)
		{
			step = (t_tail(t, df, 1) - (1.0 - 2.0 * q)) / (2.0 * t_pdf(t, df));
			if (!isfinite(step))
				break;
			if (t - step <= 0.0)
				step = 0.5 * t;
			t -= step;
		}
		else
		{
			double		tail = t_tail(t, df, 0);

			if (!(tail > 0.0))
			{
				t *= 0.5;		/* past the range of doubles: come back */
				continue;
			}
			/* d ln P(T > t) / d ln t = -t f(t) / P(T > t) */
			step = (log(tail) - log(q)) * tail / (t * t_pdf(t, df));
			if (!isfinite(step))
				break;
			step = fmax(fmin(step, 50.0), -50.0);
			t *= exp(step);
			step *= t;			/* as a change of t, for the test below */
		}
		if (fabs(step) <= 2e-16 * t)
			break;
	}
	return t;
}

double
genre_t_ppf(double p, double df)
{
	if (!(p >= 0.0 && p <= 1.0) || !(df > 0.0) || isinf(df))
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;
	if (p == 0.5)
		return 0.0;
	if (p < 0.5)
		return -t_upper_quantile(p, df);
	return t_upper_quantile(1.0 - p, df);	/* exact for p >= 1/2 */
}
