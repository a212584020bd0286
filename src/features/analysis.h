/*
 * analysis.h - one clip's shared intermediates, each computed at most once.
 *
 * Every feature of a features() call reads from one analysis: the STFT,
 * its magnitude and power, and the mel spectrogram in dB are made on first
 * request and reused by the features that follow.  The buffers come from
 * the plan cache's scratch (genre_work_alloc) and go back to it in
 * genre_analysis_free, so a scan reuses the same pages row after row.
 */
#ifndef GENRE_FEATURES_ANALYSIS_H
#define GENRE_FEATURES_ANALYSIS_H

#include "base/status.h"
#include "dsp/plan_cache.h"
#include "dsp/stft.h"
#include "features/timing.h"

#include <stddef.h>

#define GENRE_N_MELS 128

typedef struct genre_analysis
{
	genre_plan_cache *cache;
	const float *y;				/* the signal, float32, not owned */
	size_t		n;
	int			sr;
	genre_stft_params stft_params;	/* librosa defaults with this analysis's padding */

	int			n_frames;		/* 1 + n / hop */
	int			n_bins;			/* n_fft / 2 + 1 */

	/*
	 * lazily computed, frame-major (frame t, bin k at [t * n_bins + k]); the
	 * complex STFT is only kept when someone asks for it
	 */
	genre_stft_result stft;
	float	   *mag;			/* |X| float32 */
	float	   *power;			/* |X|^2 float32 */
	float	   *mel_db;			/* power_to_db(mel(power)), n_frames x GENRE_N_MELS */
	double	   *centroid;		/* spectral centroid and bandwidth per frame, float64 */
	double	   *bandwidth;

	genre_timing *timing;		/* stage times for the benchmark; NULL (the default): none */
} genre_analysis;

/* Start an analysis of y[0..n) at rate sr; the STFT centre-pads with pad. */
void		genre_analysis_init(genre_analysis *a, genre_plan_cache *cache,
								const float *y, size_t n, int sr, genre_pad_mode pad);

/* The complex STFT (n_fft 2048, hop 512, Hann, centred); owned by the analysis. */
genre_code	genre_analysis_stft(genre_analysis *a, const genre_stft_result **s,
								genre_status *st);

/* Magnitude spectrogram |X|, float32; owned by the analysis. */
genre_code	genre_analysis_magnitude(genre_analysis *a, const float **mag, genre_status *st);

/* Power spectrogram |X|^2, float32; owned by the analysis. */
genre_code	genre_analysis_power(genre_analysis *a, const float **pow, genre_status *st);

/*
 * 128-band Slaney mel power spectrogram (fmax sr/2) in dB: ref 1.0,
 * amin 1e-10, top_db 80 below the maximum of the whole clip; float32,
 * n_frames x 128 frame-major; owned by the analysis.
 */
genre_code	genre_analysis_mel_db(genre_analysis *a, const float **db, genre_status *st);

/*
 * Spectral centroid and bandwidth (p = 2) of every frame, Hz, float64 as
 * librosa; computed together once, owned by the analysis.
 */
genre_code	genre_analysis_spectral_shape(genre_analysis *a, const double **centroid,
										  const double **bandwidth, genre_status *st);

/* Release everything computed. */
void		genre_analysis_free(genre_analysis *a);

#endif
