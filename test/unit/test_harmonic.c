/*
 * test_harmonic.c - librosa fidelity of chroma_stft, tonnetz, tempo and beats
 * on every reference clip (reference.csv, librosa 0.10.2), and of the whole
 * `gtzan` layout against librosa 0.7.2's values (gtzan_layout.csv).
 */
#include "harness.h"

#include <string.h>
#include "refdata.h"

#include "base/alloc.h"
#include "dsp/beat.h"
#include "dsp/plan_cache.h"
#include "features/analysis.h"
#include "features/harmonic.h"
#include "features/summary.h"

#define DATA "test/data/"

static genre_plan_cache *cache;

/*
 * Load librosa's signal of a reference clip and compute layout l into v;
 * returns the signal (caller frees) or NULL after failing the current test.
 */
static float *
clip_features(const char *name, const genre_layout *l, float *v, size_t *n, int *sr)
{
	char		path[512];
	genre_status st;
	float	   *y;

	snprintf(path, sizeof(path), DATA "audio/loaded22k/%s.wav", name);
	y = load_wav(path, n, sr);
	genre_status_clear(&st);
	if (genre_features_compute(cache, y, *n, *sr, l, v, &st) != GENRE_OK)
	{
		fprintf(stderr, "%s: %s\n", name, st.message);
		CHECK(0);
		free(y);
		return NULL;
	}
	return y;
}

/* the genre layout's chroma/tonnetz/tempo slots vs reference.csv */
static void
test_genre_layout_harmonic(void)
{
	ref_table  *ref = ref_load(DATA "reference.csv");
	genre_status st;
	const genre_layout *l = genre_layout_find("genre", &st);
	int			size = genre_layout_size(l),
				r,
				i;
	float	   *v = malloc(sizeof(float) * size);
	double		dev_chroma = 0,
				dev_tonnetz = 0;
	int			tempo_equal = 0,
				beats_equal = 0;

	CHECK(size == 2 * (5 + 20 + 12 + 6) + 1);
	for (r = 0; r < ref->n_rows; r++)
	{
		const char *name = ref_get(ref, r, "name");
		size_t		n;
		int			sr;
		float	   *y = clip_features(name, l, v, &n, &sr);

		if (y == NULL)
			continue;
		for (i = 0; i < size; i++)
		{
			char		slot[96];
			double		want,
						d;

			genre_layout_slot_name(l, i, slot, sizeof(slot));
			if (strncmp(slot, "chroma_", 7) != 0 && strncmp(slot, "tonnetz", 7) != 0)
				continue;
			want = ref_num(ref, r, slot);
			CHECK(!isnan(want));
			d = fabs(v[i] - want);
			if (slot[0] == 'c' && d > dev_chroma)
				dev_chroma = d;
			if (slot[0] == 't' && d > dev_tonnetz)
				dev_tonnetz = d;
			if (d > 1e-3)
			{
				fprintf(stderr, "%s %s = %.7g, librosa %.7g\n", name, slot, v[i], want);
				CHECK(0);
			}
		}
		/* tempo is the last slot; float32 of librosa's value */
		if (v[size - 1] == (float) ref_num(ref, r, "tempo"))
			tempo_equal++;
		else
			fprintf(stderr, "%s tempo = %.6f, librosa %.6f\n", name, v[size - 1],
					ref_num(ref, r, "tempo"));

		/* beats: count and the first eight frames */
		{
			genre_analysis a;
			float	   *env;
			int			nf,
						nb,
					   *frames;
			double		bpm;
			char		first8[128] = "";

			genre_analysis_init(&a, cache, y, n, sr, GENRE_PAD_ZEROS);
			CHECK(genre_analysis_onset(&a, 1, &env, &nf, &st) == GENRE_OK);
			CHECK(genre_beat_track(env, nf, 22050, 512, &bpm, &frames, &nb, &st) == GENRE_OK);
			for (i = 0; i < nb && i < 8; i++)
				snprintf(first8 + strlen(first8), sizeof(first8) - strlen(first8), "%s%d",
						 i ? " " : "", frames[i]);
			if (nb == (int) ref_num(ref, r, "n_beats") &&
				strcmp(first8, ref_get(ref, r, "beat_frames_first8")) == 0)
				beats_equal++;
			else
				fprintf(stderr, "%s: %d beats [%s], librosa %s [%s]\n", name, nb, first8,
						ref_get(ref, r, "n_beats"), ref_get(ref, r, "beat_frames_first8"));
			genre_free(frames);
			genre_free(env);
			genre_analysis_free(&a);
		}
		free(y);
	}
	CHECK(tempo_equal == ref->n_rows);
	CHECK(beats_equal == ref->n_rows);
	printf("genre layout on %d clips: chroma max |dev| %.3g, tonnetz %.3g, tempo equal %d, "
		   "beats equal %d\n", ref->n_rows, dev_chroma, dev_tonnetz, tempo_equal, beats_equal);
	free(v);
}

/* |difference| <= max(1e-4 |value|, floor) with the README's floors */
static double
gtzan_floor(const char *col)
{
	if (strncmp(col, "mfcc", 4) == 0)
		return 1e-4;
	if (strcmp(col, "harmony_mean") == 0 || strcmp(col, "perceptr_mean") == 0)
		return 1e-7;
	return 0;
}

static void
test_gtzan_layout(void)
{
	ref_table  *ref = ref_load(DATA "gtzan_layout.csv");
	ref_table  *pub = ref_load(DATA "gtzan_features_30_sec.csv");
	genre_status st;
	const genre_layout *l = genre_layout_find("gtzan", &st);
	int			size = genre_layout_size(l),
				r,
				i,
				bad_cells = 0,
				nan_refs = 0,
				names_ok = 1;
	float	   *v = malloc(sizeof(float) * size);
	double		worst = 0;
	char		worst_at[160] = "";

	CHECK(size == 57);
	/* names: the public table's columns between length and label */
	for (i = 0; i < size; i++)
	{
		char		slot[96];

		genre_layout_slot_name(l, i, slot, sizeof(slot));
		if (pub == NULL || strcmp(slot, pub->header[i + 2]) != 0)
			names_ok = 0;
	}
	CHECK(names_ok);
	for (r = 0; r < ref->n_rows; r++)
	{
		const char *name = ref_get(ref, r, "name");
		size_t		n;
		int			sr;
		float	   *y = clip_features(name, l, v, &n, &sr);

		if (y == NULL)
			continue;
		for (i = 0; i < size; i++)
		{
			char		slot[96];
			double		want,
						tol,
						d,
						rel;

			genre_layout_slot_name(l, i, slot, sizeof(slot));
			want = ref_num(ref, r, slot);
			d = fabs(v[i] - want);
			tol = fmax(1e-4 * fabs(want), gtzan_floor(slot));
			if (strcmp(slot, "tempo") == 0)
				tol = 0, d = fabs(v[i] - (float) want);
			rel = d / fmax(tol, 1e-30);
			/* librosa 0.7.2 has NaN for the HPSS of the 3-frame clip; ours is finite */
			CHECK(isfinite(v[i]));
			if (isnan(want))
			{
				nan_refs++;
				continue;
			}
			if (d > tol)
			{
				bad_cells++;
				fprintf(stderr, "gtzan %s %s = %.9g, librosa 0.7.2 %.9g\n", name, slot, v[i], want);
			}
			if (rel > worst && d > 0)
			{
				worst = rel;
				snprintf(worst_at, sizeof(worst_at), "%s %s", name, slot);
			}
		}
		free(y);
	}
	printf("gtzan layout on %d clips: %d cells out of tolerance (%d without a reference); "
		   "worst %.3g of its tolerance at %s\n", ref->n_rows, bad_cells, nan_refs, worst, worst_at);
	CHECK(nan_refs == 4);
	CHECK(bad_cells == 0);
	free(v);
}

/*
 * A clip analysed with |X| kept whole and with it never kept (blocks
 * transformed again for the second pass, HPSS making its own frames in a
 * ring) gives the same frames of every feature, bit for bit, in both paddings.
 */
static void
test_streamed_analysis(void)
{
	static const char *const names[] = {
		"rms", "zero_crossing_rate", "spectral_centroid", "spectral_bandwidth",
		"spectral_rolloff", "mfcc", "chroma_stft", "tonnetz", "tempo", "hpss"
	};
	size_t		n = 0;
	int			sr = 0,
				pi,
				i,
				differ = 0;
	float	   *y = load_wav(DATA "audio/loaded22k/wesnoth_traveling_minstrels@45+40.wav", &n, &sr);
	genre_pad_mode pads[2] = {GENRE_PAD_ZEROS, GENRE_PAD_REFLECT};
	genre_status st;

	genre_status_clear(&st);
	n = 22050 * 12 + 777;		/* 12 s, ending mid-block */
	for (pi = 0; pi < 2; pi++)
	{
		genre_analysis kept,
					streamed;

		genre_analysis_init(&kept, cache, y, n, sr, pads[pi]);
		genre_analysis_init(&streamed, cache, y, n, sr, pads[pi]);
		streamed.keep_mag = 0;
		for (i = 0; i < (int) (sizeof(names) / sizeof(names[0])); i++)
		{
			const genre_feature *f = genre_feature_find(names[i]);
			genre_frame_matrix a = {0},
						b = {0};

			CHECK(f->compute(&kept, &a, &st) == GENRE_OK);
			CHECK(f->compute(&streamed, &b, &st) == GENRE_OK);
			if (a.rows != b.rows || a.n_frames != b.n_frames ||
				memcmp(a.v, b.v, sizeof(double) * a.rows * a.n_frames) != 0)
			{
				fprintf(stderr, "%s (pad %d) differs when |X| is not kept\n", names[i], pi);
				differ++;
			}
			genre_frames_free(&a);
			genre_frames_free(&b);
		}
		CHECK(kept.mag != NULL && streamed.mag == NULL);
		genre_analysis_free(&kept);
		genre_analysis_free(&streamed);
	}
	CHECK(differ == 0);
	free(y);
}

int
main(void)
{
	cache = genre_plan_cache_create();
	RUN(test_genre_layout_harmonic);
	RUN(test_gtzan_layout);
	RUN(test_streamed_analysis);
	genre_plan_cache_destroy(cache);
	HARNESS_END();
}
