/*
 * test_audio.c - decoding from memory, librosa.load's window, resampling,
 * and hostile input: every reference clip against librosa's own signal,
 * every format written by libsndfile, and broken bytes of every kind.
 */
#include "files.h"
#include "harness.h"

#include "audio/audio.h"
#include "audio/mono.h"
#include "audio/resample.h"
#include "base/alloc.h"
#include "base/rng.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

static char tmp_dir[64];

/* ---------- helpers ---------- */

/* A whole file through libsndfile's file API, mixed to mono like librosa. */
static float *
sndfile_mono(const char *path, size_t *n, int *rate)
{
	SF_INFO		si;
	SNDFILE    *sf;
	float	   *buf;

	memset(&si, 0, sizeof(si));
	sf = sf_open(path, SFM_READ, &si);
	*n = 0;
	if (sf == NULL)
		return NULL;
	buf = malloc((size_t) (si.frames > 0 ? si.frames : 1) * si.channels * sizeof(float));
	*n = (size_t) sf_readf_float(sf, buf, si.frames);
	sf_close(sf);
	genre_mix_mono(buf, *n, si.channels, buf);
	*rate = si.samplerate;
	return buf;
}

static double
max_abs_diff(const float *a, const float *b, size_t n)
{
	double		m = 0;

	for (size_t i = 0; i < n; i++)
	{
		double		d = fabs((double) a[i] - (double) b[i]);

		if (!(d <= m))
			m = isnan(d) ? INFINITY : d;
	}
	return m;
}

static int
all_finite(const float *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

/* A decode that must fail cleanly: expected code, a message, nothing returned. */
static void
expect_load_error(const void *data, size_t len, double off, double dur, int sr,
				  genre_code want, const char *fragment)
{
	genre_signal sig;
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	rc = genre_audio_load(data, len, off, dur, sr, &sig, &st);
	CHECK(rc == want);
	CHECK(sig.samples == NULL);
	CHECK(st.message[0] != '\0');
	if (fragment && strstr(st.message, fragment) == NULL)
	{
		fprintf(stderr, "message \"%s\" lacks \"%s\"\n", st.message, fragment);
		CHECK(0);
	}
	if (rc != want)
		fprintf(stderr, "got code %d (%s), expected %d\n", rc, st.message, want);
}

/* ---------- the reference clips against librosa.load's output ---------- */

static void
test_reference_clips(void)
{
	char		path[8192];
	char		line[8192];
	FILE	   *csv;
	int			rows = 0;

	snprintf(path, sizeof(path), "%s/reference.csv", data_dir);
	csv = fopen(path, "r");
	CHECK(csv != NULL);
	if (csv == NULL)
		return;
	if (fgets(line, sizeof(line), csv) == NULL)	/* header */
		CHECK(0);
	while (fgets(line, sizeof(line), csv))
	{
		char	   *name = strtok(line, ",");
		char	   *file = strtok(NULL, ",");
		char	   *off = strtok(NULL, ",");
		char	   *rest = off ? off + strlen(off) + 1 : NULL;
		double		offset = off ? atof(off) : 0;
		double		duration = (rest && *rest != ',') ? atof(rest) : -1;
		unsigned char *audio;
		size_t		len;
		size_t		ref_n;
		int			ref_rate = 0;
		float	   *ref;
		genre_signal sig;
		genre_status st;
		genre_audio_header info;
		double		diff;
		double		tol;

		if (name == NULL || file == NULL)
			continue;
		rows++;
		audio = read_data(file, &len);
		snprintf(path, sizeof(path), "%s/audio/loaded22k/%s.wav", data_dir, name);
		ref = sndfile_mono(path, &ref_n, &ref_rate);
		CHECK(audio != NULL && ref != NULL && ref_rate == 22050);
		if (audio == NULL || ref == NULL)
			continue;
		CHECK(genre_audio_probe(audio, len, &info, &st) == GENRE_OK);
		CHECK(genre_audio_load(audio, len, offset, duration, GENRE_SAMPLE_RATE, &sig, &st) == GENRE_OK);
		if (sig.samples == NULL)
		{
			fprintf(stderr, "%s: %s\n", name, st.message);
			free(audio);
			free(ref);
			continue;
		}
		/* tolerances of /work/shared/reference/README.md */
		tol = info.sample_rate == GENRE_SAMPLE_RATE ? 1e-7 : 1e-4;
		CHECK(sig.n == ref_n);
		CHECK(sig.sample_rate == GENRE_SAMPLE_RATE);
		diff = max_abs_diff(sig.samples, ref, sig.n < ref_n ? sig.n : ref_n);
		if (!(diff <= tol) || sig.n != ref_n)
			fprintf(stderr, "%s: n=%zu ref=%zu max diff %.3g (tolerance %.0e)\n",
					name, sig.n, ref_n, diff, tol);
		CHECK(diff <= tol);
		if (getenv("GENRE_TEST_VERBOSE"))
			printf("%-36s %-4s %6d Hz %d ch %9lld frames  max diff %.3g\n", name, info.format,
				   info.sample_rate, info.channels, (long long) info.frames, diff);
		genre_signal_free(&sig);
		free(audio);
		free(ref);
	}
	fclose(csv);
	CHECK(rows == 18);
}

/* Offsets: a window equals the slice of the whole decode (sample-exact seeks). */
static void
check_window_is_slice(const char *rel, double offset, double duration)
{
	size_t		len;
	unsigned char *audio = read_data(rel, &len);
	genre_signal all;
	genre_signal win;
	genre_status st;
	genre_audio_header info;
	size_t		start;

	CHECK(audio != NULL);
	if (audio == NULL)
		return;
	CHECK(genre_audio_probe(audio, len, &info, &st) == GENRE_OK);
	CHECK(genre_audio_load(audio, len, 0, -1, 0, &all, &st) == GENRE_OK);
	CHECK(genre_audio_load(audio, len, offset, duration, 0, &win, &st) == GENRE_OK);
	start = (size_t) (offset * info.sample_rate);
	CHECK(win.n == (size_t) (duration * info.sample_rate));
	CHECK(start + win.n <= all.n);
	if (all.samples && win.samples && start + win.n <= all.n)
		CHECK(max_abs_diff(win.samples, all.samples + start, win.n) == 0);
	genre_signal_free(&all);
	genre_signal_free(&win);
	free(audio);
}

static void
test_windows(void)
{
	size_t		len;
	unsigned char *audio = read_data("audio/synth/sine440_22k_mono.wav", &len);
	genre_signal sig;
	genre_status st;

	check_window_is_slice("audio/synth/sine440_22k_mono.wav", 0.5, 1.0);
	check_window_is_slice("audio/synth/stereo_44k.ogg", 1.2345, 2.0);
	check_window_is_slice("audio/synth/stereo_44k_16bit.flac", 0.75, 1.5);
	check_window_is_slice("audio/real/asc_frontiers.mp3", 100.0, 3.0);

	/* a duration past the end reads what is there (5 s file) */
	CHECK(genre_audio_load(audio, len, 4.0, 10.0, 0, &sig, &st) == GENRE_OK);
	CHECK(sig.n == 22050);
	genre_signal_free(&sig);
	/* int(offset * sr) truncates: 1/22050 s minus a hair starts at frame 0 */
	CHECK(genre_audio_load(audio, len, 0.99999 / 22050, -1, 0, &sig, &st) == GENRE_OK);
	CHECK(sig.n == 110250);
	genre_signal_free(&sig);
	/* the last frame alone */
	CHECK(genre_audio_load(audio, len, 110249.0 / 22050, -1, 0, &sig, &st) == GENRE_OK);
	CHECK(sig.n == 1);
	genre_signal_free(&sig);
	/* native rate and an explicit other rate: length ceil(n * sr / native) */
	CHECK(genre_audio_load(audio, len, 0, 1.0, 16000, &sig, &st) == GENRE_OK);
	CHECK(sig.n == 16000 && sig.sample_rate == 16000);
	CHECK(all_finite(sig.samples, sig.n));
	genre_signal_free(&sig);
	free(audio);
}

/* ---------- every format, written by libsndfile ---------- */

typedef struct format_case
{
	const char *file;
	int			format;
	int			rate;
	const char *name;
	int			lossy;
} format_case;

static void
test_formats(void)
{
	static const format_case cases[] = {
		{"u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 22050, "wav", 0},
		{"s16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, "wav", 0},
		{"s24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 48000, "wav", 0},
		{"s32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 16000, "wav", 0},
		{"f32.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 22050, "wav", 0},
		{"f64.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 8000, "wav", 0},
		{"s16.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 44100, "aiff", 0},
		{"s24.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, 32000, "aiff", 0},
		{"s16.au", SF_FORMAT_AU | SF_FORMAT_PCM_16, 11025, "au", 0},
		{"ulaw.au", SF_FORMAT_AU | SF_FORMAT_ULAW, 8000, "au", 0},
		{"s16.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, "flac", 0},
		{"s24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 96000, "flac", 0},
		{"vorbis.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, "ogg", 1},
		{"opus.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, "opus", 1},
		{"layer3.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 44100, "mp3", 1},
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
	{
		const format_case *c = &cases[k];
		char		path[256];
		SF_INFO		si;
		SNDFILE    *sf;
		int			frames = c->rate / 2;	/* 0.5 s, stereo */
		float	   *pcm = malloc(sizeof(float) * frames * 2);
		unsigned char *bytes;
		size_t		len;
		size_t		ref_n;
		int			ref_rate;
		float	   *ref;
		genre_audio_header info;
		genre_signal sig;
		genre_status st;
		double		err2 = 0;

		for (int i = 0; i < frames; i++)
		{
			double		t = (double) i / c->rate;

			pcm[2 * i] = (float) (0.5 * sin(2 * M_PI * 440 * t));
			pcm[2 * i + 1] = (float) (0.25 * cos(2 * M_PI * 660 * t));
		}
		snprintf(path, sizeof(path), "%s/%s", tmp_dir, c->file);
		memset(&si, 0, sizeof(si));
		si.samplerate = c->rate;
		si.channels = 2;
		si.format = c->format;
		sf = sf_open(path, SFM_WRITE, &si);
		CHECK(sf != NULL);
		if (sf == NULL)
		{
			fprintf(stderr, "%s: %s\n", c->file, sf_strerror(NULL));
			free(pcm);
			continue;
		}
		sf_writef_float(sf, pcm, frames);
		sf_close(sf);

		bytes = read_file(path, &len);
		ref = sndfile_mono(path, &ref_n, &ref_rate);
		CHECK(genre_audio_probe(bytes, len, &info, &st) == GENRE_OK);
		CHECK(strcmp(info.format, c->name) == 0);
		CHECK(info.sample_rate == c->rate);
		CHECK(info.channels == 2);
		if (!c->lossy)
			CHECK(info.frames == frames);
		CHECK(genre_audio_load(bytes, len, 0, -1, 0, &sig, &st) == GENRE_OK);
		if (sig.samples == NULL)
		{
			fprintf(stderr, "%s: %s\n", c->file, st.message);
			free(pcm);
			free(bytes);
			free(ref);
			continue;
		}
		CHECK(sig.sample_rate == c->rate);
		/* libsndfile's own reading of the file, mixed the same way */
		CHECK(sig.n == ref_n);
		CHECK(max_abs_diff(sig.samples, ref, sig.n < ref_n ? sig.n : ref_n) <= (c->lossy ? 1e-6 : 0));
		/* and close to the signal that was written (quantisation, codec noise) */
		for (size_t i = 0; i < sig.n && i < (size_t) frames; i++)
		{
			double		want = (pcm[2 * i] + pcm[2 * i + 1]) / 2;
			double		e = sig.samples[i] - want;

			err2 += e * e;
		}
		if (!c->lossy)
			CHECK(sqrt(err2 / frames) < 0.01);
		else
			CHECK(sig.n >= (size_t) frames - 2048 && sig.n <= (size_t) frames + 2048);

		/* a window is the slice of the whole decode: seeks are sample-exact */
		{
			genre_signal all = sig;
			genre_signal win;
			size_t		start = (size_t) (0.1 * c->rate);
			size_t		count = (size_t) (0.2 * c->rate);

			CHECK(genre_audio_load(bytes, len, 0.1, 0.2, 0, &win, &st) == GENRE_OK);
			CHECK(win.n == count && start + count <= all.n);
			if (win.samples && win.n == count && start + count <= all.n)
			{
				double		d = max_abs_diff(win.samples, all.samples + start, count);

				if (d != 0)
					fprintf(stderr, "%s: window differs from the slice by %g\n", c->file, d);
				CHECK(d <= (c->lossy ? 1e-6 : 0));
			}
			genre_signal_free(&win);
		}
		genre_signal_free(&sig);

		/* the same bytes at 22 050 Hz: librosa's length */
		CHECK(genre_audio_load(bytes, len, 0, -1, GENRE_SAMPLE_RATE, &sig, &st) == GENRE_OK);
		CHECK(sig.n == genre_resample_length(ref_n, c->rate, GENRE_SAMPLE_RATE));
		CHECK(all_finite(sig.samples, sig.n));
		genre_signal_free(&sig);
		free(pcm);
		free(bytes);
		free(ref);
		unlink(path);
	}
}

/* ---------- the resampler on its own ---------- */

static void
test_resample(void)
{
	float		in[1000];
	float	   *out = NULL;
	size_t		n = 0;
	genre_status st;

	for (int i = 0; i < 1000; i++)
		in[i] = (float) sin(2 * M_PI * 1000.0 * i / 44100);
	CHECK(genre_resample(in, 1000, 44100, 22050, &out, &n, &st) == GENRE_OK);
	CHECK(n == 500);
	/* a 1 kHz tone stays a 1 kHz tone of amplitude 1 away from the edges */
	for (size_t i = 100; i < 400 && out; i++)
		CHECK_NEAR(out[i], sin(2 * M_PI * 1000.0 * i / 22050), 2e-3);
	genre_free(out);
	/* ceil(n * ratio), as librosa: 1000 samples 3:1 -> 334 */
	CHECK(genre_resample(in, 1000, 66150, 22050, &out, &n, &st) == GENRE_OK);
	CHECK(n == 334);
	genre_free(out);
	CHECK(genre_resample_length(1001, 66150, 22050) == 334);
	CHECK(genre_resample_length(5, 8000, 22050) == 14);
	/* equal rates copy; empty input gives an empty, non-NULL buffer */
	CHECK(genre_resample(in, 1000, 22050, 22050, &out, &n, &st) == GENRE_OK);
	CHECK(n == 1000 && memcmp(out, in, sizeof(in)) == 0);
	genre_free(out);
	CHECK(genre_resample(in, 0, 44100, 22050, &out, &n, &st) == GENRE_OK);
	CHECK(n == 0 && out != NULL);
	genre_free(out);
	/* bad rates and samples */
	CHECK(genre_resample(in, 10, 0, 22050, &out, &n, &st) == GENRE_EINVAL);
	CHECK(genre_resample(in, 10, 44100, NAN, &out, &n, &st) == GENRE_EINVAL);
	CHECK(genre_resample(in, 10, 44100, -1, &out, &n, &st) == GENRE_EINVAL);
	CHECK(out == NULL);
	in[5] = NAN;
	CHECK(genre_resample(in, 10, 44100, 22050, &out, &n, &st) == GENRE_EBADDATA);
	in[5] = 0;
	{
		/* 131073 samples 1:1024 would be 2^27 + 1024 */
		float	   *big = calloc((size_t) 1 << 17 | 1, sizeof(float));

		CHECK(genre_resample(big, (size_t) 1 << 17 | 1, 1, 1024, &out, &n, &st) == GENRE_ELIMIT);
		CHECK(strstr(st.message, "limit") != NULL);
		free(big);
	}
	/* ratios beyond 1024 either way: libsoxr's filter design alone would take seconds */
	CHECK(genre_resample(in, 1000, 768000, 1, &out, &n, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "ratio limit of 1024") != NULL);
	CHECK(genre_resample(in, 1000, 1, 1025, &out, &n, &st) == GENRE_EINVAL);
	CHECK(genre_resample(in, 1000, 768000, 750, &out, &n, &st) == GENRE_OK && n == 1);
	genre_free(out);
}

static void
test_mono(void)
{
	float		x[6] = {1.0f, 0.5f, -1.0f, 0.25f, 16777216.0f, 1.0f};
	float		y[3];

	genre_mix_mono(x, 3, 2, y);
	CHECK(y[0] == 0.75f && y[1] == -0.375f);
	/* float32 sum first: 2^24 + 1 rounds to 2^24 before the division */
	CHECK(y[2] == 8388608.0f);
	genre_mix_mono(x, 2, 3, x);
	CHECK(x[0] == (1.0f + 0.5f + -1.0f) / 3.0f);
}

/* ---------- hostile input ---------- */

/* A 16-bit mono WAV of `frames` silent frames, fields overridable. */
static unsigned char *
make_wav(uint32_t frames, uint16_t channels, uint32_t rate, uint32_t data_bytes, size_t *len)
{
	size_t		body = (size_t) frames * 2 * (channels ? channels : 1);
	unsigned char *w = calloc(1, 44 + body);
	uint16_t	align = (uint16_t) (2 * channels);

	memcpy(w, "RIFF", 4);
	*(uint32_t *) (w + 4) = (uint32_t) (36 + body);
	memcpy(w + 8, "WAVEfmt ", 8);
	*(uint32_t *) (w + 16) = 16;
	*(uint16_t *) (w + 20) = 1;
	*(uint16_t *) (w + 22) = channels;
	*(uint32_t *) (w + 24) = rate;
	*(uint32_t *) (w + 28) = rate * align;
	*(uint16_t *) (w + 32) = align;
	*(uint16_t *) (w + 34) = 16;
	memcpy(w + 36, "data", 4);
	*(uint32_t *) (w + 40) = data_bytes;
	*len = 44 + body;
	return w;
}

static void
test_bad_input(void)
{
	genre_status st;
	genre_audio_header info;
	genre_rng	rng;
	unsigned char noise[4096];
	unsigned char ogg_flac[64] = "OggS";
	size_t		len;
	unsigned char *w;
	unsigned char *sine = read_data("audio/synth/sine440_22k_mono.wav", &len);

	/* empty, NULL, noise, a truncated header */
	expect_load_error("", 0, 0, -1, 22050, GENRE_EBADDATA, "empty");
	expect_load_error(NULL, 0, 0, -1, 22050, GENRE_EBADDATA, "empty");
	CHECK(genre_audio_probe("", 0, &info, &st) == GENRE_EBADDATA);
	genre_rng_seed(&rng, 42);
	for (size_t i = 0; i < sizeof(noise); i++)
		noise[i] = (unsigned char) genre_rng_next(&rng);
	expect_load_error(noise, sizeof(noise), 0, -1, 22050, GENRE_EBADDATA, "unrecognised");
	expect_load_error(sine, 20, 0, -1, 22050, GENRE_EBADDATA, NULL);
	expect_load_error(sine, 43, 0, -1, 22050, GENRE_EBADDATA, NULL);

	/* header claims more data than the bytes hold: 110250 frames, (1000 - 44) / 2 present */
	expect_load_error(sine, 1000, 0, -1, 22050, GENRE_EBADDATA, "wav header claims 110250 frames, 478 present");
	CHECK(genre_audio_probe(sine, 1000, &info, &st) == GENRE_EBADDATA);

	/* zero channels, rate 0, absurd channels and rate, a WAV with no frames */
	w = make_wav(100, 0, 22050, 200, &len);
	expect_load_error(w, len, 0, -1, 22050, GENRE_EBADDATA, "zero channels");
	free(w);
	w = make_wav(100, 1, 0, 200, &len);
	expect_load_error(w, len, 0, -1, 22050, GENRE_EBADDATA, "sample rate 0");
	free(w);
	w = make_wav(10, 1000, 22050, 20000, &len);
	expect_load_error(w, len, 0, -1, 22050, GENRE_ELIMIT, "over the limit of 64");
	free(w);
	w = make_wav(100, 1, 10000000, 200, &len);
	expect_load_error(w, len, 0, -1, 22050, GENRE_ELIMIT, "over the limit of 768000 Hz");
	free(w);
	w = make_wav(0, 1, 22050, 0, &len);
	expect_load_error(w, len, 0, -1, 22050, GENRE_EBADDATA, "no samples");
	free(w);

	/* float samples that are not numbers */
	{
		char		path[256];
		SF_INFO		si = {0, 22050, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 0, 0};
		float		x[4] = {0.1f, NAN, 0.2f, INFINITY};
		SNDFILE    *sf;
		unsigned char *f;
		size_t		flen;

		snprintf(path, sizeof(path), "%s/nan.wav", tmp_dir);
		sf = sf_open(path, SFM_WRITE, &si);
		sf_writef_float(sf, x, 4);
		sf_close(sf);
		f = read_file(path, &flen);
		expect_load_error(f, flen, 0, -1, 0, GENRE_EBADDATA, "NaN or infinite");
		free(f);
		unlink(path);
	}

	/* ogg with a codec other than vorbis and opus */
	ogg_flac[26] = 1;
	ogg_flac[27] = 30;
	memcpy(ogg_flac + 28, "\177FLAC", 5);
	expect_load_error(ogg_flac, sizeof(ogg_flac), 0, -1, 22050, GENRE_EBADDATA, "unsupported ogg codec");

	/* an ID3 tag hiding an Ogg stream: libsndfile would open it with its leaking Ogg reader */
	{
		unsigned char id3_ogg[80] = "ID3\003\000\000\000\000\000\002";

		memcpy(id3_ogg + 12, "OggS", 4);
		expect_load_error(id3_ogg, sizeof(id3_ogg), 0, -1, 22050, GENRE_EBADDATA, "unrecognised");
	}

	/* two Ogg Vorbis files back to back: a chained stream, refused */
	{
		size_t		a_len,
					b_len;
		unsigned char *a = read_data("audio/synth/stereo_44k.ogg", &a_len);
		unsigned char *b = read_data("../fuzz/corpus/audio/vorbis.ogg", &b_len);
		unsigned char *ab = malloc(a_len + b_len);

		CHECK(a != NULL && b != NULL);
		if (a && b)
		{
			memcpy(ab, a, a_len);
			memcpy(ab + a_len, b, b_len);
			expect_load_error(ab, a_len + b_len, 0, -1, 22050, GENRE_EBADDATA, "chained or multiplexed");
		}
		free(a);
		free(b);
		free(ab);
	}

	/* window arguments, named */
	expect_load_error(sine, 220544, 5.0, -1, 22050, GENRE_EINVAL, "offset_s 5 is beyond the end");
	expect_load_error(sine, 220544, 1e300, -1, 22050, GENRE_EINVAL, "beyond the end");
	expect_load_error(sine, 220544, -1.0, -1, 22050, GENRE_EINVAL, "offset_s");
	expect_load_error(sine, 220544, NAN, -1, 22050, GENRE_EINVAL, "offset_s");
	expect_load_error(sine, 220544, INFINITY, -1, 22050, GENRE_EINVAL, "offset_s");
	expect_load_error(sine, 220544, 0, NAN, 22050, GENRE_EINVAL, "duration_s");
	expect_load_error(sine, 220544, 0, INFINITY, 22050, GENRE_EINVAL, "duration_s");
	expect_load_error(sine, 220544, 0, 0.0, 22050, GENRE_EINVAL, "duration_s");
	expect_load_error(sine, 220544, 0, -1, -5, GENRE_EINVAL, "sample_rate");
	expect_load_error(sine, 220544, 0, -1, 1000000, GENRE_EINVAL, "sample_rate");
	CHECK(genre_audio_check_window(0, -1, 1, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "duration_s") != NULL);
	CHECK(genre_audio_check_window(0, -1, 0, &st) == GENRE_OK);
	CHECK(genre_audio_check_window(1.5, 40, 1, &st) == GENRE_OK);
	free(sine);
}

/* Any outcome but a crash, a NaN or an unexpected code. */
static int	mutations_ok;
static int	mutations_decoded;

static void
decode_any(const unsigned char *data, size_t len)
{
	genre_audio_header info;
	genre_signal sig;
	genre_status st;
	genre_code	rc;
	int			ok = 1;

	rc = genre_audio_probe(data, len, &info, &st);
	if (rc != GENRE_OK && rc != GENRE_EBADDATA && rc != GENRE_ELIMIT)
		ok = 0;
	rc = genre_audio_load(data, len, 0.01, 2.0, GENRE_SAMPLE_RATE, &sig, &st);
	if (rc == GENRE_OK)
	{
		mutations_decoded++;
		if (sig.n == 0 || !all_finite(sig.samples, sig.n))
			ok = 0;
		genre_signal_free(&sig);
	}
	else if (rc != GENRE_EBADDATA && rc != GENRE_EINVAL && rc != GENRE_ELIMIT)
		ok = 0;
	else if (st.message[0] == '\0' || sig.samples != NULL)
		ok = 0;
	if (!ok)
		fprintf(stderr, "mutation of %zu bytes: code %d, %s\n", len, rc, st.message);
	CHECK(ok);
	mutations_ok += ok;
}

static void
test_truncations_and_flips(void)
{
	static const char *files[] = {
		"audio/synth/short_0.05s_22k_mono.wav",
		"audio/synth/stereo_44k.ogg",
		"audio/synth/stereo_44k_16bit.flac",
		"audio/synth/tones_8k_mono.wav",
		"audio/real/asc_frontiers.mp3",
	};
	genre_rng	rng;

	genre_rng_seed(&rng, 7);
	mutations_ok = mutations_decoded = 0;
	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
	{
		size_t		len;
		unsigned char *orig = read_data(files[k], &len);
		unsigned char *copy;

		CHECK(orig != NULL);
		if (orig == NULL)
			continue;
		if (len > 65536)
			len = 65536;		/* the head holds the headers; keeps the test quick */
		copy = malloc(len);
		/* every cut in the first 160 bytes, then 40 cuts across the file */
		for (size_t cut = 0; cut < 160 && cut < len; cut++)
			decode_any(orig, cut);
		for (int i = 1; i <= 40; i++)
			decode_any(orig, len * i / 41);
		/* every header byte inverted, then random bytes set to random values */
		for (size_t pos = 0; pos < 128 && pos < len; pos++)
		{
			memcpy(copy, orig, len);
			copy[pos] ^= 0xff;
			decode_any(copy, len);
		}
		for (int i = 0; i < 150; i++)
		{
			memcpy(copy, orig, len);
			for (int j = 0; j < 4; j++)
				copy[genre_rng_below(&rng, len)] = (unsigned char) genre_rng_next(&rng);
			decode_any(copy, len);
		}
		free(copy);
		free(orig);
	}
	if (getenv("GENRE_TEST_VERBOSE"))
		printf("mutations: %d clean, %d decoded\n", mutations_ok, mutations_decoded);
	CHECK(mutations_decoded > 0);
}

/* ---------- cancel and out of memory: clean returns on every path ---------- */

static int	interrupt_after;

static int
count_down(void)
{
	return --interrupt_after < 0;
}

static int	allocs_left;

static void *
failing_alloc(size_t size)
{
	return allocs_left-- > 0 ? malloc(size ? size : 1) : NULL;
}

static void *
failing_realloc(void *p, size_t size)
{
	return allocs_left-- > 0 ? realloc(p, size ? size : 1) : NULL;
}

static void
test_cancel_and_oom(void)
{
	static const genre_allocator failing = {failing_alloc, failing_realloc, free};
	static const char *files[] = {"audio/synth/stereo_44k.ogg", "audio/synth/stereo_44k_16bit.flac"};

	for (size_t k = 0; k < 2; k++)
	{
		size_t		len;
		unsigned char *audio = read_data(files[k], &len);
		genre_signal sig;
		genre_status st;
		int			canceled = 0;
		int			oom = 0;

		/* cancel at the 1st, 2nd, ... check until the load gets through */
		for (int after = 0; after < 1000; after++)
		{
			genre_code	rc;

			interrupt_after = after;
			genre_set_interrupt_check(count_down);
			rc = genre_audio_load(audio, len, 0.5, -1, GENRE_SAMPLE_RATE, &sig, &st);
			genre_set_interrupt_check(NULL);
			if (rc == GENRE_OK)
			{
				genre_signal_free(&sig);
				break;
			}
			CHECK(rc == GENRE_ECANCEL && sig.samples == NULL);
			canceled++;
		}
		CHECK(canceled > 3);
		/* fail the 1st, 2nd, ... allocation */
		for (int left = 0; left < 1000; left++)
		{
			genre_code	rc;

			allocs_left = left;
			genre_set_allocator(&failing);
			rc = genre_audio_load(audio, len, 0.5, -1, GENRE_SAMPLE_RATE, &sig, &st);
			genre_set_allocator(NULL);
			if (rc == GENRE_OK)
			{
				genre_signal_free(&sig);
				break;
			}
			CHECK(rc == GENRE_ENOMEM && sig.samples == NULL);
			oom++;
		}
		CHECK(oom > 3);
		free(audio);
	}
}

int
main(int argc, char **argv)
{
	test_data_dir(argv[0]);
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/genre_audio_XXXXXX");
	if (mkdtemp(tmp_dir) == NULL)
	{
		perror("mkdtemp");
		return 1;
	}

	RUN(test_mono);
	RUN(test_resample);
	RUN(test_reference_clips);
	RUN(test_windows);
	RUN(test_formats);
	RUN(test_bad_input);
	RUN(test_truncations_and_flips);
	RUN(test_cancel_and_oom);
	rmdir(tmp_dir);
	HARNESS_END();
}
