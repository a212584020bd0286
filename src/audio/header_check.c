/*
 * header_check.c - channel count, sample rate and data size of WAV, AIFF
 * and AU headers, checked against the bytes actually present.
 *
 * Every read is bounds-checked: the header is untrusted.  Only fields that
 * are present are judged; a header too short to say anything is left to
 * libsndfile, which refuses it with its own message.
 */
#include "audio/header_check.h"

#include "audio/audio.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define UNKNOWN_SIZE 0xffffffffu

static uint32_t
get32(const unsigned char *p, int big)
{
	return big ? ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3])
		: ((uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0]);
}

static uint16_t
get16(const unsigned char *p, int big)
{
	return big ? (uint16_t) (p[0] << 8 | p[1]) : (uint16_t) (p[1] << 8 | p[0]);
}

static uint64_t
get64le(const unsigned char *p)
{
	return (uint64_t) get32(p + 4, 0) << 32 | get32(p, 0);
}

static genre_code
check_shape(const char *what, uint64_t channels, double rate, genre_status *st)
{
	if (channels == 0)
		return genre_fail(st, GENRE_EBADDATA, "%s header has zero channels", what);
	if (channels > GENRE_AUDIO_MAX_CHANNELS)
		return genre_fail(st, GENRE_ELIMIT, "%s header has %llu channels, over the limit of %d",
						  what, (unsigned long long) channels, GENRE_AUDIO_MAX_CHANNELS);
	if (!(rate >= 1))
		return genre_fail(st, GENRE_EBADDATA, "%s header has sample rate %.10g", what, rate);
	if (rate > GENRE_AUDIO_MAX_RATE)
		return genre_fail(st, GENRE_ELIMIT, "%s header has sample rate %.10g Hz, over the limit of %d Hz",
						  what, rate, GENRE_AUDIO_MAX_RATE);
	return GENRE_OK;
}

/* Data shorter than the header says: name it in frames when a frame has a fixed size. */
static genre_code
check_size(const char *what, uint64_t claimed_bytes, uint64_t present_bytes,
		   uint64_t frame_bytes, genre_status *st)
{
	if (claimed_bytes <= present_bytes)
		return GENRE_OK;
	if (frame_bytes > 0)
		genre_fail(st, GENRE_EBADDATA, "%s header claims %llu frames, %llu present", what,
				   (unsigned long long) (claimed_bytes / frame_bytes),
				   (unsigned long long) (present_bytes / frame_bytes));
	else
		genre_fail(st, GENRE_EBADDATA, "%s header claims %llu bytes of audio data, %llu present",
				   what, (unsigned long long) claimed_bytes, (unsigned long long) present_bytes);
	genre_status_detail(st, "The file is truncated or its header is corrupt.");
	return GENRE_EBADDATA;
}

static genre_code
check_wav(const unsigned char *d, size_t len, genre_status *st)
{
	int			big = memcmp(d, "RIFX", 4) == 0;
	int			rf64 = memcmp(d, "RF64", 4) == 0;
	uint64_t	rf64_data = UNKNOWN_SIZE;
	uint64_t	frame_bytes = 0;
	int			have_fmt = 0;
	size_t		pos = 12;

	while (len - pos >= 8)
	{
		const unsigned char *c = d + pos;
		uint64_t	size = get32(c + 4, big);
		uint64_t	avail = len - pos - 8;

		if (memcmp(c, "ds64", 4) == 0 && rf64 && avail >= 16)
			rf64_data = get64le(c + 16);
		else if (memcmp(c, "fmt ", 4) == 0 && avail >= 16 && !have_fmt)
		{
			uint16_t	tag = get16(c + 8, big);
			uint16_t	channels = get16(c + 10, big);
			uint32_t	rate = get32(c + 12, big);
			uint16_t	align = get16(c + 20, big);
			uint16_t	bits = get16(c + 22, big);
			genre_code	rc = check_shape("wav", channels, rate, st);

			if (rc != GENRE_OK)
				return rc;
			have_fmt = 1;
			/* PCM, IEEE float, extensible: fixed-size frames of whole bytes */
			if ((tag == 1 || tag == 3 || tag == 0xfffe) && bits % 8 == 0 && bits > 0 &&
				align == (uint32_t) channels * (bits / 8))
				frame_bytes = align;
		}
		else if (memcmp(c, "data", 4) == 0)
		{
			if (rf64 && size == UNKNOWN_SIZE)
				size = rf64_data;
			/* 0 and 0xffffffff: written while streaming, length unknown */
			if (!have_fmt || size == 0 || size == UNKNOWN_SIZE)
				return GENRE_OK;
			return check_size("wav", size, avail, frame_bytes, st);
		}
		/* chunks are padded to an even size */
		if (size + (size & 1) >= avail)
			break;
		pos += 8 + (size_t) (size + (size & 1));
	}
	return GENRE_OK;
}

/* 80-bit IEEE extended, big endian, as AIFF stores its sample rate. */
static double
get_extended(const unsigned char *p)
{
	int			exponent = ((p[0] & 0x7f) << 8) | p[1];
	uint64_t	mantissa = 0;

	for (int i = 0; i < 8; i++)
		mantissa = mantissa << 8 | p[2 + i];
	if (exponent == 0x7fff)
		return NAN;
	if (p[0] & 0x80)
		return -1.0;			/* negative: refused as a bad rate */
	return ldexp((double) mantissa, exponent - 16383 - 63);
}

static genre_code
check_aiff(const unsigned char *d, size_t len, genre_status *st)
{
	int			compressed = memcmp(d + 8, "AIFC", 4) == 0;
	uint64_t	frames = 0;
	uint64_t	frame_bytes = 0;
	int			have_comm = 0;
	size_t		pos = 12;

	while (len - pos >= 8)
	{
		const unsigned char *c = d + pos;
		uint64_t	size = get32(c + 4, 1);
		uint64_t	avail = len - pos - 8;

		if (memcmp(c, "COMM", 4) == 0 && avail >= 18 && !have_comm)
		{
			uint16_t	channels = get16(c + 8, 1);
			uint16_t	bits = get16(c + 14, 1);
			genre_code	rc = check_shape("aiff", channels, get_extended(c + 16), st);

			if (rc != GENRE_OK)
				return rc;
			have_comm = 1;
			frames = get32(c + 10, 1);
			if (!compressed && bits > 0 && bits <= 32)
				frame_bytes = (uint64_t) channels * ((bits + 7) / 8);
		}
		else if (memcmp(c, "SSND", 4) == 0 && avail >= 8)
		{
			uint64_t	offset = get32(c + 8, 1);
			uint64_t	present = avail - 8 > offset ? avail - 8 - offset : 0;

			if (!have_comm || frame_bytes == 0)
				return GENRE_OK;
			return check_size("aiff", frames * frame_bytes, present, frame_bytes, st);
		}
		if (size + (size & 1) >= avail)
			break;
		pos += 8 + (size_t) (size + (size & 1));
	}
	return GENRE_OK;
}

static genre_code
check_au(const unsigned char *d, size_t len, genre_status *st)
{
	int			big = d[0] == '.';
	uint32_t	offset,
				size,
				encoding,
				rate,
				channels;
	uint64_t	sample_bytes;
	genre_code	rc;

	if (len < 24)
		return GENRE_OK;
	offset = get32(d + 4, big);
	size = get32(d + 8, big);
	encoding = get32(d + 12, big);
	rate = get32(d + 16, big);
	channels = get32(d + 20, big);
	rc = check_shape("au", channels, rate, st);
	if (rc != GENRE_OK || size == UNKNOWN_SIZE || offset > len)
		return rc;
	switch (encoding)
	{
		case 1:					/* mu-law */
		case 2:					/* 8-bit linear */
		case 27:				/* a-law */
			sample_bytes = 1;
			break;
		case 3:
			sample_bytes = 2;
			break;
		case 4:
			sample_bytes = 3;
			break;
		case 5:
		case 6:
			sample_bytes = 4;
			break;
		case 7:
			sample_bytes = 8;
			break;
		default:
			sample_bytes = 0;
	}
	return check_size("au", size, len - offset, sample_bytes * channels, st);
}

genre_code
genre_check_header(const unsigned char *data, size_t len, genre_status *st)
{
	if (len < 12)
		return GENRE_OK;
	if ((memcmp(data, "RIFF", 4) == 0 || memcmp(data, "RIFX", 4) == 0 ||
		 memcmp(data, "RF64", 4) == 0) && memcmp(data + 8, "WAVE", 4) == 0)
		return check_wav(data, len, st);
	if (memcmp(data, "FORM", 4) == 0 &&
		(memcmp(data + 8, "AIFF", 4) == 0 || memcmp(data + 8, "AIFC", 4) == 0))
		return check_aiff(data, len, st);
	if (memcmp(data, ".snd", 4) == 0 || memcmp(data, "dns.", 4) == 0)
		return check_au(data, len, st);
	return GENRE_OK;
}
