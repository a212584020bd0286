/*
 * tempo.c - tempogram and tempo estimate in float64, as librosa.
 *
 * Each tempogram frame t is the W-sample window x[t..t+W) (W = 344 for
 * tempo, 384 for librosa.feature.tempogram's default) of the
 * (linear-ramp padded) onset envelope times a periodic Hann window w; its
 * autocorrelation a_t[k] = sum_i x[t+i] x[t+i+k] w[i] w[i+k] is normalised
 * by its largest magnitude, lag 0 (Cauchy-Schwarz).  librosa takes two FFTs
 * per frame; here the product of two Hann windows is written as
 *
 *   w[i] w[i+k] = A_k + B_k cos(th i) + C_k sin(th i) + D_k cos(2 th i) + E_k sin(2 th i)
 *
 * (th = 2 pi / W), so a_t[k] is a fixed combination of five sums over the
 * window of p_k[n] = x[n] x[n+k], plain and modulated at th and 2 th.  Those
 * slide from frame t to t + 1 in O(1) per lag (drop one product, add one,
 * rotate the modulated sums), about 10 times less work than the FFTs.
 *
 * Two things can make that inexact, and both are detected from bounds on
 * the rounding: the running sums carry errors of the size of what passed
 * through them (a loud burst, then near silence), so they restart from
 * direct sums when that exceeds DRIFT_LIMIT times the frame's energy; and
 * the combination cancels when the window's energy sits where the Hann
 * window is ~0 (sum p >> a_t[0]), so such a frame is computed directly.
 * A window of zeros is exactly zero.  Each frame is then within ~1e-13 of
 * its exact value, relative to a_t[0].
 */
#include "dsp/tempo.h"

#include "base/alloc.h"
#include "dsp/simd.h"

#include <math.h>
#include <string.h>

#define TEMPO_START_BPM 120.0
#define TEMPO_MAX_BPM 320.0
#define TINY64 2.2250738585072014e-308
#define WMAX GENRE_TEMPOGRAM_WIN_MAX
#define CANCEL_EVERY 64
/* rounding ~ 5 eps per unit of energy slid through; 2e3 * 5 eps ~ 1e-12 of a_t[0] */
#define DRIFT_LIMIT 2e3
/* the combination loses ~ eps * sum p / a_t[0]; 500 * eps ~ 1e-13 */
#define CANCEL_LIMIT 500.0

/* per-lag constants and the running sums, per lag k */
typedef struct tempogram_work
{
	/* w[i] w[i+k] = A + B cos(th i) + C sin(th i) + D cos(2 th i) + E sin(2 th i) */
	double		A[WMAX],
				B[WMAX],
				C[WMAX],
				D[WMAX],
				E[WMAX];
	/* e^{-i th k} and e^{-2 i th k}: the phase of the product entering a window */
	double		in1c[WMAX],
				in1s[WMAX],
				in2c[WMAX],
				in2s[WMAX];
	/* cos and sin of th i and 2 th i, for the direct sums */
	double		cos1[WMAX],
				sin1[WMAX],
				cos2[WMAX],
				sin2[WMAX];
	/* sum p, sum p e^{i th i}, sum p e^{2 i th i} over the window */
	double		u0[WMAX],
				c1[WMAX],
				s1[WMAX],
				c2[WMAX],
				s2[WMAX];
	double		win[WMAX];			/* periodic Hann, for frames computed directly */
	double		frame[WMAX];
	double		ac[WMAX];
	int			w;				/* the window (number of lags) in use, <= W */
} tempogram_work;

static void
lag_constants(tempogram_work *wk)
{
	const int	W = wk->w;
	const double th = 2.0 * M_PI / W;
	int			k;

	for (k = 0; k < W; k++)
	{
		double		ck = cos(th * k),
					sk = sin(th * k);

		wk->A[k] = 0.25 + 0.125 * ck;
		wk->B[k] = -0.25 * (1.0 + ck);
		wk->C[k] = 0.25 * sk;
		wk->D[k] = 0.125 * ck;
		wk->E[k] = -0.125 * sk;
		wk->in1c[k] = ck;
		wk->in1s[k] = -sk;
		wk->in2c[k] = cos(2.0 * th * k);
		wk->in2s[k] = -sin(2.0 * th * k);
		wk->cos1[k] = ck;
		wk->sin1[k] = sk;
		wk->cos2[k] = wk->in2c[k];
		wk->sin2[k] = -wk->in2s[k];
		wk->win[k] = 0.5 - 0.5 * cos(2.0 * M_PI * k / W);
	}
}

/* one frame's autocorrelation from its windowed samples, the plain way */
static void
direct_frame(tempogram_work *wk, const double *x)
{
	const int	W = wk->w;
	int			i,
				k;

	for (k = 0; k < W; k++)
	{
		wk->frame[k] = x[k] * wk->win[k];
		wk->ac[k] = 0.0;
	}
	for (i = 0; i < W; i++)
	{
		double		fi = wk->frame[i];

		for (k = 0; k < W - i; k++)
			wk->ac[k] += fi * wk->frame[i + k];
	}
}

/* a_t[k] from the five sums */
GENRE_KERNEL void
combine_sums(tempogram_work *wk)
{
	const int	W = wk->w;
	int			k;

	for (k = 0; k < W; k++)
		wk->ac[k] = wk->A[k] * wk->u0[k] + wk->B[k] * wk->c1[k] + wk->C[k] * wk->s1[k]
			+ wk->D[k] * wk->c2[k] + wk->E[k] * wk->s2[k];
}

/* the five sums of window x[0..W) from scratch */
static void
direct_sums(tempogram_work *wk, const double *x)
{
	const int	W = wk->w;
	int			i,
				k;

	memset(wk->u0, 0, sizeof(wk->u0));
	memset(wk->c1, 0, sizeof(wk->c1));
	memset(wk->s1, 0, sizeof(wk->s1));
	memset(wk->c2, 0, sizeof(wk->c2));
	memset(wk->s2, 0, sizeof(wk->s2));
	for (i = 0; i < W; i++)
	{
		double		xi = x[i];

		if (xi == 0.0)
			continue;
		for (k = 0; k < W - i; k++)
		{
			double		p = xi * x[i + k];

			wk->u0[k] += p;
			wk->c1[k] += p * wk->cos1[i];
			wk->s1[k] += p * wk->sin1[i];
			wk->c2[k] += p * wk->cos2[i];
			wk->s2[k] += p * wk->sin2[i];
		}
	}
}

/*
 * Slide the sums from window x[-1..W-1) to x[0..W): the product at window
 * position 0 leaves, the one at position W - 1 - k arrives, and the
 * modulated sums turn by one step of th (2 th).
 */
GENRE_KERNEL void
slide_sums(tempogram_work *wk, const double *x)
{
	const int	W = wk->w;
	const double th = 2.0 * M_PI / W;
	const double r1c = cos(th),
				r1s = -sin(th),
				r2c = cos(2.0 * th),
				r2s = -sin(2.0 * th);
	const double x_old = x[-1],
				x_new = x[W - 1];
	int			k;

	for (k = 0; k < W; k++)
	{
		double		p_old = x_old * x[k - 1],
					p_new = x[W - 1 - k] * x_new,
					re,
					im;

		wk->u0[k] += p_new - p_old;
		re = wk->c1[k] - p_old + p_new * wk->in1c[k];
		im = wk->s1[k] + p_new * wk->in1s[k];
		wk->c1[k] = r1c * re - r1s * im;
		wk->s1[k] = r1c * im + r1s * re;
		re = wk->c2[k] - p_old + p_new * wk->in2c[k];
		im = wk->s2[k] + p_new * wk->in2s[k];
		wk->c2[k] = r2c * re - r2s * im;
		wk->s2[k] = r2c * im + r2s * re;
	}
}

/* one frame's step: slide (or not) and combine, for the baseline ISA and for AVX2 */
GENRE_KERNEL void
step(tempogram_work *wk, const double *x, int slide)
{
	if (slide)
		slide_sums(wk, x);
	combine_sums(wk);
}

static void
step_base(tempogram_work *wk, const double *x, int slide)
{
	step(wk, x, slide);
}

GENRE_AVX2 static void
step_avx2(tempogram_work *wk, const double *x, int slide)
{
	step(wk, x, slide);
}

/*
 * The tempogram of window w over the onset envelope, frame by frame: each
 * inf-normalised frame is added to mean_ac (when given; divided by n_frames
 * at the end) and stored as column t of matrix (when given, w x n_frames).
 */
static genre_code
tempogram_frames(const float *onset, int n_frames, int w, double *mean_ac, double *matrix,
				 genre_status *st)
{
	const int	W = w,
				half = W / 2;
	tempogram_work *wk;
	double	   *padded;
	int			i,
				t,
				k,
				nonzero = 0;
	double		slid = 0.0;		/* energy slid through the sums since they were exact */
	int			avx2 = genre_simd_avx2();
	size_t		n_pad = (size_t) n_frames + 2 * half;

	if (mean_ac)
		for (k = 0; k < W; k++)
			mean_ac[k] = 0.0;
	if (n_frames <= 0)
		return GENRE_OK;
	padded = genre_alloc(sizeof(double) * n_pad);
	wk = genre_alloc(sizeof(tempogram_work));
	if (!padded || !wk)
	{
		genre_free(padded);
		genre_free(wk);
		return genre_fail_nomem(st);
	}
	wk->w = W;
	/*
	 * np.pad(mode='linear_ramp', end_values=0) in float32: the left ramp is
	 * linspace(0, o[0], half, endpoint=False), the right one its mirror.
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
	lag_constants(wk);

	/* frame t reads padded[t .. t + W), and t + W <= n_pad for t < n_frames (W even) */
	for (i = 0; i < W; i++)
		nonzero += padded[i] != 0.0;
	for (t = 0; t < n_frames; t++)
	{
		const double *x = padded + t;
		double		norm;

		if (t % CANCEL_EVERY == 0 && genre_interrupted())
		{
			genre_free(padded);
			genre_free(wk);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		if (t > 0)
			nonzero += (x[W - 1] != 0.0) - (x[-1] != 0.0);
		if (nonzero == 0)
		{
			/* an all-zero window: its autocorrelation is 0, and so are the sums */
			memset(wk->u0, 0, sizeof(wk->u0));
			memset(wk->c1, 0, sizeof(wk->c1));
			memset(wk->s1, 0, sizeof(wk->s1));
			memset(wk->c2, 0, sizeof(wk->c2));
			memset(wk->s2, 0, sizeof(wk->s2));
			slid = 0.0;
			if (matrix)
				for (k = 0; k < W; k++)
					matrix[(size_t) k * n_frames + t] = 0.0;
			continue;
		}
		if (t == 0)
			direct_sums(wk, x);
		/* the rounding of a slide is relative to the energy before and after it */
		if (t > 0)
			slid += wk->u0[0];
		if (avx2)
			step_avx2(wk, x, t > 0);
		else
			step_base(wk, x, t > 0);
		if (t > 0)
			slid += wk->u0[0];
		if (!(wk->ac[0] > 0.0) || slid > DRIFT_LIMIT * wk->ac[0])
		{
			direct_sums(wk, x);
			slid = 0.0;
			combine_sums(wk);
		}
		if (!(wk->ac[0] > 0.0) || wk->u0[0] > CANCEL_LIMIT * wk->ac[0])
			direct_frame(wk, x);
		/* a frame whose norm is below tiny is left as is (all ~0) */
		norm = wk->ac[0];
		if (norm < TINY64)
			norm = 1.0;
		if (mean_ac)
			for (k = 0; k < W; k++)
				mean_ac[k] += wk->ac[k] / norm;
		if (matrix)
			for (k = 0; k < W; k++)
				matrix[(size_t) k * n_frames + t] = wk->ac[k] / norm;
	}
	if (mean_ac)
		for (k = 0; k < W; k++)
			mean_ac[k] /= n_frames;
	genre_free(padded);
	genre_free(wk);
	return GENRE_OK;
}

genre_code
genre_tempogram_mean(const float *onset, int n_frames, double *mean_ac, genre_status *st)
{
	return tempogram_frames(onset, n_frames, GENRE_TEMPOGRAM_LAGS, mean_ac, NULL, st);
}

genre_code
genre_tempogram(const float *onset, int n_frames, int win_length, double *tg, genre_status *st)
{
	if (win_length < 2 || win_length > GENRE_TEMPOGRAM_WIN_MAX || win_length % 2 != 0)
		return genre_fail(st, GENRE_EINVAL, "tempogram: win_length must be even, 2 .. %d, got %d",
						  GENRE_TEMPOGRAM_WIN_MAX, win_length);
	return tempogram_frames(onset, n_frames, win_length, NULL, tg, st);
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
