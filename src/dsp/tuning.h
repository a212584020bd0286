/*
 * tuning.h - librosa's estimate_tuning: piptrack peaks, then a histogram of
 * their deviation from equal temperament.
 *
 * Spectrograms are frame-major float32 (bin k of frame t at [t * n_bins + k]).
 * Tuning is in fractions of a bin of the chosen resolution (bins_per_octave),
 * a left histogram edge with 0.01 resolution such as 0.21 or -0.35.
 */
#ifndef GENRE_DSP_TUNING_H
#define GENRE_DSP_TUNING_H

#include "base/status.h"

typedef enum genre_piptrack_version
{
	GENRE_PIPTRACK_0_10,		/* parabolic shift 0 when |b| >= |a| (librosa 0.10) */
	GENRE_PIPTRACK_0_7			/* unguarded shift -b/a (librosa 0.7.2, the GTZAN table) */
} genre_piptrack_version;

/*
 * estimate_tuning(S=spec, sr, n_fft, bins_per_octave) with piptrack's defaults
 * (fmin 150, fmax 4000, threshold 0.1 of each frame's max).  spec is |X| or
 * |X|^2 (piptrack takes whatever it is given).  No peaks gives 0.
 */
genre_code	genre_estimate_tuning(const float *spec, int n_frames, int n_bins, int sr,
								  int n_fft, int bins_per_octave,
								  genre_piptrack_version version, double *tuning,
								  genre_status *st);

/* The same on the power spectrogram |X|^2 (float32) of the magnitude spectrogram mag. */
genre_code	genre_estimate_tuning_power(const float *mag, int n_frames, int n_bins, int sr,
										int n_fft, int bins_per_octave,
										genre_piptrack_version version, double *tuning,
										genre_status *st);

/*
 * pitch_tuning: histogram argmax of the residuals of freqs[0..n) (Hz, float32
 * like librosa's pitch array) in 1/bins_per_octave units, resolution 0.01.
 */
double		genre_pitch_tuning(const float *freqs, long n, int bins_per_octave);

#endif
