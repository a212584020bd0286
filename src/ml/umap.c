/*
 * umap.c - UMAP fit and transform (see umap.h).
 */
#include "ml/umap.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "ml/dataset.h"
#include "ml/model.h"
#include "ml/umap_graph.h"
#include "ml/umap_layout.h"
#include "ml/umap_spectral.h"

#include <math.h>
#include <string.h>

/* umap-learn: 500 epochs up to 10 000 rows, 200 above; 100 for a transform. */
#define SMALL_DATA_ROWS 10000
#define TRANSFORM_EPOCHS 100

void
genre_umap_defaults(genre_umap_params *p)
{
	p->n_components = 2;
	p->n_neighbors = 15;
	p->min_dist = 0.1;
	p->spread = 1.0;
	p->n_epochs = -1;
	p->metric = GENRE_UMAP_EUCLIDEAN;
	p->seed = 0;
}

genre_code
genre_umap_metric_parse(const char *name, size_t len, genre_umap_metric *m, genre_status *st)
{
	if (len == 9 && memcmp(name, "euclidean", 9) == 0)
		*m = GENRE_UMAP_EUCLIDEAN;
	else if (len == 6 && memcmp(name, "cosine", 6) == 0)
		*m = GENRE_UMAP_COSINE;
	else
		return genre_fail(st, GENRE_EINVAL, "umap option metric must be \"euclidean\" or \"cosine\"");
	return GENRE_OK;
}

genre_code
genre_umap_check(const genre_umap_params *p, size_t n, int dim, genre_status *st)
{
	if (n > GENRE_UMAP_MAX_ROWS)
		return genre_fail(st, GENRE_ELIMIT,
						  "umap_fit of %zu rows exceeds the limit of %d rows (exact nearest neighbours take rows^2 distances)",
						  n, GENRE_UMAP_MAX_ROWS);
	if (dim > GENRE_UMAP_MAX_DIM)
		return genre_fail(st, GENRE_ELIMIT, "umap_fit of vectors of %d values exceeds the limit of %d",
						  dim, GENRE_UMAP_MAX_DIM);
	if (dim < 1)
		return genre_fail(st, GENRE_EINVAL, "umap_fit needs non-empty vectors");
	if (n < 3)
		return genre_fail(st, GENRE_EINVAL, "umap_fit needs at least 3 rows, got %zu", n);
	if (p->n_components < 1 || p->n_components > dim || p->n_components > GENRE_UMAP_MAX_COMPONENTS)
		return genre_fail(st, GENRE_EINVAL, "n_components must be between 1 and %d, got %d",
						  dim < GENRE_UMAP_MAX_COMPONENTS ? dim : GENRE_UMAP_MAX_COMPONENTS,
						  p->n_components);
	if ((size_t) p->n_components > n - 2)
		return genre_fail(st, GENRE_EINVAL, "n_components must be less than the number of rows minus 1 (%zu), got %d",
						  n - 1, p->n_components);
	if (p->n_neighbors < 2 || p->n_neighbors > GENRE_UMAP_MAX_NEIGHBORS)
		return genre_fail(st, GENRE_EINVAL, "umap option n_neighbors must be between 2 and %d, got %d",
						  GENRE_UMAP_MAX_NEIGHBORS, p->n_neighbors);
	if ((size_t) p->n_neighbors >= n)
		return genre_fail(st, GENRE_EINVAL, "umap option n_neighbors must be less than the number of rows (%zu), got %d",
						  n, p->n_neighbors);
	if (!(p->spread >= GENRE_UMAP_MIN_SPREAD && p->spread <= GENRE_UMAP_MAX_SPREAD))
		return genre_fail(st, GENRE_EINVAL, "umap option spread must be between %g and %g, got %g",
						  GENRE_UMAP_MIN_SPREAD, GENRE_UMAP_MAX_SPREAD, p->spread);
	if (!(p->min_dist >= 0) || !(p->min_dist <= p->spread))
		return genre_fail(st, GENRE_EINVAL, "umap option min_dist must be between 0 and spread (%g), got %g",
						  p->spread, p->min_dist);
	if (p->n_epochs < -1 || p->n_epochs > GENRE_UMAP_MAX_EPOCHS)
		return genre_fail(st, GENRE_EINVAL, "umap option n_epochs must be between 0 and %d, got %d",
						  GENRE_UMAP_MAX_EPOCHS, p->n_epochs);
	if (p->metric != GENRE_UMAP_EUCLIDEAN && p->metric != GENRE_UMAP_COSINE)
		return genre_fail(st, GENRE_EINVAL, "umap option metric must be \"euclidean\" or \"cosine\"");
	return GENRE_OK;
}

void
genre_umap_free(void *model)
{
	genre_umap *m = model;

	if (m == NULL)
		return;
	genre_free(m->rows);
	genre_free(m->embedding);
	genre_free(m->norms);
	genre_free(m);
}

size_t
genre_umap_loaded_size(const void *model)
{
	const genre_umap *m = model;

	return sizeof(genre_umap) + (size_t) m->n * ((size_t) m->dim + m->n_components +
												 (m->norms ? 1 : 0)) * sizeof(float);
}

/*
 * umap-learn's start from the spectral layout: scaled to a largest
 * coordinate of 10, float32 noise of scale 1e-4, then each column
 * stretched onto [0, 10].
 */
static void
initial_embedding(const double *init, size_t n, int dim, genre_rng *rng, float *emb)
{
	double		top = 0,
				expansion;

	for (size_t i = 0; i < n * dim; i++)
		top = fmax(top, fabs(init[i]));
	expansion = top > 0 ? 10.0 / top : 1.0;
	for (size_t i = 0; i < n * dim; i++)
		emb[i] = (float) (init[i] * expansion) + (float) (genre_rng_normal(rng) * 1e-4);
	for (int d = 0; d < dim; d++)
	{
		float		lo = emb[d],
					hi = emb[d];

		for (size_t i = 0; i < n; i++)
		{
			lo = fminf(lo, emb[i * dim + d]);
			hi = fmaxf(hi, emb[i * dim + d]);
		}
		for (size_t i = 0; i < n; i++)
			emb[i * dim + d] = hi > lo ? 10.0f * (emb[i * dim + d] - lo) / (hi - lo) : 0.0f;
	}
}

genre_code
genre_umap_fit(const float *rows, size_t n, int dim, const genre_umap_params *p,
			   genre_umap **out, genre_status *st)
{
	genre_labeled_row *lr = NULL;
	genre_dataset ds = {0};
	genre_umap *m = NULL;
	genre_umap_graph g = {0};
	genre_rng	rng;
	uint32_t   *idx = NULL;
	float	   *dist = NULL;
	double	   *init = NULL;
	int			k = p->n_neighbors,
				default_epochs;
	genre_code	rc;

	*out = NULL;
	if (genre_umap_check(p, n, dim, st) != GENRE_OK)
		return st->code;
	for (size_t i = 0; i < n * (size_t) dim; i++)
		if (!isfinite(rows[i]))
			return genre_fail(st, GENRE_EINVAL, "umap_fit: row %zu has a non-finite value", i / dim + 1);

	/* canonical row order: the model depends on the set of rows, not their order */
	if ((lr = genre_alloc(n * sizeof(genre_labeled_row))) == NULL)
		return genre_fail_nomem(st);
	for (size_t i = 0; i < n; i++)
		lr[i] = (genre_labeled_row) {"", 0, rows + i * dim};
	rc = genre_dataset_build(lr, n, (uint32_t) dim, &ds, st);
	genre_free(lr);
	if (rc != GENRE_OK)
		return rc;

	m = genre_calloc(1, sizeof(genre_umap));
	idx = genre_alloc(n * (size_t) k * sizeof(uint32_t));
	dist = genre_alloc(n * (size_t) k * sizeof(float));
	if (!m || !idx || !dist)
	{
		rc = genre_fail_nomem(st);
		goto fail;
	}
	m->dim = dim;
	m->n = (uint32_t) n;
	m->n_components = p->n_components;
	m->n_neighbors = k;
	m->metric = p->metric;
	m->n_epochs_option = p->n_epochs;
	default_epochs = n <= SMALL_DATA_ROWS ? 500 : 200;
	m->n_epochs = p->n_epochs < 0 ? default_epochs : p->n_epochs;
	m->min_dist = p->min_dist;
	m->spread = p->spread;
	m->seed = p->seed;
	m->rows = ds.x;
	ds.x = NULL;
	m->embedding = genre_alloc(n * (size_t) p->n_components * sizeof(float));
	init = genre_alloc(n * (size_t) p->n_components * sizeof(double));
	if (!m->embedding || !init)
	{
		rc = genre_fail_nomem(st);
		goto fail;
	}
	if (p->metric == GENRE_UMAP_COSINE)
	{
		if ((m->norms = genre_alloc(n * sizeof(float))) == NULL)
		{
			rc = genre_fail_nomem(st);
			goto fail;
		}
		genre_umap_norms(m->rows, n, dim, m->norms);
	}
	if ((rc = genre_umap_find_ab(p->spread, p->min_dist, &m->a, &m->b, st)) != GENRE_OK)
		goto fail;

	/* the fuzzy graph, pruned as simplicial_set_embedding does */
	if ((rc = genre_umap_knn(m->rows, m->norms, n, dim, p->metric, k, idx, dist, st)) != GENRE_OK ||
		(rc = genre_umap_fuzzy_graph(idx, dist, n, k, &g, st)) != GENRE_OK)
		goto fail;
	genre_free(idx);
	genre_free(dist);
	idx = NULL;
	dist = NULL;
	genre_umap_graph_prune(&g, m->n_epochs > 10 ? m->n_epochs : default_epochs);

	genre_rng_seed(&rng, p->seed);
	if ((rc = genre_umap_spectral_init(&g, m->rows, dim, p->metric, p->n_components, &rng, init,
									   &m->graph_components, &m->spectral_converged, st)) != GENRE_OK)
		goto fail;
	initial_embedding(init, n, p->n_components, &rng, m->embedding);
	genre_free(init);
	init = NULL;
	{
		genre_umap_sgd s = {
			.head_embedding = m->embedding,
			.tail_embedding = m->embedding,
			.dim = p->n_components,
			.n_vertices = n,
			.head = g.head,
			.tail = g.tail,
			.weight = g.weight,
			.n_edges = g.n_edges,
			.n_epochs = m->n_epochs,
			.a = m->a,
			.b = m->b,
			.initial_alpha = 1.0,
			.move_other = 1,
			.rng = &rng,
		};

		if ((rc = genre_umap_optimize(&s, st)) != GENRE_OK)
			goto fail;
	}
	for (size_t i = 0; i < n * (size_t) p->n_components; i++)
		if (!(fabsf(m->embedding[i]) <= GENRE_UMAP_MAX_COORD))
		{
			rc = genre_fail(st, GENRE_EINTERNAL, "umap: the layout diverged");
			goto fail;
		}
	genre_umap_graph_free(&g);
	genre_dataset_free(&ds);
	*out = m;
	return GENRE_OK;

fail:
	genre_free(idx);
	genre_free(dist);
	genre_free(init);
	genre_umap_graph_free(&g);
	genre_dataset_free(&ds);
	genre_umap_free(m);
	return rc;
}

genre_code
genre_umap_embed(const genre_umap *m, const float *x, int n, float *out, genre_status *st)
{
	uint32_t	idx[GENRE_UMAP_MAX_NEIGHBORS],
				tail[GENRE_UMAP_MAX_NEIGHBORS],
				head[GENRE_UMAP_MAX_NEIGHBORS];
	float		dist[GENRE_UMAP_MAX_NEIGHBORS],
				weight[GENRE_UMAP_MAX_NEIGHBORS],
				emb[GENRE_UMAP_MAX_COMPONENTS],
				sigma,
				rho,
				xnorm = 0,
				wsum = 0,
				wmax = 0;
	double		mean = 0;
	int			k = m->n_neighbors,
				nc = m->n_components,
				ne = 0,
				epochs = m->n_epochs_option < 0 ? TRANSFORM_EPOCHS : m->n_epochs_option / 3;
	uint64_t	h = 0xcbf29ce484222325ull;
	genre_rng	rng;

	if (n != m->dim)
		return genre_fail(st, GENRE_EINVAL, "vector has %d elements but the umap was fitted on %d", n, m->dim);
	for (int i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return genre_fail(st, GENRE_EINVAL, "umap_transform: element %d is not finite", i + 1);
	if (m->metric == GENRE_UMAP_COSINE)
		genre_umap_norms(x, 1, n, &xnorm);
	genre_umap_knn_query(m->rows, m->norms, m->n, m->dim, m->metric, x, xnorm, k, idx, dist);
	/* a fitted row keeps its fitted coordinates */
	if (dist[0] == 0.0f)
	{
		memcpy(out, m->embedding + (size_t) idx[0] * nc, nc * sizeof(float));
		return GENRE_OK;
	}
	/* memberships with local connectivity 0 (rho = 0), as umap-learn's transform */
	for (int j = 0; j < k; j++)
		mean += dist[j];
	genre_umap_smooth_knn(dist, k, 0.0, (float) (mean / k), &sigma, &rho);
	for (int j = 0; j < k; j++)
	{
		float		w = genre_umap_membership(dist[j], rho, sigma);

		if (w > 0.0f)
		{
			head[ne] = 0;
			tail[ne] = idx[j];
			weight[ne] = w;
			wsum += w;
			wmax = fmaxf(wmax, w);
			ne++;
		}
	}
	if (ne == 0)
	{
		memcpy(out, m->embedding + (size_t) idx[0] * nc, nc * sizeof(float));
		return GENRE_OK;
	}
	/* init_graph_transform: the weighted mean of the neighbours' coordinates */
	memset(emb, 0, nc * sizeof(float));
	for (int j = 0; j < ne; j++)
		for (int d = 0; d < nc; d++)
			emb[d] += weight[j] / wsum * m->embedding[(size_t) tail[j] * nc + d];
	if (epochs > 0)
	{
		int			kept = 0;

		/* prune below max / epochs, then the short optimisation against the fixed embedding */
		for (int j = 0; j < ne; j++)
			if (!((double) weight[j] < (double) wmax / epochs))
			{
				tail[kept] = tail[j];
				weight[kept] = weight[j];
				kept++;
			}
		/* each row's own random stream: the seed and the row's bytes (FNV-1a) */
		for (size_t i = 0; i < (size_t) n * sizeof(float); i++)
		{
			h ^= ((const unsigned char *) x)[i];
			h *= 0x100000001b3ull;
		}
		genre_rng_seed(&rng, m->seed ^ h);
		{
			genre_umap_sgd s = {
				.head_embedding = emb,
				.tail_embedding = m->embedding,
				.dim = nc,
				.n_vertices = m->n,
				.head = head,
				.tail = tail,
				.weight = weight,
				.n_edges = (size_t) kept,
				.n_epochs = epochs,
				.a = m->a,
				.b = m->b,
				.initial_alpha = 0.25,
				.move_other = 0,
				.rng = &rng,
			};

			if (genre_umap_optimize(&s, st) != GENRE_OK)
				return st->code;
		}
	}
	for (int d = 0; d < nc; d++)
		if (!isfinite(emb[d]))
			return genre_fail(st, GENRE_EINTERNAL, "umap_transform: the layout diverged");
	memcpy(out, emb, nc * sizeof(float));
	return GENRE_OK;
}
