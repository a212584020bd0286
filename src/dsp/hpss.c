/*
 * hpss.c - median-filter HPSS in float32 as librosa, frame by frame.
 *
 * scipy.ndimage.median_filter with mode 'reflect' mirrors about the edge
 * (d c b a | a b c d | d c b a); the median of 31 values is the 16th
 * smallest, an exact selection, kept by sorted windows: one per frequency
 * bin sliding along time (all bins advance together, frame after frame,
 * reading the magnitude spectrogram row by row) and one sliding along each
 * frame's bins.  A step removes the value leaving and inserts the one
 * entering with element-wise min / max / select (no branches), four
 * windows at a time, one per vector lane: four bins along time, four
 * frames along frequency.
 */
#include "dsp/hpss.h"

#include "base/alloc.h"
#include "dsp/simd.h"

#include <math.h>
#include <string.h>

#define TINY32 1.17549435e-38f
#define HALF (GENRE_HPSS_KERNEL / 2)
#define CANCEL_EVERY 16

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
 * Four sorted windows, lane l of w[0..31) being window l: remove one value
 * equal to old and insert add, lane by lane.  With L the window less old
 * (L[i] = w[i] < old ? w[i] : w[i+1]), the new window is
 * N[i] = max(L[i-1], min(L[i], add)) with L[-1] = -inf and L[30] = +inf.
 */
static inline void
replace4(genre_f4 *w, genre_f4 old, genre_f4 add)
{
	genre_f4	prev = genre_f4_set1(-INFINITY);
	int			i;

	for (i = 0; i < GENRE_HPSS_KERNEL - 1; i++)
	{
		genre_f4	l = genre_f4_select_lt(w[i], old, w[i], w[i + 1]);

		w[i] = genre_f4_max(prev, genre_f4_min(l, add));
		prev = l;
	}
	w[GENRE_HPSS_KERNEL - 1] = genre_f4_max(prev, add);
}

/* four windows from four lines of values (line l's values at v[l][0..31)), sorted */
static void
init4(genre_f4 *w, float v[4][GENRE_HPSS_KERNEL])
{
	int			l,
				j;

	for (l = 0; l < 4; l++)
		sort_window(v[l]);
	for (j = 0; j < GENRE_HPSS_KERNEL; j++)
	{
		genre_f4	x = {v[0][j], v[1][j], v[2][j], v[3][j]};

		w[j] = x;
	}
}

/*
 * Median filter (reflect edges) along frequency of four frames' rows
 * rows[l][0..n) into out[l][0..n), one frame per lane.
 */
static void
median_rows4(const float *rows[4], long n, float *out[4])
{
	genre_f4	w[GENRE_HPSS_KERNEL];
	float		v[4][GENRE_HPSS_KERNEL];
	long		i;
	int			l,
				j;

	for (l = 0; l < 4; l++)
		for (j = 0; j < GENRE_HPSS_KERNEL; j++)
			v[l][j] = rows[l][reflect_index(j - HALF, n)];
	init4(w, v);
	for (l = 0; l < 4; l++)
		out[l][0] = w[HALF][l];
	for (i = 1; i < n; i++)
	{
		long		a = reflect_index(i - 1 - HALF, n),
					b = reflect_index(i + HALF, n);
		genre_f4	old = {rows[0][a], rows[1][a], rows[2][a], rows[3][a]},
					add = {rows[0][b], rows[1][b], rows[2][b], rows[3][b]};

		replace4(w, old, add);
		for (l = 0; l < 4; l++)
			out[l][i] = w[HALF][l];
	}
}

/* softmask(X, X_ref, power 2, split_zeros): X^2 / (X^2 + X_ref^2) scaled by max, float32 */
static float
soft_mask(float x, float ref)
{
	float		z = x > ref ? x : ref;
	float		a,
				b;

	if (z < TINY32)
		return 0.5f;
	a = x / z;
	b = ref / z;
	a = a * a;
	b = b * b;
	return a / (a + b);
}

/* frames of |X| kept when the caller has no magnitude spectrogram */
#define RING 64

typedef struct hpss_work
{
	float	   *ring;			/* RING rows of |X|, frame i at i % RING */
	long		ring_next;		/* first frame not yet in the ring */
	genre_f4   *hwin;			/* bins / 4 groups of four windows along time */
	float	   *h;				/* this frame's harmonic medians */
	float	   *p;				/* four frames' percussive medians */
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
				groups = (p->n_fft / 2 + 1 + 3) / 4,
				zeroed = 0,
				t,
				k;
	const genre_fft *fwd,
			   *inv;
	hpss_work	wk = {0};
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
	wk.hwin = genre_work_alloc(cache, sizeof(genre_f4) * groups * GENRE_HPSS_KERNEL);
	wk.h = genre_alloc(sizeof(float) * 4 * groups);
	wk.p = genre_alloc(sizeof(float) * 4 * nb);
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
		float		v[4][GENRE_HPSS_KERNEL];
		int			l,
					j;

		for (l = 0; l < 4; l++)
			for (j = 0; j < GENRE_HPSS_KERNEL; j++)
				v[l][j] = mag_row(mag, &wk, reflect_index(j - HALF, nt), nb)
					[4 * k + l < nb ? 4 * k + l : nb - 1];
		init4(wk.hwin + k * GENRE_HPSS_KERNEL, v);
	}
	for (t = 0; t < nt; t++)
	{
		const float *m,
				   *leave,
				   *enter;
		const fftw_complex *spec = fwd->out;
		const float *pt = wk.p + (t % 4) * nb;

		/* the window at t + 1 reaches frame t + 16, the percussive batch t + 3 */
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
			genre_f4   *w = wk.hwin + k * GENRE_HPSS_KERNEL;
			genre_f4	old,
						add;
			int			l;

			genre_f4_store(wk.h + 4 * k, w[HALF]);
			for (l = 0; l < 4; l++)
			{
				long		b = 4 * k + l < nb ? 4 * k + l : nb - 1;

				old[l] = leave[b];
				add[l] = enter[b];
			}
			replace4(w, old, add);
		}
		/* percussive: the median along each frame's bins, four frames at a time */
		if (t % 4 == 0)
		{
			const float *rows[4];
			float	   *outs[4];
			int			l;

			for (l = 0; l < 4; l++)
			{
				rows[l] = mag_row(mag, &wk, t + l < nt ? t + l : t, nb);
				outs[l] = wk.p + l * nb;
			}
			median_rows4(rows, nb, outs);
		}

		/*
		 * The frame's spectrum again (the same complex64 values as the
		 * STFT): (|X| * mask) * exp(1j * angle(X)).  numpy's magphase takes
		 * the cosine and sine of the float32 angle; X / |X| is the same
		 * phase to within an ulp (exp(1j * 0) = 1 where |X| = 0)
		 */
		genre_stft_frame(fwd, wk.w, y, n, p, t);
		for (k = 0; k < nb; k++)
		{
			float		re = (float) spec[k][0],
						im = (float) spec[k][1];
			float		c = m[k] > 0.0f ? re / m[k] : 1.0f,
						s = m[k] > 0.0f ? im / m[k] : 0.0f;
			float		mh = m[k] * soft_mask(wk.h[k], pt[k]);
			float		mp = m[k] * soft_mask(pt[k], wk.h[k]);

			wk.xh[k] = (mh * c) + (mh * s) * I;
			wk.xp[k] = (mp * c) + (mp * s) * I;
		}
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
