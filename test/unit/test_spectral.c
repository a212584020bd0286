/*
 * test_spectral.c - librosa fidelity of the spectral features on every
 * reference clip (test/data/reference.csv, the loaded22k signals), and the
 * GTZAN-recipe (reflect padding) values of gtzan_layout.csv.
 */
#include "harness.h"
#include "refdata.h"

#include "base/alloc.h"
#include "dsp/plan_cache.h"
#include "features/summary.h"

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

static void
test_reference_clips(void)
{
	ref_table  *ref = ref_load(DATA "reference.csv");
	int			r;

	CHECK(ref != NULL && ref->n_rows == 18);
	if (ref == NULL)
		return;
	printf("%-36s %8s %9s %9s %9s %9s %9s\n", "clip (max deviation)", "frames", "zcr", "centroid",
		   "bandwidth", "rolloff", "mfcc");
	for (r = 0; r < ref->n_rows; r++)
	{
		const char *name = ref_get(ref, r, "name");
		char		path[512];
		size_t		n;
		int			sr,
					c;
		float	   *y;
		double		dev[5] = {0};

		snprintf(path, sizeof(path), DATA "audio/loaded22k/%s.wav", name);
		y = load_wav(path, &n, &sr);
		CHECK(y != NULL);
		if (y == NULL)
			continue;
		CHECK(sr == 22050);
		CHECK((double) n == ref_num(ref, r, "n_samples"));
		for (c = 0; c < 5; c++)
		{
			const check_spec *k = &ref_checks[c];
			const genre_feature *f = genre_feature_find(k->feature);
			genre_frames fr;
			genre_status st;
			int			row;

			genre_status_clear(&st);
			CHECK(f != NULL);
			if (genre_feature_frames(cache, y, n, sr, f, GENRE_PAD_ZEROS, &fr, &st) != GENRE_OK)
			{
				fprintf(stderr, "%s: %s: %s\n", name, k->feature, st.message);
				CHECK(0);
				continue;
			}
			CHECK((double) fr.n_frames == ref_num(ref, r, "n_frames"));
			for (row = 0; row < fr.rows; row++)
			{
				char		col[64];
				double		stat[2],
							want;
				int			s;

				stat[0] = genre_frames_mean(&fr, row);
				stat[1] = sqrt(genre_frames_var(&fr, row));
				for (s = 0; s < 2; s++)
				{
					double		d;

					if (fr.rows > 1)
						snprintf(col, sizeof(col), "%s%d_%s", k->column, row + 1, s ? "std" : "mean");
					else
						snprintf(col, sizeof(col), "%s_%s", k->column, s ? "std" : "mean");
					want = ref_num(ref, r, col);
					CHECK(!isnan(want));
					d = k->rel_tol > 0 ? fabs(stat[s] - want) / (fabs(want) > 0 ? fabs(want) : 1)
						: fabs(stat[s] - want);
					if (d > dev[c])
						dev[c] = d;
					if (!within(stat[s], want, k->abs_tol, k->rel_tol))
					{
						fprintf(stderr, "%s %s = %.10g, librosa %.10g\n", name, col, stat[s], want);
						CHECK(0);
					}
				}
			}
			genre_frames_free(&fr);
		}
		printf("%-36s %8.0f %9.2g %9.2g %9.2g %9.2g %9.2g\n", name, ref_num(ref, r, "n_frames"),
			   dev[0], dev[1], dev[2], dev[3], dev[4]);
		free(y);
	}
}

int
main(void)
{
	cache = genre_plan_cache_create();
	RUN(test_reference_clips);
	genre_plan_cache_destroy(cache);
	HARNESS_END();
}
