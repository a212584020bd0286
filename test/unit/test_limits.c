/*
 * test_limits.c - what one features() call may cost: its memory estimate
 * against the bytes it really allocates (genre_alloc counted by tracking.h,
 * and the cache's scratch), the host's budget refusing a call before it
 * allocates, scratch that stays flat over many calls, and how soon a
 * cancel stops every long phase.
 */
#include "harness.h"
#include "refdata.h"
#include "tracking.h"

#include "base/alloc.h"
#include "dsp/beat.h"
#include "dsp/cqt.h"
#include "dsp/plan_cache.h"
#include "features/harmonic.h"
#include "features/spectrogram.h"
#include "features/summary.h"

#include <string.h>
#include <time.h>

#define DATA "test/data/"

/* the 40 s clip repeated to seconds of audio */
static float *
long_clip(double seconds, size_t *n)
{
	size_t		m = 0,
				i;
	int			sr;
	float	   *base = load_wav(DATA "audio/loaded22k/fof_muldjord_chaos_god@45+40.wav", &m, &sr);
	float	   *y;

	*n = (size_t) (seconds * 22050);
	y = malloc(sizeof(float) * *n);
	for (i = 0; i < *n; i++)
		y[i] = base[i % m];
	free(base);
	return y;
}

/*
 * The estimate bounds what a call allocates (the signal counted in both),
 * and is not far above it: a short clip keeps |X| whole, a 5-minute one
 * streams it in blocks.
 */
static void
test_estimate_bounds_use(void)
{
	const char *layouts[2] = {"genre", "gtzan"};
	double		lengths[2] = {60, 300};
	genre_plan_cache *cache = genre_plan_cache_create();
	genre_status st;
	int			li,
				ni;

	genre_status_clear(&st);
	for (ni = 0; ni < 2; ni++)
	{
		size_t		n;
		float	   *y = long_clip(lengths[ni], &n);

		for (li = 0; li < 2; li++)
		{
			const genre_layout *l = genre_layout_find(layouts[li], &st);
			float		v[128];
			size_t		est = genre_features_memory(l, n),
						used;

			genre_set_allocator(&tracking);
			live_bytes = peak_bytes = 0;
			genre_work_release(cache);
			genre_work_peak(cache, 1);
			CHECK(genre_features_compute(cache, y, n, 22050, l, v, &st) == GENRE_OK);
			genre_set_allocator(NULL);
			used = sizeof(float) * n + peak_bytes + genre_work_peak(cache, 0);
			printf("%s layout, %.0f s: estimate %.1f MB, used at most %.1f MB (%.2f MB per minute)\n",
				   layouts[li], lengths[ni], est / 1048576.0, used / 1048576.0,
				   est / 1048576.0 / (lengths[ni] / 60));
			CHECK(used <= est);
			CHECK(est <= used * 2);
		}
		free(y);
	}
	genre_plan_cache_destroy(cache);
}

/*
 * The same for each spectrogram kind (what genre.spectrogram and
 * genre.plot_spectrogram check before decoding), with and without the
 * beats' onsets: the estimate bounds the signal, the analysis with only the
 * kind's wants, the matrix and the beat tracking, and is not far above.
 */
static void
test_spectrogram_estimate_bounds_use(void)
{
	static const char *const kinds[] = {"stft", "mel", "chroma", "cqt", "mfcc", "tempogram"};
	double		lengths[2] = {60, 300};
	genre_plan_cache *cache = genre_plan_cache_create();
	genre_status st;

	genre_status_clear(&st);
	for (int ni = 0; ni < 2; ni++)
	{
		size_t		n;
		float	   *y = long_clip(lengths[ni], &n);

		for (int k = 0; k < 6; k++)
			for (int beats = 0; beats < 2; beats++)
			{
				genre_spectrogram_kind kind;
				genre_spectrogram_matrix m;
				genre_analysis a;
				size_t		est,
							used;

				CHECK(genre_spectrogram_kind_parse(kinds[k], strlen(kinds[k]), &kind, &st) == GENRE_OK);
				est = genre_spectrogram_memory(kind, n, beats, NULL);
				genre_set_allocator(&tracking);
				live_bytes = peak_bytes = 0;
				genre_work_release(cache);
				genre_work_peak(cache, 1);
				genre_analysis_init(&a, cache, y, n, 22050, GENRE_PAD_ZEROS);
				a.wants = genre_spectrogram_wants(kind) | (beats ? GENRE_WANT_MEL : 0);
				CHECK(genre_spectrogram_compute(&a, kind, &m, &st) == GENRE_OK);
				if (beats)
				{
					float	   *env;
					int			nf,
								nb,
							   *frames;
					double		bpm;

					CHECK(genre_analysis_onset(&a, 1, &env, &nf, &st) == GENRE_OK);
					CHECK(genre_beat_track(env, nf, 22050, 512, &bpm, &frames, &nb, &st) == GENRE_OK);
					genre_free(frames);
					genre_free(env);
				}
				genre_spectrogram_free(&m);
				genre_analysis_free(&a);
				genre_set_allocator(NULL);
				used = sizeof(float) * n + peak_bytes + genre_work_peak(cache, 0);
				printf("%-9s %s, %.0f s: estimate %.1f MB, used at most %.1f MB\n", kinds[k],
					   beats ? "with beats" : "          ", lengths[ni], est / 1048576.0,
					   used / 1048576.0);
				CHECK(used <= est);
				CHECK(est <= used * 2);
			}
		free(y);
	}
	genre_plan_cache_destroy(cache);
}

/* A budget below the estimate refuses the call before it allocates, naming the setting. */
static void
test_budget_refuses(void)
{
	genre_plan_cache *cache = genre_plan_cache_create();
	genre_status st;
	const genre_layout *l = genre_layout_find("genre", &st);
	size_t		n;
	float	   *y = long_clip(60, &n),
				v[128];
	size_t		est = genre_features_memory(l, n);

	genre_status_clear(&st);
	genre_plan_cache_set_memory_limit(cache, est - 1, "genre.max_memory");
	genre_set_allocator(&tracking);
	live_bytes = peak_bytes = 0;
	CHECK(genre_features_compute(cache, y, n, 22050, l, v, &st) == GENRE_ELIMIT);
	genre_set_allocator(NULL);
	CHECK(peak_bytes == 0);
	CHECK(strstr(st.message, "genre.max_memory") != NULL);
	CHECK(strstr(st.message, "features of 60 s of audio need about") != NULL);
	printf("over budget: %s (%s)\n", st.message, st.detail);
	/* the per-feature entry checks too */
	genre_plan_cache_set_memory_limit(cache, genre_feature_memory(genre_feature_find("tonnetz"), n,
																  GENRE_PAD_ZEROS) - 1,
									  "genre.max_memory");
	{
		double		means[6];

		CHECK(genre_feature_means(cache, y, n, 22050, genre_feature_find("tonnetz"), means,
								  &st) == GENRE_ELIMIT);
	}
	/* at the estimate it runs */
	genre_status_clear(&st);
	genre_plan_cache_set_memory_limit(cache, est, "genre.max_memory");
	CHECK(genre_features_compute(cache, y, n, 22050, l, v, &st) == GENRE_OK);
	free(y);
	genre_plan_cache_destroy(cache);
}

/* Scratch kept between calls stays bounded and does not grow with the calls. */
static void
test_scratch_flat(void)
{
	genre_plan_cache *cache = genre_plan_cache_create();
	genre_status st;
	const genre_layout *l = genre_layout_find("genre", &st);
	size_t		n,
				kept_first = 0;
	float	   *y = long_clip(30, &n),
				v[128];
	int			i;

	genre_status_clear(&st);
	for (i = 0; i < 20; i++)
	{
		CHECK(genre_features_compute(cache, y, n / (1 + i % 3), 22050, l, v, &st) == GENRE_OK);
		if (i == 2)
			kept_first = genre_work_kept(cache);
		CHECK(genre_work_kept(cache) <= GENRE_WORK_KEEP);
	}
	CHECK(genre_work_kept(cache) == kept_first);
	free(y);
	genre_plan_cache_destroy(cache);
}

/* ---- cancel ---- */

static double last_check_ms,
			worst_gap_ms;

/* this thread's CPU time: the work between two checks, whatever else the machine runs */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* the host's check: records the longest time between two checks, then tracking.h's countdown */
static int
timed_interrupt(void)
{
	double		t = now_ms();

	if (last_check_ms > 0 && t - last_check_ms > worst_gap_ms)
		worst_gap_ms = t - last_check_ms;
	last_check_ms = t;
	return cancel_countdown();
}

/*
 * Every phase of both layouts (and the CQT alone) checks for cancel often:
 * the longest stretch of work (CPU time) between two checks over a whole
 * 5-minute call stays far under the 100 ms a cancel may take, and a cancel
 * at any point returns GENRE_ECANCEL.
 */
static void
test_cancel_latency(void)
{
	genre_plan_cache *cache = genre_plan_cache_create();
	genre_status st;
	size_t		n;
	float	   *y = long_clip(300, &n),
				v[128],
			   *mag;
	const char *layouts[2] = {"genre", "gtzan"};
	int			li,
				total,
				k,
				nf;

	genre_set_interrupt_check(timed_interrupt);
	for (li = 0; li < 2; li++)
	{
		const genre_layout *l = genre_layout_find(layouts[li], &st);

		genre_status_clear(&st);
		checks_left = 1 << 30;
		checks_seen = 0;
		last_check_ms = worst_gap_ms = 0;
		CHECK(genre_features_compute(cache, y, n, 22050, l, v, &st) == GENRE_OK);
		total = checks_seen;
		printf("%s layout, 300 s: %d cancel checks, longest gap %.1f ms\n", layouts[li], total,
			   worst_gap_ms);
		CHECK(worst_gap_ms < 50);
		/* a cancel anywhere is honoured */
		for (k = 1; k < 8; k++)
		{
			checks_left = total * k / 8;
			CHECK(genre_features_compute(cache, y, n, 22050, l, v, &st) == GENRE_ECANCEL);
		}
	}
	checks_left = 1 << 30;
	last_check_ms = worst_gap_ms = 0;
	CHECK(genre_cqt_magnitude(cache, y, n, 22050, &mag, &nf, NULL, &st) == GENRE_OK);
	genre_work_free(cache, mag);
	printf("cqt, 300 s: longest gap %.1f ms\n", worst_gap_ms);
	CHECK(worst_gap_ms < 50);
	genre_set_interrupt_check(NULL);
	free(y);
	genre_plan_cache_destroy(cache);
}

int
main(void)
{
	RUN(test_estimate_bounds_use);
	RUN(test_spectrogram_estimate_bounds_use);
	RUN(test_budget_refuses);
	RUN(test_scratch_flat);
	RUN(test_cancel_latency);
	HARNESS_END();
}
