/*
 * hpss.h - harmonic/percussive source separation by median filtering
 * (librosa.decompose.hpss: kernel 31 in time and in frequency, reflect
 * edges, soft masks with power 2 and margin 1) and its waveforms.
 */
#ifndef GENRE_DSP_HPSS_H
#define GENRE_DSP_HPSS_H

#include "base/status.h"
#include "dsp/plan_cache.h"
#include "dsp/stft.h"

#include <stddef.h>

#define GENRE_HPSS_KERNEL 31

/*
 * librosa 0.7.2's effects.hpss waveforms of y[0..n): the STFT with
 * parameters p split by the median-filter masks, each part inverted without
 * a target length (the partial last hop is dropped), then zeros appended up
 * to n.  mag is the STFT's magnitude (n_frames x n_fft/2+1 frame-major) when
 * the caller has it, or NULL: the frames are then transformed here, 64 at a
 * time in a ring.  Frames are taken one after the other: each frame's
 * spectrum is recomputed when its masks are known and inverted at once, so
 * nothing of the size of the spectrogram is stored.  *harm and *perc are n
 * float32 samples each from the cache's scratch: the caller gives them back
 * with genre_work_free(cache, ...).
 */
genre_code	genre_hpss_signals(genre_plan_cache *cache, const float *y, size_t n,
							   const genre_stft_params *p, const float *mag, int n_frames,
							   float **harm, float **perc, genre_status *st);

#endif
