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

#include "dsp/stft.h"

#include <math.h>

/* np.finfo(np.float32).tiny: util.normalize's threshold for float32 input */
#define TINY32 1.17549435e-38

void
genre_spectral_centroid_bandwidth(const float *mag, int n_frames, int n_bins,
								  double sr, int n_fft, double *centroid, double *bandwidth)
{
	/* f_k = k * val, rfftfreq's exact operations (genre_bin_frequency) */
	double		val = genre_bin_frequency(1, sr, n_fft);
	int			t,
				k;

	for (t = 0; t < n_frames; t++)
	{
		const float *s = mag + (size_t) t * n_bins;
		double		length = 0.0;
		double		c = 0.0;

		for (k = 0; k < n_bins; k++)
			length += s[k];
		/* normalize(): columns below tiny are left un-normalised (divided by 1) */
		if (length < TINY32)
			length = 1.0;
		for (k = 0; k < n_bins; k++)
		{
			float		w = (float) (s[k] / length);

			c += (k * val) * (double) w;
		}
		centroid[t] = c;
		if (bandwidth)
		{
			double		b = 0.0;

			for (k = 0; k < n_bins; k++)
			{
				float		w = (float) (s[k] / length);
				double		dev = fabs(c - k * val);

				b += (double) w * (dev * dev);
			}
			bandwidth[t] = sqrt(b);
		}
	}
}

void
genre_spectral_rolloff_frames(const float *mag, int n_frames, int n_bins, double sr, int n_fft,
							  double roll_percent, double *out)
{
	/* roll_percent * float32 array: numpy casts the Python float to float32 */
	float		pct = (float) roll_percent;
	int			t,
				k;

	for (t = 0; t < n_frames; t++)
	{
		const float *s = mag + (size_t) t * n_bins;
		float		total = 0.0f;
		float		threshold;
		float		cs = 0.0f;

		for (k = 0; k < n_bins; k++)
			total += s[k];
		threshold = pct * total;
		out[t] = 0.0;
		for (k = 0; k < n_bins; k++)
		{
			cs += s[k];
			if (cs >= threshold)
			{
				out[t] = genre_bin_frequency(k, sr, n_fft);
				break;
			}
		}
	}
}
