/*
 * fuzz_audio.c - libFuzzer target: any bytes through genre_audio_probe and
 * genre_audio_load must end in GENRE_OK with finite samples or in a clean
 * error (GENRE_ECANCEL too, when a cancel is injected), with every library
 * handle closed (the malloc allocator lets LeakSanitizer see what a decoder
 * forgets).
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

/* the cancel of the third load: once armed, the host says stop after checks_left checks */
static int	armed;
static int	checks_left;

static int
count_down(void)
{
	return armed && checks_left-- <= 0;
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
	if (rc != GENRE_EBADDATA && rc != GENRE_EINVAL && rc != GENRE_ELIMIT &&
		!(rc == GENRE_ECANCEL && armed))
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
	/* a cancel after an input-chosen number of checks: every handle closed, nothing leaked */
	if (size > 1)
	{
		genre_set_interrupt_check(count_down);
		checks_left = data[size - 2] % 32;
		armed = 1;
		load(data, size, 0.0, 5.0, GENRE_SAMPLE_RATE);
		armed = 0;
		genre_set_interrupt_check(NULL);
	}
	return 0;
}
