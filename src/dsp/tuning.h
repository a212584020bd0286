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
 * The same over blocks of frames: begin (announcing the frames to come),
 * add any number of blocks in order, end (or abort) releases everything.
 * square makes the blocks |X| of a power spectrogram.
 */
typedef struct genre_tuning_acc
{
	int			n_bins,
				sr,
				n_fft,
				bins_per_octave,
				square,
				k_lo,
				k_hi;
	genre_piptrack_version version;
	long		n_peaks,
				cap;
	float	   *pitch,			/* per peak, float32 as piptrack's arrays */
			   *mag,
			   *thr,			/* one frame's scratch */
			   *row;
} genre_tuning_acc;

genre_code	genre_tuning_begin(genre_tuning_acc *acc, long n_frames, int n_bins, int sr,
							   int n_fft, int bins_per_octave,
							   genre_piptrack_version version, int square, genre_status *st);
genre_code	genre_tuning_add(genre_tuning_acc *acc, const float *spec, int n_frames,
							 genre_status *st);
genre_code	genre_tuning_end(genre_tuning_acc *acc, double *tuning, genre_status *st);
void		genre_tuning_abort(genre_tuning_acc *acc);

/* An upper bound of piptrack's peaks per frame (for memory estimates). */
int			genre_tuning_peaks_per_frame(int n_bins, int sr, int n_fft);

/*
 * pitch_tuning: histogram argmax of the residuals of freqs[0..n) (Hz, float32
 * like librosa's pitch array) in 1/bins_per_octave units, resolution 0.01.
 */
double		genre_pitch_tuning(const float *freqs, long n, int bins_per_octave);

#endif
