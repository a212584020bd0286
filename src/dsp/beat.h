/*
 * beat.h - librosa 0.10.2's beat_track: Ellis' dynamic-programming beat
 * tracker over the median onset envelope, in float64, with its trimming.
 */
#ifndef GENRE_DSP_BEAT_H
#define GENRE_DSP_BEAT_H

#include "base/status.h"

/*
 * Track beats in onset[0..n_frames) at tempo bpm (> 0; from
 * genre_tempo_estimate), tightness 100, trim on.  *frames (genre_alloc'ed,
 * caller owns; NULL when none) receives the beat frame indices ascending,
 * *n_beats their count.
 */
genre_code	genre_beat_track_frames(const float *onset, int n_frames, int sr, int hop,
									double bpm, int **frames, int *n_beats,
									genre_status *st);

/*
 * Whole beat_track: tempo from the envelope, then the beats; an all-zero
 * envelope (pure tones, silence) gives tempo 0 and no beats.
 */
genre_code	genre_beat_track(const float *onset, int n_frames, int sr, int hop,
							 double *bpm, int **frames, int *n_beats, genre_status *st);

#endif
