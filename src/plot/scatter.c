/*
 * scatter.c - scatter plot (see scatter.h).
 */
#include "plot/scatter.h"

#include "base/alloc.h"
#include "plot/svg.h"

#include <math.h>

genre_code
genre_plot_scatter(genre_plot_point *pts, size_t n, const char *title,
				   size_t title_len, genre_writer *w, genre_status *st)
{
	double		xmin,
				xmax,
				ymin,
				ymax;
	const char **labels;
	size_t	   *lens;
	long		nlabels;
	size_t		maxchars = 0;
	genre_frame f;
	double		r = n <= 1000 ? 3.5 : n <= 5000 ? 2.5 : 1.8;
	size_t		g = 0;

	if (genre_plot_bounds(pts, n, &xmin, &xmax, &ymin, &ymax, st) != GENRE_OK)
		return st->code;
	nlabels = genre_plot_group(pts, n, &labels, &lens);
	if (nlabels < 0)
		return genre_fail_nomem(st);
	for (long i = 0; i < nlabels; i++)
	{
		size_t		c = genre_svg_char_count(labels[i], lens[i]);

		if (c > maxchars)
			maxchars = c;
	}

	f.height = 480;
	f.width = 600 + (int) genre_legend_width(maxchars);
	f.left = 72;
	f.top = 48;
	f.right = 600 - 24;
	f.bottom = f.height - 56;
	genre_nice_ticks(xmin, xmax, 6, &f.x);
	genre_nice_ticks(ymin, ymax, 6, &f.y);

	genre_svg_begin(w, f.width, f.height);
	genre_frame_draw(w, &f, NULL, NULL, title, title_len);
	genre_put_text(w, "<g class=\"points\" fill-opacity=\"0.8\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n");
	for (size_t i = 0; i < n; i++)
	{
		/* points are grouped by label: one <g> of one colour per label */
		if (i == 0 || !genre_plot_same_label(&pts[i - 1], &pts[i]))
		{
			if (i > 0)
			{
				genre_put_text(w, "</g>\n");
				g++;
			}
			genre_put_text(w, "<g fill=\"%s\">\n", genre_palette(g));
		}
		genre_put_text(w, "<circle cx=\"");
		genre_svg_num(w, genre_frame_px(&f, pts[i].x));
		genre_put_text(w, "\" cy=\"");
		genre_svg_num(w, genre_frame_py(&f, pts[i].y));
		genre_put_text(w, "\" r=\"%.1f\"/>\n", r);
		if ((i & 4095) == 4095 && genre_interrupted())
		{
			genre_free(labels);
			genre_free(lens);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	genre_put_text(w, "</g>\n</g>\n");
	genre_legend_draw(w, 600, f.top + 8, f.bottom, labels, lens, (size_t) nlabels,
					  GENRE_MARK_DOT);
	genre_svg_end(w);
	genre_free(labels);
	genre_free(lens);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
