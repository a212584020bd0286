/*
 * model_kinds.c - the table of model kinds (model_kinds.h) and what goes
 * through it.  A new kind adds its row here.
 */
#include "ml/model_kinds.h"

#include <string.h>

#include "ml/boost.h"
#include "ml/forest.h"
#include "ml/kmeans.h"
#include "ml/pca.h"
#include "ml/pipeline.h"
#include "ml/scaler.h"
#include "ml/umap.h"

static const genre_model_kind_ops *const kinds[] = {
	&genre_forest_kind,
	&genre_kmeans_kind,
	&genre_pca_kind,
	&genre_scaler_kind,
	&genre_boost_kind,
	&genre_umap_kind,
	&genre_pipeline_kind,
};

const genre_model_kind_ops *
genre_model_kind_find(int kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((int) kinds[i]->kind == kind)
			return kinds[i];
	return NULL;
}

const char *
genre_model_kind_name(int kind)
{
	const genre_model_kind_ops *ops = genre_model_kind_find(kind);

	return ops ? ops->name : "unknown";
}

genre_code
genre_model_kind_open(const void *data, size_t len, const genre_model_kind_ops **ops,
					  const unsigned char **payload, size_t *payload_len, genre_status *st)
{
	genre_model_kind kind;
	genre_code	rc = genre_model_open(data, len, &kind, payload, payload_len, st);

	if (rc != GENRE_OK)
		return rc;
	if ((*ops = genre_model_kind_find(kind)) == NULL)
		return genre_fail(st, GENRE_EBADDATA, "invalid model: unknown kind %u", (unsigned) kind);
	return GENRE_OK;
}

void *
genre_model_load(const void *data, size_t len, const genre_model_kind_ops **ops,
				 genre_status *st)
{
	const unsigned char *payload;
	size_t		plen;

	if (genre_model_kind_open(data, len, ops, &payload, &plen, st) != GENRE_OK)
		return NULL;
	return (*ops)->load(payload, plen, st);
}

genre_code
genre_model_describe(const void *data, size_t len, genre_writer *w, genre_status *st)
{
	const genre_model_kind_ops *ops;
	void	   *object = genre_model_load(data, len, &ops, st);
	genre_code	rc;

	if (object == NULL)
		return st->code;
	rc = ops->describe(object, w, st);
	ops->free(object);
	return rc;
}

uint32_t
genre_classifier_predict(const genre_classifier *c, const float *x, double *scratch)
{
	uint32_t	best = 0;

	c->proba(c->model, x, scratch);
	for (uint32_t k = 1; k < c->n_classes; k++)
		if (scratch[k] > scratch[best])
			best = k;
	return best;
}

void
genre_classifier_view(const genre_model_kind_ops *ops, const void *object, genre_classifier *view)
{
	memset(view, 0, sizeof(*view));
	ops->classifier(object, view);
}

genre_code
genre_classifier_proba(const genre_classifier *c, const float *x, double *proba, genre_status *st)
{
	if (c->proba_checked)
		return c->proba_checked(c->model, x, proba, st);
	c->proba(c->model, x, proba);
	return GENRE_OK;
}
