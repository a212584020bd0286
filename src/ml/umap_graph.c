/*
 * umap_graph.c - exact neighbours and the fuzzy simplicial set (see
 * umap_graph.h).
 */
#include "ml/umap_graph.h"

#include "base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SMOOTH_K_TOLERANCE 1e-5
#define MIN_K_DIST_SCALE 1e-3

double
genre_umap_distance(genre_umap_metric metric, const float *a, const float *b, int dim,
					float norm_a, float norm_b)
{
	double		s0 = 0,
				s1 = 0,
				s2 = 0,
				s3 = 0;
	int			j = 0;

	if (metric == GENRE_UMAP_COSINE)
	{
		double		dot;

		if (norm_a == 0 && norm_b == 0)
			return 0;
		if (norm_a == 0 || norm_b == 0)
			return 1;
		for (; j + 4 <= dim; j += 4)
		{
			s0 += (double) a[j] * b[j];
			s1 += (double) a[j + 1] * b[j + 1];
			s2 += (double) a[j + 2] * b[j + 2];
			s3 += (double) a[j + 3] * b[j + 3];
		}
		for (; j < dim; j++)
			s0 += (double) a[j] * b[j];
		dot = (s0 + s1) + (s2 + s3);
		return fmax(0.0, 1.0 - dot / ((double) norm_a * norm_b));
	}
	/* four partial sums: independent chains keep the FPU busy */
	for (; j + 4 <= dim; j += 4)
	{
		double		d0 = (double) a[j] - b[j],
					d1 = (double) a[j + 1] - b[j + 1],
					d2 = (double) a[j + 2] - b[j + 2],
					d3 = (double) a[j + 3] - b[j + 3];

		s0 += d0 * d0;
		s1 += d1 * d1;
		s2 += d2 * d2;
		s3 += d3 * d3;
	}
	for (; j < dim; j++)
	{
		double		d = (double) a[j] - b[j];

		s0 += d * d;
	}
	return sqrt((s0 + s1) + (s2 + s3));
}

void
genre_umap_norms(const float *rows, size_t n, int dim, float *norms)
{
	for (size_t i = 0; i < n; i++)
	{
		double		s = 0;

		for (int j = 0; j < dim; j++)
			s += (double) rows[i * dim + j] * rows[i * dim + j];
		norms[i] = (float) sqrt(s);
	}
}

/* A neighbour candidate; heaps order them by (distance, index). */
typedef struct cand
{
	double		d;
	uint32_t	i;
} cand;

static inline int
cand_less(const cand *a, const cand *b)
{
	return a->d < b->d || (a->d == b->d && a->i < b->i);
}

/* Offer c to a max-heap of capacity cap holding *size candidates: keep the cap smallest. */
static inline void
heap_offer(cand *h, int *size, int cap, cand c)
{
	int			i;

	if (*size < cap)
	{
		/* sift up */
		i = (*size)++;
		while (i > 0 && cand_less(&h[(i - 1) / 2], &c))
		{
			h[i] = h[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h[i] = c;
		return;
	}
	if (cap == 0 || !cand_less(&c, &h[0]))
		return;
	/* replace the largest, sift down */
	i = 0;
	for (;;)
	{
		int			l = 2 * i + 1,
					r = l + 1,
					m = i;
		const cand *big = &c;

		if (l < cap && cand_less(big, &h[l]))
		{
			m = l;
			big = &h[l];
		}
		if (r < cap && cand_less(big, &h[r]))
			m = r;
		if (m == i)
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = c;
}

static int
cmp_cand(const void *pa, const void *pb)
{
	const cand *a = pa,
			   *b = pb;

	return cand_less(a, b) ? -1 : cand_less(b, a) ? 1 : 0;
}

genre_code
genre_umap_knn(const float *rows, const float *norms, size_t n, int dim,
			   genre_umap_metric metric, int k, uint32_t *idx, float *dist, genre_status *st)
{
	int			cap = k - 1;
	cand	   *heaps = genre_alloc((n ? n : 1) * (size_t) (cap > 0 ? cap : 1) * sizeof(cand));
	int		   *sizes = genre_calloc(n ? n : 1, sizeof(int));

	if (heaps == NULL || sizes == NULL)
	{
		genre_free(heaps);
		genre_free(sizes);
		return genre_fail_nomem(st);
	}
	/* every pair once, offered to both rows' heaps of the k - 1 others */
	for (size_t i = 0; i < n; i++)
	{
		const float *a = rows + i * dim;
		float		na = norms ? norms[i] : 0;

		for (size_t j = i + 1; j < n; j++)
		{
			double		d = genre_umap_distance(metric, a, rows + j * dim, dim, na,
												norms ? norms[j] : 0);

			heap_offer(heaps + i * cap, &sizes[i], cap, (cand) {d, (uint32_t) j});
			heap_offer(heaps + j * cap, &sizes[j], cap, (cand) {d, (uint32_t) i});
		}
		if (genre_interrupted())
		{
			genre_free(heaps);
			genre_free(sizes);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	for (size_t i = 0; i < n; i++)
	{
		cand	   *h = heaps + i * cap;

		qsort(h, sizes[i], sizeof(cand), cmp_cand);
		idx[i * k] = (uint32_t) i;
		dist[i * k] = 0;
		for (int j = 0; j < cap; j++)
		{
			idx[i * k + 1 + j] = h[j].i;
			dist[i * k + 1 + j] = (float) h[j].d;
		}
	}
	genre_free(heaps);
	genre_free(sizes);
	return GENRE_OK;
}

void
genre_umap_knn_query(const float *rows, const float *norms, size_t n, int dim,
					 genre_umap_metric metric, const float *x, float xnorm, int k,
					 uint32_t *idx, float *dist)
{
	cand		stack_heap[64];
	cand	   *h = k <= 64 ? stack_heap : genre_alloc((size_t) k * sizeof(cand));
	int			size = 0;

	if (h == NULL)
	{
		/* k <= GENRE_UMAP_MAX_NEIGHBORS: only a failed allocation gets here */
		for (int j = 0; j < k; j++)
		{
			idx[j] = 0;
			dist[j] = INFINITY;
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		heap_offer(h, &size, k, (cand) {genre_umap_distance(metric, x, rows + i * dim, dim, xnorm,
															 norms ? norms[i] : 0), (uint32_t) i});
	qsort(h, size, sizeof(cand), cmp_cand);
	for (int j = 0; j < k; j++)
	{
		idx[j] = h[j].i;
		dist[j] = (float) h[j].d;
	}
	if (h != stack_heap)
		genre_free(h);
}

void
genre_umap_smooth_knn(const float *dist, int k, double local_connectivity, float mean_all,
					  float *sigma, float *rho_out)
{
	double		target = log2((double) k);
	float		lo = 0.0f,
				hi = INFINITY,
				mid = 1.0f,
				rho = 0.0f;
	int			index = (int) floor(local_connectivity),
				n_nonzero = 0,
				seen = 0;
	double		interpolation = local_connectivity - index,
				row_sum = 0;

	for (int j = 0; j < k; j++)
		if (dist[j] > 0.0f)
			n_nonzero++;
	/* rho: the local_connectivity-th non-zero distance, interpolated */
	if (n_nonzero >= local_connectivity)
	{
		float		prev = 0.0f;

		for (int j = 0; j < k; j++)
		{
			if (!(dist[j] > 0.0f))
				continue;
			seen++;
			if (index > 0 && seen == index)
			{
				rho = dist[j];
				prev = dist[j];
			}
			else if (index > 0 && seen == index + 1 && interpolation > SMOOTH_K_TOLERANCE)
				rho += (float) (interpolation * (dist[j] - prev));
			else if (index == 0 && seen == 1)
				rho = (float) (interpolation * dist[j]);
		}
	}
	else if (n_nonzero > 0)
		for (int j = 0; j < k; j++)
			rho = fmaxf(rho, dist[j]);

	/* binary search (float32, as umap-learn's numba locals) */
	for (int it = 0; it < 64; it++)
	{
		float		psum = 0.0f;

		for (int j = 1; j < k; j++)
		{
			float		d = dist[j] - rho;

			psum += d > 0 ? expf(-(d / mid)) : 1.0f;
		}
		if (fabs(psum - target) < SMOOTH_K_TOLERANCE)
			break;
		if (psum > target)
		{
			hi = mid;
			mid = (lo + hi) / 2.0f;
		}
		else
		{
			lo = mid;
			if (isinf(hi))
				mid *= 2;
			else
				mid = (lo + hi) / 2.0f;
		}
	}
	for (int j = 0; j < k; j++)
		row_sum += dist[j];
	if (rho > 0.0f)
		mid = fmaxf(mid, (float) (MIN_K_DIST_SCALE * (float) (row_sum / k)));
	else
		mid = fmaxf(mid, (float) (MIN_K_DIST_SCALE * mean_all));
	*sigma = mid;
	*rho_out = rho;
}

float
genre_umap_membership(float d, float rho, float sigma)
{
	if (d - rho <= 0.0f || sigma == 0.0f)
		return 1.0f;
	return expf(-((d - rho) / sigma));
}

/* A directed membership on its way into the union: the pair (lo, hi) and which way it points. */
typedef struct pair_entry
{
	uint32_t	lo;
	uint32_t	hi;
	uint32_t	forward;		/* 1: lo -> hi, 0: hi -> lo */
	float		w;
} pair_entry;

static int
cmp_pair(const void *pa, const void *pb)
{
	const pair_entry *a = pa,
			   *b = pb;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	return (int) a->forward - (int) b->forward;
}

typedef struct coo_entry
{
	uint32_t	head;
	uint32_t	tail;
	float		w;
} coo_entry;

static int
cmp_coo(const void *pa, const void *pb)
{
	const coo_entry *a = pa,
			   *b = pb;

	if (a->head != b->head)
		return a->head < b->head ? -1 : 1;
	return (a->tail > b->tail) - (a->tail < b->tail);
}

static void
rebuild_rows(genre_umap_graph *g)
{
	size_t		e = 0;

	for (size_t v = 0; v <= g->n_vertices; v++)
	{
		while (e < g->n_edges && g->head[e] < v)
			e++;
		g->row_start[v] = e;
	}
}

genre_code
genre_umap_fuzzy_graph(const uint32_t *idx, const float *dist, size_t n, int k,
					   genre_umap_graph *g, genre_status *st)
{
	float	   *sigma = genre_alloc(n * sizeof(float)),
			   *rho = genre_alloc(n * sizeof(float));
	pair_entry *p = genre_alloc(n * (size_t) k * sizeof(pair_entry));
	coo_entry  *c = NULL;
	size_t		np = 0,
				nc = 0;
	double		total = 0;
	float		mean_all;

	memset(g, 0, sizeof(*g));
	if (sigma == NULL || rho == NULL || p == NULL)
		goto oom;
	/* np.mean of the float32 knn distances (their order does not matter at this precision) */
	for (size_t i = 0; i < n * (size_t) k; i++)
		total += dist[i];
	mean_all = (float) (total / ((double) n * k));
	for (size_t i = 0; i < n; i++)
	{
		genre_umap_smooth_knn(dist + i * k, k, 1.0, mean_all, &sigma[i], &rho[i]);
		for (int j = 0; j < k; j++)
		{
			uint32_t	t = idx[i * k + j];
			float		w;

			if (t == i)
				continue;		/* a point is not its own neighbour */
			w = genre_umap_membership(dist[i * k + j], rho[i], sigma[i]);
			if (w == 0.0f)
				continue;
			p[np++] = (pair_entry) {i < t ? (uint32_t) i : t, i < t ? t : (uint32_t) i, i < t, w};
		}
	}
	GENRE_CHECK_CANCEL(st);
	qsort(p, np, sizeof(pair_entry), cmp_pair);
	/* fuzzy union a + b - a b of the two directions, both directions out */
	if ((c = genre_alloc((2 * np + 1) * sizeof(coo_entry))) == NULL)
		goto oom;
	for (size_t i = 0; i < np;)
	{
		float		a = 0.0f,
					b = 0.0f,
					u;
		size_t		j = i;

		while (j < np && p[j].lo == p[i].lo && p[j].hi == p[i].hi)
		{
			if (p[j].forward)
				a = p[j].w;
			else
				b = p[j].w;
			j++;
		}
		u = (a + b) - a * b;
		if (u > 0.0f)
		{
			c[nc++] = (coo_entry) {p[i].lo, p[i].hi, u};
			c[nc++] = (coo_entry) {p[i].hi, p[i].lo, u};
		}
		i = j;
	}
	genre_free(p);
	p = NULL;
	qsort(c, nc, sizeof(coo_entry), cmp_coo);
	g->n_vertices = n;
	g->n_edges = nc;
	g->head = genre_alloc((nc + 1) * sizeof(uint32_t));
	g->tail = genre_alloc((nc + 1) * sizeof(uint32_t));
	g->weight = genre_alloc((nc + 1) * sizeof(float));
	g->row_start = genre_alloc((n + 1) * sizeof(size_t));
	if (!g->head || !g->tail || !g->weight || !g->row_start)
		goto oom;
	for (size_t e = 0; e < nc; e++)
	{
		g->head[e] = c[e].head;
		g->tail[e] = c[e].tail;
		g->weight[e] = c[e].w;
	}
	rebuild_rows(g);
	genre_free(c);
	genre_free(sigma);
	genre_free(rho);
	return GENRE_OK;

oom:
	genre_free(sigma);
	genre_free(rho);
	genre_free(p);
	genre_free(c);
	genre_umap_graph_free(g);
	return genre_fail_nomem(st);
}

void
genre_umap_graph_prune(genre_umap_graph *g, double n_epochs)
{
	float		wmax = 0.0f;
	size_t		kept = 0;

	for (size_t e = 0; e < g->n_edges; e++)
		wmax = fmaxf(wmax, g->weight[e]);
	for (size_t e = 0; e < g->n_edges; e++)
		if (!((double) g->weight[e] < (double) wmax / n_epochs))
		{
			g->head[kept] = g->head[e];
			g->tail[kept] = g->tail[e];
			g->weight[kept] = g->weight[e];
			kept++;
		}
	g->n_edges = kept;
	rebuild_rows(g);
}

void
genre_umap_graph_free(genre_umap_graph *g)
{
	genre_free(g->head);
	genre_free(g->tail);
	genre_free(g->weight);
	genre_free(g->row_start);
	memset(g, 0, sizeof(*g));
}
