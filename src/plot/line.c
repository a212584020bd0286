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
	genre_point_chart c;
	const genre_frame *f = &c.f;
	size_t		start = 0;

	if (genre_point_chart_begin(&c, pts, n, 420, 32, 48, NULL, 0, w, st) != GENRE_OK)
		return st->code;
	/* one series at a time: points are sorted by (series, x, y) */
	for (size_t g = 0; g < c.nlabels; g++)
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
			genre_svg_num(w, genre_frame_px(f, pts[i].x));
			genre_put_u8(w, ',');
			genre_svg_num(w, genre_frame_py(f, pts[i].y));
		}
		genre_put_text(w, "\"/>\n");
		if (n <= MAX_MARKED_POINTS)
			for (size_t i = start; i < end; i++)
			{
				genre_put_text(w, "<circle cx=\"");
				genre_svg_num(w, genre_frame_px(f, pts[i].x));
				genre_put_text(w, "\" cy=\"");
				genre_svg_num(w, genre_frame_py(f, pts[i].y));
				genre_put_text(w, "\" r=\"3.5\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
							   colour);
			}
		genre_put_text(w, "</g>\n");
		start = end;
		if (genre_interrupted())
		{
			genre_point_chart_free(&c);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	return genre_point_chart_end(&c, GENRE_MARK_LINE, w, st);
}
