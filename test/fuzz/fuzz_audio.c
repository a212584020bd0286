/*
 * fuzz_audio.c - libFuzzer target: any bytes through genre_audio_probe and
 * genre_audio_load must end in GENRE_OK with finite samples or in a clean
 * error, with every library handle closed (the malloc allocator lets
 * LeakSanitizer see what a decoder forgets).
 */
#include "audio/audio.h"
#include "base/alloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
fail(const char *what, genre_code rc, const genre_status *st)
{
	fprintf(stderr, "fuzz_audio: %s (code %d, \"%s\")\n", what, rc, st->message);
	abort();
}

static void
load(const uint8_t *data, size_t size, double offset_s, double duration_s, int sr)
{
	genre_signal sig;
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	rc = genre_audio_load(data, size, offset_s, duration_s, sr, &sig, &st);
	if (rc == GENRE_OK)
	{
		if (sig.n == 0 || sig.samples == NULL)
			fail("success without samples", rc, &st);
		for (size_t i = 0; i < sig.n; i++)
			if (!isfinite(sig.samples[i]))
				fail("non-finite sample", rc, &st);
		genre_signal_free(&sig);
		return;
	}
	if (rc != GENRE_EBADDATA && rc != GENRE_EINVAL && rc != GENRE_ELIMIT)
		fail("unexpected error code", rc, &st);
	if (st.message[0] == '\0' || sig.samples != NULL)
		fail("error without a message or with samples", rc, &st);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	genre_audio_header info;
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	rc = genre_audio_probe(data, size, &info, &st);
	if (rc == GENRE_OK)
	{
		if (info.channels < 1 || info.channels > GENRE_AUDIO_MAX_CHANNELS ||
			info.sample_rate < 1 || info.sample_rate > GENRE_AUDIO_MAX_RATE)
			fail("probe accepted an out-of-range header", rc, &st);
	}
	else if (rc != GENRE_EBADDATA && rc != GENRE_ELIMIT)
		fail("unexpected probe error code", rc, &st);

	/* librosa's default rate from the start, bounded so each run stays short */
	load(data, size, 0.0, 5.0, GENRE_SAMPLE_RATE);
	/* a seek into the stream at the native rate, offset taken from the input */
	if (size > 0)
		load(data, size, (data[size - 1] % 16) * 0.0125, 1.0, 0);
	return 0;
}
