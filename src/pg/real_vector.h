/*
 * real_vector.h - real[] arguments as checked float32 vectors, and back.
 */
#ifndef GENRE_PG_REAL_VECTOR_H
#define GENRE_PG_REAL_VECTOR_H

#include "postgres.h"

#include "utils/array.h"

/*
 * The elements of a one-dimensional, non-empty real[] without NULLs, NaN or
 * infinities (points into the array, which the caller keeps alive); *n gets
 * the count.  Raises 22023 otherwise, naming fname, arg and row as
 * errors.h does.
 */
const float *genre_real_vector(ArrayType *a, const char *fname, const char *arg, uint64 row,
							   int *n);

/*
 * A model's input vector: genre_real_vector (no row) that must have want
 * elements (genre_error_length_vs_model otherwise).
 */
const float *genre_model_input(ArrayType *a, const char *fname, const char *arg, int64 want);

/*
 * A new one-dimensional real[] holding v[n] (palloc'ed), built without a
 * Datum per element; raises 54000 past the array size limits.
 */
ArrayType  *genre_real_array(const float *v, size_t n);

/* The same for a rows x cols real[][] of row-major v. */
ArrayType  *genre_real_matrix(const float *v, size_t rows, size_t cols);

#endif
