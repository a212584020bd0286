/*
 * cqt.h - librosa 0.10's constant-Q transform as chroma_cqt calls it:
 * 252 bins from C1 (tuned), 36 per octave, hop 512, computed octave by
 * octave with 2:1 soxr downsampling between octaves (multi-rate, §7.2).
 */
#ifndef GENRE_DSP_CQT_H
#define GENRE_DSP_CQT_H

#include "base/status.h"
#include "dsp/plan_cache.h"

#include <stddef.h>

#define GENRE_CQT_BINS 252
#define GENRE_CQT_BPO 36

/*
 * |CQT| of y[0..n) at sr 22050 with librosa's defaults (tuning estimated
 * from y with 36 bins per octave, filter_scale 1, L1 norm, sparsity 0.01,
 * scale=True).  Output float32 frame-major n_frames x 252 (lowest bin
 * first) from the cache's scratch: the caller releases it with
 * genre_work_free(cache, *mag); *tuning (may be NULL) gets the
 * tuning in fractions of a 1/36 octave.
 */
genre_code	genre_cqt_magnitude(genre_plan_cache *cache, const float *y, size_t n, int sr,
								float **mag, int *n_frames, double *tuning,
								genre_status *st);

/*
 * The same with the tuning given (fractions of a 1/36 octave), for callers
 * that have the magnitude STFT already (genre_estimate_tuning of it with 36
 * bins per octave is what genre_cqt_magnitude does).  n_frames = 1 + n / 512.
 */
genre_code	genre_cqt_magnitude_tuned(genre_plan_cache *cache, const float *y, size_t n,
									  int sr, double tuning, float **mag, int *n_frames,
									  genre_status *st);

#endif
