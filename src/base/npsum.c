/*
 * npsum.c - numpy's pairwise summation (numpy/core/src/umath/loops_utils.h.src).
 */
#include "base/npsum.h"

#define PW_BLOCKSIZE 128

/*
 * numpy's pairwise_sum_@TYPE@ in one element type T: runs under 8 summed in
 * order, up to PW_BLOCKSIZE with 8 accumulators, longer ones split in halves
 * (at a multiple of 8).  Instantiated for float64 and float32 below.
 */
#define DEFINE_PAIRWISE_SUM(name, T) \
static T \
name(const T *a, size_t n) \
{ \
	if (n < 8) \
	{ \
		T			res = 0; \
 \
		for (size_t i = 0; i < n; i++) \
			res += a[i]; \
		return res; \
	} \
	else if (n <= PW_BLOCKSIZE) \
	{ \
		T			r[8], \
					res; \
		size_t		i; \
 \
		for (int j = 0; j < 8; j++) \
			r[j] = a[j]; \
		for (i = 8; i < n - (n % 8); i += 8) \
			for (int j = 0; j < 8; j++) \
				r[j] += a[i + j]; \
		res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])); \
		for (; i < n; i++) \
			res += a[i]; \
		return res; \
	} \
	else \
	{ \
		size_t		n2 = n / 2; \
 \
		n2 -= n2 % 8; \
		return name(a, n2) + name(a + n2, n - n2); \
	} \
}

DEFINE_PAIRWISE_SUM(pairwise_sum, double)
DEFINE_PAIRWISE_SUM(pairwise_sum_f32, float)

double
genre_np_sum(const double *a, size_t n)
{
	return 0. + pairwise_sum(a, n);
}

float
genre_np_sum_f32(const float *a, size_t n)
{
	return pairwise_sum_f32(a, n);
}
