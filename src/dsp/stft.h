/*
 * stft.h - short-time Fourier transform as librosa computes it.
 *
 * Frames are centred (padding n_fft/2 on each side by the chosen mode), the
 * FFT runs in double precision through FFTW, and the result is stored as
 * complex float32 like librosa's complex64.  Layout is frame-major:
 * bin k of frame t is at [t * n_bins + k].
 */
#ifndef GENRE_DSP_STFT_H
#define GENRE_DSP_STFT_H

#include "base/status.h"
#include "dsp/plan_cache.h"

#include <complex.h>
#include <math.h>
#include <stddef.h>

typedef enum genre_pad_mode
{
	GENRE_PAD_ZEROS,			/* librosa >= 0.10 default */
	GENRE_PAD_REFLECT,			/* librosa <= 0.9 (the GTZAN table) */
	GENRE_PAD_EDGE				/* zero_crossing_rate's framing */
} genre_pad_mode;

typedef enum genre_window
{
	GENRE_WINDOW_HANN,			/* periodic Hann, scipy get_window('hann', n, fftbins=True) */
	GENRE_WINDOW_ONES			/* rectangular (CQT's internal STFT) */
} genre_window;

typedef struct genre_stft_params
{
	int			n_fft;
	int			hop;
	genre_window window;
	int			center;			/* 1: pad n_fft/2 each side */
	genre_pad_mode pad;
} genre_stft_params;

/* librosa's defaults: 2048, 512, Hann, centred, zero padding. */
genre_stft_params genre_stft_defaults(void);

typedef struct genre_stft_result
{
	int			n_bins;			/* n_fft / 2 + 1 */
	int			n_frames;		/* 1 + n / hop when centred */
	float complex *x;			/* n_frames * n_bins, genre_alloc'ed, owned by caller */
} genre_stft_result;

/* Forward STFT of y[0..n). */
genre_code	genre_stft(genre_plan_cache *cache, const float *y, size_t n,
					   const genre_stft_params *p, genre_stft_result *out, genre_status *st);

/* The same into x, genre_stft_frame_count(n, p) x (n_fft / 2 + 1) values of the caller's. */
genre_code	genre_stft_into(genre_plan_cache *cache, const float *y, size_t n,
							const genre_stft_params *p, float complex *x, genre_status *st);

/*
 * Inverse STFT with Hann synthesis and window-sum normalisation, as
 * librosa.istft; length < 0 means librosa's default length
 * (n_fft + hop * (n_frames - 1) - n_fft, i.e. without the padding).
 * length 0 is the default length too (librosa tests `if length:`).
 * *y is genre_alloc'ed (at least one element), owned by the caller.
 */
genre_code	genre_istft(genre_plan_cache *cache, const genre_stft_result *s,
						const genre_stft_params *p, long length, float **y, size_t *n,
						genre_status *st);

/*
 * One frame: frame t of y[0..n) centred and padded per p, times the window
 * w (its n_fft float64 values), transformed by fft (the R2C plan of
 * p->n_fft); the spectrum is left in fft->out, float64.  genre_stft is this
 * for every frame, rounded to complex64.
 */
void		genre_stft_frame(const genre_fft *fft, const double *w, const float *y,
							 size_t n, const genre_stft_params *p, long t);

/*
 * One frame of the inverse: the complex64 spectrum x (n_fft / 2 + 1 values)
 * through fft (the C2R plan of n_fft), times the window w, added in float32
 * at out[base .. base + n_fft) clipped to [0, len), as librosa's overlap-add.
 */
void		genre_istft_add_frame(const genre_fft *fft, const double *w, const float complex *x,
								  int n_fft, long base, float *out, long len);

/*
 * Divide out[0..len) by librosa's window_sumsquare of n_frames frames (the
 * squared window summed frame after frame in float32) where it is above
 * float32's tiny.
 */
genre_code	genre_istft_normalize(float *out, long len, const double *w,
								  const genre_stft_params *p, long n_frames, genre_status *st);

/*
 * |X| of the STFT without keeping the complex spectrum (same values as
 * genre_stft then genre_stft_magnitude, a quarter of the memory);
 * *mag is n_frames x n_bins frame-major, genre_alloc'ed, owned by the caller.
 */
genre_code	genre_stft_magnitude_direct(genre_plan_cache *cache, const float *y, size_t n,
										const genre_stft_params *p, float **mag,
										int *n_frames, int *n_bins, genre_status *st);

/* The same into mag, genre_stft_frame_count(n, p) x (n_fft / 2 + 1) floats of the caller's. */
genre_code	genre_stft_magnitude_into(genre_plan_cache *cache, const float *y, size_t n,
									  const genre_stft_params *p, float *mag,
									  genre_status *st);

/* |X| and |X|^2 as float32 (frame-major, n_frames * n_bins, caller owns). */
genre_code	genre_stft_magnitude(const genre_stft_result *s, float **mag, genre_status *st);
genre_code	genre_stft_power(const genre_stft_result *s, float **pow, genre_status *st);

void		genre_stft_free(genre_stft_result *s);

/*
 * |re + i im| of a complex64, as np.abs computes it: glibc's hypotf (2.35
 * and later) is sqrt in float64 of the exact float64 squares, rounded to
 * float (the same bits on 4e8 pairs of any exponents); written out it
 * inlines and vectorises.
 */
static inline float
genre_abs_c64(float re, float im)
{
	return (float) sqrt((double) re * re + (double) im * im);
}

/* The window's n float64 values (periodic Hann as scipy's get_window, or ones). */
void		genre_window_values(genre_window window, int n, double *w);

/* Frames of a signal of n samples: 1 + n / hop centred, else 0 when n < n_fft. */
long		genre_stft_frame_count(size_t n, const genre_stft_params *p);

/* Centre frequency of FFT bin k in Hz, as numpy.fft.rfftfreq(n_fft, 1 / sr)[k]. */
double		genre_bin_frequency(int k, double sr, int n_fft);

/* y[i] for any i, extended beyond [0, n) as numpy.pad does in that mode (n >= 1). */
float		genre_padded_sample(const float *y, size_t n, long i, genre_pad_mode mode);

#endif
