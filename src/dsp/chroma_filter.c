/*
 * chroma_filter.c - the chroma filter bank, computed in float64 as librosa
 * does and stored float32.
 */
#include "dsp/chroma_filter.h"

#include "base/alloc.h"

#include <math.h>

#define CTROCT 5.0
#define OCTWIDTH 2.0

genre_code
genre_chroma_filter(int sr, int n_fft, double tuning, float **w, genre_status *st)
{
	int			n_bins = n_fft / 2 + 1;
	double	   *frq,
			   *bw,
			   *wts;
	double		a440 = 440.0 * pow(2.0, tuning / GENRE_N_CHROMA);
	int			k,
				c;

	*w = NULL;
	if (sr <= 0 || n_fft < 2)
		return genre_fail(st, GENRE_EINVAL, "chroma filter needs a positive sample rate and n_fft");
	frq = genre_alloc(sizeof(double) * n_fft);
	bw = genre_alloc(sizeof(double) * n_fft);
	wts = genre_alloc(sizeof(double) * GENRE_N_CHROMA * n_bins);
	*w = genre_alloc(sizeof(float) * GENRE_N_CHROMA * n_bins);
	if (!frq || !bw || !wts || !*w)
	{
		genre_free(frq);
		genre_free(bw);
		genre_free(wts);
		genre_free(*w);
		*w = NULL;
		return genre_fail_nomem(st);
	}
	/* bins 1..n_fft-1 (the whole FFT, mirror half included, for the widths) */
	for (k = 1; k < n_fft; k++)
	{
		double		f = (double) k * ((double) sr / n_fft);

		frq[k] = GENRE_N_CHROMA * log2(f / (a440 / 16.0));
	}
	/* the DC bin: 1.5 octaves below bin 1 */
	frq[0] = frq[1] - 1.5 * GENRE_N_CHROMA;
	for (k = 0; k < n_fft - 1; k++)
		bw[k] = fmax(frq[k + 1] - frq[k], 1.0);
	bw[n_fft - 1] = 1.0;

	for (k = 0; k < n_bins; k++)
	{
		double		norm = 0.0,
					oct;

		for (c = 0; c < GENRE_N_CHROMA; c++)
		{
			double		d = fmod(frq[k] - c + 6.0 + 10.0 * GENRE_N_CHROMA, (double) GENRE_N_CHROMA);
			double		x;

			/* np.remainder takes the sign of the divisor */
			if (d < 0)
				d += GENRE_N_CHROMA;
			d -= 6.0;
			x = 2.0 * d / bw[k];
			wts[c * n_bins + k] = exp(-0.5 * (x * x));
			norm += wts[c * n_bins + k] * wts[c * n_bins + k];
		}
		norm = sqrt(norm);
		oct = (frq[k] / GENRE_N_CHROMA - CTROCT) / OCTWIDTH;
		for (c = 0; c < GENRE_N_CHROMA; c++)
		{
			double		v = wts[c * n_bins + k];

			if (norm >= 2.2250738585072014e-308)
				v /= norm;
			v *= exp(-0.5 * (oct * oct));
			/* roll by -3 so that row 0 is C */
			(*w)[((c + GENRE_N_CHROMA - 3) % GENRE_N_CHROMA) * n_bins + k] = (float) v;
		}
	}
	genre_free(frq);
	genre_free(bw);
	genre_free(wts);
	return GENRE_OK;
}
