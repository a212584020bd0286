/*
 * proba_mean.h - the soft vote: the mean of probability objects
 * ({class: p, ...}, one per row, e.g. per segment of a track) over rows.
 *
 * Classes are the union of the objects' classes; a class missing from an
 * object counts as 0 for that row.  The arg-max takes the lowest label
 * (bytes) among equal means.  Sums are exact: each p in [0, 1] is added as
 * a 64.128-bit fixed-point number (values below 2^-128 count as 0), so the
 * state, the means and the arg-max do not depend on the order of the rows
 * or on how partial states are combined.
 *
 * The serialised accumulator is the body of the aggregate's state (after
 * the common state header of src/pg/agg_state.h), little endian:
 *   u64 rows, u32 n_classes,
 *   n_classes x (u32 length, label bytes, u64 integer part,
 *                u64 high and u64 low halves of the fraction)
 * labels strictly increasing bytes, each sum at most rows.
 */
#ifndef GENRE_ML_PROBA_MEAN_H
#define GENRE_ML_PROBA_MEAN_H

#include "base/bytes.h"
#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

/* Longest class label (bytes) and most classes in one state. */
#define GENRE_PROBA_MAX_LABEL 4096
#define GENRE_PROBA_MAX_CLASSES 65535

typedef struct genre_proba_sum
{
	uint64_t	ip;				/* integer part */
	uint64_t	hi;				/* fraction, bits 2^-1 .. 2^-64 */
	uint64_t	lo;				/* fraction, bits 2^-65 .. 2^-128 */
} genre_proba_sum;

typedef struct genre_proba_mean
{
	uint64_t	rows;
	uint32_t	n_classes;
	uint32_t	cap;
	char	  **labels;			/* sorted by bytes, NUL-terminated copies */
	uint32_t   *lens;
	genre_proba_sum *sums;
} genre_proba_mean;

/* An empty accumulator (no rows, no classes). */
void		genre_proba_mean_init(genre_proba_mean *m);

void		genre_proba_mean_free(genre_proba_mean *m);

/*
 * Add one object of k (label, probability) pairs.  EINVAL for a label seen
 * twice in the object, a label with a NUL byte, a probability outside
 * [0, 1] or not finite (naming the label); ELIMIT past
 * GENRE_PROBA_MAX_LABEL bytes or GENRE_PROBA_MAX_CLASSES classes; ENOMEM.
 * On failure m is unchanged.
 */
genre_code	genre_proba_mean_add(genre_proba_mean *m, const char *const *labels,
								 const uint32_t *lens, const double *p, uint32_t k,
								 genre_status *st);

/* dst += src (the combine step). ELIMIT, ENOMEM; dst unchanged on failure. */
genre_code	genre_proba_mean_merge(genre_proba_mean *dst, const genre_proba_mean *src,
								   genre_status *st);

/*
 * Mean of class c over the rows: the exact sum divided by the rows, rounded
 * once to the nearest float64 (0 when there are no rows).
 */
double		genre_proba_mean_value(const genre_proba_mean *m, uint32_t c);

/* Class of the largest mean, the lowest label on ties; -1 without classes. */
int64_t		genre_proba_mean_argmax(const genre_proba_mean *m);

/* Serialise the accumulator into w (a state body). */
void		genre_proba_mean_write(const genre_proba_mean *m, genre_writer *w);

/*
 * Parse and validate a serialised accumulator into m (initialised here).
 * EBADDATA with what is wrong ("truncated sums", ...), ENOMEM.
 */
genre_code	genre_proba_mean_read(const void *data, size_t len, genre_proba_mean *m,
								  genre_status *st);

#endif
