/*
 * smote.h - SMOTE oversampling (Chawla et al. 2002, as imbalanced-learn's
 * SMOTE does it): for every class below the majority count, synthetic rows
 * x + u * (neighbour - x) between a random row of the class and one of its
 * k nearest neighbours (Euclidean, same class), u uniform in [0, 1).
 */
#ifndef GENRE_ML_SMOTE_H
#define GENRE_ML_SMOTE_H

#include "base/status.h"
#include "ml/dataset.h"

#include <stddef.h>
#include <stdint.h>

typedef struct genre_smote_result
{
	size_t		n;				/* synthetic rows */
	uint32_t   *y;				/* class index (into the dataset's classes) per row */
	float	   *x;				/* n * d, row-major */
} genre_smote_result;

/*
 * Synthetic rows that bring every class of ds up to the largest class count,
 * classes in order.  Deterministic for (dataset, k, seed).  EINVAL when k < 1
 * or a minority class has a single row; ELIMIT past max_rows rows.
 */
genre_code	genre_smote(const genre_dataset *ds, uint32_t k, uint64_t seed, size_t max_rows,
						genre_smote_result *out, genre_status *st);

/* Release a result. */
void		genre_smote_result_free(genre_smote_result *r);

#endif
