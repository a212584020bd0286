/*
 * onset.h - librosa.onset.onset_strength from a mel dB spectrogram
 * (lag 1, no max filter, centred: 3 leading zeros, length n_frames).
 */
#ifndef GENRE_DSP_ONSET_H
#define GENRE_DSP_ONSET_H

#include "base/status.h"

typedef enum genre_onset_aggregate
{
	GENRE_ONSET_MEDIAN,			/* beat_track's envelope */
	GENRE_ONSET_MEAN			/* onset_strength's own default (feature.tempo(y)) */
} genre_onset_aggregate;

/*
 * db: frame-major float32 (n_frames x n_mels), power_to_db of the mel
 * spectrogram.  env receives n_frames float32 values (caller's buffer):
 * env[t] = aggregate over bands of max(0, db[t-2] - db[t-3]) for t >= 3, else 0.
 */
genre_code	genre_onset_strength(const float *db, int n_frames, int n_mels,
								 genre_onset_aggregate agg, float *env, genre_status *st);

#endif
