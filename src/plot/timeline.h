/*
 * timeline.h - what the plots over time share (spectrogram, waveform): the
 * time axis from t0 to t1 seconds across a plot area, its ticks labelled
 * in seconds or m:ss as librosa's TimeFormatter does, and beat marks.
 */
#ifndef GENRE_PLOT_TIMELINE_H
#define GENRE_PLOT_TIMELINE_H

#include "base/bytes.h"

#include <stddef.h>

typedef struct genre_timeline
{
	double		t0;				/* seconds at the left edge */
	double		t1;				/* seconds at the right edge, > t0 */
	double		left;			/* px */
	double		right;			/* px */
} genre_timeline;

/* px of time t. */
double		genre_timeline_px(const genre_timeline *tl, double t);

/*
 * Tick marks and labels under the axis line at axis_y: a step of 1, 2 or
 * 5 x 10^k seconds, or 15 s, 30 s and whole minutes, with at most 9 ticks;
 * labels "2.5" below a minute's span, "1:30" above (librosa's format).
 */
void		genre_timeline_ticks(genre_writer *w, const genre_timeline *tl, double axis_y);

/*
 * Beats: short red marks above the plot area (top .. bottom px), and
 * dashed lines of line_colour ("#rrggbb") across it while they stay at
 * least 16 px apart.
 * Times outside [t0, t1] or not finite are skipped.
 */
void		genre_timeline_beats(genre_writer *w, const genre_timeline *tl,
								 const double *beats, size_t n, double top, double bottom,
								 const char *line_colour);

#endif
