/*
 * chroma.h - chroma_stft: a 12-bin pitch-class profile per frame from the
 * power spectrogram, with tuning estimation, inf-normalised per frame.
 */
#ifndef GENRE_FEATURES_CHROMA_H
#define GENRE_FEATURES_CHROMA_H

#include "base/status.h"
#include "dsp/plan_cache.h"
#include "dsp/tuning.h"

/*
 * chroma_stft(S=power, sr, n_fft) on a frame-major power spectrogram
 * (n_frames x n_fft/2+1).  Output float32, frame-major n_frames x 12
 * (*chroma genre_alloc'ed, owned by the caller); *tuning_out (may be NULL)
 * receives the estimated tuning.  version selects librosa 0.10 or 0.7.2's piptrack.
 */
genre_code	genre_chroma_stft(const float *power, int n_frames, int n_bins, int sr,
							  genre_piptrack_version version, float **chroma,
							  double *tuning_out, genre_status *st);

/* The same from the magnitude spectrogram, squared row by row in float32 (no power copy). */
genre_code	genre_chroma_stft_magnitude(const float *mag, int n_frames, int n_bins, int sr,
										genre_piptrack_version version, float **chroma,
										double *tuning_out, genre_status *st);

/*
 * The chroma filter bank of (sr, n_fft, tuning) as float64, bin-major
 * (n_fft/2+1 x 12), built once and kept in the cache.
 */
genre_code	genre_chroma_bank(genre_plan_cache *cache, int sr, int n_fft, double tuning,
							  const double **wt, genre_status *st);

/*
 * chroma of n_frames rows of spec (power, or |X| squared when square) with
 * the bank wt, inf-normalised, into out (n_frames x 12 floats).
 */
void		genre_chroma_apply(const double *wt, const float *spec, int square, int n_frames,
							   int n_bins, float *out);

/* Divide each 12-bin frame by its largest value (frames below tiny32 untouched). */
void		genre_chroma_inf_normalize(float *chroma, int n_frames);

#endif
