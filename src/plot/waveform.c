/*
 * waveform.c - min/max envelope plot (see waveform.h).
 */
#include "plot/waveform.h"

#include "base/alloc.h"
#include "plot/chart.h"
#include "plot/svg.h"
#include "plot/timeline.h"

#include <math.h>

#define WF_LEFT 72
#define WF_TOP 48
#define WF_HEIGHT 220
#define WF_BOTTOM_MARGIN 56

genre_code
genre_waveform_plot(const genre_waveform *wf, genre_writer *w, genre_status *st)
{
	size_t		cols;
	float	   *lo,
			   *hi;
	double		amax = 0,
				duration;
	genre_frame f;
	genre_timeline tl;

	if (wf->n == 0)
		return genre_fail(st, GENRE_EINVAL, "waveform: no samples to plot");
	if (!(wf->sr > 0 && isfinite(wf->sr)) || !isfinite(wf->t0))
		return genre_fail(st, GENRE_EINVAL, "waveform: sample rate and start time must be positive and finite");
	cols = wf->n < GENRE_WAVEFORM_WIDTH ? wf->n : GENRE_WAVEFORM_WIDTH;
	lo = genre_alloc(cols * sizeof(float));
	hi = genre_alloc(cols * sizeof(float));
	if (lo == NULL || hi == NULL)
	{
		genre_free(lo);
		genre_free(hi);
		return genre_fail_nomem(st);
	}
	for (size_t c = 0; c < cols; c++)
	{
		size_t		s0 = c * wf->n / cols,
					s1 = (c + 1) * wf->n / cols;
		float		a = wf->y[s0],
					b = wf->y[s0];

		for (size_t i = s0; i < s1; i++)
		{
			float		v = wf->y[i];

			if (!isfinite(v))
			{
				genre_free(lo);
				genre_free(hi);
				return genre_fail(st, GENRE_EINVAL, "waveform: sample %zu is not finite", i);
			}
			a = fminf(a, v);
			b = fmaxf(b, v);
		}
		lo[c] = a;
		hi[c] = b;
		amax = fmax(amax, fmax(fabs(a), fabs(b)));
		if ((c & 63) == 63 && genre_interrupted())
		{
			genre_free(lo);
			genre_free(hi);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
	}
	if (amax == 0)
		amax = 1;

	f.width = WF_LEFT + GENRE_WAVEFORM_WIDTH + 32;
	f.height = WF_TOP + WF_HEIGHT + WF_BOTTOM_MARGIN;
	f.left = WF_LEFT;
	f.top = WF_TOP;
	f.right = WF_LEFT + GENRE_WAVEFORM_WIDTH;
	f.bottom = WF_TOP + WF_HEIGHT;
	genre_nice_ticks(-amax, amax, 6, &f.y);
	f.x.count = 0;				/* the timeline draws the time ticks */
	f.x.lo = 0;
	f.x.hi = 1;
	duration = (double) wf->n / wf->sr;
	tl = (genre_timeline) {wf->t0, wf->t0 + duration, f.left, f.right};

	genre_svg_begin(w, f.width, f.height);
	genre_frame_draw(w, &f, duration > 60 ? "Time (m:ss)" : "Time (s)", "Amplitude",
					 wf->title, wf->title ? wf->title_len : 0);
	genre_timeline_ticks(w, &tl, f.bottom);
	/* upper envelope left to right, lower envelope back */
	genre_put_text(w, "<path class=\"envelope\" fill=\"#1f77b4\" fill-opacity=\"0.85\" "
				   "stroke=\"#1f77b4\" stroke-width=\"0.6\" stroke-linejoin=\"round\" d=\"M");
	for (size_t c = 0; c < cols; c++)
	{
		if (c)
			genre_put_u8(w, 'L');
		genre_svg_num(w, f.left + (c + 0.5) * (f.right - f.left) / cols);
		genre_put_u8(w, ' ');
		genre_svg_num(w, genre_frame_py(&f, hi[c]));
	}
	for (size_t c = cols; c-- > 0;)
	{
		genre_put_u8(w, 'L');
		genre_svg_num(w, f.left + (c + 0.5) * (f.right - f.left) / cols);
		genre_put_u8(w, ' ');
		genre_svg_num(w, genre_frame_py(&f, lo[c]));
	}
	genre_put_text(w, "Z\"/>\n");
	genre_free(lo);
	genre_free(hi);
	if (wf->beats && wf->n_beats)
		genre_timeline_beats(w, &tl, wf->beats, wf->n_beats, f.top, f.bottom, "#d62728");
	genre_svg_end(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
