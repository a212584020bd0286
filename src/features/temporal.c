/*
 * temporal.c - RMS and zero-crossing rate of centred frames.
 */
#include "features/temporal.h"

#include "base/alloc.h"
#include "base/npsum.h"

#include <math.h>
#include <string.h>

#define CANCEL_EVERY 256

long
genre_centred_frame_count(size_t n, int hop)
{
	return 1 + (long) (n / (size_t) hop);
}

static genre_code
check_framing(const float *y, size_t n, int frame_length, int hop, genre_status *st)
{
	if (y == NULL || n == 0)
		return genre_fail(st, GENRE_EINVAL, "empty signal");
	if (frame_length < 2 || frame_length > (1 << 20) || hop < 1 || hop > (1 << 20))
		return genre_fail(st, GENRE_EINVAL, "bad frame length or hop");
	if (n > (size_t) 1 << 40)
		return genre_fail(st, GENRE_ELIMIT, "signal too long");
	return GENRE_OK;
}

/*
 * Copy frame t of the centred framing into buf, padding in mode.  Interior
 * frames are plain copies.
 */
static void
fill_frame(const float *y, size_t n, int frame_length, int hop, long t,
		   genre_pad_mode mode, float *buf)
{
	long		start = t * (long) hop - frame_length / 2;
	int			j;

	if (start >= 0 && start + frame_length <= (long) n)
		memcpy(buf, y + start, sizeof(float) * frame_length);
	else
		for (j = 0; j < frame_length; j++)
			buf[j] = genre_padded_sample(y, n, start + j, mode);
}

/* numpy's pairwise combination of m block sums, m a power of two */
static float
tree_sum(const float *b, int m)
{
	if (m == 1)
		return b[0];
	return tree_sum(b, m / 2) + tree_sum(b + m / 2, m / 2);
}

/*
 * RMS by blocks: np.sum over a frame of 128 * 2^k squares is numpy's
 * pairwise sum, which splits in halves down to blocks of 128; when the hop
 * and the padding are multiples of 128 every frame's blocks lie on one grid,
 * so each block is summed once and each frame combines its block sums in
 * the same tree (the same bits as summing the frame).
 */
static genre_code
rms_blocks(const float *y, size_t n, int frame_length, int hop, genre_pad_mode pad,
		   long n_frames, double *out, genre_status *st)
{
	const int	B = 128;
	int			per_frame = frame_length / B,
				step = hop / B;
	long		n_blocks = (n_frames - 1) * step + per_frame,
				g,
				t;
	float	   *bsum = genre_alloc(sizeof(float) * n_blocks),
				buf[128];

	if (bsum == NULL)
		return genre_fail_nomem(st);
	for (g = 0; g < n_blocks; g++)
	{
		long		start = g * B - frame_length / 2;
		int			j;

		if (g % 1024 == 0 && genre_interrupted())
		{
			genre_free(bsum);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		if (start >= 0 && start + B <= (long) n)
			for (j = 0; j < B; j++)
				buf[j] = y[start + j] * y[start + j];
		else
			for (j = 0; j < B; j++)
			{
				float		v = genre_padded_sample(y, n, start + j, pad);

				buf[j] = v * v;
			}
		bsum[g] = genre_np_sum_f32(buf, B);
	}
	/* librosa: np.mean(np.square(x), dtype float32), then np.sqrt: all float32 */
	for (t = 0; t < n_frames; t++)
		out[t] = sqrtf(tree_sum(bsum + t * step, per_frame) / (float) frame_length);
	genre_free(bsum);
	return GENRE_OK;
}

genre_code
genre_rms_frames(const float *y, size_t n, int frame_length, int hop, genre_pad_mode pad,
				 double *out, genre_status *st)
{
	long		n_frames,
				t;
	float	   *buf;

	if (check_framing(y, n, frame_length, hop, st) != GENRE_OK)
		return st->code;
	n_frames = genre_centred_frame_count(n, hop);
	if (frame_length % 128 == 0 && (frame_length & (frame_length - 1)) == 0 &&
		hop % 128 == 0 && (frame_length / 2) % 128 == 0)
		return rms_blocks(y, n, frame_length, hop, pad, n_frames, out, st);
	buf = genre_alloc(sizeof(float) * frame_length);
	if (buf == NULL)
		return genre_fail_nomem(st);
	for (t = 0; t < n_frames; t++)
	{
		int			j;
		float		mean;

		if (t % CANCEL_EVERY == 0 && genre_interrupted())
		{
			genre_free(buf);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		fill_frame(y, n, frame_length, hop, t, pad, buf);
		/* librosa: np.mean(np.square(x), dtype float32), then np.sqrt: all float32 */
		for (j = 0; j < frame_length; j++)
			buf[j] = buf[j] * buf[j];
		mean = genre_np_sum_f32(buf, (size_t) frame_length) / (float) frame_length;
		out[t] = sqrtf(mean);
	}
	genre_free(buf);
	return GENRE_OK;
}

/* numpy compares float32 |x| with the threshold cast to float32 */
#define ZCR_THRESHOLD 1e-10f

/* values within the threshold become +0, so zero counts as positive */
static inline int
zcr_sign(float x)
{
	return fabsf(x) <= ZCR_THRESHOLD ? 0 : (signbit(x) != 0);
}

/*
 * ZCR by blocks of one hop when the half frame is a whole number of hops:
 * a crossing at p (sign of y[p] differs from y[p-1]) belongs to frame t
 * when p is in (start_t, start_t + frame_length), and the edge padding
 * never crosses, so a frame's count is a sum of per-hop block counts.
 */
static genre_code
zcr_blocks(const float *y, size_t n, int frame_length, int hop, long n_frames, double *out,
		   genre_status *st)
{
	int			half = frame_length / 2 / hop,
				per_frame = frame_length / hop;
	long		n_blocks = (long) ((n + hop - 1) / hop) + 1,
				b,
				t;
	int		   *count = genre_calloc((size_t) n_blocks, sizeof(int));
	size_t		p;
	int			prev;

	if (count == NULL)
		return genre_fail_nomem(st);
	prev = zcr_sign(y[0]);
	for (b = 0; (size_t) b * hop < n; b++)
	{
		size_t		end = ((size_t) b + 1) * hop < n ? ((size_t) b + 1) * hop : n;
		int			c = 0;

		if (b % 2048 == 0 && genre_interrupted())
		{
			genre_free(count);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (p = b == 0 ? 1 : (size_t) b * hop; p < end; p++)
		{
			int			s = zcr_sign(y[p]);

			c += s != prev;
			prev = s;
		}
		count[b] = c;
	}
	for (t = 0; t < n_frames; t++)
	{
		long		first = t - half;	/* block of the frame's first position */
		long		start = first * hop;
		int			c = 0;

		/* blocks first .. first + per_frame - 1, less the position start itself */
		for (b = first; b < first + per_frame; b++)
			if (b >= 0 && b < n_blocks)
				c += count[b];
		if (start >= 1 && start < (long) n)
			c -= zcr_sign(y[start]) != zcr_sign(y[start - 1]);
		/* the first position of a frame never counts, but the mean is over all */
		out[t] = (double) c / frame_length;
	}
	genre_free(count);
	return GENRE_OK;
}

genre_code
genre_zero_crossing_rate_frames(const float *y, size_t n, int frame_length, int hop,
								double *out, genre_status *st)
{
	long		n_frames,
				t;
	float	   *buf;

	if (check_framing(y, n, frame_length, hop, st) != GENRE_OK)
		return st->code;
	n_frames = genre_centred_frame_count(n, hop);
	if (frame_length % hop == 0 && (frame_length / 2) % hop == 0)
		return zcr_blocks(y, n, frame_length, hop, n_frames, out, st);
	buf = genre_alloc(sizeof(float) * frame_length);
	if (buf == NULL)
		return genre_fail_nomem(st);
	for (t = 0; t < n_frames; t++)
	{
		int			j,
					count = 0,
					prev;

		if (t % CANCEL_EVERY == 0 && genre_interrupted())
		{
			genre_free(buf);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		/* ZCR frames are edge-padded, unlike the STFT's */
		fill_frame(y, n, frame_length, hop, t, GENRE_PAD_EDGE, buf);
		prev = zcr_sign(buf[0]);
		for (j = 1; j < frame_length; j++)
		{
			int			s = zcr_sign(buf[j]);

			count += (s != prev);
			prev = s;
		}
		/* the first position of a frame never counts, but the mean is over all */
		out[t] = (double) count / frame_length;
	}
	genre_free(buf);
	return GENRE_OK;
}
