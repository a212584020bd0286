/*
 * chroma_filter.h - librosa.filters.chroma: Gaussian bumps per pitch class
 * over the FFT bins (ctroct 5, octwidth 2, L2-normalised columns, base C).
 */
#ifndef GENRE_DSP_CHROMA_FILTER_H
#define GENRE_DSP_CHROMA_FILTER_H

#include "base/status.h"

#define GENRE_N_CHROMA 12

/*
 * Filter bank as float32, chroma-major: weight of bin k for class c at
 * [c * (n_fft / 2 + 1) + k], rows C, C#, ..., B.  tuning in fractions of a
 * semitone.  *w is genre_alloc'ed, owned by the caller.
 */
genre_code	genre_chroma_filter(int sr, int n_fft, double tuning, float **w, genre_status *st);

#endif
