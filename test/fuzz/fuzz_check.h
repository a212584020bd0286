/*
 * fuzz_check.h - what the model and state fuzz targets share: load a model
 * payload of a given kind through the model-kind table, describe it, and
 * use the loaded object with vectors of the right length (any classifier
 * through its classifier view), so a loader that lets a bad count or index
 * through is caught by AddressSanitizer when prediction follows it.
 *
 * Rules checked (abort = a finding):
 *  - a failure is GENRE_EBADDATA with a message (ELIMIT/ENOMEM never for
 *    the small inputs a fuzzer makes), never a half-built object;
 *  - every object that loaded describes itself, and has a size;
 *  - a kind's loaded_size of a payload that loaded is at least the bytes
 *    its loader requested at their peak (what the model cache refuses a
 *    model by before loading it must bound the load);
 *  - model_info JSON is one object without NaN or infinities;
 *  - every value predicted / transformed is finite, or the call fails with
 *    GENRE_EINVAL naming the overflow.
 */
#ifndef GENRE_FUZZ_CHECK_H
#define GENRE_FUZZ_CHECK_H

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/status.h"
#include "ml/kmeans.h"
#include "ml/model.h"
#include "ml/model_kinds.h"
#include "ml/pca.h"
#include "ml/scaler.h"
#include "ml/umap.h"
/* the unit tests' counting allocator: each model loads under it */
#include "../unit/tracking.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Why the last payload was refused (fuzz_model_payload), for reports. */
static genre_status fuzz_load_status;

static void
fuzz_fail(const char *what, const genre_status *st)
{
	fprintf(stderr, "fuzz: %s (code %d, \"%s\")\n", what, st ? (int) st->code : -1,
			st ? st->message : "");
	abort();
}

/* A refused input: EBADDATA with a message. */
static void
fuzz_expect_bad(genre_code rc, const genre_status *st, const char *what)
{
	if (rc != GENRE_EBADDATA || st->message[0] == '\0')
		fuzz_fail(what, st);
}

/* model_info text: one JSON object, no non-finite number outside the strings. */
static void
fuzz_check_json(genre_writer *w)
{
	int			in_string = 0;

	if (w->len < 2 || w->data[0] != '{' || w->data[w->len - 1] != '}')
		fuzz_fail("describe: not a JSON object", NULL);
	for (size_t i = 0; i < w->len; i++)
	{
		unsigned char c = w->data[i];

		if (in_string)
		{
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			else if (c < 0x20)
				fuzz_fail("describe: control character in a JSON string", NULL);
		}
		else if (c == '"')
			in_string = 1;
		else if (c == 'n' || c == 'N' || c == 'i' || c == 'I')
		{
			/* outside strings only null may start with these letters */
			if (i + 4 > w->len || memcmp(w->data + i, "null", 4) != 0)
				fuzz_fail("describe: non-finite number in JSON", NULL);
			i += 3;
		}
	}
	if (in_string)
		fuzz_fail("describe: unterminated JSON string", NULL);
}

/*
 * Test vectors of n floats: zeros, then values taken from the fuzz input
 * (bounded to +-1e6 so an overflow can only come from the model), then
 * large ones.  Returns NULL past the last.
 */
static float *
fuzz_vector(float *x, size_t n, int which, const uint8_t *data, size_t size)
{
	switch (which)
	{
		case 0:
			memset(x, 0, n * sizeof(float));
			return x;
		case 1:
			for (size_t i = 0; i < n; i++)
				x[i] = size ? (float) ((int) data[i % size] - 128) * 7812.5f : 1.0f;
			return x;
		case 2:
			for (size_t i = 0; i < n; i++)
				x[i] = (i % 2) ? 3.0e38f : -3.0e38f;
			return x;
	}
	return NULL;
}

/* Any classifier through its view: classes in range, probabilities sum to 1. */
static void
fuzz_use_classifier(const genre_classifier *c, const uint8_t *data, size_t size)
{
	float	   *x = genre_alloc((size_t) c->n_features * sizeof(float) + 1);
	double	   *p = genre_alloc((size_t) c->n_classes * sizeof(double));

	if (x == NULL || p == NULL)
		fuzz_fail("classifier: out of memory", NULL);
	for (uint32_t i = 0; i < c->n_features; i++)
		if (!isfinite(c->importances[i]) || c->importances[i] < 0 || c->importances[i] > 1 + 1e-9)
			fuzz_fail("classifier: importance out of range", NULL);
	for (int v = 0; fuzz_vector(x, c->n_features, v, data, size); v++)
	{
		double		sum = 0;
		uint32_t	k;
		genre_status st;
		genre_code	rc;

		/* the fallible path (a pipeline's steps): a result or 22023, nothing else */
		genre_status_clear(&st);
		rc = genre_classifier_proba(c, x, p, &st);
		if (rc != GENRE_OK && !(c->proba_checked && rc == GENRE_EINVAL))
			fuzz_fail("classifier: proba failed", &st);
		k = genre_classifier_predict(c, x, p);

		if (k >= c->n_classes)
			fuzz_fail("classifier: predicted class out of range", NULL);
		for (uint32_t j = 0; j < c->n_classes; j++)
		{
			if (!isfinite(p[j]) || p[j] < 0 || p[j] > 1 + 1e-6)
				fuzz_fail("classifier: probability out of range", NULL);
			sum += p[j];
		}
		if (fabs(sum - 1) > 1e-3)
			fuzz_fail("classifier: probabilities do not sum to 1", NULL);
	}
	genre_free(x);
	genre_free(p);
}

static void
fuzz_use_kmeans(const genre_kmeans *m, const uint8_t *data, size_t size)
{
	float	   *x = genre_alloc((size_t) m->dim * sizeof(float));
	float	   *d = genre_alloc((size_t) m->k * sizeof(float));
	genre_status st;

	if (x == NULL || d == NULL)
		fuzz_fail("kmeans: out of memory", NULL);
	for (int v = 0; fuzz_vector(x, m->dim, v, data, size); v++)
	{
		int			label = -1;
		genre_code	rc;

		genre_status_clear(&st);
		if (genre_kmeans_nearest(m, x, m->dim, &label, &st) != GENRE_OK ||
			label < 0 || label >= m->k)
			fuzz_fail("kmeans: nearest centre out of range", &st);
		rc = genre_kmeans_transform(m, x, m->dim, d, &st);
		if (rc == GENRE_OK)
		{
			for (int c = 0; c < m->k; c++)
				if (!isfinite(d[c]) || d[c] < 0)
					fuzz_fail("kmeans: distance not finite", NULL);
		}
		else if (rc != GENRE_EINVAL)
			fuzz_fail("kmeans: distances failed", &st);
		/* a vector of the wrong length is an argument error */
		genre_status_clear(&st);
		if (genre_kmeans_nearest(m, x, m->dim - 1, &label, &st) != GENRE_EINVAL)
			fuzz_fail("kmeans: wrong length accepted", &st);
	}
	genre_free(x);
	genre_free(d);
}

static void
fuzz_use_pca(const genre_pca *p, const uint8_t *data, size_t size)
{
	float	   *x = genre_alloc((size_t) p->dim * sizeof(float));
	float	   *out = genre_alloc((size_t) p->n_components * sizeof(float));
	genre_status st;

	if (x == NULL || out == NULL)
		fuzz_fail("pca: out of memory", NULL);
	for (int v = 0; fuzz_vector(x, p->dim, v, data, size); v++)
	{
		genre_code	rc;

		genre_status_clear(&st);
		rc = genre_pca_apply(p, x, p->dim, out, &st);
		if (rc == GENRE_OK)
		{
			for (int c = 0; c < p->n_components; c++)
				if (!isfinite(out[c]))
					fuzz_fail("pca: component not finite", NULL);
		}
		else if (rc != GENRE_EINVAL)
			fuzz_fail("pca: transform failed", &st);
	}
	genre_free(x);
	genre_free(out);
}

static void
fuzz_use_scaler(const genre_scaler *s, const uint8_t *data, size_t size)
{
	float	   *x = genre_alloc((size_t) s->dim * sizeof(float));
	float	   *out = genre_alloc((size_t) s->dim * sizeof(float));
	genre_status st;

	if (x == NULL || out == NULL)
		fuzz_fail("scaler: out of memory", NULL);
	for (int v = 0; fuzz_vector(x, s->dim, v, data, size); v++)
	{
		genre_code	rc;

		genre_status_clear(&st);
		rc = genre_scaler_apply(s, x, s->dim, out, &st);
		if (rc == GENRE_OK)
		{
			for (int i = 0; i < s->dim; i++)
				if (!isfinite(out[i]))
					fuzz_fail("scaler: value not finite", NULL);
		}
		else if (rc != GENRE_EINVAL)
			fuzz_fail("scaler: transform failed", &st);
	}
	genre_free(x);
	genre_free(out);
}

static void
fuzz_use_umap(const genre_umap *m, const uint8_t *data, size_t size)
{
	float	   *x = genre_alloc((size_t) m->dim * sizeof(float));
	float	   *out = genre_alloc((size_t) m->n_components * sizeof(float));
	genre_status st;

	if (x == NULL || out == NULL)
		fuzz_fail("umap: out of memory", NULL);
	for (int v = 0; fuzz_vector(x, m->dim, v, data, size); v++)
	{
		genre_status_clear(&st);
		if (genre_umap_embed(m, x, m->dim, out, &st) != GENRE_OK)
			fuzz_fail("umap: transform failed", &st);
		for (int c = 0; c < m->n_components; c++)
			if (!(fabsf(out[c]) < 1e30f))
				fuzz_fail("umap: coordinate not finite", NULL);
	}
	/* a fitted row maps to its fitted coordinates */
	genre_status_clear(&st);
	if (genre_umap_embed(m, m->rows, m->dim, out, &st) != GENRE_OK)
		fuzz_fail("umap: transform of a fitted row failed", &st);
	genre_status_clear(&st);
	if (genre_umap_embed(m, x, m->dim - 1, out, &st) != GENRE_EINVAL)
		fuzz_fail("umap: wrong length accepted", &st);
	genre_free(x);
	genre_free(out);
}

static int	fuzz_model_payload_counted(genre_model_kind kind, const unsigned char *payload,
									   size_t len);

/*
 * Load a payload of the given kind through the table, use what loaded and
 * describe it, all under the tracking allocator (every block it hands out
 * is freed before this returns).  Returns 1 when the payload loaded.
 */
static int
fuzz_model_payload(genre_model_kind kind, const unsigned char *payload, size_t len)
{
	int			loaded;

	genre_set_allocator(&tracking);
	loaded = fuzz_model_payload_counted(kind, payload, len);
	genre_set_allocator(NULL);
	return loaded;
}

static int
fuzz_model_payload_counted(genre_model_kind kind, const unsigned char *payload, size_t len)
{
	const genre_model_kind_ops *ops = genre_model_kind_find(kind);
	genre_status st;
	genre_writer w;
	void	   *obj;

	if (ops == NULL)
		fuzz_fail("no kind has this number", NULL);
	genre_status_clear(&st);
	live_bytes = peak_bytes = 0;
	obj = ops->load(payload, len, &st);
	fuzz_load_status = st;
	if (obj == NULL)
	{
		fuzz_expect_bad(st.code, &st, "loader failed without EBADDATA");
		return 0;
	}
	if (ops->loaded_size && ops->loaded_size(payload, len) < peak_bytes)
	{
		fprintf(stderr, "fuzz: %s loaded_size %zu, its loader's peak %zu bytes\n", ops->name,
				ops->loaded_size(payload, len), peak_bytes);
		fuzz_fail("loaded_size below what the loader requested", NULL);
	}
	if (ops->size(obj) == 0)
		fuzz_fail("a loaded model has size 0", NULL);
	if (ops->classifier)
	{
		genre_classifier c;

		genre_classifier_view(ops, obj, &c);
		if (c.model != obj || c.n_classes < 1 || c.proba == NULL || c.importances == NULL)
			fuzz_fail("classifier view incomplete", NULL);
		fuzz_use_classifier(&c, payload, len);
	}
	if (kind == GENRE_MODEL_KMEANS)
		fuzz_use_kmeans(obj, payload, len);
	else if (kind == GENRE_MODEL_PCA)
		fuzz_use_pca(obj, payload, len);
	else if (kind == GENRE_MODEL_SCALER)
		fuzz_use_scaler(obj, payload, len);
	else if (kind == GENRE_MODEL_UMAP)
		fuzz_use_umap(obj, payload, len);

	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (ops->describe(obj, &w, &st) != GENRE_OK)
		fuzz_fail("a loaded model does not describe", &st);
	fuzz_check_json(&w);
	genre_writer_free(&w);
	ops->free(obj);
	return 1;
}

#endif
