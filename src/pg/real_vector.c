/*
 * real_vector.c - checked real[] <-> float32 conversion (see real_vector.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include <math.h>

#include "pg/real_vector.h"

const float *
genre_real_vector(ArrayType *a, const char *fname, int *n)
{
	const float *v;
	int			count;

	if (ARR_ELEMTYPE(a) != FLOAT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: vector must be real[]", fname)));
	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: vector must not be empty", fname)));
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: vector must be one-dimensional, got %d dimensions", fname, ARR_NDIM(a))));
	if (array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: vector must not contain NULL elements", fname)));
	count = ARR_DIMS(a)[0];
	v = (const float *) ARR_DATA_PTR(a);
	for (int i = 0; i < count; i++)
		if (!isfinite(v[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: vector element %d is %s", fname, i + 1,
							isnan(v[i]) ? "NaN" : "infinite")));
	*n = count;
	return v;
}

ArrayType *
genre_real_array(const float *v, size_t n)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + n * sizeof(float4);
	ArrayType  *a;

	if (n > MaxArraySize || nbytes > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("array of %zu values exceeds the limit of %zu values",
						n, (size_t) Min(MaxArraySize, (MaxAllocSize - ARR_OVERHEAD_NONULLS(1)) / sizeof(float4)))));
	a = (ArrayType *) palloc(nbytes);
	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT4OID;
	ARR_DIMS(a)[0] = (int) n;
	ARR_LBOUND(a)[0] = 1;
	if (n)
		memcpy(ARR_DATA_PTR(a), v, n * sizeof(float4));
	return a;
}
