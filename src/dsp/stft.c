/*
 * stft.c - librosa.stft / librosa.istft (0.10) over FFTW.
 *
 * Numbers follow librosa: the window is float64, the windowed frame and its
 * FFT are float64, the stored spectrum is complex float32 (complex64);
 * the inverse accumulates into a float32 signal like librosa's overlap-add.
 */
#include "dsp/stft.h"

#include "base/alloc.h"
#include "dsp/simd.h"

#include <math.h>
#include <string.h>

/* Frames between two cancel checks. */
#define CANCEL_EVERY 64

genre_stft_params
genre_stft_defaults(void)
{
	genre_stft_params p;

	p.n_fft = 2048;
	p.hop = 512;
	p.window = GENRE_WINDOW_HANN;
	p.center = 1;
	p.pad = GENRE_PAD_ZEROS;
	return p;
}

void
genre_window_values(genre_window window, int n, double *w)
{
	int			i;

	if (window == GENRE_WINDOW_ONES)
	{
		for (i = 0; i < n; i++)
			w[i] = 1.0;
		return;
	}

	/*
	 * scipy.signal.get_window('hann', n, fftbins=True): general_cosine over
	 * n + 1 points of linspace(-pi, pi), the last dropped; the same
	 * operations in the same order give the same doubles.
	 */
	{
		double		step = (M_PI - -M_PI) / n;

		for (i = 0; i < n; i++)
		{
			double		fac = i * step + -M_PI;

			w[i] = 0.5 + 0.5 * cos(fac);
		}
	}
}

double
genre_bin_frequency(int k, double sr, int n_fft)
{
	/* rfftfreq: arange(N) * (1.0 / (n * d)) with d = 1.0 / sr */
	return k * (1.0 / (n_fft * (1.0 / sr)));
}

static genre_code
check_params(const genre_stft_params *p, genre_status *st)
{
	if (p == NULL || p->n_fft < 2 || p->n_fft > (1 << 20))
		return genre_fail(st, GENRE_EINVAL, "n_fft must be between 2 and %d", 1 << 20);
	if (p->hop < 1 || p->hop > (1 << 20))
		return genre_fail(st, GENRE_EINVAL, "hop length must be between 1 and %d", 1 << 20);
	if (p->pad != GENRE_PAD_ZEROS && p->pad != GENRE_PAD_REFLECT && p->pad != GENRE_PAD_EDGE)
		return genre_fail(st, GENRE_EINVAL, "unknown padding mode");
	if (p->window != GENRE_WINDOW_HANN && p->window != GENRE_WINDOW_ONES)
		return genre_fail(st, GENRE_EINVAL, "unknown window");
	return GENRE_OK;
}

long
genre_stft_frame_count(size_t n, const genre_stft_params *p)
{
	if (p->center)
		return 1 + (long) (n / (size_t) p->hop);
	if (n < (size_t) p->n_fft)
		return 0;
	return 1 + (long) ((n - (size_t) p->n_fft) / (size_t) p->hop);
}

/*
 * Sample i of y extended beyond its ends as numpy.pad does: zeros, the edge
 * value, or mirroring without repeating the edge (numpy's iterated
 * 'reflect', which is periodic with period 2(n-1); a single sample repeats).
 */
float
genre_padded_sample(const float *y, size_t n, long i, genre_pad_mode mode)
{
	long		len = (long) n;

	if (i >= 0 && i < len)
		return y[i];
	switch (mode)
	{
		case GENRE_PAD_ZEROS:
			return 0.0f;
		case GENRE_PAD_EDGE:
			return i < 0 ? y[0] : y[len - 1];
		case GENRE_PAD_REFLECT:
			if (len == 1)
				return y[0];
			{
				long		period = 2 * (len - 1);
				long		m = i % period;

				if (m < 0)
					m += period;
				if (m >= len)
					m = period - m;
				return y[m];
			}
	}
	return 0.0f;
}

void
genre_stft_frame(const genre_fft *fft, const double *w, const float *y, size_t n,
				 const genre_stft_params *p, long t)
{
	double	   *in = fft->in;
	long		start = t * (long) p->hop - (p->center ? p->n_fft / 2 : 0);
	int			j;

	/* float64 window times float32 samples, as numpy promotes */
	if (start >= 0 && start + p->n_fft <= (long) n && p->n_fft % 4 == 0)
	{
		genre_f32_to_f64(y + start, in, p->n_fft);
		for (j = 0; j < p->n_fft; j += 2)
			genre_d2_store(in + j, genre_d2_load(w + j) * genre_d2_load(in + j));
	}
	else if (start >= 0 && start + p->n_fft <= (long) n)
		for (j = 0; j < p->n_fft; j++)
			in[j] = w[j] * (double) y[start + j];
	else
		for (j = 0; j < p->n_fft; j++)
			in[j] = w[j] * (double) genre_padded_sample(y, n, start + j, p->pad);
	genre_fft_execute(fft);
}

/*
 * The forward transform, writing either the complex64 spectrum (cx) or its
 * float32 magnitude (mag) frame by frame; the magnitude is taken of the
 * complex64-rounded values, so both routes give the same |X|.
 */
static genre_code
stft_run(genre_plan_cache *cache, const float *y, size_t n, const genre_stft_params *p,
		 int want_complex, void *into, void **dst, int *n_frames_out, int *n_bins_out,
		 genre_status *st)
{
	const genre_fft *fft;
	double	   *w;
	void	   *out;
	long		n_frames;
	int			n_bins;
	size_t		count;
	long		t;

	*dst = NULL;
	if (check_params(p, st) != GENRE_OK)
		return st->code;
	if (y == NULL || n == 0)
		return genre_fail(st, GENRE_EINVAL, "empty signal");
	if (n > (size_t) 1 << 40)
		return genre_fail(st, GENRE_ELIMIT, "signal too long");
	n_frames = genre_stft_frame_count(n, p);
	if (n_frames < 1)
		return genre_fail(st, GENRE_EINVAL,
						  "signal of %zu samples is shorter than n_fft %d", n, p->n_fft);
	if (n_frames > 0x7fffffffL)
		return genre_fail(st, GENRE_ELIMIT, "too many frames");
	n_bins = p->n_fft / 2 + 1;
	if (!genre_size_mul((size_t) n_frames, (size_t) n_bins, &count) ||
		!genre_size_mul(count, want_complex ? sizeof(float complex) : sizeof(float), &count))
		return genre_fail(st, GENRE_ELIMIT, "spectrogram too large");

	fft = genre_fft_get(cache, GENRE_FFT_R2C, p->n_fft, st);
	if (fft == NULL)
		return st->code;
	w = genre_alloc(sizeof(double) * p->n_fft);
	out = into ? into : genre_alloc(count);
	if (w == NULL || out == NULL)
	{
		genre_free(w);
		if (!into)
			genre_free(out);
		return genre_fail_nomem(st);
	}
	genre_window_values(p->window, p->n_fft, w);

	for (t = 0; t < n_frames; t++)
	{
		fftw_complex *spec = fft->out;
		int			j;

		if (t % CANCEL_EVERY == 0 && genre_interrupted())
		{
			genre_free(w);
			if (!into)
				genre_free(out);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		genre_stft_frame(fft, w, y, n, p, t);

		/*
		 * stored as complex64 like librosa's stft_matrix (a float complex is
		 * laid out as float[2], C11 6.2.5); np.abs of complex64 is hypotf
		 */
		if (want_complex)
		{
			float	   *d = (float *) out + 2 * (size_t) t * n_bins;

			for (j = 0; j < n_bins; j++)
			{
				d[2 * j] = (float) spec[j][0];
				d[2 * j + 1] = (float) spec[j][1];
			}
		}
		else
		{
			float	   *d = (float *) out + (size_t) t * n_bins;

			genre_abs_c128_to_f32(&spec[0][0], d, n_bins);
		}
	}
	genre_free(w);
	*dst = out;
	*n_frames_out = (int) n_frames;
	*n_bins_out = n_bins;
	return GENRE_OK;
}

genre_code
genre_stft(genre_plan_cache *cache, const float *y, size_t n,
		   const genre_stft_params *p, genre_stft_result *out, genre_status *st)
{
	void	   *x;

	out->x = NULL;
	out->n_bins = 0;
	out->n_frames = 0;
	if (stft_run(cache, y, n, p, 1, NULL, &x, &out->n_frames, &out->n_bins, st) != GENRE_OK)
		return st->code;
	out->x = x;
	return GENRE_OK;
}

genre_code
genre_stft_into(genre_plan_cache *cache, const float *y, size_t n, const genre_stft_params *p,
				float complex *x, genre_status *st)
{
	void	   *dst;
	int			n_frames,
				n_bins;

	return stft_run(cache, y, n, p, 1, x, &dst, &n_frames, &n_bins, st);
}

genre_code
genre_stft_magnitude_direct(genre_plan_cache *cache, const float *y, size_t n,
							const genre_stft_params *p, float **mag, int *n_frames,
							int *n_bins, genre_status *st)
{
	void	   *x;

	*mag = NULL;
	if (stft_run(cache, y, n, p, 0, NULL, &x, n_frames, n_bins, st) != GENRE_OK)
		return st->code;
	*mag = x;
	return GENRE_OK;
}

genre_code
genre_stft_magnitude_into(genre_plan_cache *cache, const float *y, size_t n,
						  const genre_stft_params *p, float *mag, genre_status *st)
{
	void	   *x;
	int			n_frames,
				n_bins;

	return stft_run(cache, y, n, p, 0, mag, &x, &n_frames, &n_bins, st);
}

/*
 * out[0..n) += w * (frame * scale), each sum in float64 rounded to float32
 * (the float64 frame added into the float32 signal, as librosa's
 * overlap-add does), four samples per step.
 */
GENRE_KERNEL void
overlap_add(const double *w, const double *frame, double scale, float *out, int n)
{
	genre_d4	sc = {scale, scale, scale, scale};
	int			j = 0;

	for (; j + 4 <= n; j += 4)
	{
		genre_f4	o;
		genre_d4	wv,
					fv,
					acc;

		GENRE_VLOAD(o, out + j);
		GENRE_VLOAD(wv, w + j);
		GENRE_VLOAD(fv, frame + j);
		acc = __builtin_convertvector(o, genre_d4) + wv * (fv * sc);
		o = __builtin_convertvector(acc, genre_f4);
		GENRE_VSTORE(out + j, o);
	}
	for (; j < n; j++)
		out[j] = (float) ((double) out[j] + w[j] * (frame[j] * scale));
}

static void
overlap_add_base(const double *w, const double *frame, double scale, float *out, int n)
{
	overlap_add(w, frame, scale, out, n);
}

GENRE_AVX2 static void
overlap_add_avx2(const double *w, const double *frame, double scale, float *out, int n)
{
	overlap_add(w, frame, scale, out, n);
}

void
genre_istft_add_frame(const genre_fft *fft, const double *w, const float complex *x,
					  int n_fft, long base, float *out, long len)
{
	fftw_complex *in = fft->in;
	double	   *frame = fft->out;
	/* numpy's irfft multiplies by 1/n; FFTW does not normalise */
	double		scale = 1.0 / n_fft;
	int			n_bins = n_fft / 2 + 1,
				j,
				lo,
				hi;

	/* complex64 widened: re, im interleaved in both */
	j = 2 * n_bins / 4 * 4;
	genre_f32_to_f64((const float *) x, &in[0][0], j);
	for (; j < 2 * n_bins; j++)
		(&in[0][0])[j] = ((const float *) x)[j];
	/* irfft ignores the imaginary parts of DC and Nyquist */
	in[0][1] = 0.0;
	if (n_fft % 2 == 0)
		in[n_bins - 1][1] = 0.0;
	genre_fft_execute(fft);

	lo = base < 0 ? (int) -base : 0;
	hi = base + n_fft > len ? (int) (len - base) : n_fft;
	if (hi <= lo)
		return;
	if (genre_simd_avx2())
		overlap_add_avx2(w + lo, frame + lo, scale, out + base + lo, hi - lo);
	else
		overlap_add_base(w + lo, frame + lo, scale, out + base + lo, hi - lo);
}

/* window_sumsquare of a sample covered by the q = n_fft / hop frames, by its phase */
static float
full_cover_wss(const double *w, const genre_stft_params *p, long r)
{
	float		wss = 0.0f;
	long		j;

	/* frames in order: the window index falls by hop from frame to frame */
	for (j = r + (p->n_fft / p->hop - 1) * (long) p->hop; j >= 0; j -= p->hop)
		wss = (float) ((double) wss + w[j] * w[j]);
	return wss;
}

/* out[k] /= the window_sumsquare of sample k, where it exceeds the smallest normal float */
static inline void
divide_by_wss(float *out, float wss)
{
	if (wss > 1.17549435e-38f)
		*out /= wss;
}

genre_code
genre_istft_normalize(float *out, long len, const double *w, const genre_stft_params *p,
					  long n_frames, genre_status *st)
{
	long		off = p->center ? p->n_fft / 2 : 0,
				q = p->n_fft % p->hop == 0 ? p->n_fft / p->hop : 0,
				full_lo = 0,
				full_hi = 0,
				k;
	float		table[4096];

	/*
	 * Sample k lies at u = k + off in the padded signal.  When n_fft is q
	 * hops, the samples with u in [(q - 1) hop, n_frames hop) are under q
	 * whole frames and repeat one envelope of hop values, by u's phase.
	 */
	if (q > 0 && p->hop <= 4096)
	{
		for (k = 0; k < p->hop; k++)
			table[k] = full_cover_wss(w, p, k);
		full_lo = (q - 1) * p->hop - off;
		full_hi = n_frames * p->hop - off;
		if (full_lo < 0)
			full_lo = 0;
		if (full_hi > len)
			full_hi = len;
		if (full_hi < full_lo)
			full_hi = full_lo;
	}
	for (k = 0; k < len; k++)
	{
		/* the frames covering sample k, in order, as window_sumsquare adds them */
		long		t_lo,
					t_hi,
					t;
		float		wss = 0.0f;

		if (k % 65536 == 0 && genre_interrupted())
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		if (k == full_lo && full_hi > full_lo)
		{
			/* the envelope's phase runs 0..hop-1 with u; a cancel check every 64 hops */
			long		r = (k + off) % p->hop;

			for (; k < full_hi; k++)
			{
				if (k % 65536 == 0 && genre_interrupted())
					return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
				divide_by_wss(out + k, table[r]);
				if (++r == p->hop)
					r = 0;
			}
			k--;
			continue;
		}
		t_lo = k + off - p->n_fft + 1 > 0 ? (k + off - p->n_fft + p->hop) / p->hop : 0;
		t_hi = (k + off) / p->hop;
		if (t_hi > n_frames - 1)
			t_hi = n_frames - 1;
		for (t = t_lo; t <= t_hi; t++)
		{
			double		wj = w[k - (t * p->hop - off)];

			wss = (float) ((double) wss + wj * wj);
		}
		divide_by_wss(out + k, wss);
	}
	return GENRE_OK;
}

/* librosa's istft length: the target, or the frames' span without the padding */
static long
istft_length(const genre_stft_params *p, long length, long *n_frames)
{
	long		off = p->center ? p->n_fft / 2 : 0,
				len;

	/* librosa tests `if length:`, so 0 also means the default length */
	if (length > 0)
	{
		long		padded = length + 2 * off;
		long		need = (padded + p->hop - 1) / p->hop;

		if (need < *n_frames)
			*n_frames = need;
		len = length;
	}
	else
		len = p->n_fft + (long) p->hop * (*n_frames - 1) - 2 * off;
	return len < 0 ? 0 : len;
}

genre_code
genre_istft(genre_plan_cache *cache, const genre_stft_result *s,
			const genre_stft_params *p, long length, float **y, size_t *n,
			genre_status *st)
{
	const genre_fft *fft;
	double	   *w;
	float	   *out;
	long		n_frames,
				off,
				len,
				t;

	*y = NULL;
	*n = 0;
	if (check_params(p, st) != GENRE_OK)
		return st->code;
	if (s == NULL || s->x == NULL || s->n_frames < 1 || s->n_bins != p->n_fft / 2 + 1)
		return genre_fail(st, GENRE_EINVAL, "spectrogram does not match n_fft %d", p->n_fft);
	if (length > (1L << 40))
		return genre_fail(st, GENRE_ELIMIT, "length too large");
	n_frames = s->n_frames;
	off = p->center ? p->n_fft / 2 : 0;
	len = istft_length(p, length, &n_frames);

	fft = genre_fft_get(cache, GENRE_FFT_C2R, p->n_fft, st);
	if (fft == NULL)
		return st->code;
	w = genre_alloc(sizeof(double) * p->n_fft);
	out = genre_calloc((size_t) len + 1, sizeof(float));
	if (w == NULL || out == NULL)
	{
		genre_free(w);
		genre_free(out);
		return genre_fail_nomem(st);
	}
	genre_window_values(p->window, p->n_fft, w);
	for (t = 0; t < n_frames; t++)
	{
		if (t % CANCEL_EVERY == 0 && genre_interrupted())
		{
			genre_free(w);
			genre_free(out);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		genre_istft_add_frame(fft, w, s->x + (size_t) t * s->n_bins, p->n_fft,
							  t * (long) p->hop - off, out, len);
	}
	/* the squared window summed the same way into a float32 envelope (window_sumsquare) */
	if (genre_istft_normalize(out, len, w, p, n_frames, st) != GENRE_OK)
	{
		genre_free(w);
		genre_free(out);
		return st->code;
	}
	genre_free(w);
	*y = out;
	*n = (size_t) len;
	return GENRE_OK;
}

static genre_code
alloc_frames(const genre_stft_result *s, float **dst, genre_status *st)
{
	size_t		count;

	*dst = NULL;
	if (s == NULL || s->x == NULL)
		return genre_fail(st, GENRE_EINTERNAL, "no spectrogram");
	if (!genre_size_mul((size_t) s->n_frames, (size_t) s->n_bins, &count) ||
		(*dst = genre_calloc(count, sizeof(float))) == NULL)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

genre_code
genre_stft_magnitude(const genre_stft_result *s, float **mag, genre_status *st)
{
	size_t		i,
				count;

	if (alloc_frames(s, mag, st) != GENRE_OK)
		return st->code;
	count = (size_t) s->n_frames * s->n_bins;
	/* np.abs of complex64 is hypotf in float32 */
	for (i = 0; i < count; i++)
		(*mag)[i] = genre_abs_c64(crealf(s->x[i]), cimagf(s->x[i]));
	return GENRE_OK;
}

genre_code
genre_stft_power(const genre_stft_result *s, float **pow, genre_status *st)
{
	size_t		i,
				count;

	if (alloc_frames(s, pow, st) != GENRE_OK)
		return st->code;
	count = (size_t) s->n_frames * s->n_bins;
	/* librosa: np.abs(S) ** 2.0, i.e. the float32 magnitude squared in float32 */
	for (i = 0; i < count; i++)
	{
		float		m = genre_abs_c64(crealf(s->x[i]), cimagf(s->x[i]));

		(*pow)[i] = m * m;
	}
	return GENRE_OK;
}

void
genre_stft_free(genre_stft_result *s)
{
	if (s == NULL)
		return;
	genre_free(s->x);
	s->x = NULL;
	s->n_frames = 0;
	s->n_bins = 0;
}
