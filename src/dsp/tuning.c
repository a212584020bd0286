/*
 * tuning.c - piptrack + pitch_tuning, reproducing librosa's float32 arithmetic
 * (the tuning is a histogram argmax, so a rounding difference can flip a bin).
 */
#include "dsp/tuning.h"

#include "base/alloc.h"
#include "dsp/median.h"
#include "dsp/simd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PIP_FMIN 150.0
#define PIP_FMAX 4000.0
#define PIP_THRESHOLD 0.1
#define TUNING_BINS 100			/* resolution 0.01 over [-0.5, 0.5] */

/*
 * Parabolic shift at bin k of one frame.  librosa 0.10's numba stencil
 * computes a and b in float64 from float32 neighbours (x[1] + x[-1] stays
 * float32); 0.7.2 used float32 numpy arrays and no |b| < |a| guard.
 */
static float
parabolic_shift(const float *s, int k, genre_piptrack_version version)
{
	if (version == GENRE_PIPTRACK_0_10)
	{
		float		sum = s[k + 1] + s[k - 1];
		double		a = (double) sum - 2.0 * (double) s[k];
		double		b = (double) (s[k + 1] - s[k - 1]) / 2.0;

		if (fabs(b) >= fabs(a))
			return 0.0f;
		return (float) (-b / a);
	}
	else
	{
		float		avg = 0.5f * (s[k + 1] - s[k - 1]);
		float		den = 2.0f * s[k] - s[k + 1] - s[k - 1];

		/* numpy adds 1 where |den| < tiny to dodge division by zero */
		if (fabsf(den) < 1.17549435e-38f)
			den += 1.0f;
		return avg / den;
	}
}

/* np.gradient along frequency: central differences, one-sided at the ends (float32). */
static float
gradient_at(const float *s, int k, int n_bins)
{
	if (k == 0)
		return s[1] - s[0];
	if (k == n_bins - 1)
		return s[k] - s[k - 1];
	return (s[k + 1] - s[k - 1]) / 2.0f;
}

double
genre_pitch_tuning(const float *freqs, long n, int bins_per_octave)
{
	long		counts[TUNING_BINS] = {0};
	long		i;
	int			best = 0,
				any = 0;

	for (i = 0; i < n; i++)
	{
		float		r;
		double		rd;
		int			bin;

		if (i % (1L << 20) == 0 && i > 0 && genre_interrupted())
			return 0.0;			/* the caller sees the cancel too */
		if (!(freqs[i] > 0.0f))
			continue;
		any = 1;
		/* float32 throughout as numpy: log2(f / 27.5) * bpo, mod 1 */
		r = (float) bins_per_octave * log2f(freqs[i] / 27.5f);
		r = fmodf(r, 1.0f);
		if (r < 0.0f)
			r += 1.0f;
		if (r >= 0.5f)
			r -= 1.0f;
		rd = r;
		/* edges are linspace(-0.5, 0.5, 101): i * 0.01 - 0.5; left-closed bins, last closed */
		bin = (int) floor((rd + 0.5) / 0.01);
		if (bin < 0)
			bin = 0;
		if (bin > TUNING_BINS - 1)
			bin = TUNING_BINS - 1;
		/* floor() can land one off the exact edge comparison numpy makes */
		while (bin > 0 && rd < bin * 0.01 - 0.5)
			bin--;
		while (bin < TUNING_BINS - 1 && rd >= (bin + 1) * 0.01 - 0.5)
			bin++;
		counts[bin]++;
	}
	if (!any)
		return 0.0;
	for (i = 1; i < TUNING_BINS; i++)
		if (counts[i] > counts[best])
			best = (int) i;
	return best * 0.01 - 0.5;
}

/* max(0, largest of s[0..n)): the order of a max does not matter, sixteen run at once */
static float
frame_max(const float *s, int n)
{
	float		m = 0.0f;
	int			k = 0;

#ifdef __SSE2__
	__m128		a = _mm_setzero_ps(),
				b = _mm_setzero_ps(),
				c = _mm_setzero_ps(),
				d = _mm_setzero_ps();
	float		r[4];

	for (; k + 16 <= n; k += 16)
	{
		a = _mm_max_ps(a, _mm_loadu_ps(s + k));
		b = _mm_max_ps(b, _mm_loadu_ps(s + k + 4));
		c = _mm_max_ps(c, _mm_loadu_ps(s + k + 8));
		d = _mm_max_ps(d, _mm_loadu_ps(s + k + 12));
	}
	_mm_storeu_ps(r, _mm_max_ps(_mm_max_ps(a, b), _mm_max_ps(c, d)));
	for (int l = 0; l < 4; l++)
		m = r[l] > m ? r[l] : m;
#endif
	for (; k < n; k++)
		m = s[k] > m ? s[k] : m;
	return m;
}

/* bit i set when x[i] > x[i-1] and x[i] >= x[i+1], i = 0..3 */
static inline unsigned
peak_mask(const float *x)
{
#ifdef __SSE2__
	__m128		c = _mm_loadu_ps(x),
				l = _mm_loadu_ps(x - 1),
				r = _mm_loadu_ps(x + 1);

	return (unsigned) _mm_movemask_ps(_mm_and_ps(_mm_cmpgt_ps(c, l), _mm_cmpge_ps(c, r)));
#else
	unsigned	m = 0;

	for (int i = 0; i < 4; i++)
		m |= (unsigned) (x[i] > x[i - 1] && x[i] >= x[i + 1]) << i;
	return m;
#endif
}

genre_code
genre_tuning_begin(genre_tuning_acc *acc, long n_frames, int n_bins, int sr, int n_fft,
				   int bins_per_octave, genre_piptrack_version version, int square,
				   genre_status *st)
{
	double		fmax = PIP_FMAX < sr / 2.0 ? PIP_FMAX : sr / 2.0;
	int			k_lo,
				k_hi;

	memset(acc, 0, sizeof(*acc));
	acc->n_bins = n_bins;
	acc->sr = sr;
	acc->n_fft = n_fft;
	acc->bins_per_octave = bins_per_octave;
	acc->version = version;
	acc->square = square;
	if (n_frames <= 0 || n_bins < 3)
		return GENRE_OK;
	/* candidate bins: fmin <= k * sr / n_fft < fmax */
	k_lo = (int) ceil(PIP_FMIN * n_fft / sr);
	while (k_lo > 0 && (double) (k_lo - 1) * sr / n_fft >= PIP_FMIN)
		k_lo--;
	while ((double) k_lo * sr / n_fft < PIP_FMIN)
		k_lo++;
	k_hi = k_lo;
	while (k_hi < n_bins && (double) k_hi * sr / n_fft < fmax)
		k_hi++;
	/* bins 0 and n_bins-1 are never interior peaks here */
	if (k_lo < 1)
		k_lo = 1;
	if (k_hi > n_bins - 1)
		k_hi = n_bins - 1;
	if (k_hi <= k_lo)
		return GENRE_OK;
	acc->k_lo = k_lo;
	acc->k_hi = k_hi;

	/*
	 * peaks are strict local maxima of k_lo..k_hi-1, at most one bin in two
	 * per frame; only the pages of the peaks found are ever touched
	 */
	acc->cap = (long) genre_tuning_peaks_per_frame(n_bins, sr, n_fft) * n_frames;
	acc->pitch = genre_alloc(sizeof(float) * acc->cap);
	acc->mag = genre_alloc(sizeof(float) * acc->cap);
	/* the peak test reads up to 4 bins past k_hi; they stay 0 */
	acc->thr = genre_calloc((size_t) n_bins + 8, sizeof(float));
	acc->row = genre_alloc(sizeof(float) * n_bins);
	if (!acc->pitch || !acc->mag || !acc->thr || !acc->row)
	{
		genre_tuning_abort(acc);
		return genre_fail_nomem(st);
	}
	return GENRE_OK;
}

genre_code
genre_tuning_add(genre_tuning_acc *acc, const float *spec, int n_frames, genre_status *st)
{
	int			k_lo = acc->k_lo,
				k_hi = acc->k_hi,
				n_bins = acc->n_bins,
				t;

	if (acc->pitch == NULL)
		return GENRE_OK;		/* no candidate bins */
	if (acc->n_peaks + (long) n_frames * ((k_hi - k_lo + 1) / 2 + 1) > acc->cap)
		return genre_fail(st, GENRE_EINTERNAL, "more tuning frames than announced");
	for (t = 0; t < n_frames; t++)
	{
		const float *s = spec + (size_t) t * n_bins;
		float		ref;
		int			k;

		if ((t & 255) == 0 && genre_interrupted())
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		ref = frame_max(s, n_bins);
		if (acc->square)
		{
			/* rounding is monotone, so the largest square is the square of the largest */
			ref = ref * ref;
			for (k = k_lo - 1; k <= k_hi && k < n_bins; k++)
				acc->row[k] = s[k] * s[k];
			s = acc->row;
		}
		ref = (float) PIP_THRESHOLD * ref;
		/* the thresholded spectrum S * (S > ref), needed at k-1..k+1 */
		k = k_lo - 1;
#ifdef __SSE2__
		{
			__m128		r = _mm_set1_ps(ref);

			for (; k + 4 <= k_hi + 1 && k + 4 <= n_bins; k += 4)
			{
				__m128		x = _mm_loadu_ps(s + k);

				_mm_storeu_ps(acc->thr + k, _mm_and_ps(_mm_cmpgt_ps(x, r), x));
			}
		}
#endif
		for (; k <= k_hi && k < n_bins; k++)
			acc->thr[k] = s[k] > ref ? s[k] : 0.0f;
		for (k = k_lo; k < k_hi; k += 4)
		{
			/* local maxima of the thresholded spectrum, four bins at a time */
			unsigned	m = peak_mask(acc->thr + k);

			if (k_hi - k < 4)
				m &= (1u << (k_hi - k)) - 1;
			while (m)
			{
				int			p = k + __builtin_ctz(m);
				float		shift = parabolic_shift(s, p, acc->version);

				m &= m - 1;
				/* (k + shift) * sr / n_fft in float64, stored float32 */
				acc->pitch[acc->n_peaks] =
					(float) (((double) p + (double) shift) * (double) acc->sr / acc->n_fft);
				/* S + 0.5 * gradient * shift, float32 */
				acc->mag[acc->n_peaks] = s[p] + 0.5f * gradient_at(s, p, n_bins) * shift;
				acc->n_peaks++;
			}
		}
	}
	return GENRE_OK;
}

genre_code
genre_tuning_end(genre_tuning_acc *acc, double *tuning, genre_status *st)
{
	float	   *peak_mags;
	long		kept,
				i;
	float		median;

	*tuning = 0.0;
	if (acc->pitch == NULL)
	{
		genre_tuning_abort(acc);
		return GENRE_OK;
	}
	/* threshold = median of mag where pitch > 0 (np.median in float32) */
	peak_mags = genre_alloc(sizeof(float) * (acc->n_peaks + 1));
	if (!peak_mags)
	{
		genre_tuning_abort(acc);
		return genre_fail_nomem(st);
	}
	kept = 0;
	for (i = 0; i < acc->n_peaks; i++)
	{
		if (i % (1L << 21) == 0 && genre_interrupted())
			break;
		if (acc->pitch[i] > 0.0f)
			peak_mags[kept++] = acc->mag[i];
	}
	median = kept > 0 ? genre_median_f32(peak_mags, (size_t) kept) : 0.0f;
	kept = 0;
	for (i = 0; i < acc->n_peaks; i++)
	{
		if (i % (1L << 21) == 0 && genre_interrupted())
			break;
		if (acc->pitch[i] > 0.0f && acc->mag[i] >= median)
			acc->pitch[kept++] = acc->pitch[i];
	}
	*tuning = genre_pitch_tuning(acc->pitch, kept, acc->bins_per_octave);
	genre_free(peak_mags);
	genre_tuning_abort(acc);
	/* the median and the histogram stop early on a cancel */
	GENRE_CHECK_CANCEL(st);
	return GENRE_OK;
}

void
genre_tuning_abort(genre_tuning_acc *acc)
{
	genre_free(acc->pitch);
	genre_free(acc->mag);
	genre_free(acc->thr);
	genre_free(acc->row);
	acc->pitch = acc->mag = acc->thr = acc->row = NULL;
}

int
genre_tuning_peaks_per_frame(int n_bins, int sr, int n_fft)
{
	/* bins below fmax 4 kHz, one in two a peak: a bound that never needs the exact range */
	double		fmax = PIP_FMAX < sr / 2.0 ? PIP_FMAX : sr / 2.0;
	long		k_hi = (long) ceil(fmax * n_fft / sr) + 1;

	if (k_hi > n_bins)
		k_hi = n_bins;
	return (int) (k_hi / 2 + 2);
}

static genre_code
estimate_tuning(const float *spec, int square, int n_frames, int n_bins, int sr, int n_fft,
				int bins_per_octave, genre_piptrack_version version, double *tuning,
				genre_status *st)
{
	genre_tuning_acc acc;

	*tuning = 0.0;
	if (genre_tuning_begin(&acc, n_frames, n_bins, sr, n_fft, bins_per_octave, version,
						   square, st) != GENRE_OK)
		return st->code;
	if (genre_tuning_add(&acc, spec, n_frames, st) != GENRE_OK)
	{
		genre_tuning_abort(&acc);
		return st->code;
	}
	return genre_tuning_end(&acc, tuning, st);
}

genre_code
genre_estimate_tuning(const float *spec, int n_frames, int n_bins, int sr, int n_fft,
					  int bins_per_octave, genre_piptrack_version version,
					  double *tuning, genre_status *st)
{
	return estimate_tuning(spec, 0, n_frames, n_bins, sr, n_fft, bins_per_octave, version,
						   tuning, st);
}

genre_code
genre_estimate_tuning_power(const float *mag, int n_frames, int n_bins, int sr, int n_fft,
							int bins_per_octave, genre_piptrack_version version,
							double *tuning, genre_status *st)
{
	return estimate_tuning(mag, 1, n_frames, n_bins, sr, n_fft, bins_per_octave, version,
						   tuning, st);
}
