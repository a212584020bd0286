/*
 * audio.c - pick the decoder from the first bytes, check what the header
 * declares, and cut librosa.load's window: seek to int(offset * sr), read
 * int(duration * sr) frames (fewer at the end), mix to mono, resample.
 */
#include "audio/audio.h"

#include "audio/decoder.h"
#include "audio/header_check.h"
#include "audio/mono.h"
#include "audio/resample.h"
#include "base/alloc.h"

#include <math.h>
#include <string.h>

/* frames decoded per library call: 8192 frames of up to 64 channels = 2 MB */
#define READ_FRAMES 8192
/* samples copied between cancel checks when the mono buffer grows (1 MB) */
#define MOVE_SAMPLES ((size_t) 1 << 18)

/* Where the first Ogg packet starts, or 0 when the first page is short. */
static size_t
ogg_first_packet(const unsigned char *d, size_t len)
{
	size_t		start;

	if (len < 27)
		return 0;
	start = 27 + (size_t) d[26];	/* page header + segment table */
	return start < len ? start : 0;
}

static int
has_prefix(const unsigned char *d, size_t len, size_t at, const char *magic, size_t n)
{
	return at <= len && len - at >= n && memcmp(d + at, magic, n) == 0;
}

/* An MPEG audio frame sync: 11 set bits, a valid layer and version. */
static int
mpeg_sync(const unsigned char *d, size_t len)
{
	return len >= 4 && d[0] == 0xff && (d[1] & 0xe0) == 0xe0 &&
		(d[1] & 0x06) != 0 && (d[1] & 0x18) != 0x08;
}

/*
 * libsndfile skips ID3v2 tags (any number) and guesses the format from what
 * follows, Ogg included, whose reader leaks: look past the tags the same way
 * and accept only FLAC or MPEG audio there.
 */
static const char *
after_id3(const unsigned char *b, size_t len)
{
	size_t		pos = 0;

	while (has_prefix(b, len, pos, "ID3", 3) && len - pos >= 10 &&
		   b[pos + 3] >= 2 && b[pos + 3] <= 4)
	{
		const unsigned char *h = b + pos;
		size_t		size = (size_t) (h[6] & 0x7f) << 21 | (size_t) (h[7] & 0x7f) << 14 |
			(size_t) (h[8] & 0x7f) << 7 | (size_t) (h[9] & 0x7f);

		size += 10 + ((h[5] & 0x10) ? 10 : 0);	/* header, footer */
		if (size >= len - pos)
			return "mp3";		/* tag runs to the end: nothing else for libsndfile to find */
		pos += size;
	}
	if (has_prefix(b, len, pos, "fLaC", 4))
		return "flac";
	if (has_prefix(b, len, pos, "ID3", 3) || mpeg_sync(b + pos, len - pos))
		return "mp3";
	return NULL;
}

/* The libsndfile container the first bytes announce, NULL for none accepted. */
static const char *
magic_family(const unsigned char *b, size_t len)
{
	if (has_prefix(b, len, 0, "RIFF", 4) || has_prefix(b, len, 0, "RIFX", 4) ||
		has_prefix(b, len, 0, "RF64", 4))
		return "wav";
	if (has_prefix(b, len, 0, "FORM", 4))
		return "aiff";
	if (has_prefix(b, len, 0, ".snd", 4) || has_prefix(b, len, 0, "dns.", 4))
		return "au";
	if (has_prefix(b, len, 0, "fLaC", 4))
		return "flac";
	if (has_prefix(b, len, 0, "ID3", 3))
		return after_id3(b, len);
	if (mpeg_sync(b, len))
		return "mp3";
	return NULL;
}

/* Choose the decoder by magic bytes, then check what the header declares. */
static genre_code
open_decoder(const void *data, size_t len, genre_decoder *d, genre_status *st)
{
	const unsigned char *b = data;
	genre_audio_header *info = &d->info;
	genre_code	rc;

	memset(d, 0, sizeof(*d));
	if (data == NULL || len == 0)
		return genre_fail(st, GENRE_EBADDATA, "audio is empty");

	if (has_prefix(b, len, 0, "OggS", 4))
	{
		size_t		p = ogg_first_packet(b, len);

		if (p && has_prefix(b, len, p, "\001vorbis", 7))
			rc = genre_vorbis_open(data, len, d, st);
		else if (p && has_prefix(b, len, p, "OpusHead", 8))
			rc = genre_opus_open(data, len, d, st);
		else
		{
			genre_fail(st, GENRE_EBADDATA, "unsupported ogg codec");
			genre_status_detail(st, "Ogg streams must carry Vorbis or Opus.");
			return GENRE_EBADDATA;
		}
	}
	else
	{
		const char *family = magic_family(b, len);

		if (family == NULL)
		{
			genre_fail(st, GENRE_EBADDATA, "unrecognised audio format");
			genre_status_detail(st, "Supported: WAV, AIFF, AU, FLAC, MP3, Ogg Vorbis, Ogg Opus.");
			return GENRE_EBADDATA;
		}
		rc = genre_check_header(b, len, st);
		if (rc == GENRE_OK)
			rc = genre_sndfile_open(data, len, family, d, st);
	}
	if (rc != GENRE_OK)
		return rc;

	/* the container is open: judge what it declares (libraries accept odd values) */
	if (info->channels <= 0)
		rc = genre_fail(st, GENRE_EBADDATA, "%s audio has zero channels", info->format);
	else if (info->channels > GENRE_AUDIO_MAX_CHANNELS)
		rc = genre_fail(st, GENRE_ELIMIT, "%s audio has %d channels, over the limit of %d",
						info->format, info->channels, GENRE_AUDIO_MAX_CHANNELS);
	else if (info->sample_rate <= 0)
		rc = genre_fail(st, GENRE_EBADDATA, "%s audio has sample rate %d", info->format,
						info->sample_rate);
	else if (info->sample_rate > GENRE_AUDIO_MAX_RATE)
		rc = genre_fail(st, GENRE_ELIMIT, "%s audio has sample rate %d Hz, over the limit of %d Hz",
						info->format, info->sample_rate, GENRE_AUDIO_MAX_RATE);
	if (rc != GENRE_OK)
	{
		d->close(d);
		return rc;
	}
	info->duration_s = info->frames >= 0 ? (double) info->frames / info->sample_rate : -1.0;
	return GENRE_OK;
}

genre_code
genre_audio_probe(const void *data, size_t len, genre_audio_header *info, genre_status *st)
{
	genre_decoder d;
	genre_code	rc = open_decoder(data, len, &d, st);

	if (rc != GENRE_OK)
		return rc;
	*info = d.info;
	d.close(&d);
	return GENRE_OK;
}

size_t
genre_audio_load_memory(size_t native_frames, int channels, size_t out_samples, int resampled)
{
	size_t		mono = native_frames < GENRE_AUDIO_MAX_SAMPLES ? native_frames : GENRE_AUDIO_MAX_SAMPLES;
	size_t		chunk = (size_t) READ_FRAMES * (channels > 0 ? channels : 1);

	/* reserve() holds the full old buffer while the new one fills: 2 x at worst */
	return sizeof(float) * (2 * mono + chunk + (resampled ? out_samples + 2 : 0));
}

genre_code
genre_audio_check_window(double offset_s, double duration_s, int has_duration, genre_status *st)
{
	if (!isfinite(offset_s) || offset_s < 0)
		return genre_fail(st, GENRE_EINVAL, "offset_s must be a finite number of seconds >= 0, not %g",
						  offset_s);
	if (has_duration && (!isfinite(duration_s) || duration_s < 0))
		return genre_fail(st, GENRE_EINVAL, "duration_s must be a finite number of seconds >= 0, not %g",
						  duration_s);
	return GENRE_OK;
}

/*
 * Grow the mono buffer (n samples used) to hold at least need (doubling).
 * The samples move a megabyte at a time with a cancel check in between:
 * one realloc of hundreds of megabytes (copy and page faults) would hold a
 * cancel for a quarter of a second.
 */
static genre_code
reserve(float **buf, size_t *cap, size_t n, size_t need, genre_status *st)
{
	size_t		want = *cap ? *cap : READ_FRAMES;
	float	   *p;

	if (need <= *cap)
		return GENRE_OK;
	while (want < need)
		want *= 2;
	if (want > GENRE_AUDIO_MAX_SAMPLES)
		want = GENRE_AUDIO_MAX_SAMPLES;
	p = genre_alloc(want * sizeof(float));
	if (p == NULL)
		return genre_fail_nomem(st);
	for (size_t done = 0; done < n; done += MOVE_SAMPLES)
	{
		if (genre_interrupted())
		{
			genre_free(p);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		memcpy(p + done, *buf + done, (n - done < MOVE_SAMPLES ? n - done : MOVE_SAMPLES) * sizeof(float));
	}
	genre_free(*buf);
	*buf = p;
	*cap = want;
	return GENRE_OK;
}

/*
 * A mixed chunk x[0..n) starting at native frame first: GENRE_EBADDATA at
 * the first sample that is not finite or lies beyond
 * GENRE_AUDIO_MAX_AMPLITUDE, naming it.
 */
static genre_code
check_samples(const genre_decoder *d, const float *x, size_t n, int64_t first, genre_status *st)
{
	for (size_t i = 0; i < n; i++)
	{
		int64_t		frame = first + (int64_t) i;

		if (fabsf(x[i]) <= GENRE_AUDIO_MAX_AMPLITUDE)
			continue;
		if (!isfinite(x[i]))
		{
			genre_fail(st, GENRE_EBADDATA, "%s audio contains NaN or infinite samples", d->info.format);
			genre_status_detail(st, "The first is frame %lld (%.6g s).", (long long) frame,
								(double) frame / d->info.sample_rate);
		}
		else
		{
			genre_fail(st, GENRE_EBADDATA, "%s audio frame %lld (%.6g s) has amplitude %.9g, beyond the limit of %.0f",
					   d->info.format, (long long) frame, (double) frame / d->info.sample_rate,
					   (double) x[i], GENRE_AUDIO_MAX_AMPLITUDE);
			genre_status_detail(st, "Features of louder audio would overflow float32; scale it into [-1, 1].");
		}
		return GENRE_EBADDATA;
	}
	return GENRE_OK;
}

/*
 * Read up to `limit` frames (-1: to the end) at the decoder's position
 * (native frame `first`), mixed to mono into a new buffer, every sample
 * checked as it arrives.
 */
static genre_code
read_mono(genre_decoder *d, int64_t first, int64_t limit, float **out, size_t *out_n,
		  genre_status *st)
{
	int			channels = d->info.channels;
	float	   *chunk;
	float	   *mono = NULL;
	size_t		cap = 0;
	size_t		n = 0;
	genre_code	rc = GENRE_OK;

	chunk = genre_alloc((size_t) READ_FRAMES * channels * sizeof(float));
	if (chunk == NULL)
		return genre_fail_nomem(st);
	while (limit < 0 || (int64_t) n < limit)
	{
		size_t		want = READ_FRAMES;
		size_t		got = 0;

		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			break;
		}
		if (limit >= 0 && (uint64_t) (limit - (int64_t) n) < want)
			want = (size_t) (limit - (int64_t) n);
		rc = d->read(d, chunk, want, &got, st);
		if (rc != GENRE_OK || got == 0)
			break;
		if (n + got > GENRE_AUDIO_MAX_SAMPLES)
		{
			rc = genre_fail(st, GENRE_ELIMIT,
							"decoded audio exceeds the limit of %zu samples per channel",
							GENRE_AUDIO_MAX_SAMPLES);
			genre_status_detail(st, "Read long recordings in windows with offset_s and duration_s.");
			break;
		}
		rc = reserve(&mono, &cap, n, n + got, st);
		if (rc != GENRE_OK)
			break;
		genre_mix_mono(chunk, got, channels, mono + n);
		rc = check_samples(d, mono + n, got, first + (int64_t) n, st);
		if (rc != GENRE_OK)
			break;
		n += got;
	}
	genre_free(chunk);
	if (rc != GENRE_OK)
	{
		genre_free(mono);
		return rc;
	}
	*out = mono;
	*out_n = n;
	return GENRE_OK;
}

/* Discard frames up to `frame`: the fallback when the library cannot seek. */
static genre_code
skip_frames(genre_decoder *d, int64_t frame, int64_t *reached, genre_status *st)
{
	float	   *chunk = genre_alloc((size_t) READ_FRAMES * d->info.channels * sizeof(float));
	int64_t		pos = 0;
	genre_code	rc = GENRE_OK;

	if (chunk == NULL)
		return genre_fail_nomem(st);
	while (pos < frame)
	{
		size_t		want = frame - pos < READ_FRAMES ? (size_t) (frame - pos) : READ_FRAMES;
		size_t		got = 0;

		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			break;
		}
		rc = d->read(d, chunk, want, &got, st);
		if (rc != GENRE_OK || got == 0)
			break;
		pos += (int64_t) got;
	}
	genre_free(chunk);
	*reached = pos;
	return rc;
}

/*
 * Stand at native frame `start`.  When the library cannot seek there, decode
 * from the start and drop frames instead: the same samples, only slower.
 * An offset the audio does not reach is GENRE_EINVAL.
 */
static genre_code
position(genre_decoder *d, const void *data, size_t len, int64_t start, double offset_s,
		 genre_status *st)
{
	genre_status seek_st;
	int64_t		reached = 0;
	genre_code	rc;

	if (start == 0)
		return GENRE_OK;
	if (d->seek != NULL)
	{
		rc = d->seek(d, start, &seek_st);
		if (rc == GENRE_OK)
			return GENRE_OK;
		if (rc == GENRE_ECANCEL)
		{
			*st = seek_st;
			d->close(d);
			return rc;
		}
		/* a failed seek may leave the decoder anywhere: start over */
		d->close(d);
		rc = open_decoder(data, len, d, st);
		if (rc != GENRE_OK)
			return rc;
	}
	rc = skip_frames(d, start, &reached, st);
	if (rc == GENRE_OK && reached < start)
	{
		genre_fail(st, GENRE_EINVAL, "offset_s %g is beyond the end of the audio", offset_s);
		genre_status_detail(st, "The audio holds %lld frames at %d Hz.", (long long) reached,
							d->info.sample_rate);
		rc = GENRE_EINVAL;
	}
	if (rc != GENRE_OK)
		d->close(d);
	return rc;
}

/*
 * Frames librosa.load reads: start = int(offset * sr); count =
 * int(duration * sr) or all (-1), never past the frames the header declares.
 */
static genre_code
plan_window(const genre_audio_header *info, double offset_s, double duration_s,
			int64_t *start, int64_t *count, genre_status *st)
{
	double		sr = info->sample_rate;
	double		start_d = offset_s * sr;

	if (info->frames == 0)
		return genre_fail(st, GENRE_EBADDATA, "%s audio has no samples", info->format);
	if ((info->frames > 0 && start_d >= (double) info->frames) || start_d >= 9.0e18)
	{
		genre_fail(st, GENRE_EINVAL, "offset_s %g is beyond the end of the audio", offset_s);
		if (info->frames > 0)
			genre_status_detail(st, "The audio lasts %.6g s.", info->duration_s);
		return GENRE_EINVAL;
	}
	*start = (int64_t) start_d; /* int(): truncation, as librosa */
	*count = -1;
	if (duration_s >= 0)
	{
		double		want = duration_s * sr;

		if (want < 1)
			return genre_fail(st, GENRE_EINVAL, "duration_s %g is shorter than one sample at %d Hz",
							  duration_s, info->sample_rate);
		*count = want >= 9.0e18 ? INT64_MAX : (int64_t) want;
	}
	/* soundfile reads at most the frames the header declares */
	if (info->frames > 0 && (*count < 0 || *count > info->frames - *start))
		*count = info->frames - *start;
	return GENRE_OK;
}

genre_code
genre_audio_load(const void *data, size_t len, double offset_s, double duration_s,
				 int target_sr, genre_signal *out, genre_status *st)
{
	genre_decoder d;
	int64_t		start = 0;
	int64_t		count = -1;
	float	   *mono = NULL;
	size_t		n = 0;
	int			sr;
	genre_code	rc;

	memset(out, 0, sizeof(*out));
	if (!isfinite(offset_s) || offset_s < 0)
		return genre_audio_check_window(offset_s, 0, 0, st);
	if (isnan(duration_s) || isinf(duration_s))
		return genre_audio_check_window(offset_s, duration_s, 1, st);
	if (target_sr < 0 || target_sr > GENRE_AUDIO_MAX_RATE)
		return genre_fail(st, GENRE_EINVAL, "sample_rate must be between 0 (native) and %d Hz, not %d",
						  GENRE_AUDIO_MAX_RATE, target_sr);

	rc = open_decoder(data, len, &d, st);
	if (rc != GENRE_OK)
		return rc;
	sr = d.info.sample_rate;
	if (target_sr != 0 &&
		((int64_t) target_sr > (int64_t) sr * GENRE_RESAMPLE_MAX_RATIO ||
		 (int64_t) sr > (int64_t) target_sr * GENRE_RESAMPLE_MAX_RATIO))
	{
		int64_t		hi = (int64_t) sr * GENRE_RESAMPLE_MAX_RATIO;

		d.close(&d);
		genre_fail(st, GENRE_EINVAL, "sample_rate %d is too far from the native %d Hz of the audio",
				   target_sr, sr);
		genre_status_detail(st, "Resampling allows a ratio of up to %d: sample_rate between %d and %lld Hz, or 0 for the native rate.",
							GENRE_RESAMPLE_MAX_RATIO,
							(sr + GENRE_RESAMPLE_MAX_RATIO - 1) / GENRE_RESAMPLE_MAX_RATIO,
							(long long) (hi < GENRE_AUDIO_MAX_RATE ? hi : GENRE_AUDIO_MAX_RATE));
		return GENRE_EINVAL;
	}
	rc = plan_window(&d.info, offset_s, duration_s, &start, &count, st);
	if (rc != GENRE_OK)
	{
		d.close(&d);
		return rc;
	}
	rc = position(&d, data, len, start, offset_s, st);
	if (rc != GENRE_OK)
		return rc;				/* position() closed the decoder */
	rc = read_mono(&d, start, count, &mono, &n, st);
	d.close(&d);
	if (rc != GENRE_OK)
		return rc;

	if (n == 0)
		rc = start > 0
			? genre_fail(st, GENRE_EINVAL, "offset_s %g is beyond the end of the audio", offset_s)
			: genre_fail(st, GENRE_EBADDATA, "%s audio has no decodable samples", d.info.format);
	if (rc != GENRE_OK)
	{
		genre_free(mono);
		return rc;
	}

	if (target_sr == 0 || target_sr == sr)
	{
		out->samples = mono;
		out->n = n;
		out->sample_rate = sr;
		return GENRE_OK;
	}
	rc = genre_resample(mono, n, sr, target_sr, &out->samples, &out->n, st);
	genre_free(mono);
	if (rc != GENRE_OK)
		return rc;
	out->sample_rate = target_sr;
	return GENRE_OK;
}

genre_code
genre_audio_verify(const void *data, size_t len, int64_t *frames, genre_status *st)
{
	genre_decoder d;
	float	   *chunk;
	float	   *mono;
	int64_t		n = 0;
	genre_code	rc;

	*frames = 0;
	rc = open_decoder(data, len, &d, st);
	if (rc != GENRE_OK)
		return rc;
	if (d.info.frames == 0)
	{
		d.close(&d);
		return genre_fail(st, GENRE_EBADDATA, "%s audio has no samples", d.info.format);
	}
	chunk = genre_alloc((size_t) READ_FRAMES * d.info.channels * sizeof(float));
	mono = genre_alloc((size_t) READ_FRAMES * sizeof(float));
	if (chunk == NULL || mono == NULL)
		rc = genre_fail_nomem(st);
	/*
	 * read_mono's loop over plan_window's frames (at most what the header
	 * declares, as soundfile), a block at a time: the same samples, none kept
	 */
	while (rc == GENRE_OK && (d.info.frames < 0 || n < d.info.frames))
	{
		size_t		want = READ_FRAMES;
		size_t		got = 0;

		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			break;
		}
		if (d.info.frames > 0 && (uint64_t) (d.info.frames - n) < want)
			want = (size_t) (d.info.frames - n);
		rc = d.read(&d, chunk, want, &got, st);
		if (rc != GENRE_OK || got == 0)
			break;
		genre_mix_mono(chunk, got, d.info.channels, mono);
		rc = check_samples(&d, mono, got, n, st);
		n += (int64_t) got;
	}
	genre_free(chunk);
	genre_free(mono);
	d.close(&d);
	if (rc == GENRE_OK && n == 0)
		rc = genre_fail(st, GENRE_EBADDATA, "%s audio has no decodable samples", d.info.format);
	*frames = rc == GENRE_OK ? n : 0;
	return rc;
}

void
genre_signal_free(genre_signal *sig)
{
	if (sig == NULL)
		return;
	genre_free(sig->samples);
	sig->samples = NULL;
	sig->n = 0;
}
