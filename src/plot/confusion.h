/*
 * confusion.h - confusion matrix heat map as SVG.
 */
#ifndef GENRE_PLOT_CONFUSION_H
#define GENRE_PLOT_CONFUSION_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/contingency.h"

/* Most classes drawn (cells shrink with the square of the count). */
#define GENRE_PLOT_CONFUSION_MAX_CLASSES 200

/*
 * Append an SVG heat map of c (built with shared labels: rows actual,
 * columns predicted) to w: counts in the cells, class names on both axes,
 * a colour scale.  GENRE_ELIMIT past GENRE_PLOT_CONFUSION_MAX_CLASSES.
 */
genre_code	genre_plot_confusion(const genre_contingency *c, genre_writer *w,
								 genre_status *st);

#endif
