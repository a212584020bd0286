/*
 * make_clips.c - the music folder genre-import's test imports, made at test
 * time from the bundled clips (nothing of it is committed):
 *
 *   make_clips DATA_DIR OUT_DIR EXPECTED_CSV
 *   make_clips --library N SECONDS DATA_DIR OUT_DIR
 *
 * writes OUT_DIR/<genre>/<clip>.<ext>: 120 clips of 2-4 s cut from the
 * bundled music (rock, electronic, folk) and synthetic signals, in turn
 * WAV (16-bit, some 44.1 kHz stereo), FLAC, Ogg Vorbis, Ogg Opus (48 kHz)
 * and MP3 through libsndfile; a nested folder, a 0.3 s clip and a name that
 * needs CSV quoting; then damaged and foreign files: a truncated WAV, a
 * FLAC cut after its header, an empty file, a text file, a fake JPEG and a
 * hidden file.  EXPECTED_CSV lists every file genre-import should see:
 * path (below OUT_DIR),label,outcome (imported, or the reason it is skipped).
 *
 * --library writes N 16-bit 22 050 Hz mono WAV clips of SECONDS each (a
 * GTZAN-like library for test/bench/library), cut at different offsets from
 * the four sources in turn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#define CLIPS_PER_GENRE 30

typedef struct source
{
	const char *genre;
	const char *file;			/* under DATA_DIR/audio/loaded22k (22 050 Hz mono) */
	float	   *x;				/* read at start */
	sf_count_t	n;
} source;

static source sources[] = {
	{"rock", "fof_muldjord_chaos_god@45+40.wav", NULL, 0},
	{"electronic", "asc_frontiers@45+40.wav", NULL, 0},
	{"folk", "wesnoth_traveling_minstrels@45+40.wav", NULL, 0},
	{"synthetic", "sox_pluck_melody_44k_mono.wav", NULL, 0},
};

static const struct
{
	const char *ext;
	int			format;
} formats[] = {
	{"wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16},
	{"flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16},
	{"ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS},
	{"opus", SF_FORMAT_OGG | SF_FORMAT_OPUS},
	{"mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III},
};

static FILE *expected;

static void
die(const char *what, const char *name)
{
	fprintf(stderr, "make_clips: %s %s: %s\n", what, name, sf_strerror(NULL));
	exit(1);
}

static void
read_source(const char *data_dir, source *s)
{
	char		path[4096];
	SF_INFO		info = {0};
	SNDFILE    *f;

	snprintf(path, sizeof(path), "%s/audio/loaded22k/%s", data_dir, s->file);
	f = sf_open(path, SFM_READ, &info);
	if (f == NULL || info.channels != 1)
		die("cannot read", path);
	s->x = malloc(sizeof(float) * info.frames);
	s->n = sf_readf_float(f, s->x, info.frames);
	sf_close(f);
}

/* mkdir -p of the folder part of path */
static void
make_dirs(const char *path)
{
	char		buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/')
		{
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
}

/*
 * Write seconds of s from start_s at rate (linear interpolation from 22 050
 * Hz; the clips only need to be audio, not hi-fi) with channels channels.
 */
static void
write_clip(const char *out, const char *rel, const source *s, double start_s, double seconds,
		   int format, int rate, int channels)
{
	char		path[4096];
	SF_INFO		info = {0};
	SNDFILE    *f;
	sf_count_t	frames = (sf_count_t) (seconds * rate);
	float	   *buf = malloc(sizeof(float) * frames * channels);

	for (sf_count_t i = 0; i < frames; i++)
	{
		double		t = start_s * 22050 + (double) i * 22050 / rate;
		sf_count_t	k = (sf_count_t) t % (s->n - 1);
		double		frac = t - floor(t);
		/* 0.9: librosa's signal of the rock clip peaks at 1.02, FLAC refuses that */
		float		v = (float) (0.9 * ((1 - frac) * s->x[k] + frac * s->x[k + 1]));

		for (int c = 0; c < channels; c++)
			buf[i * channels + c] = c == 0 ? v : 0.8f * v;
	}
	snprintf(path, sizeof(path), "%s/%s", out, rel);
	make_dirs(path);
	info.samplerate = rate;
	info.channels = channels;
	info.format = format;
	f = sf_open(path, SFM_WRITE, &info);
	if (f == NULL)
		die("cannot write", path);
	if (sf_writef_float(f, buf, frames) != frames)
		die("short write to", path);
	sf_close(f);
	free(buf);
}

static void
write_bytes(const char *out, const char *rel, const void *data, size_t len)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", out, rel);
	make_dirs(path);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
	{
		perror(path);
		exit(1);
	}
}

/* a CSV field, quoted when it must be */
static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL)
	{
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++)
	{
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
expect(const char *rel, const char *label, const char *outcome)
{
	csv_field(expected, rel);
	fputc(',', expected);
	csv_field(expected, label);
	fputc(',', expected);
	csv_field(expected, outcome);
	fputc('\n', expected);
}

static int
make_library(int n, double seconds, const char *data_dir, const char *out)
{
	mkdir(out, 0755);
	/* a source shorter than a clip (the 12 s melody) is looped */
	for (int g = 0; g < 4; g++)
		read_source(data_dir, &sources[g]);
	for (int i = 0; i < n; i++)
	{
		source	   *s = &sources[i % 4];
		double		room = (double) s->n / 22050 - seconds;
		char		rel[256];

		snprintf(rel, sizeof(rel), "%s/%s_%04d.wav", s->genre, s->genre, i);
		write_clip(out, rel, s, room > 0 ? fmod(i * 0.37, room) : 0, seconds,
				   SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char		path[4096];
	int			clip = 0;

	if (argc == 6 && strcmp(argv[1], "--library") == 0)
		return make_library(atoi(argv[2]), atof(argv[3]), argv[4], argv[5]);
	if (argc != 4)
	{
		fprintf(stderr, "usage: make_clips DATA_DIR OUT_DIR EXPECTED_CSV\n"
				"       make_clips --library N SECONDS DATA_DIR OUT_DIR\n");
		return 2;
	}
	mkdir(argv[2], 0755);
	expected = fopen(argv[3], "w");
	if (expected == NULL)
	{
		perror(argv[3]);
		return 1;
	}
	fputs("path,label,outcome\n", expected);

	for (int g = 0; g < 4; g++)
	{
		source	   *s = &sources[g];

		read_source(argv[1], s);
		for (int j = 0; j < CLIPS_PER_GENRE; j++, clip++)
		{
			int			fi = clip % 5;
			int			rate = fi == 3 ? 48000 : 22050;
			int			channels = 1;
			double		seconds = 2 + j % 3;
			double		start = fmod(j * 1.7, (double) s->n / 22050 - seconds);
			char		rel[256];
			const char *folder = s->genre;

			/* some WAVs at 44.1 kHz stereo; two rock clips one folder down */
			if (fi == 0 && j % 2 == 1)
				rate = 44100, channels = 2;
			if (g == 0 && j >= CLIPS_PER_GENRE - 2)
				folder = "rock/live";
			snprintf(rel, sizeof(rel), "%s/%s_%02d.%s", folder, s->genre, j, formats[fi].ext);
			write_clip(argv[2], rel, s, start, seconds, formats[fi].format, rate, channels);
			expect(rel, strcmp(folder, "rock/live") == 0 ? "live" : s->genre, "imported");
		}
	}

	/* a name that needs quoting in CSV, and a clip shorter than 1 s */
	write_clip(argv[2], "rock/it's \"loud\", ok.wav", &sources[0], 5, 2,
			   SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1);
	expect("rock/it's \"loud\", ok.wav", "rock", "imported");
	write_clip(argv[2], "synthetic/short_0.3s.wav", &sources[3], 0, 0.3,
			   SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1);
	expect("synthetic/short_0.3s.wav", "synthetic", "imported");

	/* a WAV whose header claims 3 s, cut to its first 0.5 s */
	write_clip(argv[2], "rock/broken_truncated.wav", &sources[0], 0, 3,
			   SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1);
	snprintf(path, sizeof(path), "%s/rock/broken_truncated.wav", argv[2]);
	if (truncate(path, 44 + 22050) != 0)
	{
		perror(path);
		return 1;
	}
	expect("rock/broken_truncated.wav", "rock", "wav header claims # frames, # present");

	/* a FLAC cut after 100 bytes: the stream info is there, the audio is not */
	write_clip(argv[2], "folk/broken_header.flac", &sources[2], 0, 2,
			   SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 22050, 1);
	snprintf(path, sizeof(path), "%s/folk/broken_header.flac", argv[2]);
	if (truncate(path, 100) != 0)
	{
		perror(path);
		return 1;
	}
	expect("folk/broken_header.flac", "folk", "flac audio has no decodable samples");

	write_bytes(argv[2], "synthetic/empty.ogg", "", 0);
	expect("synthetic/empty.ogg", "synthetic", "empty file");
	{
		const char text[] = "Track list\n1. Chaos God\n2. Frontiers\n";
		const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
			0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9};

		write_bytes(argv[2], "rock/notes.txt", text, sizeof(text) - 1);
		expect("rock/notes.txt", "rock", "unrecognised audio format");
		write_bytes(argv[2], "folk/cover.jpg", jpeg, sizeof(jpeg));
		expect("folk/cover.jpg", "folk", "unrecognised audio format");
		/* hidden: genre-import never sees it */
		write_bytes(argv[2], "rock/.hidden.wav", text, sizeof(text) - 1);
	}
	fclose(expected);
	for (int g = 0; g < 4; g++)
		free(sources[g].x);
	return 0;
}
