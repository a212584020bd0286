/*
 * means.h - per-label means with their confidence intervals as SVG error
 * bars (the per-genre means of a feature, the second study's plot).
 */
#ifndef GENRE_PLOT_MEANS_H
#define GENRE_PLOT_MEANS_H

#include "base/bytes.h"
#include "base/status.h"
#include "plot/chart.h"

/* Most labels drawn (one bar each). */
#define GENRE_PLOT_MEANS_MAX_LABELS 200

/*
 * Append the plot of n labelled values (pts[i].y = value, .label; .x is
 * ignored) to w: for each label, sorted byte-wise, its mean and the
 * Student t interval at level (ml/sample_stats.h, scipy's t.interval) as
 * an error bar; a label with one value gets its mean only.  Sorts pts in
 * place.  22023 for no points, a non-finite value or a level outside
 * (0, 1); 54000 past GENRE_PLOT_MEANS_MAX_LABELS.
 */
genre_code	genre_plot_means(genre_plot_point *pts, size_t n, double level,
							 const char *title, size_t title_len, genre_writer *w,
							 genre_status *st);

#endif
