/*
 * hpss.c - median-filter HPSS in float32 as librosa, frame by frame.
 *
 * scipy.ndimage.median_filter with mode 'reflect' mirrors about the edge
 * (d c b a | a b c d | d c b a); the median of 31 values is the 16th
 * smallest, an exact selection, kept by sorted windows: one per frequency
 * bin sliding along time (all bins advance together, frame after frame,
 * reading the magnitude spectrogram row by row) and one sliding along each
 * frame's bins.  A step removes the value leaving and inserts the one
 * entering with element-wise min / max / select (no branches), eight
 * windows at a time, one per lane (one AVX2 vector or two SSE2 vectors):
 * eight bins along time, eight frames along frequency.
 */
#include "dsp/hpss.h"

#include "base/alloc.h"
#include "dsp/simd.h"

#include <math.h>
#include <string.h>
#ifdef GENRE_SIMD_X86
#include <immintrin.h>
#endif

#define TINY32 1.17549435e-38f
#define HALF (GENRE_HPSS_KERNEL / 2)
#define CANCEL_EVERY 16
#define LANES 8					/* windows per group, stored lane-interleaved */

/* index i of an n-long line under scipy's 'reflect' extension */
static long
reflect_index(long i, long n)
{
	long		period = 2 * n;

	i %= period;
	if (i < 0)
		i += period;
	return i < n ? i : period - 1 - i;
}

/* sort a window of GENRE_HPSS_KERNEL values in place (insertion sort) */
static void
sort_window(float *w)
{
	int			j;

	for (j = 1; j < GENRE_HPSS_KERNEL; j++)
	{
		float		v = w[j];
		int			k = j;

		while (k > 0 && w[k - 1] > v)
		{
			w[k] = w[k - 1];
			k--;
		}
		w[k] = v;
	}
}

/*
 * Eight sorted windows, lane-interleaved: value j of window l at
 * w[LANES * j + l].  Remove one value equal to old[l] and insert add[l],
 * lane by lane.  With L the window less old (L[i] = w[i] < old ? w[i] :
 * w[i+1]), the new window is N[i] = max(L[i-1], min(L[i], add)) with
 * L[-1] = -inf and L[30] = +inf.  The same element-wise operations, so the
 * same bits, four lanes per SSE2 vector or eight per AVX2 one.
 */
static void
replace_base(float *w, const float *old, const float *add)
{
	int			h;

	for (h = 0; h < LANES; h += 4)
	{
		genre_f4	o = genre_f4_load(old + h),
					a = genre_f4_load(add + h),
					prev = genre_f4_set1(-INFINITY),
					cur = genre_f4_load(w + h);
		int			i;

		for (i = 0; i < GENRE_HPSS_KERNEL - 1; i++)
		{
			genre_f4	next = genre_f4_load(w + LANES * (i + 1) + h),
						l = genre_f4_select_lt(cur, o, cur, next);

			genre_f4_store(w + LANES * i + h, genre_f4_max(prev, genre_f4_min(l, a)));
			prev = l;
			cur = next;
		}
		genre_f4_store(w + LANES * (GENRE_HPSS_KERNEL - 1) + h, genre_f4_max(prev, a));
	}
}

#ifdef GENRE_SIMD_X86
GENRE_AVX2 static void
replace_avx2(float *w, const float *old, const float *add)
{
	__m256		o = _mm256_loadu_ps(old),
				a = _mm256_loadu_ps(add),
				prev = _mm256_set1_ps(-INFINITY),
				cur = _mm256_loadu_ps(w);
	int			i;

	for (i = 0; i < GENRE_HPSS_KERNEL - 1; i++)
	{
		__m256		next = _mm256_loadu_ps(w + LANES * (i + 1)),
					l = _mm256_blendv_ps(next, cur, _mm256_cmp_ps(cur, o, _CMP_LT_OQ));

		_mm256_storeu_ps(w + LANES * i, _mm256_max_ps(prev, _mm256_min_ps(l, a)));
		prev = l;
		cur = next;
	}
	_mm256_storeu_ps(w + LANES * (GENRE_HPSS_KERNEL - 1), _mm256_max_ps(prev, a));
}
#endif

static inline void
replace(int avx2, float *w, const float *old, const float *add)
{
#ifdef GENRE_SIMD_X86
	if (avx2)
	{
		replace_avx2(w, old, add);
		return;
	}
#endif
	replace_base(w, old, add);
}

/* eight windows from eight lines of values (line l's values at v[l][0..31)), sorted */
static void
init_windows(float *w, float v[LANES][GENRE_HPSS_KERNEL])
{
	int			l,
				j;

	for (l = 0; l < LANES; l++)
	{
		sort_window(v[l]);
		for (j = 0; j < GENRE_HPSS_KERNEL; j++)
			w[LANES * j + l] = v[l][j];
	}
}

/*
 * Median filter (reflect edges) along frequency of eight frames' rows
 * rows[l][0..n) into out[l][0..n), one frame per lane.
 */
static void
median_rows(int avx2, const float *rows[LANES], long n, float *out[LANES])
{
	float		w[LANES * GENRE_HPSS_KERNEL];
	float		v[LANES][GENRE_HPSS_KERNEL];
	long		i;
	int			l,
				j;

	for (l = 0; l < LANES; l++)
		for (j = 0; j < GENRE_HPSS_KERNEL; j++)
			v[l][j] = rows[l][reflect_index(j - HALF, n)];
	init_windows(w, v);
	for (l = 0; l < LANES; l++)
		out[l][0] = w[LANES * HALF + l];
	for (i = 1; i < n; i++)
	{
		long		a = reflect_index(i - 1 - HALF, n),
					b = reflect_index(i + HALF, n);
		float		old[LANES],
					add[LANES];

		for (l = 0; l < LANES; l++)
		{
			old[l] = rows[l][a];
			add[l] = rows[l][b];
		}
		replace(avx2, w, old, add);
		for (l = 0; l < LANES; l++)
			out[l][i] = w[LANES * HALF + l];
	}
}

/*
 * The frame's two parts from its spectrum spec (complex128, the STFT's
 * complex64 values widened), magnitudes m, harmonic medians h and
 * percussive medians pc: (|X| * mask) * exp(1j * angle(X)).  numpy's
 * magphase takes the cosine and sine of the float32 angle; X / |X| is the
 * same phase to within an ulp (exp(1j * 0) = 1 where |X| = 0).  The masks
 * are softmask(X, X_ref, power 2, split_zeros), float32: with z the larger,
 * (X/z)^2 / ((X/z)^2 + (X_ref/z)^2), 0.5 where z is below the smallest
 * normal float; the two masks share z and the squares.  Eight bins per
 * step, each lane the scalar arithmetic.
 */
GENRE_KERNEL void
split_bins(const double *spec, const float *m, const float *h, const float *pc, long nb,
		   float complex *xh, float complex *xp)
{
	const genre_f8 zero = {0},
				one = {1, 1, 1, 1, 1, 1, 1, 1},
				half = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f},
				tiny = {TINY32, TINY32, TINY32, TINY32, TINY32, TINY32, TINY32, TINY32};
	long		k = 0;
	int			l;

	for (; k + 8 <= nb; k += 8)
	{
		genre_f8	re,
					im,
					mk,
					hk,
					pk,
					c,
					s,
					z,
					a,
					b,
					mh,
					mp,
					hr,
					hi,
					pr,
					pi;
		genre_i8	pos,
					small;

		for (l = 0; l < 8; l++)
		{
			re[l] = (float) spec[2 * (k + l)];
			im[l] = (float) spec[2 * (k + l) + 1];
		}
		GENRE_VLOAD(mk, m + k);
		GENRE_VLOAD(hk, h + k);
		GENRE_VLOAD(pk, pc + k);
		pos = mk > zero;
		c = GENRE_F8_SELECT(pos, re / mk, one);
		s = GENRE_F8_SELECT(pos, im / mk, zero);
		z = GENRE_F8_SELECT(hk > pk, hk, pk);
		small = z < tiny;
		a = hk / z;
		b = pk / z;
		a = a * a;
		b = b * b;
		mh = mk * GENRE_F8_SELECT(small, half, a / (a + b));
		mp = mk * GENRE_F8_SELECT(small, half, b / (a + b));
		hr = mh * c;
		hi = mh * s;
		pr = mp * c;
		pi = mp * s;
		for (l = 0; l < 8; l++)
		{
			xh[k + l] = hr[l] + hi[l] * I;
			xp[k + l] = pr[l] + pi[l] * I;
		}
	}
	for (; k < nb; k++)
	{
		float		re = (float) spec[2 * k],
					im = (float) spec[2 * k + 1];
		float		c = m[k] > 0.0f ? re / m[k] : 1.0f,
					s = m[k] > 0.0f ? im / m[k] : 0.0f;
		float		z = h[k] > pc[k] ? h[k] : pc[k];
		float		mh = 0.5f,
					mp = 0.5f;

		if (!(z < TINY32))
		{
			float		a = h[k] / z,
						b = pc[k] / z;

			a = a * a;
			b = b * b;
			mh = a / (a + b);
			mp = b / (a + b);
		}
		mh *= m[k];
		mp *= m[k];
		xh[k] = (mh * c) + (mh * s) * I;
		xp[k] = (mp * c) + (mp * s) * I;
	}
}

static void
split_bins_base(const double *spec, const float *m, const float *h, const float *pc, long nb,
				float complex *xh, float complex *xp)
{
	split_bins(spec, m, h, pc, nb, xh, xp);
}

GENRE_AVX2 static void
split_bins_avx2(const double *spec, const float *m, const float *h, const float *pc, long nb,
				float complex *xh, float complex *xp)
{
	split_bins(spec, m, h, pc, nb, xh, xp);
}

/* frames of |X| kept when the caller has no magnitude spectrogram */
#define RING 64

typedef struct hpss_work
{
	float	   *ring;			/* RING rows of |X|, frame i at i % RING */
	long		ring_next;		/* first frame not yet in the ring */
	float	   *hwin;			/* groups of LANES windows along time, one per bin */
	float	   *h;				/* this frame's harmonic medians */
	float	   *p;				/* LANES frames' percussive medians */
	float complex *xh;			/* this frame's two parts */
	float complex *xp;
	double	   *w;				/* the analysis window */
} hpss_work;

static void
free_work(genre_plan_cache *cache, hpss_work *wk)
{
	genre_work_free(cache, wk->ring);
	genre_work_free(cache, wk->hwin);
	genre_free(wk->h);
	genre_free(wk->p);
	genre_free(wk->xh);
	genre_free(wk->xp);
	genre_free(wk->w);
}

/* row i of |X|: the caller's spectrogram, or the ring */
static inline const float *
mag_row(const float *mag, const hpss_work *wk, long i, long nb)
{
	return mag ? mag + i * nb : wk->ring + (i % RING) * nb;
}

/* without a spectrogram: compute |X| of the frames up to last (inclusive) into the ring */
static void
fill_ring(hpss_work *wk, const genre_fft *fwd, const float *y, size_t n,
		  const genre_stft_params *p, long nb, long last)
{
	for (; wk->ring_next <= last; wk->ring_next++)
	{
		const fftw_complex *spec = fwd->out;
		float	   *r = wk->ring + (wk->ring_next % RING) * nb;

		genre_stft_frame(fwd, wk->w, y, n, p, wk->ring_next);
		genre_abs_c128_to_f32(&spec[0][0], r, (int) nb);
	}
}

genre_code
genre_hpss_signals(genre_plan_cache *cache, const float *y, size_t n,
				   const genre_stft_params *p, const float *mag, int n_frames,
				   float **harm, float **perc, genre_status *st)
{
	long		nb = p->n_fft / 2 + 1,
				nt = n_frames,
				off = p->center ? p->n_fft / 2 : 0,
				len,
				cap,
				groups = (p->n_fft / 2 + 1 + LANES - 1) / LANES,
				zeroed = 0,
				t,
				k;
	const genre_fft *fwd,
			   *inv;
	hpss_work	wk = {0};
	int			avx2 = genre_simd_avx2();
	float	   *oh = NULL,
			   *op = NULL;

	*harm = *perc = NULL;
	if (nt < 1 || n == 0)
		return genre_fail(st, GENRE_EINVAL, "hpss needs a non-empty signal");
	if (nt != genre_stft_frame_count(n, p))
		return genre_fail(st, GENRE_EINTERNAL, "hpss spectrogram does not match the signal");
	fwd = genre_fft_get(cache, GENRE_FFT_R2C, p->n_fft, st);
	inv = fwd ? genre_fft_get(cache, GENRE_FFT_C2R, p->n_fft, st) : NULL;
	if (inv == NULL)
		return st->code;
	/* istft without a length: the frames' span less the padding; then n */
	len = p->n_fft + (long) p->hop * (nt - 1) - 2 * off;
	if (len < 0)
		len = 0;
	cap = len > (long) n ? len : (long) n;
	wk.hwin = genre_work_alloc(cache, sizeof(float) * LANES * groups * GENRE_HPSS_KERNEL);
	wk.h = genre_alloc(sizeof(float) * LANES * groups);
	wk.p = genre_alloc(sizeof(float) * LANES * nb);
	wk.xh = genre_alloc(sizeof(float complex) * nb);
	wk.xp = genre_alloc(sizeof(float complex) * nb);
	wk.w = genre_alloc(sizeof(double) * p->n_fft);
	if (mag == NULL)
		wk.ring = genre_work_alloc(cache, sizeof(float) * RING * nb);
	/* zeroed as the frames reach them, so the pages fault in between cancel checks */
	oh = genre_work_alloc(cache, sizeof(float) * ((size_t) cap + 1));
	op = genre_work_alloc(cache, sizeof(float) * ((size_t) cap + 1));
	if (!wk.hwin || !wk.h || !wk.p || !wk.xh || !wk.xp || !wk.w || !oh || !op ||
		(mag == NULL && !wk.ring))
	{
		free_work(cache, &wk);
		genre_work_free(cache, oh);
		genre_work_free(cache, op);
		return genre_fail_nomem(st);
	}
	genre_window_values(p->window, p->n_fft, wk.w);
	if (mag == NULL)
		fill_ring(&wk, fwd, y, n, p, nb, HALF + 1 < nt ? HALF + 1 : nt - 1);

	/* each bin's window along time, centred on frame 0 (the last group repeats bin nb-1) */
	for (k = 0; k < groups; k++)
	{
		float		v[LANES][GENRE_HPSS_KERNEL];
		int			l,
					j;

		for (l = 0; l < LANES; l++)
			for (j = 0; j < GENRE_HPSS_KERNEL; j++)
				v[l][j] = mag_row(mag, &wk, reflect_index(j - HALF, nt), nb)
					[LANES * k + l < nb ? LANES * k + l : nb - 1];
		init_windows(wk.hwin + k * LANES * GENRE_HPSS_KERNEL, v);
	}
	for (t = 0; t < nt; t++)
	{
		const float *m,
				   *leave,
				   *enter;
		const fftw_complex *spec = fwd->out;
		const float *pt = wk.p + (t % LANES) * nb;

		/* the window at t + 1 reaches frame t + 16, the percussive batch t + 7 */
		if (mag == NULL)
			fill_ring(&wk, fwd, y, n, p, nb, t + HALF + 1 < nt ? t + HALF + 1 : nt - 1);
		m = mag_row(mag, &wk, t, nb);
		leave = mag_row(mag, &wk, reflect_index(t - HALF, nt), nb);
		enter = mag_row(mag, &wk, reflect_index(t + HALF + 1, nt), nb);

		if (t % CANCEL_EVERY == 0 && genre_interrupted())
		{
			free_work(cache, &wk);
			genre_work_free(cache, oh);
			genre_work_free(cache, op);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		/* harmonic: the median along time; then every window moves to t + 1 */
		for (k = 0; k < groups; k++)
		{
			float	   *w = wk.hwin + k * LANES * GENRE_HPSS_KERNEL;

			memcpy(wk.h + LANES * k, w + LANES * HALF, sizeof(float) * LANES);
			if (LANES * (k + 1) <= nb)
				replace(avx2, w, leave + LANES * k, enter + LANES * k);
			else
			{
				float		old[LANES],
							add[LANES];
				int			l;

				for (l = 0; l < LANES; l++)
				{
					long		b = LANES * k + l < nb ? LANES * k + l : nb - 1;

					old[l] = leave[b];
					add[l] = enter[b];
				}
				replace(avx2, w, old, add);
			}
		}
		/* percussive: the median along each frame's bins, LANES frames at a time */
		if (t % LANES == 0)
		{
			const float *rows[LANES];
			float	   *outs[LANES];
			int			l;

			for (l = 0; l < LANES; l++)
			{
				rows[l] = mag_row(mag, &wk, t + l < nt ? t + l : t, nb);
				outs[l] = wk.p + l * nb;
			}
			median_rows(avx2, rows, nb, outs);
		}

		/* the frame's spectrum again (the same complex64 values as the STFT), split */
		genre_stft_frame(fwd, wk.w, y, n, p, t);
		if (avx2)
			split_bins_avx2(&spec[0][0], m, wk.h, pt, nb, wk.xh, wk.xp);
		else
			split_bins_base(&spec[0][0], m, wk.h, pt, nb, wk.xh, wk.xp);
		{
			long		reach = t * (long) p->hop - off + p->n_fft;

			if (reach > cap)
				reach = cap;
			if (reach > zeroed)
			{
				memset(oh + zeroed, 0, sizeof(float) * (reach - zeroed));
				memset(op + zeroed, 0, sizeof(float) * (reach - zeroed));
				zeroed = reach;
			}
		}
		genre_istft_add_frame(inv, wk.w, wk.xh, p->n_fft, t * (long) p->hop - off, oh, len);
		genre_istft_add_frame(inv, wk.w, wk.xp, p->n_fft, t * (long) p->hop - off, op, len);
	}
	memset(oh + zeroed, 0, sizeof(float) * (cap + 1 - zeroed));
	memset(op + zeroed, 0, sizeof(float) * (cap + 1 - zeroed));
	if (genre_istft_normalize(oh, len, wk.w, p, nt, st) != GENRE_OK ||
		genre_istft_normalize(op, len, wk.w, p, nt, st) != GENRE_OK)
	{
		free_work(cache, &wk);
		genre_work_free(cache, oh);
		genre_work_free(cache, op);
		return st->code;
	}
	free_work(cache, &wk);
	*harm = oh;
	*perc = op;
	return GENRE_OK;
}
