/*
 * test_audio_hostile.c - audio built to make the decoders slow, stuck or
 * wrong: Ogg data dense with false page headers (junk after, between and
 * inside pages), hidden second streams, and cancels landing while a library
 * is busy.  Inputs come from hostile.h; nothing large is stored.
 */
#include "files.h"
#include "harness.h"
#include "hostile.h"

#include "audio/audio.h"
#include "audio/ogg_pages.h"
#include "base/rng.h"

#include <math.h>
#include <ogg/ogg.h>
#include <string.h>
#include <time.h>


static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

/* ---------- the page scanner against libogg itself ---------- */

/* What libogg's sync returns reading d forward: the pages back to back (malloc'ed). */
static unsigned char *
libogg_pages(const unsigned char *d, size_t len, size_t *out_len)
{
	ogg_sync_state oy;
	ogg_page	og;
	unsigned char *out = malloc(len ? len : 1);
	long		r;

	*out_len = 0;
	ogg_sync_init(&oy);
	memcpy(ogg_sync_buffer(&oy, (long) len), d, len);
	ogg_sync_wrote(&oy, (long) len);
	while ((r = ogg_sync_pageseek(&oy, &og)) != 0)
		if (r > 0)
		{
			memcpy(out + *out_len, og.header, og.header_len);
			memcpy(out + *out_len + og.header_len, og.body, og.body_len);
			*out_len += og.header_len + og.body_len;
		}
	ogg_sync_clear(&oy);
	return out;
}

/* Does every page libogg finds starting at any byte of d carry one serial number? */
static int
libogg_one_serial(const unsigned char *d, size_t len)
{
	int			have = 0;
	long		serial = 0;

	for (size_t p = 0; p + 4 <= len; p++)
	{
		ogg_sync_state oy;
		ogg_page	og;

		if (memcmp(d + p, "OggS", 4) != 0)
			continue;
		ogg_sync_init(&oy);
		memcpy(ogg_sync_buffer(&oy, (long) (len - p)), d + p, len - p);
		ogg_sync_wrote(&oy, (long) (len - p));
		if (ogg_sync_pageseek(&oy, &og) > 0)
		{
			if (have && ogg_page_serialno(&og) != serial)
			{
				ogg_sync_clear(&oy);
				return 0;
			}
			serial = ogg_page_serialno(&og);
			have = 1;
		}
		ogg_sync_clear(&oy);
	}
	return 1;
}

static int	views_checked;

/* The view must hold exactly libogg's pages, and agree on the serial numbers. */
static void
check_view(const unsigned char *d, size_t len)
{
	genre_ogg_view v;
	genre_status st;
	genre_code	rc = genre_ogg_view_build(d, len, 1, &v, &st);
	size_t		ref_len;
	unsigned char *ref;

	if (rc == GENRE_EBADDATA)
	{
		CHECK(strstr(st.message, "false page headers") != NULL);
		return;
	}
	CHECK(rc == GENRE_OK);
	if (rc != GENRE_OK)
		return;
	ref = libogg_pages(d, len, &ref_len);
	CHECK(v.len == ref_len && (ref_len == 0 || memcmp(v.data, ref, ref_len) == 0));
	CHECK(v.one_serial == libogg_one_serial(v.data, v.len));
	if (v.len != ref_len || v.one_serial != libogg_one_serial(v.data, v.len))
		fprintf(stderr, "view of %zu bytes: %zu bytes, libogg %zu; one serial %d\n", len, v.len,
				ref_len, v.one_serial);
	views_checked++;
	genre_ogg_view_free(&v);
	free(ref);
}

/* The offset of the k-th page of a clean stream. */
static size_t
page_offset(const unsigned char *d, size_t len, int k)
{
	size_t		p = 0;

	for (int i = 0; i < k && p + 27 <= len; i++)
	{
		size_t		n = 27 + d[p + 26];

		for (int s = 0; s < d[p + 26]; s++)
			n += d[p + 27 + s];
		p += n;
	}
	return p;
}

static void
test_view_matches_libogg(void)
{
	static const char *files[] = {
		"audio/synth/stereo_44k.ogg", "../fuzz/corpus/audio/vorbis.ogg",
		"../fuzz/corpus/audio/opus.opus", "../fuzz/corpus/audio/regress_vorbis_chain_leak.ogg",
	};
	genre_rng	rng;

	genre_rng_seed(&rng, 7);
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++)
	{
		size_t		len;
		unsigned char *d = read_data(files[f], &len);

		CHECK(d != NULL);
		if (d == NULL)
			continue;
		check_view(d, len);
		for (int m = 0; m < 300; m++)
		{
			unsigned char *x = malloc(len + 600);
			size_t		n = len;

			memcpy(x, d, len);
			/* a few edits: flipped bytes, capture patterns, cuts, inserted junk */
			for (int e = 0; e < 1 + m % 4; e++)
			{
				size_t		at = (size_t) genre_rng_below(&rng, n);

				switch (genre_rng_below(&rng, 4))
				{
					case 0:
						x[at] ^= (unsigned char) (1 + genre_rng_below(&rng, 255));
						break;
					case 1:
						if (at + 27 <= n)
						{
							memcpy(x + at, "OggS", 4);
							x[at + 4] = (unsigned char) genre_rng_below(&rng, 2);
						}
						break;
					case 2:
						n = at + 1;
						break;
					case 3:
						{
							size_t		k = 1 + (size_t) genre_rng_below(&rng, 100);

							memmove(x + at + k, x + at, n - at);
							for (size_t i = 0; i < k; i++)
								x[at + i] = "OggS\0\377"[genre_rng_below(&rng, 6)];
							n += k;
						}
						break;
				}
			}
			check_view(x, n);
			free(x);
		}
		free(d);
	}
	CHECK(views_checked > 1000);
}

/* ---------- junk after, between and inside pages ---------- */

/* Decode d; expect rc, within max_s seconds; the decode when rc is GENRE_OK. */
static genre_signal
timed_load(const unsigned char *d, size_t len, genre_code want, double max_s, const char *what)
{
	genre_signal sig;
	genre_status st;
	double		t0 = now();
	genre_code	rc = genre_audio_load(d, len, 0, -1, 0, &sig, &st);
	double		t = now() - t0;

	CHECK(rc == want);
	CHECK(t <= max_s);
	if (rc != want || t > max_s || getenv("GENRE_TEST_VERBOSE"))
		fprintf(stderr, "%s: code %d (%s) in %.3f s\n", what, rc, st.message, t);
	return sig;
}

static int
same_signal(const genre_signal *a, const genre_signal *b)
{
	return a->n == b->n && a->n > 0 && memcmp(a->samples, b->samples, a->n * sizeof(float)) == 0;
}

static void
test_junk_after_pages(void)
{
	size_t		vlen,
				olen,
				n;
	unsigned char *vorbis = read_data("../fuzz/corpus/audio/vorbis.ogg", &vlen);
	unsigned char *opus = read_data("../fuzz/corpus/audio/opus.opus", &olen);
	unsigned char *junk = hostile_false_headers((size_t) 16 << 20);
	unsigned char *zeros = calloc(1, (size_t) 64 << 20);
	unsigned char *x;
	genre_signal clean,
				sig;
	genre_status st;
	genre_audio_header info;

	CHECK(vorbis && opus);
	if (!vorbis || !opus)
		return;
	clean = timed_load(vorbis, vlen, GENRE_OK, 1.0, "clean vorbis");

	/* main took 4.7 s for 256 KB of false headers after a 4 KB file (quadratic) */
	x = hostile_cat(vorbis, vlen, junk, 256 << 10, &n);
	sig = timed_load(x, n, GENRE_EBADDATA, 0.5, "vorbis + 256 KB false headers");
	CHECK(genre_audio_probe(x, n, &info, &st) == GENRE_EBADDATA);
	CHECK(strstr(st.message, "false page headers") != NULL);
	free(x);
	x = hostile_cat(vorbis, vlen, junk, (size_t) 16 << 20, &n);
	sig = timed_load(x, n, GENRE_EBADDATA, 0.5, "vorbis + 16 MB false headers");
	free(x);
	x = hostile_cat(opus, olen, junk, (size_t) 16 << 20, &n);
	sig = timed_load(x, n, GENRE_EBADDATA, 0.5, "opus + 16 MB false headers");
	free(x);

	/* junk without capture patterns is skipped: the same signal (main: 2.4 s, quadratic) */
	x = hostile_cat(vorbis, vlen, zeros, (size_t) 64 << 20, &n);
	sig = timed_load(x, n, GENRE_OK, 0.5, "vorbis + 64 MB zeros");
	CHECK(same_signal(&sig, &clean));
	CHECK(genre_audio_probe(x, n, &info, &st) == GENRE_OK && info.frames == (int64_t) clean.n);
	genre_signal_free(&sig);
	free(x);

	/* a few false headers after the stream cost little and change nothing */
	x = hostile_cat(vorbis, vlen, junk, 7 * 100, &n);
	sig = timed_load(x, n, GENRE_OK, 0.5, "vorbis + 100 false headers");
	CHECK(same_signal(&sig, &clean));
	genre_signal_free(&sig);
	free(x);

	genre_signal_free(&clean);
	free(vorbis);
	free(opus);
	free(junk);
	free(zeros);
}

static void
test_junk_between_and_inside_pages(void)
{
	size_t		len,
				n,
				cut;
	unsigned char *d = read_data("audio/synth/stereo_44k.ogg", &len);
	unsigned char *gap = calloc(1, 1 << 20);
	unsigned char *junk = hostile_false_headers(60000);
	unsigned char *x,
			   *y;
	unsigned char page[27 + 255 + 60000];
	genre_signal clean,
				sig;
	uint32_t	serial;

	CHECK(d != NULL);
	if (d == NULL)
		return;
	clean = timed_load(d, len, GENRE_OK, 1.0, "clean stereo ogg");

	/* 1 MB of zeros and a few false headers between the 4th and 5th page: pages move, signal stays */
	cut = page_offset(d, len, 4);
	memcpy(gap + 5000, junk, 7 * 20);
	x = hostile_cat(d, cut, gap, 1 << 20, &n);
	y = hostile_cat(x, n, d + cut, len - cut, &n);
	sig = timed_load(y, n, GENRE_OK, 0.5, "1 MB gap between pages");
	CHECK(same_signal(&sig, &clean));
	genre_signal_free(&sig);
	check_view(y, n);
	free(x);
	free(y);

	/*
	 * a valid page of the stream whose body is false headers: libvorbisfile
	 * would CRC 32 KB for each of them in every search that passes the page
	 */
	memcpy(&serial, d + 14, 4);
	n = hostile_ogg_page(page, 0, 0, (uint64_t) -1, serial, 1000, junk, 60000);
	x = hostile_cat(d, len, page, n, &n);
	sig = timed_load(x, n, GENRE_EBADDATA, 0.5, "page body of false headers");
	free(x);

	genre_signal_free(&clean);
	free(d);
	free(gap);
	free(junk);
}

/* A second logical stream hidden in a page of another version is still a second stream. */
static void
test_hidden_second_stream(void)
{
	size_t		len,
				n;
	unsigned char *d = read_data("../fuzz/corpus/audio/vorbis.ogg", &len);
	unsigned char page[27 + 255 + 16];
	unsigned char *x;
	genre_status st;
	genre_audio_header info;

	CHECK(d != NULL);
	if (d == NULL)
		return;
	for (int version = 0; version < 2; version++)
	{
		n = hostile_ogg_page(page, version, 2, 0, 0x5eed, 0, (const unsigned char *) "\001vorbis-but-not", 16);
		x = hostile_cat(d, len, page, n, &n);
		CHECK(genre_audio_probe(x, n, &info, &st) == GENRE_EBADDATA);
		CHECK(strstr(st.message, "chained or multiplexed") != NULL);
		free(x);
	}
	free(d);
}

/* ---------- samples features cannot take ---------- */

static void
test_sample_range(void)
{
	float		x[1000];
	size_t		len;
	unsigned char *w;
	genre_signal sig;
	genre_status st;

	for (int i = 0; i < 1000; i++)
		x[i] = (float) sin(i * 0.1);
	/* finite but huge: librosa's features would be inf/NaN, genre names the sample (main: XX000 later) */
	x[110] = 1e20f;
	w = hostile_float_wav(x, 1000, 22050, &len);
	CHECK(genre_audio_load(w, len, 0, -1, 0, &sig, &st) == GENRE_EBADDATA);
	CHECK(strstr(st.message, "frame 110 (0.00498866 s) has amplitude 1.00000002e+20, beyond the limit of 4294967296") != NULL);
	/* a window names the frame of the file, not of the window */
	CHECK(genre_audio_load(w, len, 0.004, -1, GENRE_SAMPLE_RATE, &sig, &st) == GENRE_EBADDATA);
	CHECK(strstr(st.message, "frame 110 ") != NULL);
	/* a window that ends before the sample decodes */
	CHECK(genre_audio_load(w, len, 0, 0.004, 0, &sig, &st) == GENRE_OK && sig.n == 88);
	genre_signal_free(&sig);
	free(w);

	/* the limit itself is allowed, either sign; the next float above it is not */
	x[110] = -GENRE_AUDIO_MAX_AMPLITUDE;
	x[111] = GENRE_AUDIO_MAX_AMPLITUDE;
	w = hostile_float_wav(x, 1000, 22050, &len);
	CHECK(genre_audio_load(w, len, 0, -1, 0, &sig, &st) == GENRE_OK && sig.samples[110] == -GENRE_AUDIO_MAX_AMPLITUDE);
	genre_signal_free(&sig);
	free(w);
	x[111] = nextafterf(GENRE_AUDIO_MAX_AMPLITUDE, INFINITY);
	w = hostile_float_wav(x, 1000, 22050, &len);
	CHECK(genre_audio_load(w, len, 0, -1, 0, &sig, &st) == GENRE_EBADDATA);
	CHECK(strstr(st.message, "frame 111 ") != NULL);
	free(w);

	/* NaN keeps its message and names the frame in the detail */
	x[111] = NAN;
	w = hostile_float_wav(x, 1000, 22050, &len);
	CHECK(genre_audio_load(w, len, 0, -1, 0, &sig, &st) == GENRE_EBADDATA);
	CHECK(strcmp(st.message, "wav audio contains NaN or infinite samples") == 0);
	CHECK(strstr(st.detail, "frame 111 ") != NULL);
	free(w);
}

/* 768 kHz audio to 1 Hz: main spent 8.6 s in libsoxr's filter design, deaf to cancel */
static void
test_resample_ratio(void)
{
	float	   *x = calloc(768000, sizeof(float));
	size_t		len;
	unsigned char *w = hostile_float_wav(x, 768000, 768000, &len);
	genre_signal sig;
	genre_status st;
	double		t0 = now();

	CHECK(genre_audio_load(w, len, 0, -1, 1, &sig, &st) == GENRE_EINVAL);
	CHECK(now() - t0 < 0.5);
	CHECK(strcmp(st.message, "sample_rate 1 is too far from the native 768000 Hz of the audio") == 0);
	CHECK(strstr(st.detail, "between 750 and 768000 Hz") != NULL);
	CHECK(genre_audio_load(w, len, 0, -1, 749, &sig, &st) == GENRE_EINVAL);
	CHECK(genre_audio_load(w, len, 0, -1, 750, &sig, &st) == GENRE_OK && sig.n == 750);
	genre_signal_free(&sig);
	free(w);
	/* the other way: 100 Hz audio up to at most 102400 Hz */
	w = hostile_float_wav(x, 100, 100, &len);
	CHECK(genre_audio_load(w, len, 0, -1, 102401, &sig, &st) == GENRE_EINVAL);
	CHECK(strstr(st.detail, "between 1 and 102400 Hz") != NULL);
	CHECK(genre_audio_load(w, len, 0, -1, 102400, &sig, &st) == GENRE_OK && sig.n == 102400);
	genre_signal_free(&sig);
	free(w);
	free(x);
}

/* ---------- cancel while a library is busy ---------- */

/*
 * Latency is measured in this thread's CPU time: the work done between the
 * cancel and the return, whatever else the machine runs.
 */
static double
cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static double cancel_at;

static int
past_deadline(void)
{
	return cpu_now() >= cancel_at;
}

/*
 * CPU seconds from the cancel to the decoder's return: GENRE_ECANCEL, or
 * GENRE_OK when the load finished first (the time past the deadline counts).
 */
static double
cancel_latency(const unsigned char *d, size_t len, double offset_s, double delay)
{
	genre_signal sig;
	genre_status st;
	genre_code	rc;
	double		back;

	genre_status_clear(&st);
	cancel_at = cpu_now() + delay;
	genre_set_interrupt_check(past_deadline);
	rc = genre_audio_load(d, len, offset_s, -1, GENRE_SAMPLE_RATE, &sig, &st);
	back = cpu_now();
	genre_set_interrupt_check(NULL);
	if (rc == GENRE_OK)
	{
		/*
		 * The load ended before any check saw the deadline: the CPU it spent
		 * past the deadline is the gap the user would wait.
		 */
		genre_signal_free(&sig);
		return back > cancel_at ? back - cancel_at : 0;
	}
	CHECK(rc == GENRE_ECANCEL && sig.samples == NULL);
	if (rc != GENRE_ECANCEL)
		fprintf(stderr, "cancel after %.1f ms: code %d (%s)\n", delay * 1e3, rc, st.message);
	return back - cancel_at;
}

static void
test_cancel_latency(void)
{
	static const char *files[] = {
		"audio/real/fof_muldjord_chaos_god.ogg", "audio/real/asc_frontiers.mp3", NULL,
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++)
	{
		size_t		len;
		unsigned char *d;
		double		worst = 0;

		if (files[f] == NULL)
		{
			/* 5 min of 44.1 kHz float noise: little to decode, much to resample */
			size_t		frames = 300 * 44100;
			float	   *x = malloc(frames * sizeof(float));
			genre_rng	rng;

			genre_rng_seed(&rng, 3);
			for (size_t i = 0; i < frames; i++)
				x[i] = (float) (genre_rng_double(&rng) - 0.5);
			d = hostile_float_wav(x, frames, 44100, &len);
			free(x);
		}
		else
			d = read_data(files[f], &len);
		CHECK(d != NULL);
		if (d == NULL)
			continue;
		/* cancels spread over decoding, seeking and resampling, whole file and from 30 s */
		for (int from = 0; from < 2; from++)
		{
			genre_signal sig;
			genre_status st;
			double		t0 = cpu_now(),
						full;

			CHECK(genre_audio_load(d, len, from * 30.0, -1, GENRE_SAMPLE_RATE, &sig, &st) == GENRE_OK);
			full = cpu_now() - t0;
			genre_signal_free(&sig);
			for (int k = 1; k < 8; k++)
			{
				double		lat = cancel_latency(d, len, from * 30.0, full * k / 8);

				if (lat > worst)
					worst = lat;
			}
		}
		CHECK(worst <= 0.05);
		if (worst > 0.05 || getenv("GENRE_TEST_VERBOSE"))
			fprintf(stderr, "%s: worst cancel latency %.1f ms\n", files[f] ? files[f] : "float wav",
					worst * 1e3);
		free(d);
	}
}

int
main(int argc, char **argv)
{
	test_data_dir(argv[0]);
	RUN(test_view_matches_libogg);
	RUN(test_junk_after_pages);
	RUN(test_junk_between_and_inside_pages);
	RUN(test_hidden_second_stream);
	RUN(test_sample_range);
	RUN(test_resample_ratio);
	RUN(test_cancel_latency);
	HARNESS_END();
}
