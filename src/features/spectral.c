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

/*
 * centroid and bandwidth of four frames s[0..4) (repeats allowed at the
 * end), one per vector lane; w: scratch of 4 * n_bins floats
 */
GENRE_KERNEL void
shape4(const float *const *s, const double *freq, int n_bins, double *centroid,
	   double *bandwidth, float *w)
{
	genre_d4	len = {0},
				c = {0},
				b = {0};
	int			k,
				l;

	for (k = 0; k < n_bins; k++)
	{
		genre_d4	x = {s[0][k], s[1][k], s[2][k], s[3][k]};

		len += x;
	}
	/* normalize(): columns below tiny are left un-normalised (divided by 1) */
	for (l = 0; l < 4; l++)
		if (len[l] < TINY32)
			len[l] = 1.0;
	for (k = 0; k < n_bins; k++)
	{
		genre_d4	x = {s[0][k], s[1][k], s[2][k], s[3][k]},
					f = {freq[k], freq[k], freq[k], freq[k]},
					q = x / len;
		/* S / length stored back as float32, then weights of float64 frequencies */
		genre_f4	a = __builtin_convertvector(q, genre_f4);
		genre_d4	wk = __builtin_convertvector(a, genre_d4);

		GENRE_VSTORE(w + 4 * k, a);
		c += f * wk;
	}
	for (l = 0; l < 4; l++)
		centroid[l] = c[l];
	if (bandwidth == NULL)
		return;
	for (k = 0; k < n_bins; k++)
	{
		genre_f4	a;
		genre_d4	wk,
					f = {freq[k], freq[k], freq[k], freq[k]},
					dev = c - f;

		GENRE_VLOAD(a, w + 4 * k);
		wk = __builtin_convertvector(a, genre_d4);
		/* |c - f|^2 is (c - f)^2 bit for bit */
		b += wk * (dev * dev);
	}
	for (l = 0; l < 4; l++)
		bandwidth[l] = sqrt(b[l]);
}

static void
shape4_base(const float *const *s, const double *freq, int n_bins, double *centroid,
			double *bandwidth, float *w)
{
	shape4(s, freq, n_bins, centroid, bandwidth, w);
}

GENRE_AVX2 static void
shape4_avx2(const float *const *s, const double *freq, int n_bins, double *centroid,
			double *bandwidth, float *w)
{
	shape4(s, freq, n_bins, centroid, bandwidth, w);
}

genre_code
genre_spectral_centroid_bandwidth(const float *mag, int n_frames, int n_bins,
								  double sr, int n_fft, double *centroid, double *bandwidth,
								  genre_status *st)
{
	/* f_k = k * val, rfftfreq's exact operations (genre_bin_frequency) */
	double		val = genre_bin_frequency(1, sr, n_fft);
	double	   *freq = genre_alloc(sizeof(double) * n_bins);
	float	   *w = genre_alloc(sizeof(float) * 4 * n_bins);
	int			avx2 = genre_simd_avx2(),
				t,
				k,
				l;

	if (!freq || !w)
	{
		genre_free(freq);
		genre_free(w);
		return genre_fail_nomem(st);
	}
	for (k = 0; k < n_bins; k++)
		freq[k] = k * val;
	/* four frames at a time, one per vector lane: each sums its bins in order */
	for (t = 0; t < n_frames; t += 4)
	{
		const float *s[4];
		double		c[4],
					b[4];

		if ((t & 255) == 0 && genre_interrupted())
		{
			genre_free(freq);
			genre_free(w);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (l = 0; l < 4; l++)
			s[l] = mag + (size_t) (t + l < n_frames ? t + l : t) * n_bins;
		if (avx2)
			shape4_avx2(s, freq, n_bins, c, bandwidth ? b : NULL, w);
		else
			shape4_base(s, freq, n_bins, c, bandwidth ? b : NULL, w);
		for (l = 0; l < 4 && t + l < n_frames; l++)
		{
			centroid[t + l] = c[l];
			if (bandwidth)
				bandwidth[t + l] = b[l];
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
