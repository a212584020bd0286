/*
 * polynomial.c - polynomial features (see polynomial.h).
 */
#include "ml/polynomial.h"

#include <math.h>

genre_code
genre_polynomial_size(int n, int degree, size_t *out_len, genre_status *st)
{
	double		count = 1.0;

	if (degree < 1 || degree > GENRE_POLY_MAX_DEGREE)
		return genre_fail(st, GENRE_EINVAL, "degree must be between 1 and %d, got %d",
						  GENRE_POLY_MAX_DEGREE, degree);
	if (n < 1)
		return genre_fail(st, GENRE_EINVAL, "vector must not be empty");
	/* C(n + degree, degree), in float64 so it cannot overflow first */
	for (int i = 1; i <= degree; i++)
		count = count * (n + i) / i;
	if (count > GENRE_POLY_MAX_OUTPUT)
		return genre_fail(st, GENRE_ELIMIT,
						  "polynomial features of degree %d of %d values would have %.0f elements, over the limit of %d",
						  degree, n, count, GENRE_POLY_MAX_OUTPUT);
	*out_len = (size_t) (count + 0.5);
	return GENRE_OK;
}

genre_code
genre_polynomial_features(const float *x, int n, int degree, float *out, size_t out_len,
						  genre_status *st)
{
	size_t		o = 0;

	out[o++] = 1.0f;
	for (int i = 0; i < n; i++)
		out[o++] = x[i];
	if (degree >= 2)
		for (int i = 0; i < n; i++)
			for (int j = i; j < n; j++)
				out[o++] = (float) ((double) x[i] * x[j]);
	if (degree >= 3)
		for (int i = 0; i < n; i++)
			for (int j = i; j < n; j++)
			{
				double		xij = (double) x[i] * x[j];

				for (int l = j; l < n; l++)
					out[o++] = (float) (xij * x[l]);
			}
	for (size_t i = 0; i < out_len; i++)
		if (!isfinite(out[i]))
			return genre_fail(st, GENRE_EINVAL, "polynomial feature %zu overflows real", i + 1);
	return GENRE_OK;
}
