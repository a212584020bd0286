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
	genre_point_chart c;
	const genre_frame *f = &c.f;
	double		r = n <= 1000 ? 3.5 : n <= 5000 ? 2.5 : 1.8;
	size_t		g = 0;

	if (genre_point_chart_begin(&c, pts, n, 480, 48, 56, title, title_len, w, st) != GENRE_OK)
		return st->code;
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
		genre_svg_num(w, genre_frame_px(f, pts[i].x));
		genre_put_text(w, "\" cy=\"");
		genre_svg_num(w, genre_frame_py(f, pts[i].y));
		genre_put_text(w, "\" r=\"%.1f\"/>\n", r);
		if ((i & 4095) == 4095 && genre_interrupted())
		{
			genre_point_chart_free(&c);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	genre_put_text(w, "</g>\n</g>\n");
	return genre_point_chart_end(&c, GENRE_MARK_DOT, w, st);
}
