/*
 * scatter.h - scatter plot of labelled points as SVG.
 */
#ifndef GENRE_PLOT_SCATTER_H
#define GENRE_PLOT_SCATTER_H

#include "base/bytes.h"
#include "base/status.h"
#include "plot/chart.h"

/*
 * Append an SVG scatter plot of n points (one colour per label, labels
 * sorted, legend, nice axes, optional title of title_len bytes) to w.
 * Sorts pts in place.  GENRE_EINVAL for no points or a non-finite value.
 */
genre_code	genre_plot_scatter(genre_plot_point *pts, size_t n, const char *title,
							   size_t title_len, genre_writer *w, genre_status *st);

#endif
