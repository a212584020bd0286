/*
 * moments.h - running count, mean and second moments of vectors, in float64,
 * updated one row at a time (Welford) and merged pairwise (Chan et al.), so
 * a parallel aggregate gives the serial result up to rounding.
 *
 * The accumulator is a caller-owned array of genre_moments_len() doubles:
 *   [0] count, [1 .. dim] mean, then either dim sums of squared deviations
 *   (diagonal) or a dim x dim comoment matrix (full; upper triangle kept,
 *   row major, lower triangle unused until genre_moments_covariance).
 */
#ifndef GENRE_ML_MOMENTS_H
#define GENRE_ML_MOMENTS_H

#include <stddef.h>

/* Number of doubles an accumulator needs, 0 if dim * dim overflows. */
size_t		genre_moments_len(int dim, int full);

/* Zero an accumulator. */
void		genre_moments_init(double *acc, int dim, int full);

/* Add one row x[dim] (float32 input, accumulated in float64). */
void		genre_moments_add(double *acc, int dim, int full, const float *x);

/* Merge accumulator b into a (Chan's pairwise update). */
void		genre_moments_merge(double *acc, const double *b, int dim, int full);

/*
 * 1 when acc could come from float32 rows: a whole count in [0, 2^53],
 * means within float32 range, second moments finite, diagonal ones >= 0,
 * all bounded by what float32 rows can reach (so fits cannot overflow).
 * Accumulators come back from bytea states and may be crafted.
 */
int			genre_moments_valid(const double *acc, int dim, int full);

/*
 * Write the covariance with divisor count - ddof into cov[dim * dim]
 * (full, both triangles) or the variances into cov[dim] (diagonal).
 * The caller checks count > ddof.
 */
void		genre_moments_covariance(const double *acc, int dim, int full, int ddof,
									 double *cov);

#endif
