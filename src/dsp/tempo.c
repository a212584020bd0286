/*
 * tempo.c - tempogram and tempo estimate in float64, as librosa.
 *
 * Each tempogram frame is a 344-sample window of the (linear-ramp padded)
 * onset envelope times a periodic Hann window; its autocorrelation is
 * normalised by its largest magnitude, which is lag 0 (Cauchy-Schwarz).
 * The autocorrelation is computed directly: 344 lags of a 344-sample frame
 * cost about as much as the two 720-point FFTs librosa uses.
 */
#include "dsp/tempo.h"

#include "base/alloc.h"

#include <math.h>

#define TEMPO_START_BPM 120.0
#define TEMPO_MAX_BPM 320.0
#define TINY64 2.2250738585072014e-308

genre_code
genre_tempogram_mean(const float *onset, int n_frames, double *mean_ac, genre_status *st)
{
	const int	w = GENRE_TEMPOGRAM_LAGS,
				half = GENRE_TEMPOGRAM_LAGS / 2;
	double	   *padded,
			   *win,
			   *frame;
	int			i,
				t,
				k;
	size_t		n_pad = (size_t) n_frames + 2 * half;

	for (k = 0; k < w; k++)
		mean_ac[k] = 0.0;
	if (n_frames <= 0)
		return GENRE_OK;
	padded = genre_alloc(sizeof(double) * n_pad);
	win = genre_alloc(sizeof(double) * w);
	frame = genre_alloc(sizeof(double) * w);
	if (!padded || !win || !frame)
	{
		genre_free(padded);
		genre_free(win);
		genre_free(frame);
		return genre_fail_nomem(st);
	}
	/*
	 * np.pad(mode='linear_ramp', end_values=0) in float32: the left ramp is
	 * linspace(0, o[0], 172, endpoint=False), the right one its mirror.
	 */
	for (i = 0; i < half; i++)
	{
		double		lstep = (double) onset[0] / half;
		double		rstep = (double) onset[n_frames - 1] / half;

		padded[i] = (float) (i * lstep);
		padded[half + n_frames + i] = (float) ((half - 1 - i) * rstep);
	}
	for (t = 0; t < n_frames; t++)
		padded[half + t] = onset[t];
	for (k = 0; k < w; k++)
		win[k] = 0.5 - 0.5 * cos(2.0 * M_PI * k / w);

	for (t = 0; t < n_frames; t++)
	{
		double		norm;

		if ((t & 63) == 0 && genre_interrupted())
		{
			genre_free(padded);
			genre_free(win);
			genre_free(frame);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (k = 0; k < w; k++)
			frame[k] = padded[t + k] * win[k];
		norm = 0.0;
		for (i = 0; i < w; i++)
			norm += frame[i] * frame[i];
		/* a frame whose norm is below tiny is left as is (all ~0) */
		if (norm < TINY64)
			norm = 1.0;
		for (k = 0; k < w; k++)
		{
			double		acc = 0.0;

			for (i = 0; i + k < w; i++)
				acc += frame[i] * frame[i + k];
			mean_ac[k] += acc / norm;
		}
	}
	for (k = 0; k < w; k++)
		mean_ac[k] /= n_frames;
	genre_free(padded);
	genre_free(win);
	genre_free(frame);
	return GENRE_OK;
}

genre_code
genre_tempo_estimate(const float *onset, int n_frames, int sr, int hop, double *bpm,
					 genre_status *st)
{
	double		g[GENRE_TEMPOGRAM_LAGS];
	double		best = -INFINITY;
	int			best_k = -1,
				k,
				any = 0;
	genre_code	rc;

	*bpm = 0.0;
	for (k = 0; k < n_frames; k++)
		if (onset[k] != 0.0f)
			any = 1;
	if (!any)
		return GENRE_OK;
	rc = genre_tempogram_mean(onset, n_frames, g, st);
	if (rc != GENRE_OK)
		return rc;
	for (k = 1; k < GENRE_TEMPOGRAM_LAGS; k++)
	{
		double		b = 60.0 * sr / (hop * (double) k);
		double		prior,
					score;

		/* lags faster than max_tempo get -inf */
		if (!(b < TEMPO_MAX_BPM))
			continue;
		prior = log2(b) - log2(TEMPO_START_BPM);
		prior = -0.5 * (prior * prior);
		score = log1p(1e6 * g[k]) + prior;
		if (score > best)
		{
			best = score;
			best_k = k;
		}
	}
	if (best_k > 0)
		*bpm = 60.0 * sr / (hop * (double) best_k);
	return GENRE_OK;
}
