/*
 * roc.h - ROC curves as SVG: one curve per class (one-vs-rest), the chance
 * diagonal, and a legend with each class's AUC.
 */
#ifndef GENRE_PLOT_ROC_H
#define GENRE_PLOT_ROC_H

#include <stddef.h>

#include "base/bytes.h"
#include "base/status.h"
#include "ml/roc.h"

/* Most curves drawn in one chart. */
#define GENRE_PLOT_ROC_MAX_CLASSES 200

/* One class's curve (ml/roc.h: points in increasing fpr, its auc) and its label (user text). */
typedef struct genre_plot_roc_class
{
	const char *label;
	size_t		label_len;
	const genre_roc_curve *curve;
} genre_plot_roc_class;

/*
 * Append the SVG to w: axes from 0 to 1 (false / true positive rate), one
 * polyline per class in palette order, points closer than 0.1 px to the
 * last one drawn left out (a curve of many rows stays small), the legend
 * "label  AUC" per class, the title (user text, may be NULL).  EINVAL for
 * no class or a point outside [0, 1]; ELIMIT past
 * GENRE_PLOT_ROC_MAX_CLASSES.
 */
genre_code	genre_plot_roc(const genre_plot_roc_class *classes, size_t n, const char *title,
						   size_t title_len, genre_writer *w, genre_status *st);

#endif
