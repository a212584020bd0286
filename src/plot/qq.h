/*
 * qq.h - normal QQ plot as SVG: the sorted values against the normal
 * quantiles of scipy.stats.probplot, with its least-squares line and R^2.
 */
#ifndef GENRE_PLOT_QQ_H
#define GENRE_PLOT_QQ_H

#include "base/bytes.h"
#include "base/status.h"

#include <stddef.h>

/* Most points drawn; larger samples are thinned evenly by rank (the ends kept). */
#define GENRE_PLOT_QQ_MAX_POINTS 2000

/*
 * Append the QQ plot of n values to w (sorted in place first).  22023
 * for fewer than 2 values or a non-finite one.
 */
genre_code	genre_plot_qq(double *values, size_t n, const char *title, size_t title_len,
						  genre_writer *w, genre_status *st);

#endif
