/*
 * dct.h - orthonormal DCT-II (scipy.fftpack.dct(type=2, norm='ortho')).
 */
#ifndef GENRE_DSP_DCT_H
#define GENRE_DSP_DCT_H

#include "base/status.h"

/*
 * For each of n_frames rows of n_in values, the first n_out (<= n_in, <= 128)
 * coefficients: out[t * n_out + j] = s_j sum_m in[t * n_in + m] cos(pi j (2m+1) / (2 n_in)),
 * s_0 = sqrt(1/n_in), s_j = sqrt(2/n_in); summed in float64, stored float32.
 * out is caller-provided (n_frames * n_out).
 */
genre_code	genre_dct2_ortho(const float *in, int n_frames, int n_in, int n_out,
							 float *out, genre_status *st);

#endif
