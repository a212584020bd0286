/*
 * polynomial.c - genre.polynomial: polynomial feature expansion of one
 * vector (scikit-learn's PolynomialFeatures order, ml/polynomial.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ml/polynomial.h"
#include "pg/errors.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_polynomial);

Datum
genre_polynomial(PG_FUNCTION_ARGS)
{
	int			n;
	const float *x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(0), "polynomial", "features", 0, &n);
	int			degree = PG_GETARG_INT32(1);
	size_t		len;
	float	   *out;
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_polynomial_size(n, degree, &len, &st));
	out = palloc(len * sizeof(float));
	GENRE_CHECK(&st, genre_polynomial_features(x, n, degree, out, len, &st));
	PG_RETURN_ARRAYTYPE_P(genre_real_array(out, (int) len));
}
