/*
 * npsum.h - sums in numpy's order, so means and averages match numpy,
 * librosa and scikit-learn bit for bit.
 *
 * numpy's add.reduce (1.24) over a contiguous array adds the pairwise sum of
 * the elements (blocks of 8 partial sums, halves above 128 elements) to its
 * identity 0; a plain loop differs in the last bits.
 */
#ifndef GENRE_BASE_NPSUM_H
#define GENRE_BASE_NPSUM_H

#include <stddef.h>

/* np.sum(a) of n float64 values (0 for n = 0). */
double		genre_np_sum(const double *a, size_t n);

/* np.sum(a) of n float32 values, summed in float32 (np.sum / np.mean / np.std of float32). */
float		genre_np_sum_f32(const float *a, size_t n);

#endif
