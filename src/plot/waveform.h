/*
 * waveform.h - waveform plot as SVG: the min/max envelope of the signal in
 * each px column (one filled outline, so an hour of audio is as small as a
 * second), time axis in seconds, optional beat marks and a title.
 */
#ifndef GENRE_PLOT_WAVEFORM_H
#define GENRE_PLOT_WAVEFORM_H

#include "base/bytes.h"
#include "base/status.h"

#include <stddef.h>

/* px columns of the plot area (= most envelope points). */
#define GENRE_WAVEFORM_WIDTH 800

typedef struct genre_waveform
{
	const float *y;				/* n mono samples */
	size_t		n;
	double		sr;				/* Hz */
	double		t0;				/* seconds of sample 0 (the window's offset) */
	const double *beats;		/* beat times in seconds (on the t0 clock), may be NULL */
	size_t		n_beats;
	const char *title;			/* user text (escaped), may be NULL */
	size_t		title_len;
} genre_waveform;

/*
 * Append the SVG of wf to w.  22023 for no samples, a sample rate that is
 * not positive and finite, or a non-finite sample.  Checks for cancel.
 */
genre_code	genre_waveform_plot(const genre_waveform *wf, genre_writer *w, genre_status *st);

#endif
