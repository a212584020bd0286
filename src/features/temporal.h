/*
 * temporal.h - frame features of the waveform: RMS and zero-crossing rate.
 *
 * Both frame the signal centred (frame_length/2 padding each side), so a
 * signal of n samples gives 1 + n / hop frames.
 */
#ifndef GENRE_FEATURES_TEMPORAL_H
#define GENRE_FEATURES_TEMPORAL_H

#include "base/status.h"
#include "dsp/stft.h"

#include <stddef.h>

/* Frames of a centred framing of n samples: 1 + n / hop. */
long		genre_centred_frame_count(size_t n, int hop);

/*
 * librosa.feature.rms(y=y): sqrt(mean(x^2)) of each frame, float32 as
 * librosa computes it (pad: zeros in 0.10, reflect in <= 0.9).
 * out holds genre_centred_frame_count(n, hop) values.
 */
genre_code	genre_rms_frames(const float *y, size_t n, int frame_length, int hop,
							 genre_pad_mode pad, double *out, genre_status *st);

/*
 * librosa.feature.zero_crossing_rate(y): edge-padded frames, |x| <= 1e-10
 * counts as 0, a crossing where the sign bit changes; crossings / frame_length.
 */
genre_code	genre_zero_crossing_rate_frames(const float *y, size_t n, int frame_length, int hop,
											double *out, genre_status *st);

#endif
