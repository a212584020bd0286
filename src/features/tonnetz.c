/*
 * tonnetz.c - CQT chroma and the tonal centroid projection.
 */
#include "features/tonnetz.h"

#include "base/alloc.h"
#include "dsp/cqt.h"
#include "features/chroma.h"

#include <math.h>

#define TINY32 1.17549435e-38f

void
genre_cqt_to_chroma(const float *cqt_mag, int n_frames, float *chroma)
{
	int			t,
				b,
				c;

	for (t = 0; t < n_frames; t++)
	{
		const float *m = cqt_mag + (size_t) t * GENRE_CQT_BINS;
		float	   *x = chroma + (size_t) t * 12;

		/* float32 sums like librosa's einsum: bin b feeds class ((b + 1) / 3) mod 12 */
		for (c = 0; c < 12; c++)
			x[c] = 0.0f;
		for (b = 0; b < GENRE_CQT_BINS; b++)
			x[((b + 1) / 3) % 12] += m[b];
	}
	genre_chroma_inf_normalize(chroma, n_frames);
}

void
genre_chroma_to_tonnetz(const float *chroma, int n_frames, double *tonnetz)
{
	static const double scale[GENRE_N_TONNETZ] = {7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3};
	static const double radius[GENRE_N_TONNETZ] = {1, 1, 1, 1, 0.5, 0.5};
	double		phi[GENRE_N_TONNETZ][12];
	int			t,
				p,
				c;

	/* phi = R cos(pi (scale * c - 0.5 [even rows])): sines on even rows */
	for (p = 0; p < GENRE_N_TONNETZ; p++)
		for (c = 0; c < 12; c++)
		{
			double		v = scale[p] * c;

			if (p % 2 == 0)
				v -= 0.5;
			phi[p][c] = radius[p] * cos(M_PI * v);
		}
	for (t = 0; t < n_frames; t++)
	{
		const float *x = chroma + (size_t) t * 12;
		float		norm = 0.0f,
					xn[12];

		for (c = 0; c < 12; c++)
			norm += fabsf(x[c]);
		for (c = 0; c < 12; c++)
			xn[c] = norm < TINY32 ? x[c] : x[c] / norm;
		for (p = 0; p < GENRE_N_TONNETZ; p++)
		{
			double		acc = 0.0;

			for (c = 0; c < 12; c++)
				acc += phi[p][c] * xn[c];
			tonnetz[(size_t) t * GENRE_N_TONNETZ + p] = acc;
		}
	}
}

genre_code
genre_tonnetz_frames(genre_plan_cache *cache, const float *y, size_t n, int sr, double **tonnetz,
					 float **chroma_cqt, int *n_frames, genre_status *st)
{
	float	   *mag = NULL,
			   *chroma;
	double	   *ton;
	int			nf;
	genre_code	rc;

	*tonnetz = NULL;
	if (chroma_cqt)
		*chroma_cqt = NULL;
	*n_frames = 0;
	rc = genre_cqt_magnitude(cache, y, n, sr, &mag, &nf, NULL, st);
	if (rc != GENRE_OK)
		return rc;
	chroma = genre_alloc(sizeof(float) * ((size_t) nf * 12 + 1));
	ton = genre_alloc(sizeof(double) * ((size_t) nf * GENRE_N_TONNETZ + 1));
	if (!chroma || !ton)
	{
		genre_free(mag);
		genre_free(chroma);
		genre_free(ton);
		return genre_fail_nomem(st);
	}
	genre_cqt_to_chroma(mag, nf, chroma);
	genre_free(mag);
	genre_chroma_to_tonnetz(chroma, nf, ton);
	if (chroma_cqt)
		*chroma_cqt = chroma;
	else
		genre_free(chroma);
	*tonnetz = ton;
	*n_frames = nf;
	return GENRE_OK;
}
