/*
 * real_vector.c - checked real[] <-> float32 conversion (see real_vector.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include <math.h>

#include "pg/errors.h"
#include "pg/real_vector.h"

/* 1-based position of the first NULL element of a (which has some). */
static int
first_null(ArrayType *a)
{
	bits8	   *bitmap = ARR_NULLBITMAP(a);
	int			count = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));

	for (int i = 0; i < count; i++)
		if (!(bitmap[i / 8] & (1 << (i % 8))))
			return i + 1;
	return 1;
}

const float *
genre_real_vector(ArrayType *a, const char *fname, const char *arg, uint64 row, int *n)
{
	const float *v;
	int			count;

	if (ARR_ELEMTYPE(a) != FLOAT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s must be real[]", genre_error_where(fname, arg, row))));
	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be empty", genre_error_where(fname, arg, row))));
	if (ARR_NDIM(a) != 1)
		genre_error_not_one_dimensional(fname, arg, row, ARR_NDIM(a));
	if (array_contains_nulls(a))
		genre_error_null_element(fname, arg, row, first_null(a));
	count = ARR_DIMS(a)[0];
	v = (const float *) ARR_DATA_PTR(a);
	for (int i = 0; i < count; i++)
		if (!isfinite(v[i]))
			genre_error_non_finite(fname, arg, row, i + 1, v[i]);
	*n = count;
	return v;
}

const float *
genre_model_input(ArrayType *a, const char *fname, const char *arg, int64 want)
{
	int			n;
	const float *x = genre_real_vector(a, fname, arg, 0, &n);

	if (n != want)
		genre_error_length_vs_model(fname, arg, n, want);
	return x;
}

/* A one- or two-dimensional real[] of dims[0] (x dims[1]) values from v. */
static ArrayType *
real_array_dims(const float *v, int ndim, const size_t *dims)
{
	size_t		n = ndim == 1 ? dims[0] : dims[0] * dims[1];
	Size		overhead = ARR_OVERHEAD_NONULLS(ndim);
	ArrayType  *a;

	if ((ndim == 2 && dims[1] != 0 && dims[0] > MaxArraySize / dims[1]) ||
		n > MaxArraySize || n > (MaxAllocSize - overhead) / sizeof(float4))
		genre_error_over_limit(NULL, "the result array", 0, n,
							   Min(MaxArraySize, (MaxAllocSize - overhead) / sizeof(float4)),
							   "values");
	a = (ArrayType *) palloc(overhead + n * sizeof(float4));
	SET_VARSIZE(a, overhead + n * sizeof(float4));
	a->ndim = ndim;
	a->dataoffset = 0;
	a->elemtype = FLOAT4OID;
	for (int d = 0; d < ndim; d++)
	{
		ARR_DIMS(a)[d] = (int) dims[d];
		ARR_LBOUND(a)[d] = 1;
	}
	if (n)
		memcpy(ARR_DATA_PTR(a), v, n * sizeof(float4));
	return a;
}

ArrayType *
genre_real_array(const float *v, size_t n)
{
	return real_array_dims(v, 1, &n);
}

ArrayType *
genre_real_matrix(const float *v, size_t rows, size_t cols)
{
	size_t		dims[2] = {rows, cols};

	return real_array_dims(v, 2, dims);
}
