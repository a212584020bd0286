/*
 * kmeans.c - k-means++ seeding and Lloyd iterations (see kmeans.h).
 *
 * The assignment step skips centre j for a point whose nearest centre so far
 * is b when d(c_b, c_j) / 2 > d(x, c_b) (triangle inequality: c_j cannot be
 * closer), and stops summing a distance once it exceeds the best one, so
 * most distances are never computed in full once the centres settle.  Up to
 * GENRE_KMEANS_MATRIX_K centres the half distances between centres are kept
 * in a k x k matrix; beyond, each is summed when needed and the sum stops
 * as soon as it proves the skip (partial sums of squares only grow), which
 * makes the same decisions without 8 k^2 bytes.
 *
 * Every loop over the rows checks for a cancel at least every CHECK_WORK
 * units of work (about a millisecond).
 */
#include "ml/kmeans.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "ml/json_array.h"
#include "ml/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_WORK ((size_t) 1 << 20)	/* float operations between cancel checks */

void
genre_kmeans_defaults(genre_kmeans_params *p, int k)
{
	p->k = k;
	p->n_init = 10;
	p->max_iter = 300;
	p->tol = 1e-4;
	p->seed = 0;
}

/*
 * Squared distance from a float32 row to a float64 centre, returned as soon
 * as the partial sum exceeds bound (pass INFINITY for the full distance; the
 * summation order is the same either way, so results agree bit for bit).
 */
static inline double
sq_dist(const float *x, const double *c, int dim, double bound)
{
	double		s = 0.0;
	int			j = 0;

	for (; j + 8 <= dim; j += 8)
	{
		double		d0 = x[j] - c[j],
					d1 = x[j + 1] - c[j + 1],
					d2 = x[j + 2] - c[j + 2],
					d3 = x[j + 3] - c[j + 3],
					d4 = x[j + 4] - c[j + 4],
					d5 = x[j + 5] - c[j + 5],
					d6 = x[j + 6] - c[j + 6],
					d7 = x[j + 7] - c[j + 7];

		s += (d0 * d0 + d1 * d1) + (d2 * d2 + d3 * d3) +
			(d4 * d4 + d5 * d5) + (d6 * d6 + d7 * d7);
		if (s > bound)
			return s;
	}
	for (; j < dim; j++)
	{
		double		d = x[j] - c[j];

		s += d * d;
	}
	return s;
}

static double
sq_dist_dd(const double *a, const double *b, int dim)
{
	double		s = 0.0;

	for (int j = 0; j < dim; j++)
	{
		double		d = a[j] - b[j];

		s += d * d;
	}
	return s;
}

/*
 * Is half the distance between centres a and b above r, as the matrix entry
 * 0.5 * sqrt(sq_dist_dd(a, b)) would say?  Summed in the same order; a
 * partial sum already past the bound settles it, since the sum only grows.
 */
static int
half_dist_above(const double *a, const double *b, int dim, double r)
{
	double		s = 0.0;
	int			j = 0;

	for (; j + 8 <= dim; j += 8)
	{
		for (int i = j; i < j + 8; i++)
		{
			double		d = a[i] - b[i];

			s += d * d;
		}
		if (0.5 * sqrt(s) > r)
			return 1;
	}
	for (; j < dim; j++)
	{
		double		d = a[j] - b[j];

		s += d * d;
	}
	return 0.5 * sqrt(s) > r;
}

/* Count work; GENRE_ECANCEL when a check finds the host asking to stop. */
static genre_code
charge(size_t *work, size_t units, genre_status *st)
{
	*work += units;
	if (*work >= CHECK_WORK)
	{
		*work = 0;
		GENRE_CHECK_CANCEL(st);
	}
	return GENRE_OK;
}

/* Lexicographic order of rows by value; bit patterns break ties (-0 vs 0). */
static int
row_cmp(const float *a, const float *b, int dim)
{
	for (int j = 0; j < dim; j++)
	{
		if (a[j] < b[j])
			return -1;
		if (a[j] > b[j])
			return 1;
	}
	return memcmp(a, b, (size_t) dim * sizeof(float));
}

/* Stable merge sort of row indices (qsort has no context argument). */
static genre_code
sort_rows(const float *rows, int dim, size_t *idx, size_t *tmp, size_t n, genre_status *st)
{
	size_t		work = 0;
	genre_code	rc;

	for (size_t width = 1; width < n; width *= 2)
	{
		for (size_t lo = 0; lo < n; lo += 2 * width)
		{
			size_t		mid = lo + width < n ? lo + width : n,
						hi = lo + 2 * width < n ? lo + 2 * width : n,
						a = lo,
						b = mid,
						o = lo;

			while (a < mid && b < hi)
			{
				tmp[o++] = row_cmp(rows + idx[b] * dim, rows + idx[a] * dim, dim) < 0 ? idx[b++] : idx[a++];
				/* a compare of up to dim values, counted as 16 */
				if (((o - lo) & 0xfff) == 0 && (rc = charge(&work, 16 << 12, st)) != GENRE_OK)
					return rc;
			}
			while (a < mid)
				tmp[o++] = idx[a++];
			while (b < hi)
				tmp[o++] = idx[b++];
			if ((rc = charge(&work, 16 * ((hi - lo) & 0xfff), st)) != GENRE_OK)
				return rc;
		}
		memcpy(idx, tmp, n * sizeof(size_t));
	}
	return GENRE_OK;
}

/* A row and its squared distance to its centre, for the farthest-first order. */
typedef struct far_row
{
	double		d;
	size_t		i;
} far_row;

/* Working memory of one fit, shared by all runs. */
typedef struct km_work
{
	const float *X;				/* sorted rows, n x dim */
	size_t		n;
	int			dim;
	int			k;
	double	   *centers;		/* k x dim */
	double	   *sums;			/* k x dim: next centres */
	double	   *half_cc;		/* k x k: half distances between centres; NULL past GENRE_KMEANS_MATRIX_K */
	uint64_t   *counts;			/* k */
	int		   *labels;			/* n */
	int		   *labels_old;		/* n */
	double	   *dist;			/* n: squared distance to the assigned centre */
	struct far_row *order;		/* n: scratch for relocation */
	double	   *pp_closest;		/* n: k-means++ closest squared distances */
	double	   *pp_trial;		/* n: the trial being tried */
	double	   *pp_best;		/* n: the best trial so far */
	double	   *pp_cum;			/* n: cumulative sum */
	double	   *row;			/* dim: a row as float64 */
	size_t		work;			/* for cancel checks */
} km_work;

/*
 * Greedy k-means++ (scikit-learn's _kmeans_plusplus): each new centre is the
 * best of n_trials candidates drawn with probability proportional to the
 * squared distance to the closest centre chosen so far.
 */
static genre_code
seed_plusplus(km_work *w, genre_rng *rng, genre_status *st)
{
	size_t		n = w->n;
	int			dim = w->dim;
	int			trials = 2 + (int) log((double) w->k);
	size_t		first = (size_t) genre_rng_below(rng, n);
	double		pot = 0.0;
	genre_code	rc;

	for (int j = 0; j < dim; j++)
		w->centers[j] = w->X[first * dim + j];
	for (size_t i = 0; i < n; i++)
	{
		w->pp_closest[i] = sq_dist(w->X + i * dim, w->centers, dim, INFINITY);
		pot += w->pp_closest[i];
		if ((rc = charge(&w->work, (size_t) dim, st)) != GENRE_OK)
			return rc;
	}
	for (int c = 1; c < w->k; c++)
	{
		int			best_t = -1;
		size_t		best_id = 0;
		double		best_pot = 0.0,
					cum = 0.0;

		GENRE_CHECK_CANCEL(st);
		for (size_t i = 0; i < n; i++)
			w->pp_cum[i] = (cum += w->pp_closest[i]);
		for (int t = 0; t < trials; t++)
		{
			double		v = genre_rng_double(rng) * pot,
						tpot = 0.0;
			size_t		lo = 0,
						hi = n;
			double	   *td = w->pp_trial;

			/* first index with cum >= v (numpy searchsorted, side left), clipped */
			while (lo < hi)
			{
				size_t		mid = lo + (hi - lo) / 2;

				if (w->pp_cum[mid] < v)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo >= n)
				lo = n - 1;
			for (int j = 0; j < dim; j++)
				w->row[j] = w->X[lo * dim + j];
			for (size_t i = 0; i < n; i++)
			{
				double		d = sq_dist(w->X + i * dim, w->row, dim, w->pp_closest[i]);

				td[i] = d < w->pp_closest[i] ? d : w->pp_closest[i];
				tpot += td[i];
				if ((rc = charge(&w->work, (size_t) dim, st)) != GENRE_OK)
					return rc;
			}
			if (best_t < 0 || tpot < best_pot)
			{
				/* keep this trial's distances: the buffers swap roles */
				w->pp_trial = w->pp_best;
				w->pp_best = td;
				best_t = t;
				best_pot = tpot;
				best_id = lo;
			}
		}
		memcpy(w->pp_closest, w->pp_best, n * sizeof(double));
		pot = best_pot;
		for (int j = 0; j < dim; j++)
			w->centers[(size_t) c * dim + j] = w->X[best_id * dim + j];
	}
	return GENRE_OK;
}

/*
 * Assign every row to its nearest centre (ties to the lowest index), record
 * the squared distance, and when update is set accumulate the rows into
 * sums/counts for the next centres.
 */
static genre_code
assign(km_work *w, int update, genre_status *st)
{
	int			k = w->k,
				dim = w->dim;
	genre_code	rc;

	if (w->half_cc)
		for (int a = 0; a < k; a++)
		{
			w->half_cc[(size_t) a * k + a] = 0.0;
			for (int b = a + 1; b < k; b++)
			{
				double		h = 0.5 * sqrt(sq_dist_dd(w->centers + (size_t) a * dim,
													  w->centers + (size_t) b * dim, dim));

				w->half_cc[(size_t) a * k + b] = h;
				w->half_cc[(size_t) b * k + a] = h;
			}
			if ((rc = charge(&w->work, (size_t) (k - a) * dim, st)) != GENRE_OK)
				return rc;
		}
	if (update)
	{
		memset(w->sums, 0, (size_t) k * dim * sizeof(double));
		memset(w->counts, 0, (size_t) k * sizeof(uint64_t));
	}
	for (size_t i = 0; i < w->n; i++)
	{
		const float *x = w->X + i * dim;
		int			best = w->labels[i] >= 0 ? w->labels[i] : 0;
		double		db = sq_dist(x, w->centers + (size_t) best * dim, dim, INFINITY),
					rb = sqrt(db);

		if ((rc = charge(&w->work, (size_t) k * dim, st)) != GENRE_OK)
			return rc;
		for (int j = 0; j < k; j++)
		{
			double		d;

			if (j == best)
				continue;
			if (w->half_cc ? w->half_cc[(size_t) best * k + j] > rb
				: half_dist_above(w->centers + (size_t) best * dim, w->centers + (size_t) j * dim,
								  dim, rb))
				continue;
			d = sq_dist(x, w->centers + (size_t) j * dim, dim, db);
			if (d < db || (d == db && j < best))
			{
				best = j;
				db = d;
				rb = sqrt(d);
			}
		}
		w->labels[i] = best;
		w->dist[i] = db;
		if (update)
		{
			double	   *s = w->sums + (size_t) best * dim;

			for (int j = 0; j < dim; j++)
				s[j] += x[j];
			w->counts[best]++;
		}
	}
	return GENRE_OK;
}

/* Does row a come before row b in the farthest-first order (distance down, then index up)? */
static inline int
far_before(const far_row *a, const far_row *b)
{
	return a->d > b->d || (a->d == b->d && a->i < b->i);
}

/* Restore the heap (the first in far_before order on top) below slot i. */
static void
far_sift(far_row *h, size_t n, size_t i)
{
	for (;;)
	{
		size_t		l = 2 * i + 1,
					top = i;
		far_row		t;

		if (l < n && far_before(&h[l], &h[top]))
			top = l;
		if (l + 1 < n && far_before(&h[l + 1], &h[top]))
			top = l + 1;
		if (top == i)
			return;
		t = h[i];
		h[i] = h[top];
		h[top] = t;
		i = top;
	}
}

/*
 * Re-seed each empty cluster with the row farthest from its centre, taken
 * out of a cluster that keeps at least one row (scikit-learn's
 * _relocate_empty_clusters, which never leaves a NaN centre).  The rows
 * come farthest first off a heap (built in O(n) with cancel checks, popped
 * only as far as needed) rather than a full sort.
 */
static genre_code
relocate_empty(km_work *w, genre_status *st)
{
	size_t		left = 0;		/* rows still on the heap; 0 until it is built */
	int			built = 0;
	int			dim = w->dim;
	genre_code	rc;

	for (int c = 0; c < w->k; c++)
	{
		if (w->counts[c] != 0)
			continue;
		if (!built)
		{
			for (size_t i = 0; i < w->n; i++)
			{
				w->order[i].d = w->dist[i];
				w->order[i].i = i;
			}
			for (size_t i = w->n / 2; i-- > 0;)
			{
				far_sift(w->order, w->n, i);
				if ((rc = charge(&w->work, 16, st)) != GENRE_OK)
					return rc;
			}
			left = w->n;
			built = 1;
		}
		/* n >= k distinct rows, so some cluster holds two rows or more */
		while (left > 0 && w->counts[w->labels[w->order[0].i]] < 2)
		{
			w->order[0] = w->order[--left];
			far_sift(w->order, left, 0);
		}
		if (left == 0)
			return GENRE_OK;
		{
			size_t		p = w->order[0].i;
			int			old = w->labels[p];
			const float *x = w->X + p * dim;

			w->order[0] = w->order[--left];
			far_sift(w->order, left, 0);
			for (int j = 0; j < dim; j++)
			{
				w->sums[(size_t) old * dim + j] -= x[j];
				w->sums[(size_t) c * dim + j] = x[j];
			}
			w->counts[old]--;
			w->counts[c] = 1;
		}
	}
	return GENRE_OK;
}

/* One Lloyd run from the seeded centres (scikit-learn's _kmeans_single_lloyd). */
static genre_code
lloyd(km_work *w, int max_iter, double tol, int *n_iter, double *inertia, genre_status *st)
{
	int			k = w->k,
				dim = w->dim,
				it,
				strict = 0;
	genre_code	rc;

	for (size_t i = 0; i < w->n; i++)
		w->labels[i] = w->labels_old[i] = -1;
	for (it = 0; it < max_iter; it++)
	{
		double		shift = 0.0;

		if ((rc = assign(w, 1, st)) != GENRE_OK)
			return rc;
		if ((rc = relocate_empty(w, st)) != GENRE_OK)
			return rc;
		for (int c = 0; c < k; c++)
		{
			double	   *s = w->sums + (size_t) c * dim;
			double	   *ctr = w->centers + (size_t) c * dim;

			if (w->counts[c] == 0)
				continue;
			for (int j = 0; j < dim; j++)
			{
				double		v = s[j] / (double) w->counts[c],
							d = v - ctr[j];

				shift += d * d;
				ctr[j] = v;
			}
		}
		if (memcmp(w->labels, w->labels_old, w->n * sizeof(int)) == 0)
		{
			strict = 1;
			break;
		}
		if (shift <= tol)
			break;
		memcpy(w->labels_old, w->labels, w->n * sizeof(int));
	}
	/* labels must match the final centres unless they already did */
	if (!strict && (rc = assign(w, 0, st)) != GENRE_OK)
		return rc;
	*inertia = 0.0;
	for (size_t i = 0; i < w->n; i++)
		*inertia += w->dist[i];
	*n_iter = it < max_iter ? it + 1 : max_iter;
	return GENRE_OK;
}

/* Mean over columns of the population variance (scikit-learn's _tolerance). */
static genre_code
mean_variance(const float *X, size_t n, int dim, double *out, size_t *work, genre_status *st)
{
	double		total = 0.0;
	genre_code	rc;

	for (int j = 0; j < dim; j++)
	{
		double		mean = 0.0,
					ss = 0.0;

		for (size_t i = 0; i < n; i++)
		{
			mean += X[i * dim + j];
			if ((i & 0xffff) == 0xffff && (rc = charge(work, 1 << 16, st)) != GENRE_OK)
				return rc;
		}
		mean /= (double) n;
		for (size_t i = 0; i < n; i++)
		{
			double		d = X[i * dim + j] - mean;

			ss += d * d;
			if ((i & 0xffff) == 0xffff && (rc = charge(work, 1 << 16, st)) != GENRE_OK)
				return rc;
		}
		total += ss / (double) n;
	}
	*out = total / dim;
	return GENRE_OK;
}

static void
work_free(km_work *w)
{
	genre_free((void *) w->X);
	genre_free(w->centers);
	genre_free(w->sums);
	genre_free(w->half_cc);
	genre_free(w->counts);
	genre_free(w->labels);
	genre_free(w->labels_old);
	genre_free(w->dist);
	genre_free(w->order);
	genre_free(w->pp_closest);
	genre_free(w->pp_trial);
	genre_free(w->pp_best);
	genre_free(w->pp_cum);
	genre_free(w->row);
}

void
genre_kmeans_free(genre_kmeans *m, int free_struct)
{
	if (m == NULL)
		return;
	genre_free(m->sizes);
	genre_free(m->centers);
	m->sizes = NULL;
	m->centers = NULL;
	if (free_struct)
		genre_free(m);
}

/* genre_calloc_checked for a run of allocations: nothing once *rc is set. */
static void *
zeroed(size_t n, size_t size, genre_code *rc, genre_status *st)
{
	void	   *p;

	if (*rc != GENRE_OK)
		return NULL;
	if ((p = genre_calloc_checked(n, size, st)) == NULL)
		*rc = st->code;
	return p;
}

/* Sorted copy of the rows into w->X; the number of distinct rows in *distinct. */
static genre_code
sorted_copy(km_work *w, const float *rows, size_t *distinct, genre_status *st)
{
	size_t		n = w->n;
	int			dim = w->dim;
	genre_code	rc = GENRE_OK;
	size_t	   *idx = zeroed(n, sizeof(size_t), &rc, st),
			   *tmp = zeroed(n, sizeof(size_t), &rc, st);
	float	   *X = zeroed(n, (size_t) dim * sizeof(float), &rc, st);

	if (rc != GENRE_OK)
		goto done;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	if ((rc = sort_rows(rows, dim, idx, tmp, n, st)) != GENRE_OK)
		goto done;
	*distinct = 0;
	for (size_t i = 0; i < n; i++)
	{
		const float *r = rows + idx[i] * dim;

		memcpy(X + i * dim, r, (size_t) dim * sizeof(float));
		if (i == 0)
			*distinct = 1;
		else
		{
			const float *prev = X + (i - 1) * dim;
			int			same = 1;

			for (int j = 0; j < dim && same; j++)
				same = (prev[j] == r[j]);
			*distinct += !same;
		}
		if ((rc = charge(&w->work, (size_t) dim, st)) != GENRE_OK)
			goto done;
	}
	w->X = X;
	X = NULL;
done:
	genre_free(idx);
	genre_free(tmp);
	genre_free(X);
	return rc;
}

genre_code
genre_kmeans_fit(const float *rows, size_t n, int dim, const genre_kmeans_params *p,
				 genre_kmeans *model, genre_status *st)
{
	return genre_kmeans_fit_matrix(rows, n, dim, p, GENRE_KMEANS_MATRIX_K, model, st);
}

genre_code
genre_kmeans_fit_matrix(const float *rows, size_t n, int dim, const genre_kmeans_params *p,
						int matrix_k, genre_kmeans *model, genre_status *st)
{
	km_work		w = {0};
	genre_rng	master;
	size_t		distinct = 0;
	double		tol_abs,
				best_inertia = INFINITY;
	double	   *best_centers = NULL;
	int			best_iter = 0;
	int		   *best_labels = NULL;
	genre_code	rc;

	memset(model, 0, sizeof(*model));
	if (p->k < 1 || p->k > GENRE_KMEANS_MAX_K)
		return genre_fail(st, GENRE_EINVAL, "k must be between 1 and %d, got %d", GENRE_KMEANS_MAX_K, p->k);
	if (p->n_init < 1 || p->max_iter < 1 || !(p->tol >= 0.0) || !isfinite(p->tol))
		return genre_fail(st, GENRE_EINVAL, "n_init and max_iter must be positive and tol finite and non-negative");
	if (dim < 1 || dim > GENRE_KMEANS_MAX_DIM)
		return genre_fail(st, GENRE_EINVAL, "vector length must be between 1 and %d, got %d",
						  GENRE_KMEANS_MAX_DIM, dim);
	if (n < (size_t) p->k)
		return genre_fail(st, GENRE_EINVAL, "k (%d) exceeds the number of rows (%zu)", p->k, n);

	w.n = n;
	w.dim = dim;
	w.k = p->k;
	if ((rc = sorted_copy(&w, rows, &distinct, st)) != GENRE_OK)
		return rc;
	if (distinct < (size_t) p->k)
	{
		work_free(&w);
		return genre_fail(st, GENRE_EINVAL, "k (%d) exceeds the number of distinct rows (%zu)",
						  p->k, distinct);
	}
	rc = GENRE_OK;
	w.centers = zeroed((size_t) p->k * dim, sizeof(double), &rc, st);
	w.sums = zeroed((size_t) p->k * dim, sizeof(double), &rc, st);
	if (p->k <= matrix_k)
		w.half_cc = zeroed((size_t) p->k * p->k, sizeof(double), &rc, st);
	w.counts = zeroed(p->k, sizeof(uint64_t), &rc, st);
	w.labels = zeroed(n, sizeof(int), &rc, st);
	w.labels_old = zeroed(n, sizeof(int), &rc, st);
	w.dist = zeroed(n, sizeof(double), &rc, st);
	w.order = zeroed(n, sizeof(far_row), &rc, st);
	w.pp_closest = zeroed(n, sizeof(double), &rc, st);
	w.pp_trial = zeroed(n, sizeof(double), &rc, st);
	w.pp_best = zeroed(n, sizeof(double), &rc, st);
	w.pp_cum = zeroed(n, sizeof(double), &rc, st);
	w.row = zeroed(dim, sizeof(double), &rc, st);
	best_centers = zeroed((size_t) p->k * dim, sizeof(double), &rc, st);
	best_labels = zeroed(n, sizeof(int), &rc, st);
	if (rc != GENRE_OK)
		goto done;

	if ((rc = mean_variance(w.X, n, dim, &tol_abs, &w.work, st)) != GENRE_OK)
		goto done;
	tol_abs *= p->tol;
	genre_rng_seed(&master, p->seed);
	for (int run = 0; run < p->n_init; run++)
	{
		genre_rng	rng;
		int			n_iter;
		double		inertia;

		genre_rng_seed(&rng, genre_rng_next(&master));
		if ((rc = seed_plusplus(&w, &rng, st)) != GENRE_OK ||
			(rc = lloyd(&w, p->max_iter, tol_abs, &n_iter, &inertia, st)) != GENRE_OK)
			goto done;
		if (inertia < best_inertia)
		{
			best_inertia = inertia;
			best_iter = n_iter;
			memcpy(best_centers, w.centers, (size_t) p->k * dim * sizeof(double));
			memcpy(best_labels, w.labels, n * sizeof(int));
		}
	}

	model->sizes = genre_calloc(p->k, sizeof(uint64_t));
	if (model->sizes == NULL)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		model->sizes[best_labels[i]]++;
	model->dim = dim;
	model->k = p->k;
	model->n_samples = n;
	model->n_iter = best_iter;
	model->inertia = best_inertia;
	model->centers = best_centers;
	best_centers = NULL;
	rc = GENRE_OK;

done:
	work_free(&w);
	genre_free(best_centers);
	genre_free(best_labels);
	if (rc != GENRE_OK)
		genre_kmeans_free(model, 0);
	return rc;
}

genre_code
genre_kmeans_write(const genre_kmeans *m, genre_writer *w, genre_status *st)
{
	genre_model_begin(w, GENRE_MODEL_KMEANS);
	genre_put_u32(w, (uint32_t) m->dim);
	genre_put_u32(w, (uint32_t) m->k);
	genre_put_u64(w, m->n_samples);
	genre_put_u32(w, (uint32_t) m->n_iter);
	genre_put_f64(w, m->inertia);
	for (int c = 0; c < m->k; c++)
		genre_put_u64(w, m->sizes[c]);
	for (size_t i = 0; i < (size_t) m->k * m->dim; i++)
		genre_put_f64(w, m->centers[i]);
	genre_model_finish(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

void *
genre_kmeans_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_reader r;
	genre_kmeans *m;
	uint32_t	dim,
				k,
				n_iter;
	uint64_t	total = 0;
	size_t		nc;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	k = genre_get_u32(&r);
	if (r.failed || dim < 1 || dim > GENRE_KMEANS_MAX_DIM || k < 1 || k > GENRE_KMEANS_MAX_K)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid kmeans model: bad dimension or cluster count");
		return NULL;
	}
	nc = (size_t) k * dim;
	if (!genre_reader_can_read(&r, 8 + 4 + 8 + (uint64_t) k * 8 + (uint64_t) nc * 8, 1) ||
		genre_reader_remaining(&r) != 8 + 4 + 8 + (size_t) k * 8 + nc * 8)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid kmeans model: payload size does not match %u clusters of %u values",
				   k, dim);
		return NULL;
	}
	if ((m = genre_calloc(1, sizeof(genre_kmeans))) == NULL ||
		(m->sizes = genre_calloc(k, sizeof(uint64_t))) == NULL ||
		(m->centers = genre_calloc(nc, sizeof(double))) == NULL)
	{
		genre_kmeans_free(m, 1);
		genre_fail_nomem(st);
		return NULL;
	}
	m->dim = (int) dim;
	m->k = (int) k;
	m->n_samples = genre_get_u64(&r);
	n_iter = genre_get_u32(&r);
	m->n_iter = (int) n_iter;
	m->inertia = genre_get_f64(&r);
	for (uint32_t c = 0; c < k; c++)
	{
		m->sizes[c] = genre_get_u64(&r);
		if (m->sizes[c] > m->n_samples - total)
			total = UINT64_MAX;
		else
			total += m->sizes[c];
	}
	for (size_t i = 0; i < nc; i++)
		if (!isfinite(m->centers[i] = genre_get_f64(&r)))
		{
			genre_fail(st, GENRE_EBADDATA, "invalid kmeans model: non-finite centre");
			genre_kmeans_free(m, 1);
			return NULL;
		}
	if (r.failed || total != m->n_samples || n_iter < 1 || n_iter > INT32_MAX ||
		!isfinite(m->inertia) || m->inertia < 0.0)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid kmeans model: inconsistent sizes, iterations or inertia");
		genre_kmeans_free(m, 1);
		return NULL;
	}
	return m;
}

genre_code
genre_kmeans_nearest(const genre_kmeans *m, const float *x, int n, int *label,
					 genre_status *st)
{
	double		best = INFINITY;

	if (n != m->dim)
		return genre_fail(st, GENRE_EINVAL, "features has length %d, but the model expects length %d",
						  n, m->dim);
	*label = 0;
	for (int c = 0; c < m->k; c++)
	{
		double		d = sq_dist(x, m->centers + (size_t) c * n, n, best);

		if (d < best)
		{
			best = d;
			*label = c;
		}
	}
	return GENRE_OK;
}

genre_code
genre_kmeans_transform(const genre_kmeans *m, const float *x, int n, float *out,
					   genre_status *st)
{
	if (n != m->dim)
		return genre_fail(st, GENRE_EINVAL, "features has length %d, but the model expects length %d",
						  n, m->dim);
	for (int c = 0; c < m->k; c++)
	{
		out[c] = (float) sqrt(sq_dist(x, m->centers + (size_t) c * n, n, INFINITY));
		if (!isfinite(out[c]))
			return genre_fail(st, GENRE_EINVAL, "distance to centre %d overflows real", c);
	}
	return GENRE_OK;
}

static genre_code
kmeans_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_kmeans *m = object;

	genre_put_text(w, "{\"kind\": \"kmeans\", \"k\": %d, \"n_features\": %d, \"n_samples\": %llu, \"n_iter\": %d, \"inertia\": ",
				   m->k, m->dim, (unsigned long long) m->n_samples, m->n_iter);
	genre_put_json_number(w, m->inertia);
	genre_put_text(w, ", \"cluster_sizes\": ");
	genre_json_counts(w, m->sizes, m->k);
	genre_put_text(w, ", \"centers\": ");
	genre_json_matrix(w, m->centers, m->k, m->dim);
	genre_put_text(w, "}");
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static void
kmeans_free(void *object)
{
	genre_kmeans_free(object, 1);
}

static size_t
kmeans_size(const void *object)
{
	const genre_kmeans *m = object;

	return sizeof(genre_kmeans) + (size_t) m->k * (sizeof(uint64_t) + (size_t) m->dim * sizeof(double));
}

/* What genre_kmeans_load allocates for a payload of the right size; 0 otherwise. */
static size_t
kmeans_loaded_size(const unsigned char *payload, size_t len)
{
	genre_reader r;
	uint32_t	dim,
				k;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	k = genre_get_u32(&r);
	if (r.failed || dim < 1 || dim > GENRE_KMEANS_MAX_DIM || k < 1 || k > GENRE_KMEANS_MAX_K ||
		!genre_reader_can_read(&r, 8 + 4 + 8 + (uint64_t) k * 8 + (uint64_t) k * dim * 8, 1) ||
		genre_reader_remaining(&r) != 8 + 4 + 8 + (size_t) k * 8 + (size_t) k * dim * 8)
		return 0;
	return sizeof(genre_kmeans) + (size_t) k * (sizeof(uint64_t) + (size_t) dim * sizeof(double));
}

const genre_model_kind_ops genre_kmeans_kind = {
	.kind = GENRE_MODEL_KMEANS,
	.name = "kmeans",
	.load = genre_kmeans_load,
	.free = kmeans_free,
	.describe = kmeans_describe,
	.size = kmeans_size,
	.loaded_size = kmeans_loaded_size,
	.classifier = NULL,
};
