/*
 * resample.h - librosa's soxr_hq resampling of one float32 channel.
 *
 * libsoxr HQ (20-bit, linear phase), float32 in and out, the whole signal as
 * one stream plus a flush, then librosa.util.fix_length to
 * ceil(n * sr_out / sr_in) (zero-padded or trimmed at the end).  No gain
 * scaling: callers that need librosa's scale=True multiply themselves.
 */
#ifndef GENRE_AUDIO_RESAMPLE_H
#define GENRE_AUDIO_RESAMPLE_H

#include "base/status.h"

#include <stddef.h>

/*
 * Largest ratio between the two rates, either way (GENRE_EINVAL beyond).
 * libsoxr designs its filter in one uninterruptible call whose time grows
 * with the ratio: 10 ms at 768, 75 ms at 7680, 8.6 s for 768 kHz to 1 Hz.
 */
#define GENRE_RESAMPLE_MAX_RATIO 1024

/*
 * Resample n samples from sr_in to sr_out Hz (both > 0, finite).  *out is
 * genre_alloc'ed and owned by the caller (never NULL on success, even when
 * *out_n is 0); equal rates copy.  GENRE_EINVAL when the rates differ by more
 * than GENRE_RESAMPLE_MAX_RATIO, GENRE_ELIMIT when the output would exceed
 * GENRE_AUDIO_MAX_SAMPLES, GENRE_EBADDATA when a sample is NaN or infinite.
 */
genre_code	genre_resample(const float *in, size_t n, double sr_in, double sr_out,
						   float **out, size_t *out_n, genre_status *st);

/* Output length of genre_resample: ceil(n * sr_out / sr_in) as librosa computes it. */
size_t		genre_resample_length(size_t n, double sr_in, double sr_out);

#endif
