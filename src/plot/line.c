/*
 * line.c - line chart (see line.h).
 */
#include "plot/line.h"

#include "base/alloc.h"
#include "plot/svg.h"

/* Markers only while they stay readable. */
#define MAX_MARKED_POINTS 2000

genre_code
genre_plot_line(genre_plot_point *pts, size_t n, genre_writer *w, genre_status *st)
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
	size_t		start = 0;

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

	f.height = 420;
	f.width = 600 + (int) genre_legend_width(maxchars);
	f.left = 72;
	f.top = 32;
	f.right = 600 - 24;
	f.bottom = f.height - 48;
	genre_nice_ticks(xmin, xmax, 6, &f.x);
	genre_nice_ticks(ymin, ymax, 6, &f.y);

	genre_svg_begin(w, f.width, f.height);
	genre_frame_draw(w, &f, NULL, NULL, NULL, 0);
	/* one series at a time: points are sorted by (series, x, y) */
	for (size_t g = 0; g < (size_t) nlabels; g++)
	{
		size_t		end = start + 1;
		const char *colour = genre_palette(g);

		while (end < n && genre_plot_same_label(&pts[start], &pts[end]))
			end++;
		genre_put_text(w, "<g class=\"series\">\n<polyline fill=\"none\" stroke=\"%s\" "
					   "stroke-width=\"2\" stroke-linejoin=\"round\" points=\"", colour);
		for (size_t i = start; i < end; i++)
		{
			if (i > start)
				genre_put_u8(w, ' ');
			genre_svg_num(w, genre_frame_px(&f, pts[i].x));
			genre_put_u8(w, ',');
			genre_svg_num(w, genre_frame_py(&f, pts[i].y));
		}
		genre_put_text(w, "\"/>\n");
		if (n <= MAX_MARKED_POINTS)
			for (size_t i = start; i < end; i++)
			{
				genre_put_text(w, "<circle cx=\"");
				genre_svg_num(w, genre_frame_px(&f, pts[i].x));
				genre_put_text(w, "\" cy=\"");
				genre_svg_num(w, genre_frame_py(&f, pts[i].y));
				genre_put_text(w, "\" r=\"3.5\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
							   colour);
			}
		genre_put_text(w, "</g>\n");
		start = end;
		if (genre_interrupted())
		{
			genre_free(labels);
			genre_free(lens);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	genre_legend_draw(w, 600, f.top + 8, f.bottom, labels, lens, (size_t) nlabels,
					  GENRE_MARK_LINE);
	genre_svg_end(w);
	genre_free(labels);
	genre_free(lens);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
