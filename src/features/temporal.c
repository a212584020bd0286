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

genre_code
genre_zero_crossing_rate_frames(const float *y, size_t n, int frame_length, int hop,
								double *out, genre_status *st)
{
	/* numpy compares float32 |x| with the threshold cast to float32 */
	const float threshold = 1e-10f;
	long		n_frames,
				t;
	float	   *buf;

	if (check_framing(y, n, frame_length, hop, st) != GENRE_OK)
		return st->code;
	n_frames = genre_centred_frame_count(n, hop);
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
		/* values within the threshold become +0, so zero counts as positive */
		prev = fabsf(buf[0]) <= threshold ? 0 : (signbit(buf[0]) != 0);
		for (j = 1; j < frame_length; j++)
		{
			int			s = fabsf(buf[j]) <= threshold ? 0 : (signbit(buf[j]) != 0);

			count += (s != prev);
			prev = s;
		}
		/* the first position of a frame never counts, but the mean is over all */
		out[t] = (double) count / frame_length;
	}
	genre_free(buf);
	return GENRE_OK;
}
