/*
 * confusion.c - confusion matrix heat map (see confusion.h).
 */
#include "plot/confusion.h"

#include "base/alloc.h"
#include "plot/chart.h"
#include "plot/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* matplotlib's "Blues" at 9 evenly spaced points, light to dark */
static const unsigned char blues[9][3] = {
	{0xf7, 0xfb, 0xff}, {0xde, 0xeb, 0xf7}, {0xc6, 0xdb, 0xef},
	{0x9e, 0xca, 0xe1}, {0x6b, 0xae, 0xd6}, {0x42, 0x92, 0xc6},
	{0x21, 0x71, 0xb5}, {0x08, 0x51, 0x9c}, {0x08, 0x30, 0x6b},
};

/* Colour of t in [0, 1] on the scale, as "#rrggbb" in buf. */
static void
scale_colour(double t, char buf[8])
{
	double		p = (t < 0 ? 0 : t > 1 ? 1 : t) * 8.0;
	int			i = (int) floor(p);
	double		u;
	int			rgb[3];

	if (i >= 8)
		i = 7;
	u = p - i;
	for (int k = 0; k < 3; k++)
		rgb[k] = (int) lround(blues[i][k] + (blues[i + 1][k] - blues[i][k]) * u);
	snprintf(buf, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

genre_code
genre_plot_confusion(const genre_contingency *c, genre_writer *w, genre_status *st)
{
	uint32_t	n = c->nrows;
	uint64_t	maxcount = 0,
				correct = 0;
	size_t		maxchars = 0;
	double		cell,
				side,
				label_w,
				left,
				top,
				bottom_labels,
				font,
				bar_x;
	int			digits,
				width,
				height;
	uint32_t	k = 0;
	genre_ticks ticks;
	char		colour[8],
				title[128];

	if (n == 0 || c->total == 0)
		return genre_fail(st, GENRE_EINVAL, "no rows to plot");
	if (n > GENRE_PLOT_CONFUSION_MAX_CLASSES)
		return genre_fail(st, GENRE_ELIMIT,
						  "confusion plot of %u classes exceeds the limit of %d classes",
						  n, GENRE_PLOT_CONFUSION_MAX_CLASSES);
	for (uint32_t i = 0; i < c->ncells; i++)
	{
		if (c->cell_count[i] > maxcount)
			maxcount = c->cell_count[i];
		if (c->cell_row[i] == c->cell_col[i])
			correct += c->cell_count[i];
	}
	for (uint32_t i = 0; i < n; i++)
	{
		size_t		ch = genre_svg_char_count(c->row_label[i], c->row_len[i]);

		if (ch > maxchars)
			maxchars = ch;
	}
	if (maxchars > GENRE_SVG_LABEL_CHARS)
		maxchars = GENRE_SVG_LABEL_CHARS;

	cell = floor(480.0 / n);
	if (cell > 56)
		cell = 56;
	if (cell < 4)
		cell = 4;
	side = cell * n;
	label_w = 7.0 * maxchars + 10;
	left = 44 + label_w;
	top = 56;
	bottom_labels = label_w * 0.72 + 14;	/* x labels turned by 45 degrees */
	bar_x = left + side + 24;
	width = (int) ceil(bar_x + 16 + 64);
	height = (int) ceil(top + side + bottom_labels + 30);
	digits = (int) snprintf(NULL, 0, "%llu", (unsigned long long) maxcount);
	font = cell * 0.8 / (0.62 * digits);
	if (font > 13)
		font = 13;

	genre_svg_begin(w, width, height);
	snprintf(title, sizeof(title), "Confusion matrix (n = %llu, accuracy = %.1f%%)",
			 (unsigned long long) c->total, 100.0 * (double) correct / (double) c->total);
	genre_svg_text(w, (left + left + side) / 2, 30, "middle", 16, "font-weight=\"bold\"",
				   title, strlen(title), 0);

	/* cells, row by row; cells are sorted by (row, col) */
	genre_put_text(w, "<g class=\"cells\" stroke=\"#ffffff\" stroke-width=\"%s\">\n",
				   cell >= 12 ? "1" : "0");
	for (uint32_t i = 0; i < n; i++)
	{
		for (uint32_t j = 0; j < n; j++)
		{
			uint64_t	v = 0;
			double		t;

			if (k < c->ncells && c->cell_row[k] == i && c->cell_col[k] == j)
				v = c->cell_count[k++];
			t = maxcount ? (double) v / (double) maxcount : 0.0;
			scale_colour(t, colour);
			genre_put_text(w, "<rect");
			genre_svg_attr(w, "x", left + j * cell);
			genre_svg_attr(w, "y", top + i * cell);
			genre_svg_attr(w, "width", cell);
			genre_svg_attr(w, "height", cell);
			genre_put_text(w, " fill=\"%s\"><title>%llu</title></rect>\n", colour,
						   (unsigned long long) v);
			if (font >= 6)
			{
				genre_put_text(w, "<text");
				genre_svg_attr(w, "x", left + (j + 0.5) * cell);
				genre_svg_attr(w, "y", top + (i + 0.5) * cell + font * 0.36);
				genre_put_text(w, " text-anchor=\"middle\" stroke=\"none\"");
				genre_svg_attr(w, "font-size", font);
				genre_put_text(w, " fill=\"%s\">%llu</text>\n", t > 0.55 ? "#ffffff" : "#222222",
							   (unsigned long long) v);
			}
		}
		if (genre_interrupted())
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
	}
	genre_put_text(w, "</g>\n");

	/* class names: actual on the left, predicted below, turned */
	genre_put_text(w, "<g class=\"classes\" fill=\"#333333\">\n");
	for (uint32_t i = 0; i < n; i++)
	{
		double		y = top + (i + 0.5) * cell + 4;
		double		x = left + (i + 0.5) * cell;
		double		ly = top + side + 10;
		char		rot[80];

		genre_svg_text(w, left - 8, y, "end", 12, "", c->row_label[i], c->row_len[i],
					   GENRE_SVG_LABEL_CHARS);
		snprintf(rot, sizeof(rot), "transform=\"rotate(-45 %.1f %.1f)\"", x, ly);
		genre_svg_text(w, x, ly, "end", 12, rot, c->col_label[i], c->col_len[i],
					   GENRE_SVG_LABEL_CHARS);
	}
	genre_put_text(w, "</g>\n");
	genre_svg_text(w, left + side / 2, top + side + bottom_labels + 18, "middle", 13,
				   "font-weight=\"bold\"", "predicted", 9, 0);
	{
		char		rot[80];

		snprintf(rot, sizeof(rot), "font-weight=\"bold\" transform=\"rotate(-90 %.1f %.1f)\"",
				 18.0, top + side / 2);
		genre_svg_text(w, 18, top + side / 2, "middle", 13, rot, "actual", 6, 0);
	}

	/* colour scale: a vertical gradient from 0 (bottom) to the largest count (top) */
	genre_put_text(w, "<defs><linearGradient id=\"genre-confusion-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n");
	for (int s = 0; s < 9; s++)
		genre_put_text(w, "<stop offset=\"%.3f\" stop-color=\"#%02x%02x%02x\"/>\n", s / 8.0,
					   blues[s][0], blues[s][1], blues[s][2]);
	genre_put_text(w, "</linearGradient></defs>\n<rect class=\"scale\"");
	genre_svg_attr(w, "x", bar_x);
	genre_svg_attr(w, "y", top);
	genre_put_text(w, " width=\"16\"");
	genre_svg_attr(w, "height", side);
	genre_put_text(w, " fill=\"url(#genre-confusion-scale)\" stroke=\"#999999\" stroke-width=\"0.5\"/>\n");
	genre_nice_ticks(0, (double) (maxcount ? maxcount : 1), 5, &ticks);
	genre_put_text(w, "<g class=\"scale-ticks\" fill=\"#333333\" font-size=\"11\">\n");
	for (int i = 0; i < ticks.count; i++)
	{
		double		v = ticks.lo + i * ticks.step;
		double		y;

		if (v > (double) maxcount + ticks.step * 1e-9 || v < 0)
			continue;
		y = top + side - (maxcount ? v / (double) maxcount : 0) * side;
		genre_put_text(w, "<line");
		genre_svg_attr(w, "x1", bar_x + 16);
		genre_svg_attr(w, "y1", y);
		genre_svg_attr(w, "x2", bar_x + 20);
		genre_svg_attr(w, "y2", y);
		genre_put_text(w, " stroke=\"#333333\"/>\n<text");
		genre_svg_attr(w, "x", bar_x + 23);
		genre_svg_attr(w, "y", y + 4);
		genre_put_text(w, ">");
		genre_tick_label(w, &ticks, v);
		genre_put_text(w, "</text>\n");
	}
	genre_put_text(w, "</g>\n");
	genre_svg_end(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
