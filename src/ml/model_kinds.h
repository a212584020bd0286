/*
 * model_kinds.h - every model kind behind one operations table.
 *
 * A kind is one file (plus its header) that defines its payload, a loader
 * that validates it completely, and one genre_model_kind_ops; a row in the
 * table of model_kinds.c makes genre.model, model_info, the SQL loaders
 * and, for classifiers, predict, predict_proba, predict(name, ...) and
 * feature_importance take it unchanged.  Its number goes into
 * genre_model_kind (model.h).
 */
#ifndef GENRE_ML_MODEL_KINDS_H
#define GENRE_ML_MODEL_KINDS_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/model.h"

#include <stddef.h>
#include <stdint.h>

/*
 * What predict, predict_proba and feature_importance need of a loaded
 * classifier, whatever its kind.  Every pointer points into the loaded
 * object: the view lives as long as the object.
 */
typedef struct genre_classifier
{
	const void *model;			/* the loaded object */
	uint32_t	n_features;
	uint32_t	n_classes;		/* >= 1 */
	char	  *const *class_names;	/* n_classes labels, NUL-terminated, in increasing byte order */
	const uint32_t *class_lens;	/* their lengths in bytes */
	const double *importances;	/* n_features values, sum 1 (or all 0) */
	/* class probabilities for one row x[n_features] (finite) into proba[n_classes] */
	void		(*proba) (const void *model, const float *x, double *proba);

	/*
	 * NULL for plain classifiers.  A pipeline (ml/pipeline.h) sets both: the
	 * recipe its input vector must follow ("layout genre, window 45+40 s"),
	 * named in length errors, and a proba that can fail (its steps can
	 * overflow real), used by genre_classifier_proba instead of proba.
	 */
	const char *input;
	genre_code	(*proba_checked) (const void *model, const float *x, double *proba,
								  genre_status *st);
} genre_classifier;

typedef struct genre_model_kind_ops
{
	genre_model_kind kind;		/* its number in the envelope */
	const char *name;			/* "forest", ...: model_info's "kind", messages */

	/*
	 * Validate a payload completely and build the object the kind's
	 * functions use; all memory from genre_alloc.  NULL with st =
	 * GENRE_EBADDATA (or ENOMEM) on bad input, never a half-built object.
	 */
	void	   *(*load) (const unsigned char *payload, size_t len, genre_status *st);
	/* Release a loaded object (NULL allowed). */
	void		(*free) (void *object);
	/* model_info JSON of a loaded object into w. */
	genre_code	(*describe) (const void *object, genre_writer *w, genre_status *st);
	/* Approximate bytes a loaded object holds (for caches and their limits). */
	size_t		(*size) (const void *object);

	/*
	 * Optional (NULL: cannot tell): a bound of the bytes load requests at
	 * its peak for a payload (genre_alloc's sizes, not an allocator's
	 * overhead), found without allocating, so a cache can refuse a model
	 * over its limit before loading it; 0 for a payload load refuses (or,
	 * for a pipeline, one embedding a kind that cannot tell).
	 */
	size_t		(*loaded_size) (const unsigned char *payload, size_t len);
	/* Classifiers only, NULL for other kinds: fill the view of a loaded object. */
	void		(*classifier) (const void *object, genre_classifier *view);
} genre_model_kind_ops;

/* The kind with this number, NULL when there is none. */
const genre_model_kind_ops *genre_model_kind_find(int kind);

/* "forest", "kmeans", ...; "unknown" for a number no kind has. */
const char *genre_model_kind_name(int kind);

/*
 * Open the envelope of a serialised model (genre_model_open) and find its
 * kind: GENRE_EBADDATA "invalid model: unknown kind N" when no kind has it.
 */
genre_code	genre_model_kind_open(const void *data, size_t len, const genre_model_kind_ops **ops,
								  const unsigned char **payload, size_t *payload_len,
								  genre_status *st);

/*
 * Envelope, kind and the kind's loader in one: the loaded object (release
 * with (*ops)->free) or NULL with st filled.
 */
void	   *genre_model_load(const void *data, size_t len, const genre_model_kind_ops **ops,
							 genre_status *st);

/* model_info JSON of a serialised model into w (loads and frees it). */
genre_code	genre_model_describe(const void *data, size_t len, genre_writer *w,
								 genre_status *st);

/*
 * Fill the view of a loaded classifier (ops->classifier), the optional
 * fields zeroed first.
 */
void		genre_classifier_view(const genre_model_kind_ops *ops, const void *object,
								  genre_classifier *view);

/* Class probabilities of x under c into proba[n_classes], through proba_checked when set. */
genre_code	genre_classifier_proba(const genre_classifier *c, const float *x, double *proba,
								   genre_status *st);

/* The most probable class of x under c (ties: the lowest index); scratch holds n_classes. */
uint32_t	genre_classifier_predict(const genre_classifier *c, const float *x, double *scratch);

#endif
