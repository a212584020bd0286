/*
 * chart.h - what the x/y charts share: "nice" axis ticks, the categorical
 * palette, the frame with axes, grid and tick labels, the legend.
 */
#ifndef GENRE_PLOT_CHART_H
#define GENRE_PLOT_CHART_H

#include <stddef.h>

#include "base/bytes.h"
#include "base/status.h"

/* Largest coordinate magnitude drawn: keeps every span and pixel finite. */
#define GENRE_PLOT_MAX_ABS 1e300

/* One input row of the x/y charts; label points into the caller's memory. */
typedef struct genre_plot_point
{
	double		x;
	double		y;
	const char *label;
	size_t		label_len;
} genre_plot_point;

/*
 * Sort points by (label, x, y) byte-wise and list the distinct labels:
 * *labels / *lens (genre_alloc'ed, caller frees) point into the points.
 * Returns the number of labels, or -1 when out of memory.
 */
long		genre_plot_group(genre_plot_point *pts, size_t n, const char ***labels,
							 size_t **lens);

/* Whether two points carry the same label bytes. */
int			genre_plot_same_label(const genre_plot_point *a, const genre_plot_point *b);

/* Bounding box of the points; GENRE_EINVAL for none or a non-finite coordinate. */
genre_code	genre_plot_bounds(const genre_plot_point *pts, size_t n, double *xmin,
							  double *xmax, double *ymin, double *ymax, genre_status *st);

/* Ticks lo, lo + step, ..., hi: an axis range widened to multiples of a 1-2-5 step. */
typedef struct genre_ticks
{
	double		lo;
	double		hi;
	double		step;
	int			count;
	int			exponent;		/* step = 1, 2 or 5 x 10^exponent */
	int			decimals;		/* for the tick labels */
} genre_ticks;

/*
 * Nice ticks covering [min, max] with about target intervals (step 1, 2 or
 * 5 times a power of ten); a zero-width range is widened around its value.
 * min and max must be finite; they are clamped to +-GENRE_PLOT_MAX_ABS.
 */
void		genre_nice_ticks(double min, double max, int target, genre_ticks *t);

/* Room for any tick label the charts write. */
#define GENRE_TICK_LABEL_SIZE 32

/* Append the label of tick value v ("0.5", "1500", "2e+06"). */
void		genre_tick_label(genre_writer *w, const genre_ticks *t, double v);

/* The same label into buf (NUL-terminated); returns its length. */
size_t		genre_tick_format(const genre_ticks *t, double v, char *buf, size_t size);

/*
 * A tick mark with its label (UTF-8, escaped here): below the x axis at
 * px x of an axis line at axis_y, or left of the y axis at axis_x, px y.
 * Callers wrap runs of them in the "ticks" group of genre_frame_draw.
 */
void		genre_tick_x(genre_writer *w, double x, double axis_y, const char *label);
void		genre_tick_y(genre_writer *w, double axis_x, double y, const char *label);

/* Colour i of the categorical palette as "#rrggbb" (cycles after its 20 colours). */
const char *genre_palette(size_t i);

/* Geometry of a chart: the plot area in px. */
typedef struct genre_frame
{
	int			width;
	int			height;
	double		left;
	double		top;
	double		right;
	double		bottom;
	genre_ticks x;
	genre_ticks y;
} genre_frame;

/* Pixel of data value v on each axis. */
double		genre_frame_px(const genre_frame *f, double v);
double		genre_frame_py(const genre_frame *f, double v);

/*
 * Grid lines, axes, tick marks and labels, the axis titles (trusted ASCII,
 * may be NULL) and the title (user text, n bytes, may be NULL).
 */
void		genre_frame_draw(genre_writer *w, const genre_frame *f, const char *xtitle,
							 const char *ytitle, const char *title, size_t title_len);

/* Legend width in px for labels of at most max_chars characters. */
double		genre_legend_width(size_t max_chars);

/* One legend entry's shape. */
typedef enum genre_legend_mark
{
	GENRE_MARK_DOT,
	GENRE_MARK_LINE
} genre_legend_mark;

/*
 * Legend at (x, y) for n labels (coloured by genre_palette); entries that
 * do not fit above max_y are summarised as "+ N more".
 */
void		genre_legend_draw(genre_writer *w, double x, double y, double max_y,
							  const char *const *labels, const size_t *lens, size_t n,
							  genre_legend_mark mark);

/* A chart of labelled points while it is drawn: frame and distinct labels. */
typedef struct genre_point_chart
{
	genre_frame f;
	const char **labels;		/* sorted distinct labels (genre_alloc'ed) */
	size_t	   *lens;
	size_t		nlabels;
} genre_point_chart;

/*
 * Start an SVG chart of pts (sorted here by label, x, y): checks the
 * coordinates, groups the labels, lays out a plot area 600 px wide plus the
 * legend, height px tall with the given top and bottom margins, with nice
 * ticks, and draws the frame and title (user text, may be NULL).  On
 * success release c with genre_point_chart_end or genre_point_chart_free.
 */
genre_code	genre_point_chart_begin(genre_point_chart *c, genre_plot_point *pts, size_t n,
									int height, int top, int bottom_margin,
									const char *title, size_t title_len,
									genre_writer *w, genre_status *st);

/* Draw the legend with mark, close the SVG and free c; GENRE_ENOMEM if w failed. */
genre_code	genre_point_chart_end(genre_point_chart *c, genre_legend_mark mark,
								  genre_writer *w, genre_status *st);

/* Free c's labels (after a failure while drawing). */
void		genre_point_chart_free(genre_point_chart *c);

#endif
