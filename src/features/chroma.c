/*
 * chroma.c - chroma_stft = inf-normalise(chroma filter bank @ power spectrogram).
 */
#include "features/chroma.h"

#include "base/alloc.h"
#include "dsp/chroma_filter.h"

#include <math.h>

#define TINY32 1.17549435e-38f

void
genre_chroma_inf_normalize(float *chroma, int n_frames)
{
	int			t,
				c;

	for (t = 0; t < n_frames; t++)
	{
		float	   *x = chroma + (size_t) t * GENRE_N_CHROMA;
		float		m = 0.0f;

		for (c = 0; c < GENRE_N_CHROMA; c++)
			if (fabsf(x[c]) > m)
				m = fabsf(x[c]);
		if (m < TINY32)
			continue;
		for (c = 0; c < GENRE_N_CHROMA; c++)
			x[c] /= m;
	}
}

genre_code
genre_chroma_stft(const float *power, int n_frames, int n_bins, int sr,
				  genre_piptrack_version version, float **chroma,
				  double *tuning_out, genre_status *st)
{
	int			n_fft = 2 * (n_bins - 1);
	double		tuning;
	float	   *w = NULL;
	float	   *out;
	genre_code	rc;
	int			t,
				c,
				k;

	*chroma = NULL;
	if (n_frames < 0 || n_bins < 3)
		return genre_fail(st, GENRE_EINVAL, "chroma needs a spectrogram with at least 3 bins");
	rc = genre_estimate_tuning(power, n_frames, n_bins, sr, n_fft, GENRE_N_CHROMA, version,
							   &tuning, st);
	if (rc != GENRE_OK)
		return rc;
	if (tuning_out)
		*tuning_out = tuning;
	rc = genre_chroma_filter(sr, n_fft, tuning, &w, st);
	if (rc != GENRE_OK)
		return rc;
	out = genre_alloc(sizeof(float) * ((size_t) n_frames * GENRE_N_CHROMA + 1));
	if (!out)
	{
		genre_free(w);
		return genre_fail_nomem(st);
	}
	for (t = 0; t < n_frames; t++)
	{
		const float *p = power + (size_t) t * n_bins;

		if ((t & 255) == 0 && genre_interrupted())
		{
			genre_free(w);
			genre_free(out);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (c = 0; c < GENRE_N_CHROMA; c++)
		{
			const float *wc = w + (size_t) c * n_bins;
			double		acc = 0.0;

			/* librosa's float32 matrix product; double accumulation, float32 result */
			for (k = 0; k < n_bins; k++)
				acc += (double) wc[k] * p[k];
			out[(size_t) t * GENRE_N_CHROMA + c] = (float) acc;
		}
	}
	genre_chroma_inf_normalize(out, n_frames);
	genre_free(w);
	*chroma = out;
	return GENRE_OK;
}
