/*
 * bench_features.c - time of features() on a 40 s window against the
 * decode alone, in the same run: decode + resample (genre_audio_load), the
 * features of the decoded signal (genre_features_compute, layout 'genre'),
 * and the STFT alone for scale.  Run with test/bench/features.
 */
#include "audio/audio.h"
#include "base/alloc.h"
#include "dsp/plan_cache.h"
#include "dsp/stft.h"
#include "features/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t) ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*len);
	if (fread(buf, 1, *len, f) != *len)
	{
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

#define REPS 7

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "test/data/audio/real/fof_muldjord_chaos_god.ogg";
	double		offset = argc > 2 ? atof(argv[2]) : 45.0;
	double		duration = argc > 3 ? atof(argv[3]) : 40.0;
	genre_plan_cache *cache = genre_plan_cache_create();
	const genre_layout *layout;
	genre_status st;
	size_t		len;
	char	   *data = read_file(path, &len);
	double		t_decode[REPS],
				t_feat[REPS],
				t_stft[REPS];
	float		v[256];
	size_t		n = 0;
	int			r;

	genre_status_clear(&st);
	layout = genre_layout_find("genre", &st);
	if (data == NULL || layout == NULL)
	{
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	for (r = 0; r < REPS; r++)
	{
		genre_signal sig;
		genre_stft_result s;
		genre_stft_params p = genre_stft_defaults();
		double		t0 = now_ms(),
					t1,
					t2;

		if (genre_audio_load(data, len, offset, duration, GENRE_SAMPLE_RATE, &sig, &st) != GENRE_OK)
		{
			fprintf(stderr, "decode: %s\n", st.message);
			return 1;
		}
		t1 = now_ms();
		if (genre_features_compute(cache, sig.samples, sig.n, sig.sample_rate, layout, v, &st) != GENRE_OK)
		{
			fprintf(stderr, "features: %s\n", st.message);
			return 1;
		}
		t2 = now_ms();
		if (genre_stft(cache, sig.samples, sig.n, &p, &s, &st) != GENRE_OK)
			return 1;
		t_stft[r] = now_ms() - t2;
		genre_stft_free(&s);
		t_decode[r] = t1 - t0;
		t_feat[r] = t2 - t1;
		n = sig.n;
		genre_signal_free(&sig);
	}
	qsort(t_decode, REPS, sizeof(double), cmp_double);
	qsort(t_feat, REPS, sizeof(double), cmp_double);
	qsort(t_stft, REPS, sizeof(double), cmp_double);
	printf("clip %s, offset %g s, duration %g s: %zu samples at 22050 Hz, %d values\n",
		   path, offset, duration, n, genre_layout_size(layout));
	printf("median of %d runs (min):\n", REPS);
	printf("  decode + resample (baseline)     %8.2f ms (%.2f)\n", t_decode[REPS / 2], t_decode[0]);
	printf("  features(layout genre)           %8.2f ms (%.2f)\n", t_feat[REPS / 2], t_feat[0]);
	printf("    of which one STFT alone        %8.2f ms (%.2f)\n", t_stft[REPS / 2], t_stft[0]);
	printf("  genre.features() total           %8.2f ms (%.2fx the decode)\n",
		   t_decode[REPS / 2] + t_feat[REPS / 2], (t_decode[REPS / 2] + t_feat[REPS / 2]) / t_decode[REPS / 2]);
	genre_plan_cache_destroy(cache);
	free(data);
	return 0;
}
