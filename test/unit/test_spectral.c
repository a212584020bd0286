/*
 * test_spectral.c - librosa fidelity of the spectral features on every
 * reference clip (test/data/reference.csv, the loaded22k signals), and the
 * GTZAN-recipe (reflect padding) values of gtzan_layout.csv.
 */
#include "harness.h"
#include "refdata.h"

#include "audio/audio.h"
#include "base/alloc.h"
#include "dsp/plan_cache.h"
#include "features/summary.h"
#include "features/temporal.h"

#define DATA "test/data/"

static genre_plan_cache *cache;

/* |got - want| <= max(abs_tol, rel_tol * |want|) */
static int
within(double got, double want, double abs_tol, double rel_tol)
{
	double		tol = fabs(want) * rel_tol;

	if (abs_tol > tol)
		tol = abs_tol;
	return fabs(got - want) <= tol;
}

typedef struct check_spec
{
	const char *feature;		/* registry name */
	const char *column;			/* reference column stem */
	double		abs_tol;
	double		rel_tol;
} check_spec;

static const check_spec ref_checks[] = {
	{"zero_crossing_rate", "zcr", 1e-6, 0},
	{"spectral_centroid", "spectral_centroid", 0, 1e-4},
	{"spectral_bandwidth", "spectral_bandwidth", 0, 1e-4},
	{"spectral_rolloff", "spectral_rolloff", 0, 1e-3},
	{"mfcc", "mfcc", 0.01, 0},
};

/*
 * Compare one clip's summaries with reference.csv row r; fills the largest
 * deviation of each check as a fraction of its tolerance.
 */
static void
compare_clip(const ref_table *ref, int r, const float *y, size_t n, int sr, double *ratio)
{
	const char *name = ref_get(ref, r, "name");
	int			c;

	for (c = 0; c < 5; c++)
	{
		const check_spec *k = &ref_checks[c];
		const genre_feature *f = genre_feature_find(k->feature);
		genre_frame_matrix fr;
		genre_status st;
		int			row;

		ratio[c] = 0;
		genre_status_clear(&st);
		CHECK(f != NULL);
		if (f == NULL)
			continue;
		if (genre_feature_frames(cache, y, n, sr, f, GENRE_PAD_ZEROS, &fr, &st) != GENRE_OK)
		{
			fprintf(stderr, "%s: %s: %s\n", name, k->feature, st.message);
			CHECK(0);
			continue;
		}
		CHECK((double) fr.n_frames == ref_num(ref, r, "n_frames"));
		for (row = 0; row < fr.rows; row++)
		{
			double		stat[2];
			int			s;

			stat[0] = genre_frames_mean(&fr, row);
			stat[1] = sqrt(genre_frames_var(&fr, row));
			for (s = 0; s < 2; s++)
			{
				char		col[64];
				double		want,
							tol;

				if (fr.rows > 1)
					snprintf(col, sizeof(col), "%s%d_%s", k->column, row + 1, s ? "std" : "mean");
				else
					snprintf(col, sizeof(col), "%s_%s", k->column, s ? "std" : "mean");
				want = ref_num(ref, r, col);
				CHECK(!isnan(want));
				tol = fmax(k->abs_tol, k->rel_tol * fabs(want));
				if (tol > 0 && fabs(stat[s] - want) / tol > ratio[c])
					ratio[c] = fabs(stat[s] - want) / tol;
				if (!within(stat[s], want, k->abs_tol, k->rel_tol) &&
					!(tol == 0 && stat[s] == want))
				{
					fprintf(stderr, "%s %s = %.10g, librosa %.10g\n", name, col, stat[s], want);
					CHECK(0);
				}
			}
		}
		genre_frames_free(&fr);
	}
}

static void
print_ratios(const char *name, double frames, const double *ratio)
{
	printf("  %-34s %6.0f %9.2g %9.2g %9.2g %9.2g %9.2g\n", name, frames,
		   ratio[0], ratio[1], ratio[2], ratio[3], ratio[4]);
}

/* Every reference clip from librosa's own decoded signal (loaded22k). */
static void
test_reference_clips(void)
{
	ref_table  *ref = ref_load(DATA "reference.csv");
	int			r;

	CHECK(ref != NULL && ref->n_rows == 18);
	if (ref == NULL)
		return;
	printf("loaded22k: largest deviation / tolerance\n  %-34s %6s %9s %9s %9s %9s %9s\n",
		   "clip", "frames", "zcr", "centroid", "bandwidth", "rolloff", "mfcc");
	for (r = 0; r < ref->n_rows; r++)
	{
		const char *name = ref_get(ref, r, "name");
		char		path[512];
		size_t		n;
		int			sr;
		float	   *y;
		double		ratio[5];

		snprintf(path, sizeof(path), DATA "audio/loaded22k/%s.wav", name);
		y = load_wav(path, &n, &sr);
		CHECK(y != NULL);
		if (y == NULL)
			continue;
		CHECK(sr == 22050);
		CHECK((double) n == ref_num(ref, r, "n_samples"));
		compare_clip(ref, r, y, n, sr, ratio);
		print_ratios(name, ref_num(ref, r, "n_frames"), ratio);
		free(y);
	}
}

/* The original files through genre_audio_load (decode, mono, soxr) with the row's window. */
static void
test_reference_files_decoded(void)
{
	ref_table  *ref = ref_load(DATA "reference.csv");
	int			r;

	if (ref == NULL)
	{
		CHECK(0);
		return;
	}
	printf("decoded by genre_audio_load: largest deviation / tolerance\n");
	for (r = 0; r < ref->n_rows; r++)
	{
		char		path[512];
		FILE	   *f;
		char	   *data;
		long		len;
		genre_signal sig;
		genre_status st;
		double		offset = ref_num(ref, r, "offset"),
					duration = ref_num(ref, r, "duration"),
					ratio[5];

		snprintf(path, sizeof(path), DATA "%s", ref_get(ref, r, "file"));
		f = fopen(path, "rb");
		CHECK(f != NULL);
		if (f == NULL)
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		data = malloc(len);
		CHECK(fread(data, 1, len, f) == (size_t) len);
		fclose(f);
		genre_status_clear(&st);
		if (genre_audio_load(data, len, isnan(offset) ? 0 : offset, isnan(duration) ? -1 : duration,
							 GENRE_SAMPLE_RATE, &sig, &st) != GENRE_OK)
		{
			fprintf(stderr, "%s: %s\n", path, st.message);
			CHECK(0);
			free(data);
			continue;
		}
		compare_clip(ref, r, sig.samples, sig.n, sig.sample_rate, ratio);
		print_ratios(ref_get(ref, r, "name"), ref_num(ref, r, "n_frames"), ratio);
		genre_signal_free(&sig);
		free(data);
	}
}

/*
 * The GTZAN recipe's frame features (librosa 0.7.2: reflect-padded STFT and
 * RMS frames, population variance) against gtzan_layout.csv: exercises the
 * reflect padding.  Tolerance max(1e-4 |v|, floor), floor 1e-4 for mfcc.
 */
static void
test_gtzan_reflect(void)
{
	static const struct
	{
		const char *feature;
		const char *column;
	}			cols[] = {
		{"rms", "rms"}, {"zero_crossing_rate", "zero_crossing_rate"},
		{"spectral_centroid", "spectral_centroid"}, {"spectral_bandwidth", "spectral_bandwidth"},
		{"spectral_rolloff", "rolloff"}, {"mfcc", "mfcc"},
	};
	ref_table  *ref = ref_load(DATA "gtzan_layout.csv");
	double		worst = 0;
	int			r,
				compared = 0;

	CHECK(ref != NULL && ref->n_rows == 18);
	if (ref == NULL)
		return;
	for (r = 0; r < ref->n_rows; r++)
	{
		const char *name = ref_get(ref, r, "name");
		char		path[512];
		size_t		n;
		int			sr,
					c;
		float	   *y;

		snprintf(path, sizeof(path), DATA "audio/loaded22k/%s.wav", name);
		y = load_wav(path, &n, &sr);
		CHECK(y != NULL);
		if (y == NULL)
			continue;
		CHECK((double) n == ref_num(ref, r, "length"));
		for (c = 0; c < 6; c++)
		{
			const genre_feature *f = genre_feature_find(cols[c].feature);
			genre_frame_matrix fr;
			genre_status st;
			int			row;

			genre_status_clear(&st);
			if (genre_feature_frames(cache, y, n, sr, f, GENRE_PAD_REFLECT, &fr, &st) != GENRE_OK)
			{
				CHECK(0);
				continue;
			}
			for (row = 0; row < fr.rows; row++)
			{
				double		stat[2] = {genre_frames_mean(&fr, row), genre_frames_var(&fr, row)};
				int			s;

				for (s = 0; s < 2; s++)
				{
					char		col[64];
					double		want,
								tol;

					if (fr.rows > 1)
						snprintf(col, sizeof(col), "%s%d_%s", cols[c].column, row + 1, s ? "var" : "mean");
					else
						snprintf(col, sizeof(col), "%s_%s", cols[c].column, s ? "var" : "mean");
					want = ref_num(ref, r, col);
					CHECK(!isnan(want));
					tol = fmax(1e-4 * fabs(want), fr.rows > 1 ? 1e-4 : 0);
					compared++;
					if (tol > 0 && fabs(stat[s] - want) / tol > worst)
						worst = fabs(stat[s] - want) / tol;
					if (!(fabs(stat[s] - want) <= tol))
					{
						fprintf(stderr, "gtzan %s %s = %.10g, librosa 0.7.2 %.10g\n", name, col, stat[s], want);
						CHECK(0);
					}
				}
			}
			genre_frames_free(&fr);
		}
		free(y);
	}
	CHECK(compared == 18 * 50);
	printf("gtzan_layout (reflect padding): %d values, largest deviation / tolerance %.2g\n",
		   compared, worst);
}

/* features() is the float32 of the frame summaries, named as reference.csv. */
static void
test_layout_vector(void)
{
	genre_status st;
	const genre_layout *l;
	char		name[64];
	float		v[128];
	size_t		n;
	int			sr,
				i;
	float	   *y = load_wav(DATA "audio/loaded22k/white_noise_22k_mono.wav", &n, &sr);

	genre_status_clear(&st);
	l = genre_layout_find("genre", &st);
	CHECK(l != NULL && y != NULL);
	if (l == NULL || y == NULL)
		return;
	/* 2 x (5 + 20 MFCC + 12 chroma + 6 tonnetz) + tempo */
	CHECK(genre_layout_size(l) == 87);
	CHECK(genre_layout_slot_name(l, 0, name, sizeof(name)) && strcmp(name, "rms_mean") == 0);
	CHECK(genre_layout_slot_name(l, 3, name, sizeof(name)) && strcmp(name, "zcr_std") == 0);
	CHECK(genre_layout_slot_name(l, 8, name, sizeof(name)) && strcmp(name, "spectral_rolloff_mean") == 0);
	CHECK(genre_layout_slot_name(l, 10, name, sizeof(name)) && strcmp(name, "mfcc1_mean") == 0);
	CHECK(genre_layout_slot_name(l, 49, name, sizeof(name)) && strcmp(name, "mfcc20_std") == 0);
	CHECK(genre_layout_slot_name(l, 50, name, sizeof(name)) && strcmp(name, "chroma_C_mean") == 0);
	CHECK(genre_layout_slot_name(l, 73, name, sizeof(name)) && strcmp(name, "chroma_B_std") == 0);
	CHECK(genre_layout_slot_name(l, 74, name, sizeof(name)) && strcmp(name, "tonnetz1_mean") == 0);
	CHECK(genre_layout_slot_name(l, 86, name, sizeof(name)) && strcmp(name, "tempo") == 0);
	CHECK(!genre_layout_slot_name(l, 87, name, sizeof(name)));
	CHECK(!genre_layout_slot_name(l, -1, name, sizeof(name)));

	CHECK(genre_features_compute(cache, y, n, sr, l, v, &st) == GENRE_OK);
	{
		const genre_feature *f = genre_feature_find("mfcc");
		genre_frame_matrix fr;

		CHECK(genre_feature_frames(cache, y, n, sr, f, GENRE_PAD_ZEROS, &fr, &st) == GENRE_OK);
		for (i = 0; i < 20; i++)
		{
			CHECK(v[10 + 2 * i] == (float) genre_frames_mean(&fr, i));
			CHECK(v[11 + 2 * i] == (float) sqrt(genre_frames_var(&fr, i)));
		}
		genre_frames_free(&fr);
	}
	/* white noise sigma 0.2: rms near 0.2 */
	CHECK_NEAR(v[0], 0.2, 0.01);
	free(y);

	CHECK(genre_layout_find("gtzan_typo", &st) == NULL);
	CHECK(st.code == GENRE_EINVAL);
	CHECK(strstr(st.message, "valid layouts: genre") != NULL);
	CHECK(genre_feature_find("nope") == NULL);
}

/* Silence: every band at -100 dB, so mfcc1 = -100 sqrt(128) and the spectral shapes 0. */
static void
test_silence(void)
{
	genre_status st;
	const genre_layout *l;
	float	   *y = calloc(66150, sizeof(float));
	float		v[128];
	int			i;

	genre_status_clear(&st);
	l = genre_layout_find("genre", &st);
	CHECK(genre_features_compute(cache, y, 66150, 22050, l, v, &st) == GENRE_OK);
	for (i = 0; i < 10; i++)
		CHECK(v[i] == 0.0f);
	CHECK_NEAR(v[10], -100.0 * sqrt(128.0), 1e-3);
	CHECK(v[11] == 0.0f);
	for (i = 12; i < 50; i++)
		CHECK_NEAR(v[i], 0.0, 1e-4);
	free(y);
}

/* Hand-computable RMS and ZCR. */
static void
test_rms_zcr_hand(void)
{
	genre_status st;
	float	   *y = malloc(sizeof(float) * 4096);
	double		out[16];
	int			i;

	genre_status_clear(&st);
	for (i = 0; i < 4096; i++)
		y[i] = (i % 2) ? -1.0f : 1.0f;
	CHECK(genre_centred_frame_count(4096, 512) == 9);
	CHECK(genre_zero_crossing_rate_frames(y, 4096, 2048, 512, out, &st) == GENRE_OK);
	/* interior frame: 2047 crossings of 2048 positions */
	CHECK(out[4] == 2047.0 / 2048);
	/* frame 0: 1024 edge copies of y[0] = +1, then y[0..1023]: 1023 crossings */
	CHECK(out[0] == 1023.0 / 2048);
	CHECK(genre_rms_frames(y, 4096, 2048, 512, GENRE_PAD_ZEROS, out, &st) == GENRE_OK);
	CHECK(out[4] == 1.0);
	/* frame 0 is half zeros: sqrt(1/2) */
	CHECK_NEAR(out[0], sqrt(0.5), 1e-7);
	CHECK(genre_rms_frames(y, 4096, 2048, 512, GENRE_PAD_REFLECT, out, &st) == GENRE_OK);
	CHECK(out[0] == 1.0);

	/* values within 1e-10 are zero (positive): no crossings, also for -0.0 */
	for (i = 0; i < 4096; i++)
		y[i] = (i % 2) ? -1e-11f : (i % 3 ? 0.0f : -0.0f);
	CHECK(genre_zero_crossing_rate_frames(y, 4096, 2048, 512, out, &st) == GENRE_OK);
	for (i = 0; i < 9; i++)
		CHECK(out[i] == 0.0);
	free(y);
}

/* Non-finite samples, empty input, bad rates. */
static void
test_bad_input(void)
{
	genre_status st;
	const genre_layout *l;
	float		y[4096] = {0};
	float		v[128];
	genre_frame_matrix fr;

	genre_status_clear(&st);
	l = genre_layout_find("genre", &st);
	CHECK(genre_features_compute(cache, y, 0, 22050, l, v, &st) == GENRE_EBADDATA);
	y[100] = NAN;
	CHECK(genre_features_compute(cache, y, 4096, 22050, l, v, &st) == GENRE_EBADDATA);
	CHECK(strstr(st.message, "non-finite") != NULL);
	y[100] = INFINITY;
	{
		double		mean;

		CHECK(genre_feature_means(cache, y, 4096, 22050, genre_feature_find("rms"), &mean, &st) == GENRE_EBADDATA);
	}
	y[100] = 0;
	CHECK(genre_features_compute(cache, y, 4096, 0, l, v, &st) == GENRE_EINVAL);
	CHECK(genre_feature_frames(cache, y, 4096, 22050, genre_feature_find("mfcc"), GENRE_PAD_ZEROS, &fr, &st) == GENRE_OK);
	CHECK(fr.rows == 20 && fr.n_frames == 9);
	genre_frames_free(&fr);
}

/* One sample, and a sample of each padding mode's short-signal path. */
static void
test_tiny_signals(void)
{
	genre_status st;
	const genre_layout *l;
	float		y[3] = {0.5f, -0.25f, 0.125f};
	float		v[128];
	int			i,
				n;

	genre_status_clear(&st);
	l = genre_layout_find("genre", &st);
	for (n = 1; n <= 3; n++)
	{
		CHECK(genre_features_compute(cache, y, n, 22050, l, v, &st) == GENRE_OK);
		for (i = 0; i < 50; i++)
			CHECK(isfinite(v[i]));
	}
	for (n = 1; n <= 3; n++)
	{
		genre_frame_matrix fr;

		CHECK(genre_feature_frames(cache, y, n, 22050, genre_feature_find("spectral_bandwidth"),
								   GENRE_PAD_REFLECT, &fr, &st) == GENRE_OK);
		CHECK(fr.n_frames == 1 && isfinite(fr.v[0]));
		genre_frames_free(&fr);
	}
}

int
main(void)
{
	cache = genre_plan_cache_create();
	RUN(test_reference_clips);
	RUN(test_reference_files_decoded);
	RUN(test_gtzan_reflect);
	RUN(test_layout_vector);
	RUN(test_silence);
	RUN(test_rms_zcr_hand);
	RUN(test_bad_input);
	RUN(test_tiny_signals);
	genre_plan_cache_destroy(cache);
	HARNESS_END();
}
