/*
 * umap_spectral.c - spectral initial layout (see umap_spectral.h).
 */
#include "ml/umap_spectral.h"

#include "base/alloc.h"
#include "ml/umap_graph.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

/* Components up to this size are solved densely. */
#define DENSE_MAX 256
/* Centroids of more components than this are placed at random instead of by a dense eigenproblem. */
#define META_DENSE_MAX 1000
/* Lanczos: stop when every wanted Ritz pair's residual is below this (umap-learn asks eigsh for 1e-4). */
#define LANCZOS_TOL 1e-7
#define LANCZOS_MAX_RESTARTS 300

/* A component of the graph in local numbering: D^-1/2 W D^-1/2 as CSR. */
typedef struct sub_graph
{
	size_t		n;
	size_t	   *start;			/* n + 1 */
	uint32_t   *col;
	double	   *w;				/* already scaled by D^-1/2 on both sides */
	double	   *sqrt_deg;		/* D^1/2 1: the trivial eigenvector, unnormalised */
} sub_graph;

static void
sub_free(sub_graph *s)
{
	genre_free(s->start);
	genre_free(s->col);
	genre_free(s->w);
	genre_free(s->sqrt_deg);
	memset(s, 0, sizeof(*s));
}

/* y = D^-1/2 W D^-1/2 x */
static void
matvec(const sub_graph *a, const double *x, double *y)
{
	for (size_t i = 0; i < a->n; i++)
	{
		double		s = 0;

		for (size_t e = a->start[i]; e < a->start[i + 1]; e++)
			s += a->w[e] * x[a->col[e]];
		y[i] = s;
	}
}

static double
dot(const double *a, const double *b, size_t n)
{
	double		s = 0;

	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* Flip v so that its largest-magnitude entry (first on ties) is positive. */
static void
fix_sign(double *v, size_t n, size_t stride)
{
	size_t		best = 0;

	for (size_t i = 1; i < n; i++)
		if (fabs(v[i * stride]) > fabs(v[best * stride]))
			best = i;
	if (v[best * stride] < 0)
		for (size_t i = 0; i < n; i++)
			v[i * stride] = -v[i * stride];
}

/*
 * Eigenvectors of the k largest eigenvalues of the symmetric matrix
 * m (n x n, row major, destroyed) below the largest one, into
 * out[i * k + c], c = 0 for the largest kept.
 */
static genre_code
dense_top(double *m, size_t n, int k, double *out, genre_status *st)
{
	double	   *evals = genre_alloc(n * sizeof(double)),
			   *evecs = genre_alloc(n * (size_t) (k + 1) * sizeof(double)),
			   *copy = genre_memdup(m, n * n * sizeof(double));
	lapack_int *isuppz = genre_alloc(2 * n * sizeof(lapack_int)),
				found = 0,
				info;

	if (!evals || !evecs || !isuppz || !copy)
	{
		genre_free(evals);
		genre_free(evecs);
		genre_free(isuppz);
		genre_free(copy);
		return genre_fail_nomem(st);
	}
	info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int) n, m, (lapack_int) n, 0, 0,
						  (lapack_int) n - k, (lapack_int) n, 0, &found, evals, evecs, k + 1, isuppz);
	if (info == 0 && found == k + 1)
		for (int c = 0; c < k; c++)
			for (size_t i = 0; i < n; i++)
				out[i * k + c] = evecs[i * (k + 1) + (k - 1 - c)];
	else
	{
		/* dsyevr's inverse iteration can fail on clustered eigenvalues; QR (dsyev) does not */
		info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n, copy, (lapack_int) n, evals);
		if (info == 0)
			for (int c = 0; c < k; c++)
				for (size_t i = 0; i < n; i++)
					out[i * k + c] = copy[i * n + (n - 2 - c)];
	}
	genre_free(evals);
	genre_free(evecs);
	genre_free(isuppz);
	genre_free(copy);
	if (info != 0)
		return genre_fail(st, GENRE_EINTERNAL, "umap: eigen-decomposition failed (info %d)", (int) info);
	for (int c = 0; c < k; c++)
		fix_sign(out + c, n, k);
	return GENRE_OK;
}

/* v -= (u . v) u for the unit trivial vector u and each basis vector V[0..j] (columns of n). */
static void
orthogonalise(double *v, const double *u, const double *V, int j, size_t n, double *h)
{
	/* classical Gram-Schmidt twice ("twice is enough") */
	for (int pass = 0; pass < 2; pass++)
	{
		double		c = dot(u, v, n);

		for (size_t i = 0; i < n; i++)
			v[i] -= c * u[i];
		for (int l = 0; l <= j; l++)
		{
			c = dot(V + (size_t) l * n, v, n);
			if (h)
				h[l] += c;
			for (size_t i = 0; i < n; i++)
				v[i] -= c * V[(size_t) l * n + i];
		}
	}
}

/* A random unit vector orthogonal to u and V[0..j]; 0 if none could be found. */
static int
random_start(double *v, const double *u, const double *V, int j, size_t n, genre_rng *rng)
{
	for (int attempt = 0; attempt < 3; attempt++)
	{
		double		norm;

		for (size_t i = 0; i < n; i++)
			v[i] = genre_rng_normal(rng);
		orthogonalise(v, u, V, j, n, NULL);
		norm = sqrt(dot(v, v, n));
		if (norm > 1e-8)
		{
			for (size_t i = 0; i < n; i++)
				v[i] /= norm;
			return 1;
		}
	}
	return 0;
}

/*
 * The k largest eigenpairs of A below the trivial one (Krylov-Schur, i.e.
 * thick-restart Lanczos with full reorthogonalisation): out[i * k + c].
 */
static genre_code
lanczos_top(const sub_graph *a, int k, genre_rng *rng, double *out, int *converged,
			genre_status *st)
{
	size_t		n = a->n;
	int			stride = (int) fmin(fmax(sqrt((double) n), 2.0 * k + 2), 64.0),
				m,
				keep,
				cur = 0,
				rc = GENRE_OK;
	double	   *V,
			   *T,
			   *S,
			   *theta,
			   *ritz,
			   *u,
			   *h,
			   beta = 0,
			   norm_u;

	if ((size_t) stride > n - 1)
		stride = (int) (n - 1);
	m = stride;					/* basis size; smaller only if the space runs out */
	keep = k + (m - k) / 2;
	V = genre_alloc((size_t) (stride + 1) * n * sizeof(double));
	T = genre_calloc((size_t) stride * stride, sizeof(double));
	S = genre_alloc((size_t) stride * stride * sizeof(double));
	theta = genre_alloc((size_t) stride * sizeof(double));
	ritz = genre_alloc((size_t) keep * n * sizeof(double));
	u = genre_alloc(n * sizeof(double));
	h = genre_alloc((size_t) (stride + 1) * sizeof(double));
	if (!V || !T || !S || !theta || !ritz || !u || !h)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	norm_u = sqrt(dot(a->sqrt_deg, a->sqrt_deg, n));
	for (size_t i = 0; i < n; i++)
		u[i] = a->sqrt_deg[i] / norm_u;
	if (!random_start(V, u, V, -1, n, rng))
	{
		rc = genre_fail(st, GENRE_EINTERNAL, "umap: no start vector for the spectral layout");
		goto done;
	}
	*converged = 0;
	for (int restart = 0; restart < LANCZOS_MAX_RESTARTS; restart++)
	{
		lapack_int	info;
		double		worst = 0;

		/* extend the basis to m vectors; T holds V' A V column by column */
		for (int j = cur; j < m; j++)
		{
			double	   *w = V + (size_t) (j + 1) * n;

			matvec(a, V + (size_t) j * n, w);
			memset(h, 0, (size_t) (j + 1) * sizeof(double));
			orthogonalise(w, u, V, j, n, h);
			for (int l = 0; l <= j; l++)
				T[(size_t) l * stride + j] = h[l];
			beta = sqrt(dot(w, w, n));
			if (beta > 1e-12)
				for (size_t i = 0; i < n; i++)
					w[i] /= beta;
			else
			{
				/* an invariant subspace: go on from a fresh direction, coupled by 0 */
				beta = 0;
				if (!random_start(w, u, V, j, n, rng))
					m = j + 1;	/* the space is exhausted: the Ritz pairs are exact */
			}
		}
		if (m < k)
		{
			rc = genre_fail(st, GENRE_EINTERNAL, "umap: the spectral layout found only %d directions", m);
			goto done;
		}
		/* Rayleigh-Ritz on the symmetric projection (upper triangle of T) */
		for (int i = 0; i < m; i++)
			for (int j = i; j < m; j++)
				S[(size_t) i * stride + j] = S[(size_t) j * stride + i] = T[(size_t) i * stride + j];
		info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', m, S, stride, theta);
		if (info != 0)
		{
			rc = genre_fail(st, GENRE_EINTERNAL, "umap: eigen-decomposition failed (info %d)", (int) info);
			goto done;
		}
		/* the wanted pairs are the k largest: columns m-1, m-2, ... of S */
		for (int c = 0; c < k; c++)
			worst = fmax(worst, fabs(beta * S[(size_t) (m - 1) * stride + (m - 1 - c)]));
		/* Ritz vectors of the keep largest */
		for (int c = 0; c < keep && c < m; c++)
			for (size_t i = 0; i < n; i++)
			{
				double		s = 0;

				for (int l = 0; l < m; l++)
					s += V[(size_t) l * n + i] * S[(size_t) l * stride + (m - 1 - c)];
				ritz[(size_t) c * n + i] = s;
			}
		if (worst <= LANCZOS_TOL || restart == LANCZOS_MAX_RESTARTS - 1 || m < stride || keep >= m)
		{
			*converged = worst <= LANCZOS_TOL || m < stride;
			for (int c = 0; c < k; c++)
			{
				for (size_t i = 0; i < n; i++)
					out[i * k + c] = ritz[(size_t) c * n + i];
				fix_sign(out + c, n, k);
			}
			break;
		}
		/* restart: the kept Ritz vectors, then the residual direction */
		memmove(V + (size_t) keep * n, V + (size_t) m * n, n * sizeof(double));
		memcpy(V, ritz, (size_t) keep * n * sizeof(double));
		memset(T, 0, (size_t) stride * stride * sizeof(double));
		for (int c = 0; c < keep; c++)
			T[(size_t) c * stride + c] = theta[m - 1 - c];
		cur = keep;
		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
	}
done:
	genre_free(V);
	genre_free(T);
	genre_free(S);
	genre_free(theta);
	genre_free(ritz);
	genre_free(u);
	genre_free(h);
	return rc;
}

/* The component of the vertices labelled c, scaled by D^-1/2 on both sides. */
static genre_code
sub_build(const genre_umap_graph *g, const uint32_t *label, const uint32_t *local, uint32_t c,
		  size_t size, sub_graph *s, genre_status *st)
{
	size_t		ne = 0,
				e = 0,
				r = 0;

	memset(s, 0, sizeof(*s));
	for (size_t v = 0; v < g->n_vertices; v++)
		if (label[v] == c)
			ne += g->row_start[v + 1] - g->row_start[v];
	s->n = size;
	s->start = genre_alloc((size + 1) * sizeof(size_t));
	s->col = genre_alloc((ne + 1) * sizeof(uint32_t));
	s->w = genre_alloc((ne + 1) * sizeof(double));
	s->sqrt_deg = genre_alloc(size * sizeof(double));
	if (!s->start || !s->col || !s->w || !s->sqrt_deg)
	{
		sub_free(s);
		return genre_fail_nomem(st);
	}
	/* degrees (graph.sum(axis=0): the graph is symmetric) */
	for (size_t v = 0; v < g->n_vertices; v++)
		if (label[v] == c)
		{
			double		d = 0;

			for (size_t x = g->row_start[v]; x < g->row_start[v + 1]; x++)
				d += g->weight[x];
			s->sqrt_deg[local[v]] = sqrt(d);
		}
	for (size_t v = 0; v < g->n_vertices; v++)
		if (label[v] == c)
		{
			s->start[r++] = e;
			for (size_t x = g->row_start[v]; x < g->row_start[v + 1]; x++)
			{
				uint32_t	t = g->tail[x];

				s->col[e] = local[t];
				s->w[e] = g->weight[x] / (s->sqrt_deg[local[v]] * s->sqrt_deg[local[t]]);
				e++;
			}
		}
	s->start[r] = e;
	return GENRE_OK;
}

/* Spectral layout of one component into out[i * k + c] (local numbering). */
static genre_code
component_layout(const sub_graph *s, int k, genre_rng *rng, double *out, int *converged,
				 genre_status *st)
{
	if (s->n <= DENSE_MAX)
	{
		double	   *m = genre_calloc(s->n * s->n, sizeof(double));
		genre_code	rc;

		if (m == NULL)
			return genre_fail_nomem(st);
		for (size_t i = 0; i < s->n; i++)
			for (size_t e = s->start[i]; e < s->start[i + 1]; e++)
				m[i * s->n + s->col[e]] = s->w[e];
		rc = dense_top(m, s->n, k, out, st);
		genre_free(m);
		*converged = 1;
		return rc;
	}
	return lanczos_top(s, k, rng, out, converged, st);
}

/* Union-find root with path halving. */
static uint32_t
find_root(uint32_t *parent, uint32_t v)
{
	while (parent[v] != v)
	{
		parent[v] = parent[parent[v]];
		v = parent[v];
	}
	return v;
}

/*
 * Where each component goes (multi_component_layout): the corners +-e_i
 * for few components, else the spectral embedding of their centroids'
 * affinities exp(-d^2) (sklearn's SpectralEmbedding, scaled to a largest
 * entry of 1), or random points for very many.
 */
static genre_code
meta_layout(const float *rows, int row_dim, genre_umap_metric metric, const uint32_t *label,
			size_t n, uint32_t nc, int dim, genre_rng *rng, double *meta, genre_status *st)
{
	double	   *cent,
			   *aff,
			   *deg,
			   *vec,
				top = 0;
	float	   *cf,
			   *cn;
	size_t	   *count;
	genre_code	rc;

	if (nc <= 2 * (uint32_t) dim)
	{
		for (uint32_t c = 0; c < nc; c++)
			for (int d = 0; d < dim; d++)
				meta[(size_t) c * dim + d] = (d == (int) (c % ((nc + 1) / 2))) ? (c < (nc + 1) / 2 ? 1.0 : -1.0) : 0.0;
		return GENRE_OK;
	}
	if (nc > META_DENSE_MAX)
	{
		for (size_t i = 0; i < (size_t) nc * dim; i++)
			meta[i] = 2.0 * genre_rng_double(rng) - 1.0;
		return GENRE_OK;
	}
	cent = genre_calloc((size_t) nc * row_dim, sizeof(double));
	cf = genre_alloc((size_t) nc * row_dim * sizeof(float));
	cn = genre_alloc((size_t) nc * sizeof(float));
	count = genre_calloc(nc, sizeof(size_t));
	aff = genre_calloc((size_t) nc * nc, sizeof(double));
	deg = genre_calloc(nc, sizeof(double));
	vec = genre_alloc((size_t) nc * dim * sizeof(double));
	if (!cent || !cf || !cn || !count || !aff || !deg || !vec)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
	{
		count[label[i]]++;
		for (int j = 0; j < row_dim; j++)
			cent[(size_t) label[i] * row_dim + j] += rows[i * row_dim + j];
	}
	for (uint32_t c = 0; c < nc; c++)
		for (int j = 0; j < row_dim; j++)
			cf[(size_t) c * row_dim + j] = (float) (cent[(size_t) c * row_dim + j] / count[c]);
	genre_umap_norms(cf, nc, row_dim, cn);
	/* normalised affinity D^-1/2 A D^-1/2, the diagonal ignored as csgraph's Laplacian does */
	for (uint32_t i = 0; i < nc; i++)
		for (uint32_t j = 0; j < nc; j++)
			if (i != j)
			{
				double		d = genre_umap_distance(metric, cf + (size_t) i * row_dim,
													cf + (size_t) j * row_dim, row_dim, cn[i], cn[j]);

				aff[(size_t) i * nc + j] = exp(-d * d);
				deg[i] += aff[(size_t) i * nc + j];
			}
	for (uint32_t i = 0; i < nc; i++)
		deg[i] = sqrt(fmax(deg[i], 1e-300));
	for (uint32_t i = 0; i < nc; i++)
		for (uint32_t j = 0; j < nc; j++)
			aff[(size_t) i * nc + j] /= deg[i] * deg[j];
	if ((rc = dense_top(aff, nc, dim, vec, st)) != GENRE_OK)
		goto done;
	/* sklearn divides the eigenvectors by D^1/2, umap-learn scales to a largest entry of 1 */
	for (uint32_t i = 0; i < nc; i++)
		for (int d = 0; d < dim; d++)
		{
			meta[(size_t) i * dim + d] = vec[(size_t) i * dim + d] / deg[i];
			top = fmax(top, meta[(size_t) i * dim + d]);
		}
	if (top > 0)
		for (size_t i = 0; i < (size_t) nc * dim; i++)
			meta[i] /= top;
	rc = GENRE_OK;
done:
	genre_free(cent);
	genre_free(cf);
	genre_free(cn);
	genre_free(count);
	genre_free(aff);
	genre_free(deg);
	genre_free(vec);
	return rc;
}

genre_code
genre_umap_spectral_init(const genre_umap_graph *g, const float *rows, int row_dim,
						 genre_umap_metric metric, int dim, genre_rng *rng, double *init,
						 uint32_t *components, int *converged, genre_status *st)
{
	size_t		n = g->n_vertices;
	uint32_t   *parent = genre_alloc(n * sizeof(uint32_t)),
			   *label = genre_alloc(n * sizeof(uint32_t)),
			   *local = genre_alloc(n * sizeof(uint32_t)),
			   *root_label = genre_alloc(n * sizeof(uint32_t)),
				nc = 0;
	size_t	   *size = NULL;
	double	   *meta = NULL,
			   *emb = NULL;
	genre_code	rc = GENRE_OK;

	*converged = 1;
	if (!parent || !label || !local || !root_label)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (size_t v = 0; v < n; v++)
		parent[v] = (uint32_t) v;
	for (size_t e = 0; e < g->n_edges; e++)
	{
		uint32_t	a = find_root(parent, g->head[e]),
					b = find_root(parent, g->tail[e]);

		if (a != b)
			parent[a > b ? a : b] = a > b ? b : a;
	}
	/* labels in order of each component's first vertex, as scipy numbers them */
	for (size_t v = 0; v < n; v++)
	{
		uint32_t	r = find_root(parent, (uint32_t) v);

		if (r == v)
			root_label[v] = nc++;
		label[v] = root_label[r];
	}
	*components = nc;
	size = genre_calloc(nc, sizeof(size_t));
	meta = genre_calloc((size_t) nc * dim, sizeof(double));
	emb = genre_alloc(n * (size_t) dim * sizeof(double));
	if (!size || !meta || !emb)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (size_t v = 0; v < n; v++)
		local[v] = (uint32_t) size[label[v]]++;

	if (nc == 1)
	{
		sub_graph	s;

		if ((rc = sub_build(g, label, local, 0, n, &s, st)) != GENRE_OK)
			goto done;
		rc = component_layout(&s, dim, rng, init, converged, st);
		sub_free(&s);
		goto done;
	}
	if ((rc = meta_layout(rows, row_dim, metric, label, n, nc, dim, rng, meta, st)) != GENRE_OK)
		goto done;
	for (uint32_t c = 0; c < nc; c++)
	{
		double		range = INFINITY,
					top = 0;
		int			conv = 1;

		/* half the distance to the nearest other component's place */
		for (uint32_t o = 0; o < nc; o++)
		{
			double		d = 0;

			for (int j = 0; j < dim; j++)
				d += (meta[(size_t) c * dim + j] - meta[(size_t) o * dim + j]) *
					(meta[(size_t) c * dim + j] - meta[(size_t) o * dim + j]);
			if (d > 0)
				range = fmin(range, sqrt(d) / 2);
		}
		if (!isfinite(range))
			range = 1;
		if (size[c] < 2 * (size_t) dim || size[c] <= (size_t) dim + 1)
		{
			for (size_t v = 0; v < n; v++)
				if (label[v] == c)
					for (int j = 0; j < dim; j++)
						init[v * dim + j] = (2 * genre_rng_double(rng) - 1) * range + meta[(size_t) c * dim + j];
			continue;
		}
		{
			sub_graph	s;

			if ((rc = sub_build(g, label, local, c, size[c], &s, st)) != GENRE_OK)
				goto done;
			rc = component_layout(&s, dim, rng, emb, &conv, st);
			sub_free(&s);
			if (rc != GENRE_OK)
				goto done;
		}
		*converged &= conv;
		for (size_t i = 0; i < size[c] * dim; i++)
			top = fmax(top, fabs(emb[i]));
		for (size_t v = 0; v < n; v++)
			if (label[v] == c)
				for (int j = 0; j < dim; j++)
					init[v * dim + j] = emb[(size_t) local[v] * dim + j] * (top > 0 ? range / top : 0) +
						meta[(size_t) c * dim + j];
		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
	}
done:
	genre_free(parent);
	genre_free(label);
	genre_free(local);
	genre_free(root_label);
	genre_free(size);
	genre_free(meta);
	genre_free(emb);
	return rc;
}
