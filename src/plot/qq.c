/*
 * qq.c - normal probability plot (see qq.h).
 */
#include "plot/qq.h"

#include "base/alloc.h"
#include "ml/sample_stats.h"
#include "plot/chart.h"
#include "plot/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

genre_code
genre_plot_qq(double *values, size_t n, const char *title, size_t title_len,
			  genre_writer *w, genre_status *st)
{
	double	   *osm;
	genre_probplot_fit fit;
	genre_frame f;
	double		x0,
				x1,
				ymin,
				ymax;
	size_t		shown;
	char		r2[64];

	for (size_t i = 0; i < n; i++)
		if (!isfinite(values[i]) || fabs(values[i]) > GENRE_PLOT_MAX_ABS)
			return genre_fail(st, GENRE_EINVAL, "plot_qq: values must be finite numbers within +-1e300");
	if (n < 2)
		return genre_fail(st, GENRE_EINVAL, "plot_qq needs at least 2 values, got %zu", n);
	if ((osm = genre_alloc(n * sizeof(double))) == NULL)
		return genre_fail_nomem(st);
	genre_sample_sort(values, n);
	if (genre_probplot(values, n, osm, &fit, st) != GENRE_OK)
	{
		genre_free(osm);
		return st->code;
	}
	x0 = osm[0];
	x1 = osm[n - 1];
	/* the y range holds the points and the ends of the line */
	ymin = fmin(values[0], fit.slope * x0 + fit.intercept);
	ymax = fmax(values[n - 1], fit.slope * x1 + fit.intercept);
	f.width = 600;
	f.height = 480;
	f.left = 80;
	f.top = 48;
	f.right = 600 - 24;
	f.bottom = 480 - 56;
	genre_nice_ticks(x0, x1, 6, &f.x);
	genre_nice_ticks(ymin, ymax, 6, &f.y);

	genre_svg_begin(w, f.width, f.height);
	genre_frame_draw(w, &f, "Theoretical quantiles", "Ordered values", title, title_len);
	shown = n < GENRE_PLOT_QQ_MAX_POINTS ? n : GENRE_PLOT_QQ_MAX_POINTS;
	genre_put_text(w, "<g class=\"points\" fill=\"%s\" fill-opacity=\"0.8\" stroke=\"#ffffff\" "
				   "stroke-width=\"0.5\">\n", genre_palette(0));
	for (size_t k = 0; k < shown; k++)
	{
		/* evenly spaced ranks, first and last included */
		size_t		i = shown > 1 ? (size_t) llround((double) k * (double) (n - 1) / (double) (shown - 1)) : 0;

		genre_put_text(w, "<circle cx=\"");
		genre_svg_num(w, genre_frame_px(&f, osm[i]));
		genre_put_text(w, "\" cy=\"");
		genre_svg_num(w, genre_frame_py(&f, values[i]));
		genre_put_text(w, "\" r=\"3\"/>\n");
	}
	genre_put_text(w, "</g>\n<line class=\"fit\"");
	genre_put_text(w, " x1=\"");
	genre_svg_num(w, genre_frame_px(&f, x0));
	genre_put_text(w, "\" y1=\"");
	genre_svg_num(w, genre_frame_py(&f, fit.slope * x0 + fit.intercept));
	genre_put_text(w, "\" x2=\"");
	genre_svg_num(w, genre_frame_px(&f, x1));
	genre_put_text(w, "\" y2=\"");
	genre_svg_num(w, genre_frame_py(&f, fit.slope * x1 + fit.intercept));
	genre_put_text(w, "\" stroke=\"%s\" stroke-width=\"2\"/>\n", genre_palette(3));
	/* scipy's probplot annotates R^2 at the lower right */
	snprintf(r2, sizeof(r2), "R\xc2\xb2 = %.4f, n = %zu", fit.r * fit.r, n);
	genre_svg_text(w, f.right - 12, f.bottom - 14, "end", 12, "fill=\"#333333\"", r2, strlen(r2), 0);
	genre_free(osm);
	genre_svg_end(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
