/*
 * agreement.h - agreement between two labelings of the same rows, computed
 * from their contingency table exactly as scikit-learn 1.2 does.
 */
#ifndef GENRE_ML_AGREEMENT_H
#define GENRE_ML_AGREEMENT_H

#include "base/status.h"
#include "ml/contingency.h"

/* sklearn.metrics.adjusted_rand_score: 1 for identical partitions, ~0 for random ones, >= -0.5. */
genre_code	genre_adjusted_rand(const genre_contingency *c, double *out, genre_status *st);

/*
 * sklearn.metrics.normalized_mutual_info_score with the arithmetic mean of
 * the entropies: in [0, 1], 1 for identical partitions.
 */
genre_code	genre_normalized_mutual_info(const genre_contingency *c, double *out,
										 genre_status *st);

#endif
