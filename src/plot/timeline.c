/*
 * timeline.c - time axis and beat marks (see timeline.h).
 */
#include "plot/timeline.h"

#include "plot/chart.h"
#include "plot/svg.h"

#include <math.h>
#include <stdio.h>

double
genre_timeline_px(const genre_timeline *tl, double t)
{
	return tl->left + (t - tl->t0) / (tl->t1 - tl->t0) * (tl->right - tl->left);
}

/* The smallest step giving at most 9 ticks over span seconds. */
static double
time_step(double span)
{
	static const double minute_steps[] = {15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200};
	double		p;

	if (span > 60)
	{
		for (size_t i = 0; i < sizeof(minute_steps) / sizeof(minute_steps[0]); i++)
			if (span / minute_steps[i] <= 8)
				return minute_steps[i];
		return 3600 * ceil(span / 3600 / 8);
	}
	p = pow(10.0, floor(log10(span / 8)));
	if (span / p <= 8)
		return p;
	if (span / (2 * p) <= 8)
		return 2 * p;
	if (span / (5 * p) <= 8)
		return 5 * p;
	return 10 * p;
}

static void
time_label(double v, double span, double step, char *buf, size_t size)
{
	if (fabs(v) < step * 1e-9)
		v = 0;
	if (span > 3600)
		snprintf(buf, size, "%d:%02d:%02d", (int) (v / 3600), (int) fmod(v / 60, 60),
				 (int) fmod(v, 60));
	else if (span > 60)
		snprintf(buf, size, "%d:%02d", (int) (v / 60), (int) fmod(v + 1e-9, 60));
	else
	{
		int			decimals = step >= 1 ? 0 : (int) ceil(-log10(step) - 1e-9);

		snprintf(buf, size, "%.*f", decimals, v);
	}
}

void
genre_timeline_ticks(genre_writer *w, const genre_timeline *tl, double axis_y)
{
	double		span = tl->t1 - tl->t0,
				step = time_step(span),
				first = ceil(tl->t0 / step - 1e-9) * step;
	char		label[GENRE_TICK_LABEL_SIZE];

	genre_put_text(w, "<g class=\"ticks\" fill=\"#333333\" font-size=\"11\">\n");
	for (int i = 0; i < 100; i++)
	{
		double		v = first + i * step;

		if (v > tl->t1 + step * 1e-9)
			break;
		time_label(v, span, step, label, sizeof(label));
		genre_tick_x(w, genre_timeline_px(tl, v), axis_y, label);
	}
	genre_put_text(w, "</g>\n");
}

void
genre_timeline_beats(genre_writer *w, const genre_timeline *tl, const double *beats,
					 size_t n, double top, double bottom, const char *line_colour)
{
	size_t		shown = 0;
	int			lines;

	for (size_t i = 0; i < n; i++)
		if (isfinite(beats[i]) && beats[i] >= tl->t0 && beats[i] <= tl->t1)
			shown++;
	if (shown == 0)
		return;
	lines = (tl->right - tl->left) / (double) shown >= 16.0;
	genre_put_text(w, "<g class=\"beats\">\n");
	if (lines)
	{
		genre_put_text(w, "<path fill=\"none\" stroke=\"%s\" stroke-opacity=\"0.6\" "
					   "stroke-width=\"1\" stroke-dasharray=\"4 3\" d=\"", line_colour);
		for (size_t i = 0; i < n; i++)
			if (isfinite(beats[i]) && beats[i] >= tl->t0 && beats[i] <= tl->t1)
			{
				genre_put_u8(w, 'M');
				genre_svg_num(w, genre_timeline_px(tl, beats[i]));
				genre_put_u8(w, ' ');
				genre_svg_num(w, top);
				genre_put_u8(w, 'V');
				genre_svg_num(w, bottom);
			}
		genre_put_text(w, "\"/>\n");
	}
	/* marks above the axes, so beats stay visible on any background */
	genre_put_text(w, "<path fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\" d=\"");
	for (size_t i = 0; i < n; i++)
		if (isfinite(beats[i]) && beats[i] >= tl->t0 && beats[i] <= tl->t1)
		{
			genre_put_u8(w, 'M');
			genre_svg_num(w, genre_timeline_px(tl, beats[i]));
			genre_put_u8(w, ' ');
			genre_svg_num(w, top - 7);
			genre_put_text(w, "v6");
		}
	genre_put_text(w, "\"/>\n</g>\n");
}
