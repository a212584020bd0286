/*
 * hpss.c - median-filter HPSS in float32 as librosa.
 *
 * scipy.ndimage.median_filter with mode 'reflect' mirrors about the edge
 * (d c b a | a b c d | d c b a); the median of 31 values is the 16th
 * smallest, an exact selection, kept here by a sliding sorted window.
 */
#include "dsp/hpss.h"

#include "base/alloc.h"

#include <math.h>
#include <string.h>

#define TINY32 1.17549435e-38f

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

/* position of the first element >= v in sorted w[0..n) */
static int
lower_bound(const float *w, int n, float v)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (w[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Median filter of a contiguous line x[0..n) into out, through ext (n +
 * kernel - 1 floats of scratch): the reflect-extended line is scanned with
 * a sorted window, one removal and one insertion per step.
 */
static void
median_line(const float *x, long n, float *ext, float *out)
{
	float		win[GENRE_HPSS_KERNEL];
	const int	half = GENRE_HPSS_KERNEL / 2;
	long		i;
	int			j;

	for (i = 0; i < n + 2 * half; i++)
		ext[i] = x[reflect_index(i - half, n)];
	for (j = 0; j < GENRE_HPSS_KERNEL; j++)
		win[j] = ext[j];
	/* insertion sort of the first window */
	for (j = 1; j < GENRE_HPSS_KERNEL; j++)
	{
		float		v = win[j];
		int			k = j;

		while (k > 0 && win[k - 1] > v)
		{
			win[k] = win[k - 1];
			k--;
		}
		win[k] = v;
	}
	out[0] = win[half];
	for (i = 1; i < n; i++)
	{
		float		old = ext[i - 1],
					add = ext[i + GENRE_HPSS_KERNEL - 1];
		int			at = lower_bound(win, GENRE_HPSS_KERNEL, old);
		int			to;

		/* remove old (present: it entered the window earlier), insert add */
		memmove(win + at, win + at + 1, sizeof(float) * (GENRE_HPSS_KERNEL - 1 - at));
		to = lower_bound(win, GENRE_HPSS_KERNEL - 1, add);
		memmove(win + to + 1, win + to, sizeof(float) * (GENRE_HPSS_KERNEL - 1 - to));
		win[to] = add;
		out[i] = win[half];
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

genre_code
genre_hpss(const genre_stft_result *s, genre_stft_result *harm, genre_stft_result *perc,
		   genre_status *st)
{
	long		nb = s->n_bins,
				nt = s->n_frames,
				t,
				k;
	size_t		count = (size_t) nb * nt;
	float	   *mag = NULL,
			   *h = NULL,
			   *p = NULL,
			   *line = NULL,
			   *col = NULL,
			   *ext = NULL;
	long		longest = nt > nb ? nt : nb;
	genre_code	rc = GENRE_OK;

	memset(harm, 0, sizeof(*harm));
	memset(perc, 0, sizeof(*perc));
	if (nb < 1 || nt < 1 || s->x == NULL)
		return genre_fail(st, GENRE_EINVAL, "hpss needs a non-empty spectrogram");
	mag = genre_alloc(sizeof(float) * count);
	h = genre_alloc(sizeof(float) * count);
	p = genre_alloc(sizeof(float) * count);
	line = genre_alloc(sizeof(float) * longest);
	col = genre_alloc(sizeof(float) * longest);
	ext = genre_alloc(sizeof(float) * (longest + GENRE_HPSS_KERNEL));
	harm->x = genre_alloc(sizeof(float complex) * count);
	perc->x = genre_alloc(sizeof(float complex) * count);
	if (!mag || !h || !p || !line || !col || !ext || !harm->x || !perc->x)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (size_t i = 0; i < count; i++)
		mag[i] = genre_abs_c64(crealf(s->x[i]), cimagf(s->x[i]));
	/* harmonic: median along time for each bin; percussive: along frequency */
	for (k = 0; k < nb; k++)
	{
		if ((k & 63) == 0 && genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
		for (t = 0; t < nt; t++)
			col[t] = mag[t * nb + k];
		median_line(col, nt, ext, line);
		for (t = 0; t < nt; t++)
			h[t * nb + k] = line[t];
	}
	for (t = 0; t < nt; t++)
	{
		if ((t & 63) == 0 && genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
		median_line(mag + t * nb, nb, ext, p + t * nb);
	}
	for (size_t i = 0; i < count; i++)
	{
		float complex x = s->x[i];
		/* numpy's magphase: phase = exp(1j * angle(X)) in complex64 */
		float		ang = atan2f(cimagf(x), crealf(x));
		float		c = cosf(ang),
					sn = sinf(ang);
		float		mh = mag[i] * soft_mask(h[i], p[i]);
		float		mp = mag[i] * soft_mask(p[i], h[i]);

		harm->x[i] = (mh * c) + (mh * sn) * I;
		perc->x[i] = (mp * c) + (mp * sn) * I;
	}
	harm->n_bins = perc->n_bins = (int) nb;
	harm->n_frames = perc->n_frames = (int) nt;

done:
	genre_free(mag);
	genre_free(h);
	genre_free(p);
	genre_free(line);
	genre_free(col);
	genre_free(ext);
	if (rc != GENRE_OK)
	{
		genre_stft_free(harm);
		genre_stft_free(perc);
	}
	return rc;
}

/* istft without target length, then zero-padded or trimmed to n */
static genre_code
inverse_to_length(genre_plan_cache *cache, const genre_stft_result *x,
				  const genre_stft_params *p, size_t n, float **out, genre_status *st)
{
	float	   *y,
			   *res;
	size_t		len;

	*out = NULL;
	if (genre_istft(cache, x, p, -1, &y, &len, st) != GENRE_OK)
		return st->code;
	res = genre_calloc(n + 1, sizeof(float));
	if (!res)
	{
		genre_free(y);
		return genre_fail_nomem(st);
	}
	memcpy(res, y, sizeof(float) * (len < n ? len : n));
	genre_free(y);
	*out = res;
	return GENRE_OK;
}

genre_code
genre_hpss_signals(genre_plan_cache *cache, const genre_stft_result *s,
				   const genre_stft_params *p, size_t n, float **harm, float **perc,
				   genre_status *st)
{
	genre_stft_result h,
				pc;
	genre_code	rc;

	*harm = *perc = NULL;
	rc = genre_hpss(s, &h, &pc, st);
	if (rc != GENRE_OK)
		return rc;
	rc = inverse_to_length(cache, &h, p, n, harm, st);
	if (rc == GENRE_OK)
		rc = inverse_to_length(cache, &pc, p, n, perc, st);
	if (rc != GENRE_OK)
	{
		genre_free(*harm);
		*harm = NULL;
	}
	genre_stft_free(&h);
	genre_stft_free(&pc);
	return rc;
}
