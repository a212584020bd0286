/*
 * means.c - error bars of per-label means (see means.h).
 */
#include "plot/means.h"

#include "base/alloc.h"
#include "ml/sample_stats.h"
#include "plot/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* One label's summary. */
typedef struct label_mean
{
	const char *label;
	size_t		len;
	genre_mean_ci_result ci;	/* ci_low = ci_high = mean when n = 1 */
} label_mean;

/* Group the sorted points by label and compute each label's interval. */
static genre_code
summarise(const genre_plot_point *pts, size_t n, double level, label_mean *out,
		  size_t nlabels, genre_status *st)
{
	double	   *v = genre_alloc(n * sizeof(double));
	size_t		start = 0;

	if (v == NULL)
		return genre_fail_nomem(st);
	for (size_t g = 0; g < nlabels; g++)
	{
		size_t		end = start + 1,
					m;

		while (end < n && genre_plot_same_label(&pts[start], &pts[end]))
			end++;
		m = end - start;
		for (size_t i = 0; i < m; i++)
			v[i] = pts[start + i].y;	/* sorted: points sort by (label, x = 0, y) */
		out[g].label = pts[start].label;
		out[g].len = pts[start].label_len;
		if (m == 1)
		{
			memset(&out[g].ci, 0, sizeof(out[g].ci));
			out[g].ci.n = 1;
			out[g].ci.mean = out[g].ci.ci_low = out[g].ci.ci_high = v[0];
		}
		else if (genre_mean_ci(v, m, level, &out[g].ci, st) != GENRE_OK)
		{
			genre_free(v);
			return st->code;
		}
		start = end;
	}
	genre_free(v);
	return GENRE_OK;
}

genre_code
genre_plot_means(genre_plot_point *pts, size_t n, double level, const char *title,
				 size_t title_len, genre_writer *w, genre_status *st)
{
	const char **labels = NULL;
	size_t	   *lens = NULL;
	label_mean *m;
	long		nl;
	size_t		maxchars = 0;
	double		lo = INFINITY,
				hi = -INFINITY,
				slot,
				label_w;
	genre_frame f;
	char		ytitle[64];

	if (!(level > 0.0 && level < 1.0))
		return genre_fail(st, GENRE_EINVAL, "plot_means: level must be between 0 and 1 (exclusive), got %g",
						  level);
	if (n == 0)
		return genre_fail(st, GENRE_EINVAL, "no points to plot");
	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(pts[i].y) || fabs(pts[i].y) > GENRE_PLOT_MAX_ABS)
			return genre_fail(st, GENRE_EINVAL, "values must be finite numbers within +-1e300");
		pts[i].x = 0;
	}
	nl = genre_plot_group(pts, n, &labels, &lens);
	if (nl < 0)
		return genre_fail_nomem(st);
	genre_free(labels);
	genre_free(lens);
	if (nl > GENRE_PLOT_MEANS_MAX_LABELS)
		return genre_fail(st, GENRE_ELIMIT, "plot of %ld labels exceeds the limit of %d labels",
						  nl, GENRE_PLOT_MEANS_MAX_LABELS);
	if ((m = genre_calloc((size_t) nl, sizeof(label_mean))) == NULL)
		return genre_fail_nomem(st);
	if (summarise(pts, n, level, m, (size_t) nl, st) != GENRE_OK)
	{
		genre_free(m);
		return st->code;
	}
	for (long g = 0; g < nl; g++)
	{
		size_t		ch = genre_svg_char_count(m[g].label, m[g].len);

		lo = fmin(lo, m[g].ci.ci_low);
		hi = fmax(hi, m[g].ci.ci_high);
		if (ch > maxchars)
			maxchars = ch;
	}
	if (maxchars > GENRE_SVG_LABEL_CHARS)
		maxchars = GENRE_SVG_LABEL_CHARS;

	/* categories across, labels turned by 45 degrees below them */
	slot = nl <= 8 ? 64 : nl <= 30 ? 40 : 20;
	label_w = 7.0 * maxchars + 10;
	f.left = 80;
	f.top = 48;
	f.right = f.left + fmax(360.0, slot * nl);
	f.bottom = f.top + 300;
	f.width = (int) ceil(f.right + 32);
	f.height = (int) ceil(f.bottom + label_w * 0.72 + 30);
	genre_nice_ticks(lo, hi, 6, &f.y);
	f.x.count = 0;
	f.x.lo = 0;
	f.x.hi = 1;
	snprintf(ytitle, sizeof(ytitle), "mean, %.4g%% confidence interval", level * 100);

	genre_svg_begin(w, f.width, f.height);
	genre_frame_draw(w, &f, NULL, ytitle, title, title_len);
	slot = (f.right - f.left) / nl;
	genre_put_text(w, "<g class=\"means\" stroke-width=\"2\">\n");
	for (long g = 0; g < nl; g++)
	{
		const char *colour = genre_palette((size_t) g);
		double		x = f.left + (g + 0.5) * slot,
					ylo = genre_frame_py(&f, m[g].ci.ci_low),
					yhi = genre_frame_py(&f, m[g].ci.ci_high);

		genre_put_text(w, "<g stroke=\"%s\" fill=\"%s\"><title>", colour, colour);
		genre_svg_escape(w, m[g].label, m[g].len, GENRE_SVG_LABEL_CHARS);
		genre_put_text(w, ": mean %.6g, interval %.6g .. %.6g, n = %zu</title>\n",
					   m[g].ci.mean, m[g].ci.ci_low, m[g].ci.ci_high, m[g].ci.n);
		if (m[g].ci.n > 1)
		{
			/* the bar and its caps */
			genre_put_text(w, "<path fill=\"none\" d=\"M");
			genre_svg_num(w, x);
			genre_put_u8(w, ' ');
			genre_svg_num(w, ylo);
			genre_put_u8(w, 'V');
			genre_svg_num(w, yhi);
			genre_put_u8(w, 'M');
			genre_svg_num(w, x - 6);
			genre_put_u8(w, ' ');
			genre_svg_num(w, ylo);
			genre_put_text(w, "h12M");
			genre_svg_num(w, x - 6);
			genre_put_u8(w, ' ');
			genre_svg_num(w, yhi);
			genre_put_text(w, "h12\"/>\n");
		}
		genre_put_text(w, "<circle");
		genre_svg_attr(w, "cx", x);
		genre_svg_attr(w, "cy", genre_frame_py(&f, m[g].ci.mean));
		genre_put_text(w, " r=\"4.5\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n</g>\n");
	}
	genre_put_text(w, "</g>\n<g class=\"classes\" fill=\"#333333\">\n");
	for (long g = 0; g < nl; g++)
	{
		double		x = f.left + (g + 0.5) * slot,
					ly = f.bottom + 14;
		char		rot[80];

		genre_put_text(w, "<line");
		genre_svg_attr(w, "x1", x);
		genre_svg_attr(w, "y1", f.bottom);
		genre_svg_attr(w, "x2", x);
		genre_svg_attr(w, "y2", f.bottom + 5);
		genre_put_text(w, " stroke=\"#333333\"/>\n");
		snprintf(rot, sizeof(rot), "transform=\"rotate(-45 %.1f %.1f)\"", x, ly);
		genre_svg_text(w, x, ly, "end", 12, rot, m[g].label, m[g].len, GENRE_SVG_LABEL_CHARS);
	}
	genre_put_text(w, "</g>\n");
	genre_svg_end(w);
	genre_free(m);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
