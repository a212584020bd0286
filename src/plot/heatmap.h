/*
 * heatmap.h - spectrogram-style heat map of a bins x frames matrix as SVG,
 * drawn the way librosa.display.specshow lays out its axes: time in
 * seconds across, the bins up on the axis of their kind (log-frequency or
 * mel in Hz, pitch classes, note names, coefficient index, BPM), a colour
 * bar with the unit, optional beat marks and a title.
 *
 * The picture is a raster of at most GENRE_HEATMAP_WIDTH columns by
 * GENRE_HEATMAP_HEIGHT px rows: frames are pooled into columns (mean by
 * default: a column then shows what a longer analysis window would, and
 * the colours do not drift with the clip length as maxima of noisy bins
 * do; max keeps short events visible), bins narrower than a pixel row are
 * pooled the same way, and each value is quantised to one of the colour
 * map's levels.  Equal neighbours along a row merge into one rectangle and
 * the rectangles of a colour share one <path> in integer coordinates, so
 * a 10-minute mel spectrogram stays well under 1 MB.
 */
#ifndef GENRE_PLOT_HEATMAP_H
#define GENRE_PLOT_HEATMAP_H

#include "base/bytes.h"
#include "base/status.h"

#include <stddef.h>

/* Size of the image area in px (= most columns and rows drawn). */
#define GENRE_HEATMAP_WIDTH 800
#define GENRE_HEATMAP_HEIGHT 320

/* Largest matrix accepted (bins x frames), far above any clip's. */
#define GENRE_HEATMAP_MAX_CELLS ((size_t) 1 << 28)

/* The vertical axis: what row r of the matrix is. */
typedef enum genre_heatmap_yaxis
{
	GENRE_YAXIS_FFT_LOG,		/* STFT bins 0 .. n_fft/2; librosa's "log": symlog base 2, linear below C2 */
	GENRE_YAXIS_MEL,			/* Slaney mel bands fmin .. fmax; librosa's "mel": symlog base 2 above 1 kHz */
	GENRE_YAXIS_CHROMA,			/* pitch classes C .. B (bins_per_octave rows per 12) */
	GENRE_YAXIS_CQT_NOTE,		/* CQT bins from fmin, bins_per_octave per octave; log2, note names */
	GENRE_YAXIS_INDEX,			/* coefficient 0 .. n - 1 (MFCC) */
	GENRE_YAXIS_TEMPO			/* tempogram lag r = 60 sr / (hop r) BPM; log2, 16 .. 480 BPM */
} genre_heatmap_yaxis;

typedef enum genre_heatmap_pool
{
	GENRE_POOL_MEAN,
	GENRE_POOL_MAX
} genre_heatmap_pool;

typedef struct genre_heatmap
{
	/* value of bin r in frame c: data[r * row_stride + c * col_stride] */
	const float *data;
	int			n_rows;
	int			n_cols;
	ptrdiff_t	row_stride;
	ptrdiff_t	col_stride;

	double		sr;				/* sample rate of the analysed signal, Hz */
	int			hop;			/* samples between frames (time axis, tempo) */
	double		t0;				/* seconds of frame 0 (the window's offset) */
	genre_heatmap_yaxis yaxis;
	int			n_fft;			/* FFT_LOG: n_rows must be n_fft / 2 + 1 */
	double		fmin;			/* MEL: lowest band edge (Hz); CQT: bin 0's centre */
	double		fmax;			/* MEL: highest edge; <= 0 means sr / 2 */
	int			bins_per_octave;	/* CQT (and CHROMA when not 12) */
	const char *ylabel;			/* trusted ASCII; NULL = the kind's ("Hz", "Note", ...) */
	const char *unit;			/* colour bar caption, trusted ASCII ("dB"); may be NULL */
	int			diverging;		/* -1: librosa's rule (both signs: coolwarm around 0), 0 magma, 1 coolwarm */
	genre_heatmap_pool pool;

	const double *beats;		/* beat times in seconds (on the t0 clock), may be NULL */
	size_t		n_beats;
	const char *title;			/* user text (escaped), may be NULL */
	size_t		title_len;
} genre_heatmap;

/*
 * Append the SVG of h to w.  22023 for an empty matrix, axis parameters
 * that do not fit it (n_fft, sr, fmin, bins per octave, hop), or a matrix
 * without one finite value; 54000 past GENRE_HEATMAP_MAX_CELLS.
 * Non-finite cells are drawn as the lowest colour.  Checks for cancel.
 */
genre_code	genre_plot_heatmap(const genre_heatmap *h, genre_writer *w, genre_status *st);

#endif
