/*
 * polynomial.h - polynomial feature expansion in scikit-learn's
 * PolynomialFeatures order (include_bias=True, interaction_only=False):
 * 1, then for each degree 1 .. degree the products x_i x_j ... with
 * i <= j <= ... in lexicographic order.  Products in float64, stored float32.
 */
#ifndef GENRE_ML_POLYNOMIAL_H
#define GENRE_ML_POLYNOMIAL_H

#include "base/status.h"

#include <stddef.h>

#define GENRE_POLY_MAX_DEGREE	3
#define GENRE_POLY_MAX_OUTPUT	1000000

/*
 * Number of outputs C(n + degree, degree) for n inputs; 22023 when degree is
 * not 1..3 or n < 1, 54000 above GENRE_POLY_MAX_OUTPUT outputs.
 */
genre_code	genre_polynomial_size(int n, int degree, size_t *out_len, genre_status *st);

/*
 * Write the out_len (from genre_polynomial_size) features of x[n] into out;
 * 22023 when a product overflows float32.
 */
genre_code	genre_polynomial_features(const float *x, int n, int degree, float *out,
									  size_t out_len, genre_status *st);

#endif
