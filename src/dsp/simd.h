/*
 * simd.h - the short vectors the hot DSP loops are written in.
 *
 * GCC/clang vector extensions: element-wise arithmetic with exactly the
 * roundings of the scalar code (no reassociation, no fused multiply-add on
 * the baseline ISA), so a loop written across independent lanes (frames,
 * lags, output rows) gives the same bits as one lane at a time.  They
 * compile to SSE2 on x86-64 and to plain scalar code elsewhere.  Loads and
 * stores go through memcpy, which compiles to unaligned moves.
 */
#ifndef GENRE_DSP_SIMD_H
#define GENRE_DSP_SIMD_H

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef double genre_d2 __attribute__((vector_size(16)));
typedef float genre_f4 __attribute__((vector_size(16)));
typedef double genre_d4 __attribute__((vector_size(32)));
typedef float genre_f8 __attribute__((vector_size(32)));

/*
 * Hot kernels are compiled twice from one always-inline body: for the
 * baseline ISA and with GENRE_AVX2 (target "avx2", which has no fused
 * multiply-add, so the arithmetic and the bits are the same); the wider
 * vectors above are two SSE2 registers in the first and one in the second.
 * genre_simd_avx2() says which to run (the CPU's answer, asked once).
 */
#define GENRE_KERNEL static inline __attribute__((always_inline))
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(GENRE_SIMD_BASELINE)
/* kernels that need AVX2 intrinsics (immintrin.h) are compiled where this is defined */
#define GENRE_SIMD_X86 1
#define GENRE_AVX2 __attribute__((target("avx2")))
static inline int
genre_simd_avx2(void)
{
	static int	avx2 = -1;

	if (avx2 < 0)
	{
		__builtin_cpu_init();
		avx2 = __builtin_cpu_supports("avx2") != 0;
	}
	return avx2;
}
#else
#define GENRE_AVX2
static inline int
genre_simd_avx2(void)
{
	return 0;
}
#endif

static inline genre_d2
genre_d2_load(const double *p)
{
	genre_d2	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
genre_d2_store(double *p, genre_d2 v)
{
	memcpy(p, &v, sizeof(v));
}

static inline genre_d2
genre_d2_set1(double x)
{
	genre_d2	v = {x, x};

	return v;
}

/* v = the vector at p, any vector type (a macro: 32-byte vectors are not passed by value) */
#define GENRE_VLOAD(v, p) memcpy(&(v), (p), sizeof(v))
#define GENRE_VSTORE(p, v) memcpy((p), &(v), sizeof(v))

/*
 * Lane masks of float vector comparisons (a < b gives -1 or 0 per lane)
 * and m ? x : y per lane, bit for bit (a macro, as above).
 */
typedef int genre_i8 __attribute__((vector_size(32)));
#define GENRE_F8_SELECT(m, x, y) \
	((genre_f8) (((m) & (genre_i8) (x)) | (~(m) & (genre_i8) (y))))

static inline genre_f4
genre_f4_load(const float *p)
{
	genre_f4	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
genre_f4_store(float *p, genre_f4 v)
{
	memcpy(p, &v, sizeof(v));
}

static inline genre_f4
genre_f4_set1(float x)
{
	genre_f4	v = {x, x, x, x};

	return v;
}

/* element-wise a < b ? a : b, a > b ? a : b, and w < o ? x : y */
static inline genre_f4
genre_f4_min(genre_f4 a, genre_f4 b)
{
#ifdef __SSE2__
	return _mm_min_ps(a, b);
#else
	genre_f4	r;

	for (int i = 0; i < 4; i++)
		r[i] = a[i] < b[i] ? a[i] : b[i];
	return r;
#endif
}

static inline genre_f4
genre_f4_max(genre_f4 a, genre_f4 b)
{
#ifdef __SSE2__
	return _mm_max_ps(a, b);
#else
	genre_f4	r;

	for (int i = 0; i < 4; i++)
		r[i] = a[i] > b[i] ? a[i] : b[i];
	return r;
#endif
}

static inline genre_f4
genre_f4_select_lt(genre_f4 w, genre_f4 o, genre_f4 x, genre_f4 y)
{
#ifdef __SSE2__
	__m128		m = _mm_cmplt_ps(w, o);

	return _mm_or_ps(_mm_and_ps(m, x), _mm_andnot_ps(m, y));
#else
	genre_f4	r;

	for (int i = 0; i < 4; i++)
		r[i] = w[i] < o[i] ? x[i] : y[i];
	return r;
#endif
}

/*
 * np.abs of the complex64 rounding of n complex128 values (re, im
 * interleaved): sqrt of the exact float64 squares of the float32 parts,
 * rounded to float32 (genre_abs_c64), two values per vector.
 */
static inline void
genre_abs_c128_to_f32(const double *z, float *out, int n)
{
	int			k = 0;

#ifdef __SSE2__
	for (; k + 2 <= n; k += 2)
	{
		__m128d		a = _mm_cvtps_pd(_mm_cvtpd_ps(_mm_loadu_pd(z + 2 * k))),
					b = _mm_cvtps_pd(_mm_cvtpd_ps(_mm_loadu_pd(z + 2 * k + 2)));
		__m128d		a2 = _mm_mul_pd(a, a),
					b2 = _mm_mul_pd(b, b);
		__m128d		s = _mm_add_pd(_mm_unpacklo_pd(a2, b2), _mm_unpackhi_pd(a2, b2));
		__m128		r = _mm_cvtpd_ps(_mm_sqrt_pd(s));

		_mm_storel_pi((__m64 *) (out + k), r);
	}
#endif
	for (; k < n; k++)
	{
		float		re = (float) z[2 * k],
					im = (float) z[2 * k + 1];

		out[k] = (float) sqrt((double) re * re + (double) im * im);
	}
}

/* float32 values widened to float64, n a multiple of 4 */
static inline void
genre_f32_to_f64(const float *src, double *dst, int n)
{
	int			i;

	for (i = 0; i < n; i += 4)
	{
#ifdef __SSE2__
		__m128		x = _mm_loadu_ps(src + i);

		_mm_storeu_pd(dst + i, _mm_cvtps_pd(x));
		_mm_storeu_pd(dst + i + 2, _mm_cvtps_pd(_mm_movehl_ps(x, x)));
#else
		for (int j = 0; j < 4; j++)
			dst[i + j] = src[i + j];
#endif
	}
}

#endif
