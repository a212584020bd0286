/*
 * test_pipeline.c - the pipeline kind's loaded_size (what the model cache
 * refuses a model by before loading it) against what its loader really
 * requests: real pipelines of every step and classifier kind, measured
 * with the tracking allocator.  loaded_size is a bound, never below the
 * loader's peak and never far above it; 0 for payloads the loader refuses.
 */
#include "harness.h"
#include "tracking.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "features/summary.h"
#include "ml/boost.h"
#include "ml/dataset.h"
#include "ml/forest.h"
#include "ml/kmeans.h"
#include "ml/model.h"
#include "ml/model_kinds.h"
#include "ml/moments.h"
#include "ml/pca.h"
#include "ml/pipeline.h"
#include "ml/polynomial.h"
#include "ml/scaler.h"

#include <string.h>

#define N_ROWS 60

static const char *labels3[3] = {"blues", "jazz", "rock"};

/* N_ROWS rows of d values, class i % 3 shifting the first value */
static float *
make_x(int d, uint64_t seed)
{
	float	   *x = genre_alloc((size_t) N_ROWS * d * sizeof(float));
	genre_rng	r;

	genre_rng_seed(&r, seed);
	for (size_t i = 0; i < N_ROWS; i++)
		for (int f = 0; f < d; f++)
			x[i * d + f] = (float) (genre_rng_double(&r) + (f == 0 ? (double) (i % 3) : 0));
	return x;
}

/* The moments summary of x (ml/moments.h layout), two-pass in float64. */
static double *
summary(const float *x, int d, int full)
{
	double	   *acc = genre_calloc(genre_moments_len(d, full), sizeof(double));

	acc[0] = N_ROWS;
	for (size_t i = 0; i < N_ROWS; i++)
		for (int f = 0; f < d; f++)
			acc[1 + f] += x[i * d + f] / (double) N_ROWS;
	for (size_t i = 0; i < N_ROWS; i++)
		for (int a = 0; a < d; a++)
		{
			double		da = x[i * d + a] - acc[1 + a];

			if (!full)
				acc[1 + d + a] += da * da;
			else
				for (int b = a; b < d; b++)
					acc[1 + d + (size_t) a * d + b] += da * (x[i * d + b] - acc[1 + b]);
		}
	return acc;
}

static void
scaler_model(int d, genre_writer *w)
{
	float	   *x = make_x(d, 1);
	double	   *acc = summary(x, d, 0);
	genre_status st;

	genre_status_clear(&st);
	genre_writer_init(w, 0);
	CHECK(genre_scaler_write(acc, d, w, &st) == GENRE_OK);
	genre_free(acc);
	genre_free(x);
}

static void
pca_model(int d, int nc, genre_writer *w)
{
	float	   *x = make_x(d, 2);
	double	   *acc = summary(x, d, 1);
	genre_status st;

	genre_status_clear(&st);
	genre_writer_init(w, 0);
	CHECK(genre_pca_write(acc, d, nc, w, &st) == GENRE_OK);
	genre_free(acc);
	genre_free(x);
}

static void
kmeans_model(int d, int k, genre_writer *w)
{
	float	   *x = make_x(d, 3);
	genre_kmeans_params p;
	genre_kmeans m;
	genre_status st;

	genre_kmeans_defaults(&p, k);
	genre_status_clear(&st);
	genre_writer_init(w, 0);
	CHECK(genre_kmeans_fit(x, N_ROWS, d, &p, &m, &st) == GENRE_OK &&
		  genre_kmeans_write(&m, w, &st) == GENRE_OK);
	genre_kmeans_free(&m, 0);
	genre_free(x);
}

/* A forest (boosted: a boosted model) on N_ROWS rows of d values. */
static void
classifier_model(int d, int boosted, genre_writer *w)
{
	float	   *x = make_x(d, 4);
	genre_labeled_row rows[N_ROWS];
	genre_dataset ds;
	genre_status st;

	for (size_t i = 0; i < N_ROWS; i++)
	{
		rows[i].label = labels3[i % 3];
		rows[i].label_len = (uint32_t) strlen(labels3[i % 3]);
		rows[i].x = x + i * d;
	}
	genre_status_clear(&st);
	genre_writer_init(w, 0);
	CHECK(genre_dataset_build(rows, N_ROWS, (uint32_t) d, &ds, &st) == GENRE_OK);
	if (boosted)
	{
		genre_boost_options o;

		genre_boost_options_default(&o);
		o.rounds = 5;
		o.min_samples_leaf = 5;
		CHECK(genre_boost_train(&ds, &o, w, &st) == GENRE_OK);
	}
	else
	{
		genre_forest_options o;

		genre_forest_options_default(&o);
		o.trees = 4;
		CHECK(genre_forest_train(&ds, &o, w, &st) == GENRE_OK);
	}
	genre_dataset_free(&ds);
	genre_free(x);
}

/*
 * A pipeline over the genre layout into w: steps "s" scaler, "p" pca to 3,
 * "k" kmeans with k = 4 (appended), "2" polynomial of degree 2, then a
 * forest or boosted classifier of what they make.
 */
static void
pipeline_model(const char *steps, int boosted, double segment_s, genre_writer *w)
{
	genre_writer parts[GENRE_PIPELINE_MAX_STEPS],
				cls;
	genre_pipeline_step_spec specs[GENRE_PIPELINE_MAX_STEPS];
	genre_pipeline_spec spec;
	genre_status st;
	const genre_layout *l;
	int			width,
				n = 0;

	genre_status_clear(&st);
	l = genre_layout_find("genre", &st);
	width = genre_layout_size(l);
	memset(specs, 0, sizeof(specs));
	memset(parts, 0, sizeof(parts));
	for (const char *c = steps; *c; c++, n++)
	{
		specs[n].type = GENRE_STEP_MODEL;
		if (*c == 's')
			scaler_model(width, &parts[n]);
		else if (*c == 'p')
		{
			pca_model(width, 3, &parts[n]);
			width = 3;
		}
		else if (*c == 'k')
		{
			kmeans_model(width, 4, &parts[n]);
			width += 4;
		}
		else
		{
			size_t		out;

			specs[n].type = GENRE_STEP_POLYNOMIAL;
			specs[n].degree = 2;
			CHECK(genre_polynomial_size(width, 2, &out, &st) == GENRE_OK);
			width = (int) out;
			continue;
		}
		specs[n].model = parts[n].data;
		specs[n].model_len = parts[n].len;
	}
	classifier_model(width, boosted, &cls);
	memset(&spec, 0, sizeof(spec));
	spec.layout = "genre";
	spec.duration_s = -1;
	spec.segment_s = segment_s;
	spec.vote = segment_s > 0 ? GENRE_VOTE_SOFT : GENRE_VOTE_NONE;
	spec.n_steps = n;
	spec.steps = specs;
	spec.classifier = cls.data;
	spec.classifier_len = cls.len;
	genre_writer_init(w, 0);
	CHECK(genre_pipeline_write(&spec, w, &st) == GENRE_OK);
	for (int i = 0; i < n; i++)
		genre_writer_free(&parts[i]);
	genre_writer_free(&cls);
}

/*
 * Load a serialised model under the tracking allocator: its kind's
 * loaded_size of the payload, the loader's peak and what the object keeps.
 */
static void
measure(const genre_writer *w, size_t *estimate, size_t *peak, size_t *kept)
{
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;
	genre_status st;
	void	   *obj;

	genre_status_clear(&st);
	*estimate = *peak = *kept = 0;
	if (genre_model_kind_open(w->data, w->len, &ops, &payload, &plen, &st) != GENRE_OK ||
		ops->loaded_size == NULL)
	{
		CHECK(0);
		return;
	}
	*estimate = ops->loaded_size(payload, plen);
	genre_set_allocator(&tracking);
	live_bytes = peak_bytes = 0;
	live_blocks = 0;
	obj = ops->load(payload, plen, &st);
	*peak = peak_bytes;
	*kept = live_bytes;
	CHECK(obj != NULL);
	ops->free(obj);
	CHECK(live_blocks == 0);
	genre_set_allocator(NULL);
}

/* Every kind a pipeline holds can tell its loaded size (else the pipeline cannot). */
static void
test_embedded_kinds_tell(void)
{
	static const genre_model_kind kinds[] = {
		GENRE_MODEL_FOREST, GENRE_MODEL_BOOSTED, GENRE_MODEL_SCALER, GENRE_MODEL_PCA,
		GENRE_MODEL_KMEANS, GENRE_MODEL_PIPELINE
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		CHECK(genre_model_kind_find(kinds[i])->loaded_size != NULL);
}

/*
 * The parts alone and in pipelines: the bound is never below the peak the
 * loader requested, and within 2x of it (the boosted loader's doubling
 * node arrays are the slack).
 */
static void
test_bound_real_models(void)
{
	static const struct
	{
		const char *steps;
		int			boosted;
		double		segment_s;
	}			cases[] = {
		{"", 0, 0}, {"", 1, 0}, {"s", 0, 3}, {"s", 1, 0}, {"p", 0, 0},
		{"k", 0, 0}, {"sk", 1, 5}, {"spk2", 0, 5}, {"p2", 1, 0}, {"sp2k", 0, 0},
	};
	genre_writer w;
	size_t		estimate,
				peak,
				kept;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		pipeline_model(cases[i].steps, cases[i].boosted, cases[i].segment_s, &w);
		measure(&w, &estimate, &peak, &kept);
		if (!(estimate >= peak && estimate <= 2 * peak && kept <= peak))
			fprintf(stderr, "pipeline \"%s\" (%s): loaded_size %zu, peak %zu, kept %zu\n",
					cases[i].steps, cases[i].boosted ? "boosted" : "forest", estimate, peak, kept);
		CHECK(estimate >= peak && estimate <= 2 * peak && kept <= peak);
		genre_writer_free(&w);
	}
	/* the step kinds alone are exact: they allocate what they keep */
	scaler_model(87, &w);
	measure(&w, &estimate, &peak, &kept);
	CHECK(estimate == peak && peak == kept);
	genre_writer_free(&w);
	pca_model(87, 3, &w);
	measure(&w, &estimate, &peak, &kept);
	CHECK(estimate == peak && peak == kept);
	genre_writer_free(&w);
	kmeans_model(87, 4, &w);
	measure(&w, &estimate, &peak, &kept);
	CHECK(estimate == peak && peak == kept);
	genre_writer_free(&w);
	classifier_model(87, 1, &w);
	measure(&w, &estimate, &peak, &kept);
	CHECK(estimate >= peak && estimate <= 2 * peak);
	genre_writer_free(&w);
}

/* Payloads the loader refuses by their structure give 0; never a read past the bytes. */
static void
test_refused_payloads(void)
{
	const genre_model_kind_ops *ops = genre_model_kind_find(GENRE_MODEL_PIPELINE);
	genre_writer w;
	const unsigned char *payload;
	size_t		plen;
	genre_status st;
	const genre_model_kind_ops *got;

	pipeline_model("sk", 0, 0, &w);
	genre_status_clear(&st);
	CHECK(genre_model_kind_open(w.data, w.len, &got, &payload, &plen, &st) == GENRE_OK);
	CHECK(ops->loaded_size(payload, plen) > 0);
	/* every truncation (a copy of exactly that length, so ASan sees an overread) */
	for (size_t n = 0; n < plen; n++)
	{
		unsigned char *cut = malloc(n ? n : 1);

		memcpy(cut, payload, n);
		CHECK(ops->loaded_size(cut, n) == 0);
		free(cut);
	}
	/* a step count over the maximum, then an embedded length past the end */
	{
		unsigned char *bad = malloc(plen);
		size_t		steps_at = 4 + 4 + 4 + 5 + 4 + 24 + 4;	/* "genre": 5 bytes */

		memcpy(bad, payload, plen);
		bad[steps_at] = GENRE_PIPELINE_MAX_STEPS + 1;
		CHECK(ops->loaded_size(bad, plen) == 0);
		memcpy(bad, payload, plen);
		bad[steps_at + 4 + 4 + 7] = 0x7f;	/* high byte of step 1's u64 length */
		CHECK(ops->loaded_size(bad, plen) == 0);
		free(bad);
	}
	genre_writer_free(&w);
}

int
main(void)
{
	(void) cancel_countdown;	/* tracking.h's, not needed here */
	RUN(test_embedded_kinds_tell);
	RUN(test_bound_real_models);
	RUN(test_refused_payloads);
	HARNESS_END();
}
