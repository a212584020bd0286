/*
 * median.c - Hoare-partition quickselect (median-of-three pivot, expected
 * linear time), one body instantiated for float32 and float64.
 */
#include "dsp/median.h"

#include "base/status.h"

/*
 * Put the k-th smallest of x[0..n) at x[k], everything before it <= and
 * everything after it >=; returns x[k].
 */
#define DEFINE_SELECT(name, T) \
static T \
name(T *x, size_t n, size_t k) \
{ \
	size_t		lo = 0, \
				hi = n - 1; \
 \
	while (hi > lo) \
	{ \
		size_t		mid = lo + (hi - lo) / 2, \
					i = lo, \
					j = hi; \
		T			a = x[lo], \
					b = x[mid], \
					c = x[hi], \
					pivot; \
 \
		/* a round over millions of values: let a cancel cut it short */ \
		if (hi - lo > ((size_t) 1 << 20) && genre_interrupted()) \
			break; \
		/* median of three, so sorted or constant runs stay linear */ \
		pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b)); \
		while (i <= j) \
		{ \
			while (x[i] < pivot) \
				i++; \
			while (pivot < x[j]) \
				j--; \
			if (i <= j) \
			{ \
				T			t = x[i]; \
 \
				x[i] = x[j]; \
				x[j] = t; \
				i++; \
				if (j == 0) \
					break; \
				j--; \
			} \
		} \
		/* now x[lo..j] <= pivot <= x[i..hi], and j < i */ \
		if (k <= j) \
			hi = j; \
		else if (k >= i) \
			lo = i; \
		else \
			break;				/* x[j+1..i-1] all equal the pivot */ \
	} \
	return x[k]; \
}

/*
 * The k-th smallest of x[0..n) and, in *below (k >= 1), the (k-1)-th: after
 * the selection it is the largest of the lower part.
 */
#define DEFINE_SELECT_PAIR(name, select, T) \
static T \
name(T *x, size_t n, size_t k, T *below) \
{ \
	T			hi = select(x, n, k); \
	size_t		i; \
 \
	*below = x[0]; \
	for (i = 1; i < k; i++) \
		if (x[i] > *below) \
			*below = x[i]; \
	return hi; \
}

DEFINE_SELECT(select_f32, float)
DEFINE_SELECT(select_f64, double)
DEFINE_SELECT_PAIR(select_pair_f32, select_f32, float)
DEFINE_SELECT_PAIR(select_pair_f64, select_f64, double)

float
genre_select_f32(float *x, size_t n, size_t k)
{
	return select_f32(x, n, k);
}

float
genre_select_pair_f32(float *x, size_t n, size_t k, float *below)
{
	return select_pair_f32(x, n, k, below);
}

float
genre_median_f32(float *x, size_t n)
{
	float		lo;

	if (n % 2)
		return select_f32(x, n, n / 2);
	return (select_pair_f32(x, n, n / 2, &lo) + lo) / 2.0f;
}

double
genre_median_f64(double *x, size_t n)
{
	double		lo;

	if (n % 2)
		return select_f64(x, n, n / 2);
	return (select_pair_f64(x, n, n / 2, &lo) + lo) / 2.0;
}
