/*
 * silhouette.h - mean silhouette coefficient of a clustering, exactly as
 * scikit-learn's silhouette_score with the Euclidean metric: O(n^2)
 * distances in float64, a row alone in its cluster scores 0.
 */
#ifndef GENRE_ML_SILHOUETTE_H
#define GENRE_ML_SILHOUETTE_H

#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Mean silhouette of n rows of dim float32 values with cluster labels.
 * 22023 unless the number of distinct labels is between 2 and n - 1;
 * ECANCEL when interrupted.
 */
genre_code	genre_silhouette(const float *rows, const int32_t *labels, size_t n, int dim,
							 double *score, genre_status *st);

#endif
