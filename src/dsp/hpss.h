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
 * Split the complex STFT s into harmonic and percussive spectrograms
 * (same shape, genre_alloc'ed; free with genre_stft_free): mask * |X| * phase(X).
 */
genre_code	genre_hpss(const genre_stft_result *s, genre_stft_result *harm,
					   genre_stft_result *perc, genre_status *st);

/*
 * librosa 0.7.2's effects.hpss waveforms of an n-sample signal whose STFT
 * (with parameters p) is s: inverse STFTs without a target length (the
 * partial last hop is dropped), then zeros appended up to n.  *harm and
 * *perc are n float32 samples each, genre_alloc'ed, owned by the caller.
 */
genre_code	genre_hpss_signals(genre_plan_cache *cache, const genre_stft_result *s,
							   const genre_stft_params *p, size_t n, float **harm,
							   float **perc, genre_status *st);

#endif
