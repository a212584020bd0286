/*
 * dct.c - orthonormal DCT-II as a small matrix product.
 *
 * n_out x n_in is 20 x 128 for MFCCs: a direct product with a float64 basis
 * made per call is cheaper than planning an FFT and more accurate than
 * scipy's float32 FFT-based DCT (which it matches to ~1e-5 relative).
 */
#include "dsp/dct.h"

#include "base/alloc.h"
#include "dsp/simd.h"

#include <math.h>

genre_code
genre_dct2_ortho(const float *in, int n_frames, int n_in, int n_out, float *out,
				 genre_status *st)
{
	double	   *basis;
	int			n_pairs = (n_out + 1) / 2,
				j,
				m,
				t;

	if (n_in < 1 || n_out < 1 || n_out > n_in || n_out > 128 || n_frames < 0)
		return genre_fail(st, GENRE_EINVAL, "bad dct sizes");
	/* input-major: the coefficients of input m for every output, two per vector */
	basis = genre_calloc((size_t) n_in * 2 * n_pairs, sizeof(double));
	if (basis == NULL)
		return genre_fail_nomem(st);
	for (j = 0; j < n_out; j++)
	{
		double		s = sqrt((j == 0 ? 1.0 : 2.0) / n_in);

		for (m = 0; m < n_in; m++)
			basis[(size_t) m * 2 * n_pairs + j] = s * cos(M_PI * j * (2 * m + 1) / (2.0 * n_in));
	}
	for (t = 0; t < n_frames; t++)
	{
		const float *x = in + (size_t) t * n_in;
		genre_d2	acc[64];
		double		res[128];

		if (t % 1024 == 0 && genre_interrupted())
		{
			genre_free(basis);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (j = 0; j < n_pairs; j++)
			acc[j] = genre_d2_set1(0.0);
		/* each output sums its inputs in order, in float64 */
		for (m = 0; m < n_in; m++)
		{
			genre_d2	xm = genre_d2_set1(x[m]);
			const double *b = basis + (size_t) m * 2 * n_pairs;

			for (j = 0; j < n_pairs; j++)
				acc[j] += genre_d2_load(b + 2 * j) * xm;
		}
		for (j = 0; j < n_pairs; j++)
			genre_d2_store(res + 2 * j, acc[j]);
		for (j = 0; j < n_out; j++)
			out[(size_t) t * n_out + j] = (float) res[j];
	}
	genre_free(basis);
	return GENRE_OK;
}
