/*
 * line.h - line chart of one or more series as SVG (elbow and silhouette curves).
 */
#ifndef GENRE_PLOT_LINE_H
#define GENRE_PLOT_LINE_H

#include "base/bytes.h"
#include "base/status.h"
#include "plot/chart.h"

/*
 * Append an SVG line chart to w: one polyline with markers per series
 * (label), points joined in increasing x, legend, nice axes.  Sorts pts in
 * place.  GENRE_EINVAL for no points or a non-finite value.
 */
genre_code	genre_plot_line(genre_plot_point *pts, size_t n, genre_writer *w,
							genre_status *st);

#endif
