/*
 * umap_layout.c - find_ab_params and the SGD layout (see umap_layout.h,
 * umap.h).
 */
#include "ml/umap_layout.h"

#include "base/alloc.h"
#include "ml/umap.h"

#include <math.h>
#include <string.h>

#define AB_POINTS 300
#define NEGATIVE_SAMPLE_RATE 5
#define GAMMA 1.0

/* Residuals and Jacobian of 1 / (1 + a x^2b) against the target curve. */
static double
ab_residuals(double a, double b, const double *x, const double *y, double *r, double *ja,
			 double *jb)
{
	double		ss = 0;

	for (int i = 0; i < AB_POINTS; i++)
	{
		double		p = x[i] > 0 ? pow(x[i], 2 * b) : 0,
					den = 1 + a * p,
					f = 1 / den;

		r[i] = f - y[i];
		ss += r[i] * r[i];
		if (ja)
		{
			ja[i] = -p / (den * den);
			jb[i] = x[i] > 0 ? -a * p * 2 * log(x[i]) / (den * den) : 0;
		}
	}
	return ss;
}

/*
 * Levenberg-Marquardt from (1, 1), scipy's curve_fit start, run to
 * convergence: the least-squares minimum curve_fit stops near (its own
 * tolerance is a relative 1.5e-8).
 */
genre_code
genre_umap_find_ab(double spread, double min_dist, double *a_out, double *b_out,
				   genre_status *st)
{
	double		x[AB_POINTS],
				y[AB_POINTS],
				r[AB_POINTS],
				ja[AB_POINTS],
				jb[AB_POINTS],
				a = 1,
				b = 1,
				lambda = 1e-3,
				ss;

	if (!(spread > 0 && isfinite(spread)) || !(min_dist >= 0 && min_dist <= spread))
		return genre_fail(st, GENRE_EINVAL, "umap: min_dist must lie between 0 and spread");
	/* np.linspace(0, 3 spread, 300) and the offset exponential decay */
	for (int i = 0; i < AB_POINTS; i++)
	{
		x[i] = i == AB_POINTS - 1 ? 3 * spread : i * (3 * spread / (AB_POINTS - 1));
		y[i] = x[i] < min_dist ? 1.0 : exp(-(x[i] - min_dist) / spread);
	}
	ss = ab_residuals(a, b, x, y, r, ja, jb);
	for (int it = 0; it < 500; it++)
	{
		double		gaa = 0,
					gab = 0,
					gbb = 0,
					ga = 0,
					gb = 0,
					da,
					db,
					det,
					na,
					nb,
					nss;

		for (int i = 0; i < AB_POINTS; i++)
		{
			gaa += ja[i] * ja[i];
			gab += ja[i] * jb[i];
			gbb += jb[i] * jb[i];
			ga += ja[i] * r[i];
			gb += jb[i] * r[i];
		}
		/* (J'J + lambda diag(J'J)) step = -J'r */
		det = (gaa * (1 + lambda)) * (gbb * (1 + lambda)) - gab * gab;
		if (!(fabs(det) > 0))
			break;
		da = -(ga * gbb * (1 + lambda) - gb * gab) / det;
		db = -(gb * gaa * (1 + lambda) - ga * gab) / det;
		na = a + da;
		nb = b + db;
		if (na > 0 && nb > 0 && (nss = ab_residuals(na, nb, x, y, r, NULL, NULL)) <= ss)
		{
			int			done = fabs(da) <= 1e-15 * fabs(a) && fabs(db) <= 1e-15 * fabs(b);

			a = na;
			b = nb;
			ss = ab_residuals(a, b, x, y, r, ja, jb);
			lambda = fmax(lambda / 10, 1e-12);
			if (done)
				break;
		}
		else
		{
			ab_residuals(a, b, x, y, r, ja, jb);
			lambda *= 10;
			if (lambda > 1e12)
				break;
		}
	}
	if (!(a >= 1.0 / GENRE_UMAP_MAX_A && a <= GENRE_UMAP_MAX_A && b >= GENRE_UMAP_MIN_B &&
		  b <= GENRE_UMAP_MAX_B))
		return genre_fail(st, GENRE_EINVAL, "umap: no curve fits min_dist %g and spread %g", min_dist, spread);
	*a_out = a;
	*b_out = b;
	return GENRE_OK;
}

static inline double
clip4(double v)
{
	return v > 4.0 ? 4.0 : v < -4.0 ? -4.0 : v;
}

/* Squared distance in float32 (umap-learn's rdist is compiled for float32). */
static inline float
rdist(const float *x, const float *y, int dim)
{
	float		s = 0.0f;

	for (int d = 0; d < dim; d++)
	{
		float		diff = x[d] - y[d];

		s += diff * diff;
	}
	return s;
}

genre_code
genre_umap_optimize(const genre_umap_sgd *s, genre_status *st)
{
	size_t		ne = s->n_edges;
	double	   *eps = genre_alloc((ne + 1) * sizeof(double)),
			   *eps_neg = genre_alloc((ne + 1) * sizeof(double)),
			   *next = genre_alloc((ne + 1) * sizeof(double)),
			   *next_neg = genre_alloc((ne + 1) * sizeof(double));
	float		wmax = 0.0f;
	double		alpha = s->initial_alpha,
				a = s->a,
				b = s->b;
	/* powf: float32 powers are ample for a gradient step and twice as fast as pow */
	float		bf = (float) b;
	int			dim = s->dim;

	if (!eps || !eps_neg || !next || !next_neg)
	{
		genre_free(eps);
		genre_free(eps_neg);
		genre_free(next);
		genre_free(next_neg);
		return genre_fail_nomem(st);
	}
	/* make_epochs_per_sample: an edge of weight w every max w / w epochs */
	for (size_t e = 0; e < ne; e++)
		wmax = fmaxf(wmax, s->weight[e]);
	for (size_t e = 0; e < ne; e++)
	{
		float		samples = (float) s->n_epochs * (s->weight[e] / wmax);

		eps[e] = samples > 0 ? (double) s->n_epochs / samples : -1.0;
		eps_neg[e] = eps[e] / NEGATIVE_SAMPLE_RATE;
		next[e] = eps[e];
		next_neg[e] = eps_neg[e];
	}
	for (int n = 0; n < s->n_epochs; n++)
	{
		for (size_t e = 0; e < ne; e++)
		{
			uint32_t	j,
						k;
			float	   *current,
					   *other,
						ds;
			double		grad;
			int			n_neg;

			if (!(next[e] <= n) || eps[e] < 0)
				continue;
			j = s->head[e];
			k = s->tail[e];
			current = s->head_embedding + (size_t) j * dim;
			other = s->tail_embedding + (size_t) k * dim;
			ds = rdist(current, other, dim);
			if (ds > 0.0f)
			{
				/*
				 * -2ab ds^(b-1) / (a ds^b + 1) written with q = a ds^b, which
				 * stays finite where ds^b overflows float (q = inf: the limit)
				 */
				double		q = a * powf(ds, bf);

				grad = isinf(q) ? -2.0 * b / ds : -2.0 * b * q / (ds * (q + 1.0));
			}
			else
				grad = 0.0;
			for (int d = 0; d < dim; d++)
			{
				double		g = clip4(grad * (current[d] - other[d]));

				current[d] += (float) (g * alpha);
				if (s->move_other)
					other[d] += (float) (-g * alpha);
			}
			next[e] += eps[e];

			n_neg = (int) ((n - next_neg[e]) / eps_neg[e]);
			for (int q = 0; q < n_neg; q++)
			{
				k = (uint32_t) genre_rng_below(s->rng, s->n_vertices);
				other = s->tail_embedding + (size_t) k * dim;
				ds = rdist(current, other, dim);
				if (ds > 0.0f)
					grad = 2.0 * GAMMA * b / ((0.001 + ds) * (a * powf(ds, bf) + 1.0));
				else if (j == k)
					continue;
				else
					grad = 0.0;
				for (int d = 0; d < dim; d++)
				{
					double		g = grad > 0.0 ? clip4(grad * (current[d] - other[d])) : 4.0;

					current[d] += (float) (g * alpha);
				}
			}
			next_neg[e] += n_neg * eps_neg[e];
		}
		alpha = s->initial_alpha * (1.0 - (double) n / (double) s->n_epochs);
		if (genre_interrupted())
		{
			genre_free(eps);
			genre_free(eps_neg);
			genre_free(next);
			genre_free(next_neg);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	genre_free(eps);
	genre_free(eps_neg);
	genre_free(next);
	genre_free(next_neg);
	return GENRE_OK;
}
