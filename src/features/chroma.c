/*
 * chroma.c - chroma_stft = inf-normalise(chroma filter bank @ power spectrogram).
 */
#include "features/chroma.h"

#include "base/alloc.h"
#include "dsp/chroma_filter.h"
#include "dsp/simd.h"

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

/* bin-major float64 copy of the float32 filter bank: the 12 classes of a bin side by side */
static genre_code
build_bank(int sr, int n_fft, double tuning, double **out, genre_status *st)
{
	int			n_bins = n_fft / 2 + 1,
				c,
				k;
	float	   *w;
	double	   *wt;

	*out = NULL;
	if (genre_chroma_filter(sr, n_fft, tuning, &w, st) != GENRE_OK)
		return st->code;
	wt = genre_alloc(sizeof(double) * (size_t) n_bins * GENRE_N_CHROMA);
	if (!wt)
	{
		genre_free(w);
		return genre_fail_nomem(st);
	}
	for (c = 0; c < GENRE_N_CHROMA; c++)
		for (k = 0; k < n_bins; k++)
			wt[(size_t) k * GENRE_N_CHROMA + c] = w[(size_t) c * n_bins + k];
	genre_free(w);
	*out = wt;
	return GENRE_OK;
}

genre_code
genre_chroma_bank(genre_plan_cache *cache, int sr, int n_fft, double tuning,
				  const double **wt, genre_status *st)
{
	double		key[3] = {sr, n_fft, tuning};
	double	   *b;

	*wt = genre_blob_find(cache, "chroma_bank", key, 3);
	if (*wt)
		return GENRE_OK;
	if (build_bank(sr, n_fft, tuning, &b, st) != GENRE_OK)
		return st->code;
	*wt = genre_blob_put(cache, "chroma_bank", key, 3, b,
						 sizeof(double) * (size_t) (n_fft / 2 + 1) * GENRE_N_CHROMA, st);
	genre_free(b);
	return *wt ? GENRE_OK : st->code;
}

/*
 * librosa's float32 matrix product, accumulated in float64 and rounded
 * once: each class sums its bins in order, four classes per vector, two
 * frames sharing each load of the weights
 */
GENRE_KERNEL void
chroma_rows(const double *wt, const float *spec, int square, int n_frames, int n_bins,
			float *out)
{
	int			t,
				c,
				k;

	for (t = 0; t < n_frames; t += 2)
	{
		const float *p0 = spec + (size_t) t * n_bins,
				   *p1 = t + 1 < n_frames ? p0 + n_bins : p0;
		genre_d4	a0[GENRE_N_CHROMA / 4] = {{0}},
					a1[GENRE_N_CHROMA / 4] = {{0}};

		for (k = 0; k < n_bins; k++)
		{
			double		x0 = square ? p0[k] * p0[k] : p0[k],
						x1 = square ? p1[k] * p1[k] : p1[k];
			genre_d4	v0 = {x0, x0, x0, x0},
						v1 = {x1, x1, x1, x1};
			const double *wk = wt + (size_t) k * GENRE_N_CHROMA;

			for (c = 0; c < GENRE_N_CHROMA / 4; c++)
			{
				genre_d4	w;

				GENRE_VLOAD(w, wk + 4 * c);
				a0[c] += w * v0;
				a1[c] += w * v1;
			}
		}
		for (c = 0; c < GENRE_N_CHROMA; c++)
		{
			out[(size_t) t * GENRE_N_CHROMA + c] = (float) a0[c / 4][c % 4];
			if (t + 1 < n_frames)
				out[(size_t) (t + 1) * GENRE_N_CHROMA + c] = (float) a1[c / 4][c % 4];
		}
	}
}

static void
chroma_rows_base(const double *wt, const float *spec, int square, int n_frames, int n_bins,
				 float *out)
{
	chroma_rows(wt, spec, square, n_frames, n_bins, out);
}

GENRE_AVX2 static void
chroma_rows_avx2(const double *wt, const float *spec, int square, int n_frames, int n_bins,
				 float *out)
{
	chroma_rows(wt, spec, square, n_frames, n_bins, out);
}

void
genre_chroma_apply(const double *wt, const float *spec, int square, int n_frames, int n_bins,
				   float *out)
{
	if (genre_simd_avx2())
		chroma_rows_avx2(wt, spec, square, n_frames, n_bins, out);
	else
		chroma_rows_base(wt, spec, square, n_frames, n_bins, out);
	genre_chroma_inf_normalize(out, n_frames);
}

/*
 * chroma_stft of the power spectrogram spec, or of spec squared (float32)
 * when square is set.
 */
static genre_code
chroma_stft(const float *spec, int square, int n_frames, int n_bins, int sr,
			genre_piptrack_version version, float **chroma, double *tuning_out,
			genre_status *st)
{
	int			n_fft = 2 * (n_bins - 1);
	double		tuning;
	double	   *wt;
	float	   *out;
	genre_code	rc;
	int			t;

	*chroma = NULL;
	if (n_frames < 0 || n_bins < 3)
		return genre_fail(st, GENRE_EINVAL, "chroma needs a spectrogram with at least 3 bins");
	rc = square
		? genre_estimate_tuning_power(spec, n_frames, n_bins, sr, n_fft, GENRE_N_CHROMA, version,
									  &tuning, st)
		: genre_estimate_tuning(spec, n_frames, n_bins, sr, n_fft, GENRE_N_CHROMA, version,
								&tuning, st);
	if (rc != GENRE_OK)
		return rc;
	if (tuning_out)
		*tuning_out = tuning;
	if (build_bank(sr, n_fft, tuning, &wt, st) != GENRE_OK)
		return st->code;
	out = genre_alloc(sizeof(float) * ((size_t) n_frames * GENRE_N_CHROMA + 1));
	if (!out)
	{
		genre_free(wt);
		return genre_fail_nomem(st);
	}
	for (t = 0; t < n_frames; t += 256)
	{
		if (genre_interrupted())
		{
			genre_free(wt);
			genre_free(out);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		genre_chroma_apply(wt, spec + (size_t) t * n_bins, square,
						   n_frames - t < 256 ? n_frames - t : 256, n_bins,
						   out + (size_t) t * GENRE_N_CHROMA);
	}
	genre_free(wt);
	*chroma = out;
	return GENRE_OK;
}

genre_code
genre_chroma_stft(const float *power, int n_frames, int n_bins, int sr,
				  genre_piptrack_version version, float **chroma,
				  double *tuning_out, genre_status *st)
{
	return chroma_stft(power, 0, n_frames, n_bins, sr, version, chroma, tuning_out, st);
}

genre_code
genre_chroma_stft_magnitude(const float *mag, int n_frames, int n_bins, int sr,
							genre_piptrack_version version, float **chroma,
							double *tuning_out, genre_status *st)
{
	return chroma_stft(mag, 1, n_frames, n_bins, sr, version, chroma, tuning_out, st);
}
