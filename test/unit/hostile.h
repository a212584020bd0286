/*
 * hostile.h - generators of hostile audio for the unit tests and fuzz
 * seeds, so no megabytes of junk live in the repository: Ogg pages with
 * any header fields (CRC right), junk dense with false Ogg page headers, and
 * IEEE-float WAV files with any sample values.  Everything is malloc'ed.
 */
#ifndef GENRE_TEST_HOSTILE_H
#define GENRE_TEST_HOSTILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Ogg's CRC-32 bit by bit: the plain definition, independent of src/audio. */
static uint32_t
hostile_ogg_crc(const unsigned char *p, size_t n)
{
	uint32_t	r = 0;

	for (size_t i = 0; i < n; i++)
	{
		r ^= (uint32_t) p[i] << 24;
		for (int k = 0; k < 8; k++)
			r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : r << 1;
	}
	return r;
}

static void
hostile_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char) (v >> (8 * i));
}

/*
 * Write one Ogg page (header, lacing values, body, CRC) at out, which has
 * room for 27 + 255 + body_len bytes; body_len <= 255 * 255 - 1.  Returns
 * the page length.
 */
static size_t
hostile_ogg_page(unsigned char *out, int version, int flags, uint64_t granule, uint32_t serial,
				 uint32_t seq, const unsigned char *body, size_t body_len)
{
	size_t		nseg = body_len / 255 + 1;
	size_t		n = 27 + nseg + body_len;

	memcpy(out, "OggS", 4);
	out[4] = (unsigned char) version;
	out[5] = (unsigned char) flags;
	for (int i = 0; i < 8; i++)
		out[6 + i] = (unsigned char) (granule >> (8 * i));
	hostile_le32(out + 14, serial);
	hostile_le32(out + 18, seq);
	hostile_le32(out + 22, 0);
	out[26] = (unsigned char) nseg;
	for (size_t i = 0; i < nseg; i++)
		out[27 + i] = (unsigned char) (i + 1 < nseg ? 255 : body_len % 255);
	memcpy(out + 27 + nseg, body, body_len);
	hostile_le32(out + 22, hostile_ogg_crc(out, n));
	return n;
}

/*
 * n bytes of "OggS\0\377\377" repeated: a false page header every 7 bytes,
 * each claiming 255 lacing values that average 125 bytes (about 32 KB),
 * the most CRC work per byte for libogg's resync.
 */
static unsigned char *
hostile_false_headers(size_t n)
{
	static const unsigned char pattern[7] = {'O', 'g', 'g', 'S', 0, 0xff, 0xff};
	unsigned char *p = malloc(n ? n : 1);

	for (size_t i = 0; i < n; i++)
		p[i] = pattern[i % 7];
	return p;
}

/* a followed by b (either may be NULL with length 0). */
static unsigned char *
hostile_cat(const void *a, size_t a_len, const void *b, size_t b_len, size_t *len)
{
	unsigned char *p = malloc(a_len + b_len ? a_len + b_len : 1);

	if (a_len)
		memcpy(p, a, a_len);
	if (b_len)
		memcpy(p + a_len, b, b_len);
	*len = a_len + b_len;
	return p;
}

/* A mono IEEE-float WAV (format 3) of n samples at rate Hz. */
static unsigned char *
hostile_float_wav(const float *x, size_t n, uint32_t rate, size_t *len)
{
	size_t		body = n * 4;
	unsigned char *w = calloc(1, 44 + body);

	memcpy(w, "RIFF", 4);
	hostile_le32(w + 4, (uint32_t) (36 + body));
	memcpy(w + 8, "WAVEfmt ", 8);
	hostile_le32(w + 16, 16);
	w[20] = 3;					/* WAVE_FORMAT_IEEE_FLOAT */
	w[22] = 1;					/* mono */
	hostile_le32(w + 24, rate);
	hostile_le32(w + 28, rate * 4);
	w[32] = 4;
	w[34] = 32;
	memcpy(w + 36, "data", 4);
	hostile_le32(w + 40, (uint32_t) body);
	memcpy(w + 44, x, body);	/* little-endian hosts only, like the rest of the tests */
	*len = 44 + body;
	return w;
}

#endif
