/*
 * roc.c - ROC curves as SVG (see roc.h).
 */
#include "plot/roc.h"

#include "plot/chart.h"
#include "plot/svg.h"

#include <math.h>
#include <stdio.h>

#define PLOT_SIZE 420			/* the square plot area, px */
#define LEGEND_ROW 18
#define LABEL_CHARS 24			/* of a class label in the legend; the AUC follows */

/* Whether (x, y) lies in the unit square. */
static int
in_unit(double x, double y)
{
	return x >= 0 && x <= 1 && y >= 0 && y <= 1;
}

genre_code
genre_plot_roc(const genre_plot_roc_class *classes, size_t n, const char *title,
			   size_t title_len, genre_writer *w, genre_status *st)
{
	genre_frame f;
	size_t		maxchars = 0,
				fit;
	double		legend_x,
				auc_x;

	if (n == 0)
		return genre_fail(st, GENRE_EINVAL, "no ROC curve to draw");
	if (n > GENRE_PLOT_ROC_MAX_CLASSES)
		return genre_fail(st, GENRE_ELIMIT, "%zu classes is more than the %d curves one plot draws",
						  n, GENRE_PLOT_ROC_MAX_CLASSES);
	for (size_t c = 0; c < n; c++)
	{
		size_t		chars = genre_svg_char_count(classes[c].label, classes[c].label_len);

		if (classes[c].curve->n < 1 || !isfinite(classes[c].curve->auc))
			return genre_fail(st, GENRE_EINVAL, "ROC curve %zu has no points", c);
		for (size_t j = 0; j < classes[c].curve->n; j++)
			if (!in_unit(classes[c].curve->fpr[j], classes[c].curve->tpr[j]))
				return genre_fail(st, GENRE_EINVAL, "ROC curve %zu leaves the unit square", c);
		if (chars > maxchars)
			maxchars = chars;
	}
	if (maxchars > LABEL_CHARS)
		maxchars = LABEL_CHARS;

	f.left = 72;
	f.top = 48;
	f.right = f.left + PLOT_SIZE;
	f.bottom = f.top + PLOT_SIZE;
	f.height = (int) f.bottom + 56;
	legend_x = f.right + 24;
	/* label, then "0.000" right-aligned in a column of its own */
	auc_x = legend_x + 22 + 8.0 * (double) maxchars + 52;
	f.width = (int) (auc_x + 16);
	genre_nice_ticks(0, 1, 5, &f.x);
	genre_nice_ticks(0, 1, 5, &f.y);
	genre_svg_begin(w, f.width, f.height);
	genre_frame_draw(w, &f, "false positive rate", "true positive rate", title, title_len);

	/* chance: the diagonal */
	genre_put_text(w, "<line class=\"chance\" x1=\"");
	genre_svg_num(w, genre_frame_px(&f, 0));
	genre_put_text(w, "\" y1=\"");
	genre_svg_num(w, genre_frame_py(&f, 0));
	genre_put_text(w, "\" x2=\"");
	genre_svg_num(w, genre_frame_px(&f, 1));
	genre_put_text(w, "\" y2=\"");
	genre_svg_num(w, genre_frame_py(&f, 1));
	genre_put_text(w, "\" stroke=\"#999999\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>\n");

	for (size_t c = 0; c < n; c++)
	{
		const genre_roc_curve *cv = classes[c].curve;
		double		lx = -1,
					ly = -1;

		genre_put_text(w, "<polyline class=\"roc\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
					   "stroke-linejoin=\"round\" points=\"", genre_palette(c));
		for (size_t j = 0; j < cv->n; j++)
		{
			double		x = genre_frame_px(&f, cv->fpr[j]);
			double		y = genre_frame_py(&f, cv->tpr[j]);

			/* keep the first and last points; skip the ones that would not show */
			if (j > 0 && j + 1 < cv->n && fabs(x - lx) < 0.1 && fabs(y - ly) < 0.1)
				continue;
			if (j > 0)
				genre_put_u8(w, ' ');
			genre_svg_num(w, x);
			genre_put_u8(w, ',');
			genre_svg_num(w, y);
			lx = x;
			ly = y;
		}
		genre_put_text(w, "\"/>\n");
		if (genre_interrupted())
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
	}

	/* legend: as many rows as fit beside the plot, then "+ N more" */
	fit = (size_t) ((f.bottom - f.top - 8) / LEGEND_ROW);
	if (n > fit)
		fit--;
	else
		fit = n;
	genre_put_text(w, "<g class=\"legend\">\n");
	genre_svg_text(w, auc_x, f.top + 4, "end", 11,
				   "fill=\"#666666\"", "AUC", 3, 0);
	for (size_t c = 0; c < fit; c++)
	{
		double		cy = f.top + 8 + LEGEND_ROW * (c + 1);
		char		auc[32];
		int			len = snprintf(auc, sizeof(auc), "%.3f", classes[c].curve->auc);

		genre_put_text(w, "<line x1=\"");
		genre_svg_num(w, legend_x);
		genre_put_text(w, "\" y1=\"");
		genre_svg_num(w, cy);
		genre_put_text(w, "\" x2=\"");
		genre_svg_num(w, legend_x + 16);
		genre_put_text(w, "\" y2=\"");
		genre_svg_num(w, cy);
		genre_put_text(w, "\" stroke=\"%s\" stroke-width=\"2\"/>\n", genre_palette(c));
		genre_svg_text(w, legend_x + 22, cy + 4, "start", 12, "", classes[c].label,
					   classes[c].label_len, LABEL_CHARS);
		genre_svg_text(w, auc_x, cy + 4, "end", 12, "",
					   auc, (size_t) len, 0);
	}
	if (fit < n)
	{
		char		more[64];
		int			len = snprintf(more, sizeof(more), "+ %zu more", n - fit);

		genre_svg_text(w, legend_x + 22, f.top + 8 + LEGEND_ROW * (fit + 1) + 4, "start", 12,
					   "fill=\"#666666\"", more, (size_t) len, 0);
	}
	genre_put_text(w, "</g>\n");
	genre_svg_end(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
