/*
 * real_vector.h - real[] arguments as checked float32 vectors, and back.
 */
#ifndef GENRE_PG_REAL_VECTOR_H
#define GENRE_PG_REAL_VECTOR_H

#include "postgres.h"

#include "utils/array.h"

/*
 * The elements of a one-dimensional real[] without NULLs, NaN or infinities
 * (points into the array, which the caller keeps alive); *n gets the count.
 * Raises 22023 naming fname otherwise, including for an empty array.
 */
const float *genre_real_vector(ArrayType *a, const char *fname, int *n);

/*
 * A new one-dimensional real[] holding v[n] (palloc'ed), built without a
 * Datum per element; raises 54000 past the array size limits.
 */
ArrayType  *genre_real_array(const float *v, size_t n);

#endif
