/*
 * chart.c - axes, ticks, palette and legend (see chart.h).
 */
#include "plot/chart.h"

#include "base/alloc.h"
#include "plot/svg.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* matplotlib's tab10, then the light halves of tab20: distinct and colour-blind friendlier */
static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
	"#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
	"#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
};

const char *
genre_palette(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

/* The 1-2-5 step nearest above raw. */
static double
nice_step(double raw, int *exponent)
{
	int			e = (int) floor(log10(raw));
	double		p = pow(10.0, e);
	double		m = raw / p;
	double		s;

	if (m <= 1.0)
		s = 1.0;
	else if (m <= 2.0)
		s = 2.0;
	else if (m <= 5.0)
		s = 5.0;
	else
	{
		s = 1.0;
		e++;
		p *= 10.0;
	}
	*exponent = e;
	return s * p;
}

void
genre_nice_ticks(double min, double max, int target, genre_ticks *t)
{
	double		span;
	int			e;

	if (target < 2)
		target = 2;
	/* keep max - min finite (callers refuse larger coordinates anyway) */
	min = fmax(fmin(min, GENRE_PLOT_MAX_ABS), -GENRE_PLOT_MAX_ABS);
	max = fmax(fmin(max, GENRE_PLOT_MAX_ABS), -GENRE_PLOT_MAX_ABS);
	if (max < min)
	{
		double		tmp = min;

		min = max;
		max = tmp;
	}
	span = max - min;
	if (!(span > 0.0) || span < fmax(fabs(min), fabs(max)) * 1e-12)
	{
		/* one value: a range around it, scaled to its magnitude */
		double		pad = fabs(min) > 0 ? fabs(min) * 0.1 : 0.5;

		min -= pad;
		max += pad;
		span = max - min;
	}
	t->step = nice_step(span / target, &e);
	t->lo = floor(min / t->step) * t->step;
	t->hi = ceil(max / t->step) * t->step;
	t->count = (int) floor((t->hi - t->lo) / t->step + 0.5) + 1;
	if (t->count > 100 || t->count < 2)
	{
		t->count = 2;
		t->step = t->hi - t->lo;
	}
	t->exponent = e;
	t->decimals = e < 0 ? -e : 0;
}

size_t
genre_tick_format(const genre_ticks *t, double v, char *buf, size_t size)
{
	double		mag = fabs(t->lo) > fabs(t->hi) ? fabs(t->lo) : fabs(t->hi);
	int			len;

	/* a value within rounding of zero is zero, not "-2.2e-17" */
	if (fabs(v) < t->step * 1e-9)
		v = 0.0;
	if (mag >= 1e7 || t->decimals > 6)
	{
		/* significant digits down to the step's decimal place */
		int			sig = (int) floor(log10(mag)) - t->exponent + 1;

		len = snprintf(buf, size, "%.*g", sig < 1 ? 1 : sig > 17 ? 17 : sig, v);
	}
	else
		len = snprintf(buf, size, "%.*f", t->decimals, v);
	return len < 0 ? 0 : (size_t) len < size ? (size_t) len : size - 1;
}

void
genre_tick_label(genre_writer *w, const genre_ticks *t, double v)
{
	char		buf[GENRE_TICK_LABEL_SIZE];

	genre_tick_format(t, v, buf, sizeof(buf));
	genre_put_text(w, "%s", buf);
}

/* Data stay this far inside the frame, so no marker sits on an axis line. */
#define INSET 10.0

double
genre_frame_px(const genre_frame *f, double v)
{
	return f->left + INSET + (v - f->x.lo) / (f->x.hi - f->x.lo) * (f->right - f->left - 2 * INSET);
}

double
genre_frame_py(const genre_frame *f, double v)
{
	return f->bottom - INSET - (v - f->y.lo) / (f->y.hi - f->y.lo) * (f->bottom - f->top - 2 * INSET);
}

void
genre_tick_x(genre_writer *w, double x, double axis_y, const char *label)
{
	genre_put_text(w, "<line x1=\"");
	genre_svg_num(w, x);
	genre_put_text(w, "\" y1=\"");
	genre_svg_num(w, axis_y);
	genre_put_text(w, "\" x2=\"");
	genre_svg_num(w, x);
	genre_put_text(w, "\" y2=\"");
	genre_svg_num(w, axis_y + 5);
	genre_put_text(w, "\" stroke=\"#333333\"/>\n<text x=\"");
	genre_svg_num(w, x);
	genre_put_text(w, "\" y=\"");
	genre_svg_num(w, axis_y + 18);
	genre_put_text(w, "\" text-anchor=\"middle\">");
	genre_svg_escape(w, label, strlen(label), 0);
	genre_put_text(w, "</text>\n");
}

void
genre_tick_y(genre_writer *w, double axis_x, double y, const char *label)
{
	genre_put_text(w, "<line x1=\"");
	genre_svg_num(w, axis_x - 5);
	genre_put_text(w, "\" y1=\"");
	genre_svg_num(w, y);
	genre_put_text(w, "\" x2=\"");
	genre_svg_num(w, axis_x);
	genre_put_text(w, "\" y2=\"");
	genre_svg_num(w, y);
	genre_put_text(w, "\" stroke=\"#333333\"/>\n<text x=\"");
	genre_svg_num(w, axis_x - 8);
	genre_put_text(w, "\" y=\"");
	genre_svg_num(w, y + 4);
	genre_put_text(w, "\" text-anchor=\"end\">");
	genre_svg_escape(w, label, strlen(label), 0);
	genre_put_text(w, "</text>\n");
}

void
genre_frame_draw(genre_writer *w, const genre_frame *f, const char *xtitle,
				 const char *ytitle, const char *title, size_t title_len)
{
	char		label[GENRE_TICK_LABEL_SIZE];

	genre_put_text(w, "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
	for (int i = 0; i < f->x.count; i++)
	{
		double		x = genre_frame_px(f, f->x.lo + i * f->x.step);

		genre_put_text(w, "<line x1=\"");
		genre_svg_num(w, x);
		genre_put_text(w, "\" y1=\"");
		genre_svg_num(w, f->top);
		genre_put_text(w, "\" x2=\"");
		genre_svg_num(w, x);
		genre_put_text(w, "\" y2=\"");
		genre_svg_num(w, f->bottom);
		genre_put_text(w, "\"/>\n");
	}
	for (int i = 0; i < f->y.count; i++)
	{
		double		y = genre_frame_py(f, f->y.lo + i * f->y.step);

		genre_put_text(w, "<line x1=\"");
		genre_svg_num(w, f->left);
		genre_put_text(w, "\" y1=\"");
		genre_svg_num(w, y);
		genre_put_text(w, "\" x2=\"");
		genre_svg_num(w, f->right);
		genre_put_text(w, "\" y2=\"");
		genre_svg_num(w, y);
		genre_put_text(w, "\"/>\n");
	}
	genre_put_text(w, "</g>\n");

	/* axes box */
	genre_put_text(w, "<rect class=\"axes\" x=\"");
	genre_svg_num(w, f->left);
	genre_put_text(w, "\" y=\"");
	genre_svg_num(w, f->top);
	genre_put_text(w, "\" width=\"");
	genre_svg_num(w, f->right - f->left);
	genre_put_text(w, "\" height=\"");
	genre_svg_num(w, f->bottom - f->top);
	genre_put_text(w, "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n");

	/* tick marks and labels */
	genre_put_text(w, "<g class=\"ticks\" fill=\"#333333\" font-size=\"11\">\n");
	for (int i = 0; i < f->x.count; i++)
	{
		double		v = f->x.lo + i * f->x.step;

		genre_tick_format(&f->x, v, label, sizeof(label));
		genre_tick_x(w, genre_frame_px(f, v), f->bottom, label);
	}
	for (int i = 0; i < f->y.count; i++)
	{
		double		v = f->y.lo + i * f->y.step;

		genre_tick_format(&f->y, v, label, sizeof(label));
		genre_tick_y(w, f->left, genre_frame_py(f, v), label);
	}
	genre_put_text(w, "</g>\n");

	if (xtitle)
		genre_svg_text(w, (f->left + f->right) / 2, f->bottom + 38, "middle", 12, "",
					   xtitle, strlen(xtitle), 0);
	if (ytitle)
	{
		char		rot[64];

		snprintf(rot, sizeof(rot), "transform=\"rotate(-90 %.1f %.1f)\"",
				 f->left - 48, (f->top + f->bottom) / 2);
		genre_svg_text(w, f->left - 48, (f->top + f->bottom) / 2, "middle", 12, rot,
					   ytitle, strlen(ytitle), 0);
	}
	if (title && title_len)
		genre_svg_text(w, (f->left + f->right) / 2, f->top - 14, "middle", 16,
					   "font-weight=\"bold\"", title, title_len, 80);
}

/* about 7 px per character at 12 px: enough for most fonts' average width */
double
genre_legend_width(size_t max_chars)
{
	if (max_chars > GENRE_SVG_LABEL_CHARS)
		max_chars = GENRE_SVG_LABEL_CHARS;
	return 36 + 7.0 * (double) max_chars;
}

void
genre_legend_draw(genre_writer *w, double x, double y, double max_y,
				  const char *const *labels, const size_t *lens, size_t n,
				  genre_legend_mark mark)
{
	const double row = 18;
	size_t		fit = (size_t) ((max_y - y) / row);

	if (fit < 1)
		fit = 1;
	if (n > fit)
		fit--;					/* room for the "+ N more" line */
	else
		fit = n;
	genre_put_text(w, "<g class=\"legend\">\n");
	for (size_t i = 0; i < fit; i++)
	{
		double		cy = y + row * i;

		if (mark == GENRE_MARK_DOT)
		{
			genre_put_text(w, "<circle cx=\"");
			genre_svg_num(w, x + 6);
			genre_put_text(w, "\" cy=\"");
			genre_svg_num(w, cy);
			genre_put_text(w, "\" r=\"5\" fill=\"%s\"/>\n", genre_palette(i));
		}
		else
		{
			genre_put_text(w, "<line x1=\"");
			genre_svg_num(w, x);
			genre_put_text(w, "\" y1=\"");
			genre_svg_num(w, cy);
			genre_put_text(w, "\" x2=\"");
			genre_svg_num(w, x + 16);
			genre_put_text(w, "\" y2=\"");
			genre_svg_num(w, cy);
			genre_put_text(w, "\" stroke=\"%s\" stroke-width=\"2\"/>\n", genre_palette(i));
		}
		genre_svg_text(w, x + 22, cy + 4, "start", 12, "", labels[i], lens[i],
					   GENRE_SVG_LABEL_CHARS);
	}
	if (fit < n)
	{
		char		more[64];
		int			len = snprintf(more, sizeof(more), "+ %zu more", n - fit);

		genre_svg_text(w, x + 22, y + row * fit + 4, "start", 12, "fill=\"#666666\"",
					   more, (size_t) len, 0);
	}
	genre_put_text(w, "</g>\n");
}

static int
cmp_label(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static int
cmp_point(const void *pa, const void *pb)
{
	const genre_plot_point *a = pa,
			   *b = pb;
	int			c = cmp_label(a->label, a->label_len, b->label, b->label_len);

	if (c != 0)
		return c;
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	return 0;
}

int
genre_plot_same_label(const genre_plot_point *a, const genre_plot_point *b)
{
	return a->label_len == b->label_len && memcmp(a->label, b->label, a->label_len) == 0;
}

long
genre_plot_group(genre_plot_point *pts, size_t n, const char ***labels, size_t **lens)
{
	size_t		k = 0;

	qsort(pts, n, sizeof(genre_plot_point), cmp_point);
	*labels = genre_calloc(n ? n : 1, sizeof(const char *));
	*lens = genre_calloc(n ? n : 1, sizeof(size_t));
	if (*labels == NULL || *lens == NULL)
	{
		genre_free(*labels);
		genre_free(*lens);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !genre_plot_same_label(&pts[i - 1], &pts[i]))
		{
			(*labels)[k] = pts[i].label;
			(*lens)[k] = pts[i].label_len;
			k++;
		}
	return (long) k;
}

genre_code
genre_plot_bounds(const genre_plot_point *pts, size_t n, double *xmin, double *xmax,
				  double *ymin, double *ymax, genre_status *st)
{
	if (n == 0)
		return genre_fail(st, GENRE_EINVAL, "no points to plot");
	*xmin = *xmax = pts[0].x;
	*ymin = *ymax = pts[0].y;
	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(pts[i].x) || !isfinite(pts[i].y))
			return genre_fail(st, GENRE_EINVAL, "x and y must be finite numbers");
		if (fabs(pts[i].x) > GENRE_PLOT_MAX_ABS || fabs(pts[i].y) > GENRE_PLOT_MAX_ABS)
			return genre_fail(st, GENRE_EINVAL, "x and y must lie within +-1e300");
		if (pts[i].x < *xmin)
			*xmin = pts[i].x;
		if (pts[i].x > *xmax)
			*xmax = pts[i].x;
		if (pts[i].y < *ymin)
			*ymin = pts[i].y;
		if (pts[i].y > *ymax)
			*ymax = pts[i].y;
	}
	return GENRE_OK;
}

genre_code
genre_point_chart_begin(genre_point_chart *c, genre_plot_point *pts, size_t n,
						int height, int top, int bottom_margin,
						const char *title, size_t title_len,
						genre_writer *w, genre_status *st)
{
	double		xmin,
				xmax,
				ymin,
				ymax;
	long		nlabels;
	size_t		maxchars = 0;

	if (genre_plot_bounds(pts, n, &xmin, &xmax, &ymin, &ymax, st) != GENRE_OK)
		return st->code;
	nlabels = genre_plot_group(pts, n, &c->labels, &c->lens);
	if (nlabels < 0)
		return genre_fail_nomem(st);
	c->nlabels = (size_t) nlabels;
	for (size_t i = 0; i < c->nlabels; i++)
	{
		size_t		chars = genre_svg_char_count(c->labels[i], c->lens[i]);

		if (chars > maxchars)
			maxchars = chars;
	}
	c->f.height = height;
	c->f.width = 600 + (int) genre_legend_width(maxchars);
	c->f.left = 72;
	c->f.top = top;
	c->f.right = 600 - 24;
	c->f.bottom = height - bottom_margin;
	genre_nice_ticks(xmin, xmax, 6, &c->f.x);
	genre_nice_ticks(ymin, ymax, 6, &c->f.y);
	genre_svg_begin(w, c->f.width, c->f.height);
	genre_frame_draw(w, &c->f, NULL, NULL, title, title_len);
	return GENRE_OK;
}

genre_code
genre_point_chart_end(genre_point_chart *c, genre_legend_mark mark,
					  genre_writer *w, genre_status *st)
{
	genre_legend_draw(w, 600, c->f.top + 8, c->f.bottom, c->labels, c->lens, c->nlabels, mark);
	genre_svg_end(w);
	genre_point_chart_free(c);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

void
genre_point_chart_free(genre_point_chart *c)
{
	genre_free(c->labels);
	genre_free(c->lens);
	c->labels = NULL;
	c->lens = NULL;
}
