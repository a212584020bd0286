/*
 * moments.h - count, mean and second moments of float32 vectors, from exact
 * sums, so a parallel or distributed aggregate gives the serial result to
 * the last bit whatever the row order and however the rows were split.
 *
 * Exact sums (genre_msum_*).  A float32 is m 2^e with an integer |m| < 2^24,
 * a product of two is an integer below 2^48 times 2^(e1 + e2): a row adds
 * x_i to S_i and x_i x_j to P_ij (j >= i; j == i only, for the diagonal
 * form) without rounding, each sum a fixed-point integer of 32-bit digits
 * over a window wide enough for every bit the rows set (grown when a row
 * needs more) plus two digits of headroom for 2^53 rows.  Digits are int64
 * with carries kept pending (at most 2^28 additions, then normalised), so
 * a product costs three integer additions.
 *
 * The accumulator is a caller-owned, 8-byte aligned byte buffer (an
 * aggregate state's body, native byte order):
 *   genre_msum_header   dim, form, count, the windows of S and of P
 *   S                   dim sums of slen digits
 *   P                   npairs sums of plen digits (upper triangle, row
 *                       major; the diagonal for the diagonal form)
 * Digit k of a sum weighs 2^(32 (base + k)).  A buffer that comes back from
 * a datum is untrusted: genre_msum_check validates it whole.
 *
 * Summary (genre_moments_*).  The moments made from the sums once, in
 * float64: [0] count, [1 .. dim] mean, then either dim sums of squared
 * deviations (diagonal) or a dim x dim comoment matrix (full; upper
 * triangle, row major, lower triangle unused until
 * genre_moments_covariance).  Each is rounded once from the exact value
 * (double-double of an exact integer), so it is what a correctly rounded
 * two-pass computation gives.
 */
#ifndef GENRE_ML_MOMENTS_H
#define GENRE_ML_MOMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct genre_msum_header
{
	uint32_t	dim;
	uint32_t	full;			/* 1: every pair (covariance), 0: the diagonal */
	uint64_t	count;			/* rows, <= 2^53 */
	int32_t		sbase;			/* window of the S sums: first digit, digits */
	uint32_t	slen;
	int32_t		pbase;			/* window of the P sums */
	uint32_t	plen;
	uint32_t	pending;		/* additions since the digits were normalised */
	uint32_t	zero;
} genre_msum_header;

/* The windows of an accumulator. */
typedef struct genre_msum_layout
{
	int32_t		sbase;
	uint32_t	slen;
	int32_t		pbase;
	uint32_t	plen;
} genre_msum_layout;

/* Bytes of an accumulator with these windows, 0 if it would pass max_bytes. */
size_t		genre_msum_size(uint32_t dim, int full, const genre_msum_layout *l, size_t max_bytes);

/* Format buf (genre_msum_size bytes, empty windows) as an empty accumulator. */
void		genre_msum_init(void *buf, uint32_t dim, int full);

/*
 * Validate an untrusted accumulator of size bytes: a dimension in
 * [1, max_dim], the form, a count <= 2^53, windows inside what float32 rows
 * can reach, size exact, every digit bounded.  GENRE_EBADDATA naming what
 * is wrong otherwise.
 */
genre_code	genre_msum_check(const void *buf, size_t size, uint32_t max_dim, genre_status *st);

/* The windows of buf. */
void		genre_msum_layout_of(const void *buf, genre_msum_layout *l);

/*
 * 1 when buf can take row x[dim] (finite) as it is; else 0 with *l the
 * windows it needs (the union of its own and the row's).
 */
int			genre_msum_fits_row(const void *buf, const float *x, genre_msum_layout *l);

/* 1 when a's windows cover b's; else 0 with *l their union. */
int			genre_msum_fits_merge(const void *a, const void *b, genre_msum_layout *l);

/* Copy src into dst (genre_msum_size bytes for windows l that cover src's). */
void		genre_msum_relayout(void *dst, const genre_msum_layout *l, const void *src);

/* Add row x[dim] (finite; buf must fit it: genre_msum_fits_row). */
void		genre_msum_add(void *buf, const float *x);

/*
 * Add accumulator b (same dimension and form; a's windows must cover b's)
 * to a.  GENRE_ELIMIT past 2^53 rows.
 */
genre_code	genre_msum_merge(void *a, const void *b, genre_status *st);

/*
 * The summary (genre_moments_len(dim, full) doubles) of a validated
 * accumulator.  GENRE_EBADDATA when it holds no row.
 */
genre_code	genre_msum_moments(const void *buf, double *acc, genre_status *st);

/* Number of doubles a summary needs, 0 if dim * dim overflows. */
size_t		genre_moments_len(int dim, int full);

/*
 * 1 when a summary could come from float32 rows: a whole count in
 * [1, 2^53], means within float32 range, second moments finite, diagonal
 * ones >= 0, all bounded by what float32 rows can reach (so fits cannot
 * overflow).
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
