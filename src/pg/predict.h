/*
 * predict.h - what predict.c and classify.c share: a classifier's input
 * checked against it, its probabilities, and their label and jsonb forms.
 */
#ifndef GENRE_PG_PREDICT_H
#define GENRE_PG_PREDICT_H

#include "postgres.h"

#include "utils/array.h"
#include "utils/jsonb.h"

#include "ml/model_kinds.h"

/*
 * The feature vector a for c (22023 naming fname otherwise; for a model
 * that knows its input the message names model_name, when not NULL, and
 * the recipe).
 */
const float *genre_classifier_input(const genre_classifier *c, ArrayType *a, const char *fname,
									const char *model_name);

/* The class probabilities of x under c into p[n_classes]; raises on failure. */
void		genre_classifier_run(const genre_classifier *c, const float *x, double *p);

/* The label of the most probable class (ties: the lowest index). */
text	   *genre_proba_label(const genre_classifier *c, const double *p);

/* {"class": probability, ...} */
Jsonb	   *genre_proba_jsonb(const genre_classifier *c, const double *p);

#endif
