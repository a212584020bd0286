/*
 * median.h - np.median by selection instead of sorting.
 *
 * numpy partitions rather than sorts too; the result is the middle value,
 * or for an even count the two middle values added and halved in the
 * array's own precision (np.mean of them), so it equals sorting exactly.
 */
#ifndef GENRE_DSP_MEDIAN_H
#define GENRE_DSP_MEDIAN_H

#include <stddef.h>

/*
 * Median of x[0..n), n >= 1, finite values; x is reordered.  On millions of
 * values it stops early when genre_interrupted() (the result is then
 * meaningless: callers check genre_interrupted() and give up).
 */
float		genre_median_f32(float *x, size_t n);

/* The k-th smallest (0-based) of x[0..n), k < n; x is reordered (smaller ones first). */
float		genre_select_f32(float *x, size_t n, size_t k);

/* The k-th smallest (1 <= k < n), and the (k-1)-th in *below; x is reordered. */
float		genre_select_pair_f32(float *x, size_t n, size_t k, float *below);

/* The same for float64 values. */
double		genre_median_f64(double *x, size_t n);

#endif
