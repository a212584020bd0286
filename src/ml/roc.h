/*
 * roc.h - ROC curves and ROC-AUC over (actual class, probability vector)
 * rows, computed the way scikit-learn 1.2 does, so the numbers agree to the
 * last bits:
 *  - a binary curve has one point per distinct score (ties share a point),
 *    scores taken in decreasing order; collinear points are dropped
 *    (roc_curve(drop_intermediate=True)); (0, 0) is prepended with the
 *    threshold max + 1;
 *  - the AUC is numpy's trapezoid over those points (np.trapz, pairwise sum);
 *  - multi-class "ovr": macro mean of each class against the rest;
 *    "ovo": Hand & Till, the mean over class pairs (a, b) of
 *    (AUC(a vs b on score a) + AUC(b vs a on score b)) / 2, each on the
 *    rows of the two classes only;
 *  - two classes: the binary AUC of the second class's score (what
 *    roc_auc_score(y, p[:, 1]) gives; ovr and ovo agree).
 * Classes are indices 0..n_classes-1 (the caller's sorted labels); the
 * probability of row i for class c is proba[i * n_classes + c].
 */
#ifndef GENRE_ML_ROC_H
#define GENRE_ML_ROC_H

#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

typedef enum genre_roc_multi
{
	GENRE_ROC_OVR = 0,
	GENRE_ROC_OVO = 1
} genre_roc_multi;

/*
 * Macro ROC-AUC of n rows.  EINVAL (naming the row or class index) for an
 * actual class out of range, a non-finite probability, a class with no row
 * (scikit-learn needs every column's class in y_true), with three or more
 * classes a row whose probabilities do not sum to 1 (np.allclose: within
 * 1e-8 + 1e-5), or fewer than two classes.  ENOMEM.
 */
genre_code	genre_roc_auc(const uint32_t *actual, const double *proba, size_t n,
						  uint32_t n_classes, genre_roc_multi multi, double *auc,
						  genre_status *st);

/* One ROC curve: points in increasing fpr, thresholds decreasing. */
typedef struct genre_roc_curve
{
	size_t		n;				/* points */
	double	   *fpr;
	double	   *tpr;
	double	   *thresholds;		/* the first is the highest score + 1 */
	double		auc;			/* area under it (np.trapz): the class's one-vs-rest AUC */
} genre_roc_curve;

/*
 * The one-vs-rest curve of class c (positives: actual == c, scores:
 * proba[i * n_classes + c]), as roc_curve returns it.  EINVAL when class c
 * has no row or every row is of class c, or as genre_roc_auc for bad rows.
 * The arrays are genre_alloc'ed: release with genre_roc_curve_free.
 */
genre_code	genre_roc_curve_of(const uint32_t *actual, const double *proba, size_t n,
							   uint32_t n_classes, uint32_t c, genre_roc_curve *curve,
							   genre_status *st);

void		genre_roc_curve_free(genre_roc_curve *curve);

#endif
