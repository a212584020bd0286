/*
 * dataset.h - labelled feature rows put in a canonical order.
 *
 * Aggregates see rows in scan order, which changes with the plan and the
 * number of parallel workers.  Training code first sorts the rows by label,
 * then by the bytes of the feature vector, so the same multiset of rows gives
 * the same dataset (and a seeded model is byte-identical) whatever the order.
 */
#ifndef GENRE_ML_DATASET_H
#define GENRE_ML_DATASET_H

#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

/* One input row: the caller owns the label bytes and the features (d float32, any alignment). */
typedef struct genre_labeled_row
{
	const char *label;
	uint32_t	label_len;
	const void *x;
} genre_labeled_row;

typedef struct genre_dataset
{
	size_t		n;				/* rows */
	uint32_t	d;				/* features per row */
	uint32_t	n_classes;
	char	  **class_names;	/* NUL-terminated, sorted by bytes, unique */
	uint32_t   *class_lens;
	uint32_t   *y;				/* class index per row */
	float	   *x;				/* n * d, row-major, canonical row order */
	size_t	   *class_count;	/* rows per class */
} genre_dataset;

/*
 * Sort rows canonically (label bytes, then feature bytes; the caller's array
 * is reordered) and build the dataset.  Fails on n == 0 (EINVAL), a label
 * containing a NUL byte (EINVAL), more than 65535 classes (ELIMIT) or OOM.
 */
genre_code	genre_dataset_build(genre_labeled_row *rows, size_t n, uint32_t d,
								genre_dataset *ds, genre_status *st);

/* Release what genre_dataset_build allocated. */
void		genre_dataset_free(genre_dataset *ds);

#endif
