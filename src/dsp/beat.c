/*
 * beat.c - the DP beat tracker of librosa 0.10.2 (beat.py).
 *
 * librosa passes a float64 frames-per-beat array, so numba picks the
 * float64 kernels: local score, cumulative score and trimming run in double.
 */
#include "dsp/beat.h"

#include "base/alloc.h"
#include "base/npsum.h"
#include "dsp/tempo.h"

#include <math.h>
#include <stdlib.h>

#define BEAT_TIGHTNESS 100.0
#define TINY32 1.17549435e-38f

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* onset / (std(onset, ddof=1) + tiny), all float32 as numpy, then widened */
static genre_code
normalize_onsets(const float *onset, int n, double *out, genre_status *st)
{
	float	   *dev = genre_alloc(sizeof(float) * n);
	float		mean,
				var,
				sd;
	int			i;

	if (!dev)
		return genre_fail_nomem(st);
	mean = genre_np_sum_f32(onset, (size_t) n) / (float) n;
	for (i = 0; i < n; i++)
	{
		dev[i] = onset[i] - mean;
		dev[i] = dev[i] * dev[i];
	}
	var = n > 1 ? genre_np_sum_f32(dev, (size_t) n) / (float) (n - 1) : NAN;
	sd = sqrtf(var);
	for (i = 0; i < n; i++)
		out[i] = (double) (onset[i] / (sd + TINY32));
	genre_free(dev);
	return GENRE_OK;
}

genre_code
genre_beat_track_frames(const float *onset, int n_frames, int sr, int hop, double bpm,
						int **frames, int *n_beats, genre_status *st)
{
	double	   *on = NULL,
			   *ls = NULL,
			   *cum = NULL,
			   *win = NULL,
			   *peaks = NULL,
			   *sm = NULL;
	int		   *back = NULL,
			   *out = NULL;
	char	   *is_beat = NULL;
	double		fpb,
				ls_max,
				thr,
				ms;
	int			n = n_frames,
				K,
				i,
				k,
				nb,
				np_,
				tail,
				half_fpb,
				first_beat;
	genre_code	rc = GENRE_OK;

	*frames = NULL;
	*n_beats = 0;
	if (n <= 0)
		return GENRE_OK;
	if (!(bpm > 0) || !isfinite(bpm))
		return genre_fail(st, GENRE_EINVAL, "beat tracking needs a positive tempo");
	fpb = nearbyint((double) sr / hop * 60.0 / bpm);	/* np.round: half to even */
	if (fpb < 1)
		fpb = 1;
	if (fpb > n)
		fpb = n;
	K = 2 * (int) fpb + 1;

	on = genre_alloc(sizeof(double) * n);
	ls = genre_alloc(sizeof(double) * n);
	cum = genre_alloc(sizeof(double) * n);
	back = genre_alloc(sizeof(int) * n);
	win = genre_alloc(sizeof(double) * K);
	peaks = genre_alloc(sizeof(double) * n);
	sm = genre_alloc(sizeof(double) * (n + 4));
	is_beat = genre_calloc(n, 1);
	if (!on || !ls || !cum || !back || !win || !peaks || !sm || !is_beat)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	if ((rc = normalize_onsets(onset, n, on, st)) != GENRE_OK)
		goto done;

	/* local score: 'same' convolution with a Gaussian of +-fpb frames */
	for (k = 0; k < K; k++)
	{
		double		x = (double) (k - (int) fpb) * 32.0 / fpb;

		win[k] = exp(-0.5 * (x * x));
	}
	for (i = 0; i < n; i++)
	{
		int			lo = i + K / 2 - n + 1,
					hi = i + K / 2 + 1;

		if (lo < 0)
			lo = 0;
		if (hi > K)
			hi = K;
		ls[i] = 0.0;
		for (k = lo; k < hi; k++)
			ls[i] += win[k] * on[i + K / 2 - k];
	}

	/* dynamic programme */
	ls_max = ls[0];
	for (i = 1; i < n; i++)
		if (ls[i] > ls_max)
			ls_max = ls[i];
	thr = 0.01 * ls_max;
	half_fpb = (int) nearbyint(fpb / 2.0);
	first_beat = 1;
	for (i = 0; i < n; i++)
	{
		double		best = -INFINITY;
		int			loc,
					where = -1;

		if ((i & 1023) == 0 && genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
		for (loc = i - half_fpb; loc > i - 2 * (int) fpb - 1; loc--)
		{
			double		d,
						score;

			if (loc < 0)
				break;
			d = log((double) (i - loc)) - log(fpb);
			score = cum[loc] - BEAT_TIGHTNESS * (d * d);
			if (score > best)
			{
				best = score;
				where = loc;
			}
		}
		cum[i] = where >= 0 ? ls[i] + best : ls[i];
		if (first_beat && ls[i] < thr)
			back[i] = -1;
		else
		{
			back[i] = where;
			first_beat = 0;
		}
	}

	/* last beat: the last local maximum of cum above half their median */
	np_ = 0;
	for (i = 1; i < n; i++)
	{
		int			lm = (i == n - 1) ? cum[i] > cum[i - 1]
			: (cum[i] > cum[i - 1] && cum[i] >= cum[i + 1]);

		if (lm)
			peaks[np_++] = cum[i];
	}
	tail = n - 1;
	if (np_ > 0)
	{
		double		med;

		qsort(peaks, np_, sizeof(double), cmp_double);
		med = np_ % 2 ? peaks[np_ / 2] : (peaks[np_ / 2 - 1] + peaks[np_ / 2]) / 2.0;
		thr = 0.5 * med;
		for (i = n - 1; i >= 1; i--)
		{
			int			lm = (i == n - 1) ? cum[i] > cum[i - 1]
				: (cum[i] > cum[i - 1] && cum[i] >= cum[i + 1]);

			if (lm && cum[i] >= thr)
			{
				tail = i;
				break;
			}
		}
	}
	/* backtrack; links always point backwards, so this ends */
	for (i = tail; i >= 0; i = back[i])
		is_beat[i] = 1;

	/*
	 * trim: smooth the beats' local scores with hanning(5) = [0, .5, 1, .5, 0]
	 * over the full convolution sliced [2, n + 2) (0.10.2 keeps 2 extra tail
	 * values), threshold half its RMS; clear weak leading and trailing frames.
	 */
	nb = 0;
	for (i = 0; i < n; i++)
		if (is_beat[i])
			peaks[nb++] = ls[i];
	{
		static const double hw[5] = {0.0, 0.5, 1.0, 0.5, 0.0};
		int			full = nb + 4,
					lo = 2,
					hi = n + 2 < full ? n + 2 : full,
					j;
		double		sumsq = 0.0;

		for (j = lo; j < hi; j++)
		{
			double		acc = 0.0;

			for (k = 0; k < 5; k++)
				if (j - k >= 0 && j - k < nb)
					acc += peaks[j - k] * hw[k];
			sm[j - lo] = acc;
		}
		for (j = 0; j < hi - lo; j++)
			sumsq += sm[j] * sm[j];
		ms = hi > lo ? sumsq / (hi - lo) : 0.0;
		thr = 0.5 * sqrt(ms);
	}
	for (i = 0; i < n && ls[i] <= thr; i++)
		is_beat[i] = 0;
	for (i = n - 1; i >= 0 && ls[i] <= thr; i--)
		is_beat[i] = 0;

	nb = 0;
	for (i = 0; i < n; i++)
		nb += is_beat[i];
	if (nb > 0)
	{
		out = genre_alloc(sizeof(int) * nb);
		if (!out)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
		nb = 0;
		for (i = 0; i < n; i++)
			if (is_beat[i])
				out[nb++] = i;
	}
	*frames = out;
	*n_beats = nb;

done:
	genre_free(on);
	genre_free(ls);
	genre_free(cum);
	genre_free(back);
	genre_free(win);
	genre_free(peaks);
	genre_free(sm);
	genre_free(is_beat);
	return rc;
}

genre_code
genre_beat_track(const float *onset, int n_frames, int sr, int hop, double *bpm,
				 int **frames, int *n_beats, genre_status *st)
{
	genre_code	rc;

	*frames = NULL;
	*n_beats = 0;
	rc = genre_tempo_estimate(onset, n_frames, sr, hop, bpm, st);
	if (rc != GENRE_OK || *bpm <= 0.0)
		return rc;
	return genre_beat_track_frames(onset, n_frames, sr, hop, *bpm, frames, n_beats, st);
}
