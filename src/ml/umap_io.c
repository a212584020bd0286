/*
 * umap_io.c - UMAP model payload: writer, validating loader, model_info,
 * the umap row of the model-kind table (see umap.h for the layout).
 */
#include "ml/umap.h"

#include "base/alloc.h"
#include "ml/model.h"
#include "ml/umap_graph.h"

#include <float.h>
#include <math.h>
#include <string.h>

genre_code
genre_umap_write(const genre_umap *m, genre_writer *w, genre_status *st)
{
	genre_model_begin(w, GENRE_MODEL_UMAP);
	genre_put_u32(w, (uint32_t) m->dim);
	genre_put_u32(w, m->n);
	genre_put_u32(w, (uint32_t) m->n_components);
	genre_put_u32(w, (uint32_t) m->n_neighbors);
	genre_put_u32(w, (uint32_t) m->metric);
	genre_put_i32(w, m->n_epochs_option);
	genre_put_u32(w, (uint32_t) m->n_epochs);
	genre_put_f64(w, m->min_dist);
	genre_put_f64(w, m->spread);
	genre_put_f64(w, m->a);
	genre_put_f64(w, m->b);
	genre_put_u64(w, m->seed);
	genre_put_u32(w, m->graph_components);
	genre_put_u32(w, m->spectral_converged ? 1 : 0);
	for (size_t i = 0; i < (size_t) m->n * m->dim; i++)
		genre_put_f32(w, m->rows[i]);
	for (size_t i = 0; i < (size_t) m->n * m->n_components; i++)
		genre_put_f32(w, m->embedding[i]);
	genre_model_finish(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static void *
bad(genre_umap *m, genre_status *st, const char *what)
{
	genre_fail(st, GENRE_EBADDATA, "invalid umap model: %s", what);
	genre_umap_free(m);
	return NULL;
}

/* n float32 values of the payload, each finite and within bound, into a new array. */
static float *
read_floats(genre_reader *r, size_t n, double bound)
{
	float	   *v = genre_alloc((n ? n : 1) * sizeof(float));

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
	{
		v[i] = genre_get_f32(r);
		if (!(fabsf(v[i]) <= bound))
		{
			genre_free(v);
			return NULL;
		}
	}
	return v;
}

void *
genre_umap_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_reader r;
	genre_umap *m;
	uint32_t	dim,
				n,
				nc,
				k,
				metric,
				epochs,
				components,
				converged;
	int32_t		option;
	size_t		nrow_values,
				nemb_values;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	n = genre_get_u32(&r);
	nc = genre_get_u32(&r);
	k = genre_get_u32(&r);
	metric = genre_get_u32(&r);
	option = genre_get_i32(&r);
	epochs = genre_get_u32(&r);
	if ((m = genre_calloc(1, sizeof(genre_umap))) == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	m->min_dist = genre_get_f64(&r);
	m->spread = genre_get_f64(&r);
	m->a = genre_get_f64(&r);
	m->b = genre_get_f64(&r);
	m->seed = genre_get_u64(&r);
	components = genre_get_u32(&r);
	converged = genre_get_u32(&r);
	if (r.failed)
		return bad(m, st, "truncated header");
	if (dim < 1 || dim > GENRE_UMAP_MAX_DIM || n < 3 || n > GENRE_UMAP_MAX_ROWS)
		return bad(m, st, "bad dimension or row count");
	if (nc < 1 || nc > dim || nc > GENRE_UMAP_MAX_COMPONENTS || nc > n - 2)
		return bad(m, st, "bad component count");
	if (k < 2 || k > GENRE_UMAP_MAX_NEIGHBORS || k >= n)
		return bad(m, st, "bad neighbour count");
	if (metric > GENRE_UMAP_COSINE)
		return bad(m, st, "unknown metric");
	if (option < -1 || option > GENRE_UMAP_MAX_EPOCHS || epochs > GENRE_UMAP_MAX_EPOCHS ||
		(option >= 0 && (uint32_t) option != epochs))
		return bad(m, st, "bad epoch count");
	/* bounded a and b keep every gradient step finite */
	if (!(m->spread >= GENRE_UMAP_MIN_SPREAD && m->spread <= GENRE_UMAP_MAX_SPREAD) ||
		!(m->min_dist >= 0 && m->min_dist <= m->spread) ||
		!(m->a >= 1.0 / GENRE_UMAP_MAX_A && m->a <= GENRE_UMAP_MAX_A) ||
		!(m->b >= GENRE_UMAP_MIN_B && m->b <= GENRE_UMAP_MAX_B))
		return bad(m, st, "bad curve parameters");
	if (components < 1 || components > n || converged > 1)
		return bad(m, st, "bad fit summary");
	/* every count against the bytes present before any allocation */
	nrow_values = (size_t) n * dim;
	nemb_values = (size_t) n * nc;
	if (!genre_reader_can_read(&r, nrow_values, sizeof(float)) ||
		genre_reader_remaining(&r) - nrow_values * sizeof(float) != nemb_values * sizeof(float))
		return bad(m, st, "payload length does not match its counts");
	m->dim = (int) dim;
	m->n = n;
	m->n_components = (int) nc;
	m->n_neighbors = (int) k;
	m->metric = (genre_umap_metric) metric;
	m->n_epochs_option = option;
	m->n_epochs = (int) epochs;
	m->graph_components = components;
	m->spectral_converged = (int) converged;
	if ((m->rows = read_floats(&r, nrow_values, FLT_MAX)) == NULL)
		return bad(m, st, "non-finite row value");
	if ((m->embedding = read_floats(&r, nemb_values, GENRE_UMAP_MAX_COORD)) == NULL)
		return bad(m, st, "embedding coordinate out of range");
	if (m->metric == GENRE_UMAP_COSINE)
	{
		if ((m->norms = genre_alloc((size_t) n * sizeof(float))) == NULL)
		{
			genre_umap_free(m);
			genre_fail_nomem(st);
			return NULL;
		}
		genre_umap_norms(m->rows, n, (int) dim, m->norms);
	}
	return m;
}

static genre_code
umap_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_umap *m = object;

	genre_put_text(w, "{\"kind\": \"umap\", \"n_features\": %d, \"n_samples\": %u, \"n_components\": %d, "
				   "\"n_neighbors\": %d, \"metric\": \"%s\", \"min_dist\": ",
				   m->dim, m->n, m->n_components, m->n_neighbors,
				   m->metric == GENRE_UMAP_COSINE ? "cosine" : "euclidean");
	genre_put_json_number(w, m->min_dist);
	genre_put_text(w, ", \"spread\": ");
	genre_put_json_number(w, m->spread);
	genre_put_text(w, ", \"a\": ");
	genre_put_json_number(w, m->a);
	genre_put_text(w, ", \"b\": ");
	genre_put_json_number(w, m->b);
	genre_put_text(w, ", \"n_epochs\": %d, \"seed\": %llu, \"graph_components\": %u, "
				   "\"spectral_init_converged\": %s}",
				   m->n_epochs, (unsigned long long) m->seed, m->graph_components,
				   m->spectral_converged ? "true" : "false");
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

const genre_model_kind_ops genre_umap_kind = {
	.kind = GENRE_MODEL_UMAP,
	.name = "umap",
	.load = genre_umap_load,
	.free = genre_umap_free,
	.describe = umap_describe,
	.size = genre_umap_loaded_size,
	.classifier = NULL,
};
