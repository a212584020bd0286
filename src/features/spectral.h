/*
 * spectral.h - spectral shape per frame from the MAGNITUDE spectrogram |X|
 * (librosa's spectral_* use power=1), frame-major n_frames x n_bins float32.
 */
#ifndef GENRE_FEATURES_SPECTRAL_H
#define GENRE_FEATURES_SPECTRAL_H

#include "base/status.h"

/*
 * Centroid (Hz) and, when bandwidth is not NULL, bandwidth with p = 2 (Hz)
 * of each frame, in float64 as librosa computes them.  A frame whose
 * magnitudes sum below float32's tiny gives 0 for both.
 * centroid and bandwidth hold n_frames values.
 */
void		genre_spectral_centroid_bandwidth(const float *mag, int n_frames, int n_bins,
											  double sr, int n_fft, double *centroid,
											  double *bandwidth);

/*
 * Roll-off frequency (Hz): the lowest bin frequency where the float32
 * running sum of magnitudes reaches roll_percent of the frame's total.
 */
void		genre_spectral_rolloff_frames(const float *mag, int n_frames, int n_bins,
										  double sr, int n_fft, double roll_percent,
										  double *out);

#endif
