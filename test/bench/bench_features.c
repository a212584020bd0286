/*
 * bench_features.c - genre.features() per clip against librosa 0.10.2 in
 * the same run (test/bench/features runs it).
 *
 * Usage: bench_features [-p PEERS] [-r REPS] CLIP...
 * PEERS is librosa-time's output ("<path> <seconds>" per line: load plus
 * the seed features of the whole file); without it the ratios are against
 * the clip's duration (x real time).  For each clip (the whole file, as
 * librosa-time reads it): the decode (genre_audio_load at 22 050 Hz), the
 * `genre` layout with its time per stage, the `gtzan` layout, each the
 * minimum over REPS runs with one backend-like plan cache for all of them.
 */
#include "audio/audio.h"
#include "base/alloc.h"
#include "dsp/plan_cache.h"
#include "features/summary.h"
#include "features/timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VALUES 256

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	long		size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0)
	{
		buf = malloc((size_t) size);
		if (buf && fread(buf, 1, (size_t) size, f) != (size_t) size)
		{
			free(buf);
			buf = NULL;
		}
		*len = (size_t) size;
	}
	fclose(f);
	return buf;
}

/* librosa-time's seconds for path, or -1 */
static double
peer_seconds(const char *peers, const char *path)
{
	FILE	   *f = peers ? fopen(peers, "r") : NULL;
	char		line[4096];
	double		s = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
	{
		char	   *sp = strrchr(line, ' ');

		if (sp && (size_t) (sp - line) == strlen(path) && strncmp(line, path, sp - line) == 0)
			s = atof(sp + 1);
	}
	fclose(f);
	return s;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* "12.3x" against the peer, or against real time without one */
static void
ratio(char *buf, size_t len, double ms, double peer_ms, double audio_s)
{
	if (peer_ms > 0)
		snprintf(buf, len, "%6.1fx", peer_ms / ms);
	else
		snprintf(buf, len, "%6.0fx rt", audio_s * 1e3 / ms);
}

typedef struct clip_result
{
	double		decode_ms;
	double		genre_ms;
	double		gtzan_ms;
	genre_timing stages;		/* of the fastest genre-layout run */
	double		audio_s;
} clip_result;

static int
run_clip(genre_plan_cache *cache, const char *path, int reps, clip_result *res)
{
	const genre_layout *genre,
			   *gtzan;
	genre_status st;
	size_t		len = 0;
	char	   *data = read_file(path, &len);
	float		v[MAX_VALUES];
	int			r;

	genre_status_clear(&st);
	genre = genre_layout_find("genre", &st);
	gtzan = genre_layout_find("gtzan", &st);
	if (data == NULL)
	{
		fprintf(stderr, "cannot read %s\n", path);
		return 0;
	}
	res->decode_ms = res->genre_ms = res->gtzan_ms = 1e300;
	for (r = 0; r < reps; r++)
	{
		genre_signal sig;
		genre_timing t;
		double		t0 = genre_timing_now_ms(),
					t1,
					t2;

		if (genre_audio_load(data, len, 0, -1, GENRE_SAMPLE_RATE, &sig, &st) != GENRE_OK)
		{
			fprintf(stderr, "%s: decode: %s\n", path, st.message);
			free(data);
			return 0;
		}
		t1 = genre_timing_now_ms();
		genre_timing_reset(&t);
		if (genre_features_compute_timed(cache, sig.samples, sig.n, sig.sample_rate, genre, v,
										 &t, &st) != GENRE_OK)
		{
			fprintf(stderr, "%s: features: %s\n", path, st.message);
			free(data);
			return 0;
		}
		t2 = genre_timing_now_ms();
		if (genre_features_compute(cache, sig.samples, sig.n, sig.sample_rate, gtzan, v,
								   &st) != GENRE_OK)
		{
			fprintf(stderr, "%s: gtzan features: %s\n", path, st.message);
			free(data);
			return 0;
		}
		if (t1 - t0 < res->decode_ms)
			res->decode_ms = t1 - t0;
		if (t2 - t1 < res->genre_ms)
		{
			res->genre_ms = t2 - t1;
			res->stages = t;
		}
		if (genre_timing_now_ms() - t2 < res->gtzan_ms)
			res->gtzan_ms = genre_timing_now_ms() - t2;
		res->audio_s = (double) sig.n / sig.sample_rate;
		genre_signal_free(&sig);
	}
	free(data);
	return 1;
}

int
main(int argc, char **argv)
{
	const char *peers = NULL;
	int			reps = 5,
				i,
				failed = 0;
	genre_plan_cache *cache = genre_plan_cache_create();

	while (argc > 2 && argv[1][0] == '-')
	{
		if (strcmp(argv[1], "-p") == 0)
			peers = argv[2];
		else if (strcmp(argv[1], "-r") == 0)
			reps = atoi(argv[2]) > 0 ? atoi(argv[2]) : 1;
		else
			break;
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
	{
		fprintf(stderr, "usage: bench_features [-p PEERS] [-r REPS] CLIP...\n");
		return 2;
	}
	printf("%s: minimum of %d runs per clip; decode = the whole file to 22050 Hz mono\n",
		   peers ? "ratio = librosa 0.10.2 (load + 8 seed features, min of 3) / genre, same run"
		   : "no librosa in this run: ratios are against real time (x rt)", reps);
	printf("%-40s %7s %9s | %9s %9s %9s %8s | %9s %8s\n", "clip", "audio", "librosa",
		   "decode", "genre", "dec+genre", "ratio", "dec+gtzan", "ratio");
	for (i = 1; i < argc; i++)
	{
		clip_result res = {0};
		double		peer = peer_seconds(peers, argv[i]) * 1e3;
		char		r1[32],
					r2[32],
					lib[32];
		int			k;

		if (!run_clip(cache, argv[i], reps, &res))
		{
			failed++;
			continue;
		}
		ratio(r1, sizeof(r1), res.decode_ms + res.genre_ms, peer, res.audio_s);
		ratio(r2, sizeof(r2), res.decode_ms + res.gtzan_ms, peer, res.audio_s);
		if (peer > 0)
			snprintf(lib, sizeof(lib), "%7.1f ms", peer);
		else
			snprintf(lib, sizeof(lib), "%10s", "-");
		printf("%-40s %5.1f s %s | %6.2f ms %6.2f ms %6.2f ms %8s | %6.2f ms %8s\n",
			   base_name(argv[i]), res.audio_s, lib, res.decode_ms, res.genre_ms,
			   res.decode_ms + res.genre_ms, r1, res.decode_ms + res.gtzan_ms, r2);
		/* where the genre layout's time goes, decode included */
		printf("%-40s   stages: decode %.2f ms (%.0f%%)", "", res.decode_ms,
			   100 * res.decode_ms / (res.decode_ms + res.genre_ms));
		for (k = 0; k < res.stages.n_stages; k++)
			printf(", %s %.2f ms (%.0f%%)", res.stages.name[k], res.stages.ms[k],
				   100 * res.stages.ms[k] / (res.decode_ms + res.genre_ms));
		printf("\n");
	}
	genre_plan_cache_destroy(cache);
	return failed ? 1 : 0;
}
