/*
 * mel.h - Slaney mel filter bank and mel spectrogram (librosa.filters.mel,
 * htk=False, norm='slaney', float32).
 */
#ifndef GENRE_DSP_MEL_H
#define GENRE_DSP_MEL_H

#include "base/status.h"
#include "dsp/plan_cache.h"

#include <stddef.h>

/* Hz to mel on the Slaney scale (linear below 1 kHz, logarithmic above). */
double		genre_hz_to_mel(double hz);

/* Mel to Hz on the Slaney scale. */
double		genre_mel_to_hz(double mel);

/*
 * The n_mels x (n_fft/2+1) filter bank for these parameters (fmax <= 0 means
 * sr/2), built once and kept in the cache; *bank is owned by the cache.
 */
genre_code	genre_mel_basis(genre_plan_cache *cache, double sr, int n_fft, int n_mels,
							double fmin, double fmax, const genre_bank **bank,
							genre_status *st);

/*
 * Mel spectrogram of a frame-major spectrogram (n_frames x bank->cols):
 * out[t * n_mels + m] = sum_k W[m][k] * P[t][k], float32, genre_alloc'ed,
 * owned by the caller.  P is spec itself, or when square is set spec is a
 * magnitude and P = spec * spec in float32 (librosa's power spectrogram).
 */
genre_code	genre_mel_apply(const genre_bank *bank, const float *spec, int square,
							int n_frames, float **out, genre_status *st);

/* The same into out, n_frames x bank->rows floats of the caller's. */
genre_code	genre_mel_apply_into(const genre_bank *bank, const float *spec, int square,
								 int n_frames, float *out, genre_status *st);

#endif
