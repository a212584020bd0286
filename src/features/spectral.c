/*
 * spectral.c - librosa.feature.spectral_{centroid,bandwidth,rolloff}.
 *
 * Precision follows librosa 0.10: util.normalize(S, norm=1) takes the column
 * sums in float64 and stores S / sum back into a float32 array; centroid
 * and bandwidth then multiply those float32 weights with float64
 * frequencies and sum in float64.  Roll-off uses np.cumsum over the float32
 * magnitudes, so its running sum and threshold are float32.
 */
#include "features/spectral.h"

#include "base/alloc.h"
#include "dsp/simd.h"
#include "dsp/stft.h"

#include <math.h>

/* np.finfo(np.float32).tiny: util.normalize's threshold for float32 input */
#define TINY32 1.17549435e-38

/* centroid and bandwidth of frames f and f+1 (f+1 may repeat f at the end) */
static void
shape_pair(const float *s0, const float *s1, const double *freq, int n_bins,
		   double *centroid, double *bandwidth, float *w0, float *w1)
{
	genre_d2	len = {0, 0},
				c = {0, 0},
				b = {0, 0};
	int			k;

	for (k = 0; k < n_bins; k++)
	{
		genre_d2	x = {s0[k], s1[k]};

		len += x;
	}
	/* normalize(): columns below tiny are left un-normalised (divided by 1) */
	if (len[0] < TINY32)
		len[0] = 1.0;
	if (len[1] < TINY32)
		len[1] = 1.0;
	for (k = 0; k < n_bins; k++)
	{
		genre_d2	x = {s0[k], s1[k]},
					q = x / len;
		float		a0 = (float) q[0],
					a1 = (float) q[1];
		genre_d2	w = {a0, a1};

		/* S / length stored back as float32, then weights of float64 frequencies */
		w0[k] = a0;
		w1[k] = a1;
		c += genre_d2_set1(freq[k]) * w;
	}
	centroid[0] = c[0];
	centroid[1] = c[1];
	if (bandwidth == NULL)
		return;
	for (k = 0; k < n_bins; k++)
	{
		genre_d2	w = {w0[k], w1[k]},
					dev = c - genre_d2_set1(freq[k]);

		/* |c - f|^2 is (c - f)^2 bit for bit */
		b += w * (dev * dev);
	}
	bandwidth[0] = sqrt(b[0]);
	bandwidth[1] = sqrt(b[1]);
}

genre_code
genre_spectral_centroid_bandwidth(const float *mag, int n_frames, int n_bins,
								  double sr, int n_fft, double *centroid, double *bandwidth,
								  genre_status *st)
{
	/* f_k = k * val, rfftfreq's exact operations (genre_bin_frequency) */
	double		val = genre_bin_frequency(1, sr, n_fft);
	double	   *freq = genre_alloc(sizeof(double) * n_bins);
	float	   *w = genre_alloc(sizeof(float) * 2 * n_bins);
	int			t,
				k;

	if (!freq || !w)
	{
		genre_free(freq);
		genre_free(w);
		return genre_fail_nomem(st);
	}
	for (k = 0; k < n_bins; k++)
		freq[k] = k * val;
	/* two frames at a time, one per vector lane: each sums its bins in order */
	for (t = 0; t < n_frames; t += 2)
	{
		const float *s0 = mag + (size_t) t * n_bins;
		const float *s1 = t + 1 < n_frames ? s0 + n_bins : s0;
		double		c[2],
					b[2];

		if ((t & 255) == 0 && genre_interrupted())
		{
			genre_free(freq);
			genre_free(w);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		shape_pair(s0, s1, freq, n_bins, c, bandwidth ? b : NULL, w, w + n_bins);
		centroid[t] = c[0];
		if (bandwidth)
			bandwidth[t] = b[0];
		if (t + 1 < n_frames)
		{
			centroid[t + 1] = c[1];
			if (bandwidth)
				bandwidth[t + 1] = b[1];
		}
	}
	genre_free(freq);
	genre_free(w);
	return GENRE_OK;
}

genre_code
genre_spectral_rolloff_frames(const float *mag, int n_frames, int n_bins, double sr, int n_fft,
					   double roll_percent, double *out, genre_status *st)
{
	/* roll_percent * float32 array: numpy casts the Python float to float32 */
	float		pct = (float) roll_percent;
	int			t,
				k,
				l;

	/* np.cumsum is sequential in float32: four frames at a time, one per lane */
	for (t = 0; t < n_frames; t += 4)
	{
		const float *s[4];
		genre_f4	total = {0, 0, 0, 0},
					cs = {0, 0, 0, 0},
					thr;
		int			left = 0;

		if ((t & 255) == 0 && genre_interrupted())
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		for (l = 0; l < 4; l++)
			s[l] = mag + (size_t) (t + l < n_frames ? t + l : t) * n_bins;
		for (k = 0; k < n_bins; k++)
		{
			genre_f4	x = {s[0][k], s[1][k], s[2][k], s[3][k]};

			total += x;
		}
		thr = genre_f4_set1(pct) * total;
		for (l = 0; l < 4 && t + l < n_frames; l++)
		{
			out[t + l] = 0.0;
			left |= 1 << l;
		}
		for (k = 0; k < n_bins && left; k++)
		{
			genre_f4	x = {s[0][k], s[1][k], s[2][k], s[3][k]};

			cs += x;
			for (l = 0; l < 4; l++)
				if ((left & (1 << l)) && cs[l] >= thr[l])
				{
					out[t + l] = genre_bin_frequency(k, sr, n_fft);
					left &= ~(1 << l);
				}
		}
	}
	return GENRE_OK;
}
