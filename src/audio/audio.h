/*
 * audio.h - audio from memory: probe, decode, mix to mono, resample.
 *
 * Input is the raw bytes of a file (a detoasted bytea); nothing touches the
 * file system.  Ogg Vorbis goes through libvorbisfile (libsndfile leaks on
 * malformed Ogg, see DESIGN.md); the other formats through libsndfile's
 * virtual I/O.  Output follows librosa.load: float32 samples, mean over
 * channels, libsoxr HQ resampling to the target rate, then padded or trimmed
 * to ceil(n * target / native) samples.
 */
#ifndef GENRE_AUDIO_AUDIO_H
#define GENRE_AUDIO_AUDIO_H

#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

#define GENRE_SAMPLE_RATE 22050

/*
 * Limits on untrusted audio (GENRE_ELIMIT, SQLSTATE 54000 beyond them): the
 * channel count and native rate a header may declare, and the samples per
 * channel a decoded window or a resampled signal may hold (2^27, about 50
 * minutes at 44.1 kHz; longer recordings are read in windows).
 */
#define GENRE_AUDIO_MAX_CHANNELS 64
#define GENRE_AUDIO_MAX_RATE 768000
#define GENRE_AUDIO_MAX_SAMPLES ((size_t) 1 << 27)

/*
 * Largest decoded magnitude (GENRE_EBADDATA beyond it, 22P03): 2^32, above
 * any integer scale a float file is written at (+-2^31) and far below where
 * the float32 power spectrogram overflows (a full-scale DC of 1e16 does).
 */
#define GENRE_AUDIO_MAX_AMPLITUDE 4294967296.0f

typedef struct genre_audio_header
{
	char		format[32];		/* "wav", "flac", "ogg", "opus", "mp3", "aiff", "au", ... */
	int			sample_rate;	/* native rate, Hz */
	int			channels;
	int64_t		frames;			/* samples per channel, -1 when the header does not say */
	double		duration_s;		/* frames / sample_rate, -1 when unknown */
} genre_audio_header;

typedef struct genre_signal
{
	float	   *samples;		/* genre_alloc'ed, owned by the caller */
	size_t		n;
	int			sample_rate;
} genre_signal;

/* Read the container header only; 22P03 when the bytes are not audio. */
genre_code	genre_audio_probe(const void *data, size_t len, genre_audio_header *info,
							  genre_status *st);

/*
 * Decode the window [offset_s, offset_s + duration_s) as mono float32 at
 * target_sr (0 keeps the native rate).  duration_s < 0 means to the end.
 * Offsets are truncated to whole native frames as librosa does; an offset
 * past the end is GENRE_EINVAL; an empty result is GENRE_EBADDATA.
 * NaN/Inf offset or duration, a negative offset, a duration shorter than one
 * native sample, target_sr outside [0, GENRE_AUDIO_MAX_RATE] and a target
 * more than GENRE_RESAMPLE_MAX_RATIO from the native rate are GENRE_EINVAL;
 * audio with NaN/Inf samples or samples beyond +-GENRE_AUDIO_MAX_AMPLITUDE is
 * GENRE_EBADDATA (naming the first); a window over GENRE_AUDIO_MAX_SAMPLES is
 * GENRE_ELIMIT.  Every library handle is closed
 * before it returns, on every path.
 */
genre_code	genre_audio_load(const void *data, size_t len, double offset_s, double duration_s,
							 int target_sr, genre_signal *out, genre_status *st);

/*
 * Decode the whole stream at its native rate and keep none of it: GENRE_OK
 * when genre_audio_load(data, len, 0, -1, 0) would succeed, with the same
 * code and message when it would not, except that any length passes (the
 * signal is never held, so GENRE_AUDIO_MAX_SAMPLES does not apply).
 * *frames is the number of frames decoded.  For checking files on import.
 */
genre_code	genre_audio_verify(const void *data, size_t len, int64_t *frames, genre_status *st);

/*
 * Validate user window arguments (for SQL wrappers): offset_s finite and
 * >= 0; when has_duration, duration_s finite and >= 0.  GENRE_EINVAL naming
 * the argument otherwise.
 */
genre_code	genre_audio_check_window(double offset_s, double duration_s, int has_duration,
									 genre_status *st);

/*
 * Upper estimate of the bytes genre_audio_load holds at its peak for a
 * window of native_frames frames of channels channels that comes out as
 * out_samples samples (resampled: the rates differ): the native mono buffer
 * while it doubles (the old copy and the new), the read chunk, and the
 * resampled signal next to the native one.  For budget checks before a
 * decode, from the header.
 */
size_t		genre_audio_load_memory(size_t native_frames, int channels, size_t out_samples,
									int resampled);

/* Release the samples of a signal. */
void		genre_signal_free(genre_signal *sig);

#endif
