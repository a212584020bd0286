/*
 * tempo.h - librosa.feature.tempo from an onset envelope: autocorrelation
 * tempogram (8 s window), mean over frames, log-normal prior at 120 BPM.
 */
#ifndef GENRE_DSP_TEMPO_H
#define GENRE_DSP_TEMPO_H

#include "base/status.h"

/* 8 s of 512-sample hops at 22050 Hz: int(8 * 22050) // 512 lags */
#define GENRE_TEMPOGRAM_LAGS 344
/* librosa.feature.tempogram's default win_length, the largest window supported */
#define GENRE_TEMPOGRAM_WIN_MAX 384

/*
 * Mean over frames of the inf-normalised autocorrelation tempogram
 * (float64, GENRE_TEMPOGRAM_LAGS values written to mean_ac).
 */
genre_code	genre_tempogram_mean(const float *onset, int n_frames, double *mean_ac,
								 genre_status *st);

/*
 * librosa.feature.tempogram(onset_envelope=onset, win_length, center=True,
 * window='hann', norm=inf) in float64: win_length (even, <= 384) lags x
 * n_frames, lag r of frame t at tg[r * n_frames + t].  The same frames as
 * genre_tempogram_mean's.
 */
genre_code	genre_tempogram(const float *onset, int n_frames, int win_length, double *tg,
							genre_status *st);

/*
 * Tempo in BPM (quantised to 60 * sr / (hop * lag)) of the onset envelope,
 * start_bpm 120, std 1 octave, max 320 BPM.  An envelope that is all zero gives 0.
 */
genre_code	genre_tempo_estimate(const float *onset, int n_frames, int sr, int hop,
								 double *bpm, genre_status *st);

#endif
