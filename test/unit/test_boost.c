/*
 * test_boost.c - histogram gradient boosting: binning, options, accuracy on
 * separable data, two classes, determinism under row order, the tree
 * limits, early stopping, class weights, cancel latency, the loader
 * against crafted and corrupted payloads, model_info, and a GTZAN hold-out.
 */
#include "harness.h"
#include "tracking.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "ml/boost.h"
#include "ml/boost_hist.h"
#include "ml/dataset.h"
#include "ml/model.h"

#include <string.h>
#include <time.h>

static const char *labels4[4] = {"alpha", "beta", "delta", "gamma"};

/* n rows of d features; class i % k; feature 1 carries the class (scaled by sep), the rest noise. */
static float *
make_rows(size_t n, uint32_t d, uint32_t k, double sep, uint64_t seed, genre_labeled_row *rows)
{
	float	   *x = genre_calloc(n * d, sizeof(float));
	genre_rng	r;

	genre_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
	{
		uint32_t	c = (uint32_t) (i % k);

		for (uint32_t f = 0; f < d; f++)
			x[i * d + f] = (float) genre_rng_double(&r);
		x[i * d + 1] = (float) (sep * c + genre_rng_double(&r));
		rows[i].label = labels4[c];
		rows[i].label_len = (uint32_t) strlen(labels4[c]);
		rows[i].x = x + i * d;
	}
	return x;
}

static genre_code
train_rows(genre_labeled_row *rows, size_t n, uint32_t d, const genre_boost_options *o,
		   genre_writer *w, genre_status *st)
{
	genre_dataset ds;
	genre_code	rc;

	genre_status_clear(st);
	genre_writer_init(w, 0);
	if ((rc = genre_dataset_build(rows, n, d, &ds, st)) != GENRE_OK)
		return rc;
	rc = genre_boost_train(&ds, o, w, st);
	genre_dataset_free(&ds);
	return rc;
}

static genre_boost *
load_model(const genre_writer *w)
{
	genre_status st;
	const genre_model_kind_ops *ops;
	void	   *m;

	genre_status_clear(&st);
	m = genre_model_load(w->data, w->len, &ops, &st);
	if (m != NULL && ops != &genre_boost_kind)
	{
		ops->free(m);
		return NULL;
	}
	return m;
}

/* The plain walk of one tree after another, to check the lockstep walk against. */
static void
reference_raw(const genre_boost *m, const float *x, double *raw)
{
	memcpy(raw, m->baseline, m->trees_per_round * sizeof(double));
	for (uint32_t t = 0; t < m->n_trees; t++)
	{
		uint32_t	k = m->roots[t];

		/* children side by side (forest.h): left at child, right beside it */
		while (!isnan(m->steps[k].threshold))
			k = x[m->features[k]] <= m->steps[k].threshold ? m->steps[k].child : m->steps[k].child + 1;
		raw[t % m->trees_per_round] += m->values[m->leaves[k]];
	}
}

static void
test_bins(void)
{
	float		x[12] = {3, 1, 2, 3, 1, 2, 1, 1, 7, -0.0f, 0.0f, 5};
	genre_boost_bins b;
	genre_status st;
	static float big[1000];

	genre_status_clear(&st);
	/* d = 1: distinct values -0 = 0, 1, 2, 3, 5, 7: 5 cuts at the midpoints */
	CHECK(genre_boost_bin(x, 12, 1, 255, NULL, &b, &st) == GENRE_OK);
	CHECK(b.cut_off[1] == 5);
	CHECK(b.cuts[0] == 0.5f && b.cuts[1] == 1.5f && b.cuts[2] == 2.5f && b.cuts[3] == 4.0f && b.cuts[4] == 6.0f);
	for (size_t i = 0; i < 12; i++)
	{
		uint32_t	c = 0;

		while (c < 5 && b.cuts[c] < x[i])
			c++;
		CHECK(b.codes[i] == c);
	}
	CHECK(b.codes[9] == 0 && b.codes[10] == 0);
	genre_boost_bins_free(&b);
	/* held-out rows do not shape the cuts, but are coded */
	{
		uint8_t		held[12] = {0};

		held[8] = 1;			/* the 7 */
		CHECK(genre_boost_bin(x, 12, 1, 255, held, &b, &st) == GENRE_OK);
		CHECK(b.cut_off[1] == 4 && b.codes[8] == 4);
		genre_boost_bins_free(&b);
	}
	/* 1000 distinct values into 10 bins of 100 */
	for (int i = 0; i < 1000; i++)
		big[i] = (float) ((i * 7919) % 1000);
	CHECK(genre_boost_bin(big, 1000, 1, 10, NULL, &b, &st) == GENRE_OK);
	CHECK(b.cut_off[1] == 9);
	{
		size_t		count[10] = {0};

		for (int i = 0; i < 1000; i++)
			count[b.codes[i]]++;
		for (int c = 0; c < 10; c++)
			CHECK(count[c] == 100);
	}
	genre_boost_bins_free(&b);
	/* two values only, max_bins 2: one cut */
	x[0] = NAN;
	CHECK(genre_boost_bin(x, 12, 1, 255, NULL, &b, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "row 1") != NULL);
	genre_boost_bins_free(&b);
}

static void
test_options(void)
{
	genre_boost_options o;
	genre_status st;

	genre_boost_options_default(&o);
	CHECK(o.rounds == 100 && o.learning_rate == 0.1 && o.max_leaves == 31 && o.max_depth == 0 &&
		  o.min_samples_leaf == 20 && o.l2 == 0 && o.max_bins == 255 && o.subsample == 1 &&
		  o.colsample == 1 && !o.class_weight_balanced && !o.early_stopping &&
		  o.validation_fraction == 0.1 && o.patience == 10 && o.seed == 0);
	genre_status_clear(&st);
	CHECK(genre_boost_options_check(&o, &st) == GENRE_OK);
#define BAD_OPTION(field, value, name) \
	do { \
		genre_boost_options_default(&o); \
		o.field = value; \
		CHECK(genre_boost_options_check(&o, &st) == GENRE_EINVAL); \
		CHECK(strstr(st.message, "\"" name "\"") != NULL); \
	} while (0)
	BAD_OPTION(rounds, 0, "rounds");
	BAD_OPTION(rounds, GENRE_BOOST_MAX_ROUNDS + 1, "rounds");
	BAD_OPTION(learning_rate, 0, "learning_rate");
	BAD_OPTION(learning_rate, 1.5, "learning_rate");
	BAD_OPTION(learning_rate, NAN, "learning_rate");
	BAD_OPTION(max_depth, GENRE_BOOST_MAX_DEPTH + 1, "max_depth");
	BAD_OPTION(max_leaves, 1, "max_leaves");
	BAD_OPTION(max_leaves, 0, "max_leaves");	/* with max_depth null too */
	BAD_OPTION(min_samples_leaf, 0, "min_samples_leaf");
	BAD_OPTION(l2, -1, "l2");
	BAD_OPTION(l2, INFINITY, "l2");
	BAD_OPTION(max_bins, 1, "max_bins");
	BAD_OPTION(max_bins, 256, "max_bins");
	BAD_OPTION(subsample, 0, "subsample");
	BAD_OPTION(subsample, 1.01, "subsample");
	BAD_OPTION(colsample, -0.5, "colsample");
	BAD_OPTION(class_weight_balanced, 2, "class_weight");
	BAD_OPTION(early_stopping, 2, "early_stopping");
	BAD_OPTION(validation_fraction, 1, "validation_fraction");
	BAD_OPTION(validation_fraction, 0, "validation_fraction");
	BAD_OPTION(patience, 0, "patience");
#undef BAD_OPTION
	genre_boost_options_default(&o);
	o.max_leaves = 0;
	o.max_depth = 6;
	CHECK(genre_boost_options_check(&o, &st) == GENRE_OK);
}

static void
test_separable(void)
{
	genre_labeled_row rows[400],
				fresh_rows[100];
	float	   *x = make_rows(400, 5, 4, 10, 1, rows);
	float	   *fresh = make_rows(100, 5, 4, 10, 77, fresh_rows);
	genre_boost_options o;
	genre_writer w;
	genre_status st;
	genre_boost *m;
	double		p[4],
				raw[4],
				ref[4];
	size_t		ok = 0;

	genre_boost_options_default(&o);
	o.rounds = 20;
	CHECK(train_rows(rows, 400, 5, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK(m->n_classes == 4 && m->trees_per_round == 4 && m->n_trees == 80 && m->n_rounds == 20);
	CHECK(m->n_features == 5 && m->n_samples == 400 && m->n_validation == 0);
	CHECK(strcmp(m->class_names[0], "alpha") == 0 && strcmp(m->class_names[3], "gamma") == 0);
	/* the classifier view of the kind table */
	{
		genre_classifier c;

		genre_boost_kind.classifier(m, &c);
		CHECK(c.model == m && c.n_features == 5 && c.n_classes == 4 && c.proba == genre_boost_proba);
		CHECK(strcmp(c.class_names[2], "delta") == 0 && c.class_lens[2] == 5);
		CHECK(c.importances == m->importances);
	}
	CHECK(genre_boost_kind.size(m) > m->n_nodes * sizeof(genre_forest_step));
	/* class i % 4 follows feature 1 = 10 c + noise: labels sort alpha beta delta gamma */
	for (size_t i = 0; i < 100; i++)
	{
		uint32_t	c = genre_boost_predict(m, fresh + i * 5, p);

		ok += strcmp(m->class_names[c], fresh_rows[i].label) == 0;
		CHECK_NEAR(p[0] + p[1] + p[2] + p[3], 1.0, 1e-12);
		genre_boost_raw(m, fresh + i * 5, raw);
		reference_raw(m, fresh + i * 5, ref);
		CHECK(memcmp(raw, ref, sizeof(raw)) == 0);
	}
	CHECK(ok == 100);
	/* importances: gain, normalised, feature 1 carries all of it */
	{
		const double *imp = m->importances;
		double		sum = 0;

		for (int f = 0; f < 5; f++)
			sum += imp[f];
		CHECK_NEAR(sum, 1.0, 1e-12);
		CHECK(imp[1] > 0.9);
	}
	/* the dispatcher describes kind 5 */
	{
		genre_writer j;

		genre_writer_init(&j, 0);
		CHECK(genre_model_describe(w.data, w.len, &j, &st) == GENRE_OK);
		genre_writer_cstring(&j);
		CHECK(strstr((char *) j.data, "{\"kind\": \"boosted\", \"classes\": [\"alpha\", \"beta\", \"delta\", \"gamma\"], "
					 "\"rounds\": 20, \"rounds_trained\": 20, \"best_iteration\": null, \"trees\": 80, "
					 "\"trees_per_round\": 4, ") != NULL);
		CHECK(strstr((char *) j.data, "\"validation\": null") != NULL);
		CHECK(strstr((char *) j.data, "\"options\": {\"rounds\": 20, \"learning_rate\": 0.10000000000000001, "
					 "\"max_depth\": null, \"max_leaves\": 31, \"min_samples_leaf\": 20, \"l2\": 0, "
					 "\"max_bins\": 255, \"subsample\": 1, \"colsample\": 1, \"class_weight\": \"none\", "
					 "\"early_stopping\": false, \"seed\": 0}}") != NULL);
		genre_writer_free(&j);
	}
	CHECK(strcmp(genre_model_kind_name(GENRE_MODEL_BOOSTED), "boosted") == 0);
	genre_boost_free(m);
	genre_writer_free(&w);
	genre_free(x);
	genre_free(fresh);
}

static void
test_binary(void)
{
	genre_labeled_row rows[300];
	float	   *x = make_rows(300, 3, 2, 0.6, 2, rows);
	genre_boost_options o;
	genre_writer w;
	genre_status st;
	genre_boost *m;
	double		p[2],
				raw;
	size_t		ok = 0;

	genre_boost_options_default(&o);
	o.rounds = 30;
	o.min_samples_leaf = 5;
	CHECK(train_rows(rows, 300, 3, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m && m->trees_per_round == 1 && m->n_trees == 30);
	if (m == NULL)
		return;
	/* balanced classes: the baseline logit is 0 */
	CHECK(m->baseline[0] == 0);
	for (size_t i = 0; i < 300; i++)
	{
		uint32_t	c = genre_boost_predict(m, x + i * 3, p);

		ok += c == (uint32_t) (i % 2);
		genre_boost_raw(m, x + i * 3, &raw);
		CHECK_NEAR(p[1], 1 / (1 + exp(-raw)), 1e-15);
		CHECK_NEAR(p[0] + p[1], 1, 1e-15);
	}
	CHECK(ok > 270);
	genre_boost_free(m);
	genre_writer_free(&w);
	genre_free(x);
}

static void
test_deterministic(void)
{
	genre_labeled_row rows[360],
				perm[360];
	float	   *x = make_rows(360, 6, 3, 0.3, 3, rows);
	genre_boost_options o;
	genre_writer a,
				b,
				c;
	genre_status st;
	genre_rng	r;

	memcpy(perm, rows, sizeof(rows));
	genre_rng_seed(&r, 11);
	for (size_t i = 359; i > 0; i--)
	{
		size_t		j = genre_rng_below(&r, i + 1);
		genre_labeled_row t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	genre_boost_options_default(&o);
	o.rounds = 15;
	o.subsample = 0.7;
	o.colsample = 0.5;
	o.early_stopping = 1;
	o.class_weight_balanced = 1;
	o.seed = 5;
	CHECK(train_rows(rows, 360, 6, &o, &a, &st) == GENRE_OK);
	CHECK(train_rows(perm, 360, 6, &o, &b, &st) == GENRE_OK);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	o.seed = 6;
	CHECK(train_rows(rows, 360, 6, &o, &c, &st) == GENRE_OK);
	CHECK(a.len != c.len || memcmp(a.data, c.data, a.len) != 0);
	genre_writer_free(&a);
	genre_writer_free(&b);
	genre_writer_free(&c);
	genre_free(x);
}

/* Leaves and depth of every tree stay within max_leaves / max_depth. */
static void
check_limits(const genre_boost *m, uint32_t max_leaves, uint32_t max_depth, uint32_t *most)
{
	*most = 0;
	for (uint32_t t = 0; t < m->n_trees; t++)
	{
		uint32_t	leaves = 0;

		for (uint32_t k = m->roots[t]; k < m->roots[t + 1]; k++)
			leaves += isnan(m->steps[k].threshold);
		if (leaves > *most)
			*most = leaves;
		if (max_leaves)
			CHECK(leaves <= max_leaves);
	}
	if (max_depth)
		CHECK(m->depth <= max_depth);
}

static void
test_limits(void)
{
	genre_labeled_row rows[600];
	float	   *x = make_rows(600, 4, 3, 0.2, 4, rows);
	genre_boost_options o;
	genre_writer w;
	genre_status st;
	genre_boost *m;
	uint32_t	most;

	genre_boost_options_default(&o);
	o.rounds = 5;
	o.max_leaves = 7;
	o.min_samples_leaf = 1;
	CHECK(train_rows(rows, 600, 4, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m != NULL);
	check_limits(m, 7, 0, &most);
	CHECK(most == 7);			/* noisy classes: every leaf budget is used */
	genre_boost_free(m);
	genre_writer_free(&w);

	o.max_leaves = 0;
	o.max_depth = 3;
	CHECK(train_rows(rows, 600, 4, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m && m->depth == 3);
	check_limits(m, 0, 3, &most);
	CHECK(most == 8);			/* depth-wise growth fills the depth */
	genre_boost_free(m);
	genre_writer_free(&w);

	/* min_samples_leaf beyond half the rows: stumps, probabilities = class shares */
	genre_boost_options_default(&o);
	o.rounds = 3;
	o.min_samples_leaf = 301;
	CHECK(train_rows(rows, 600, 4, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m && m->depth == 0 && m->n_nodes == 9);
	if (m)
	{
		double		p[3];

		genre_boost_proba(m, x, p);
		for (int c = 0; c < 3; c++)
			CHECK_NEAR(p[c], 1.0 / 3, 1e-12);
	}
	genre_boost_free(m);
	genre_writer_free(&w);
	genre_free(x);
}

static void
test_early_stopping(void)
{
	genre_labeled_row rows[600];
	float	   *x = make_rows(600, 4, 3, 0.15, 5, rows);
	genre_boost_options o;
	genre_writer w,
				j;
	genre_status st;
	genre_boost *m;

	/* hard classes and a big learning rate: validation loss turns early */
	genre_boost_options_default(&o);
	o.rounds = 500;
	o.learning_rate = 0.5;
	o.min_samples_leaf = 2;
	o.early_stopping = 1;
	o.validation_fraction = 0.2;
	o.patience = 5;
	CHECK(train_rows(rows, 600, 4, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK(m->n_validation == 120 && m->n_samples == 480);
	CHECK(m->rounds_trained < 500);
	CHECK(m->rounds_trained == m->n_rounds + 5);
	CHECK(m->n_trees == 3 * m->n_rounds);
	CHECK(m->validation_loss > 0 && m->validation_accuracy > 0.33);
	genre_writer_init(&j, 0);
	CHECK(genre_boost_kind.describe(m, &j, &st) == GENRE_OK);
	genre_writer_cstring(&j);
	CHECK(strstr((char *) j.data, "\"validation\": {\"rows\": 120, \"loss\": ") != NULL);
	CHECK(strstr((char *) j.data, "\"early_stopping\": {\"validation_fraction\": 0.20000000000000001, \"patience\": 5}") != NULL);
	genre_writer_free(&j);
	genre_boost_free(m);
	genre_writer_free(&w);

	/* too few rows to hold any out: refused, naming the option */
	o.validation_fraction = 0.001;
	CHECK(train_rows(rows, 600, 4, &o, &w, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "\"validation_fraction\"") != NULL);
	genre_writer_free(&w);
	genre_free(x);
}

static void
test_class_weight_and_errors(void)
{
	genre_labeled_row rows[400];
	float	   *x = make_rows(400, 3, 4, 0.3, 6, rows);
	genre_boost_options o;
	genre_writer w;
	genre_status st;
	genre_boost *m;

	/* unbalance: drop most "alpha" rows (class 0) */
	size_t		n = 0;

	for (size_t i = 0; i < 400; i++)
		if (i % 4 != 0 || i < 40)
			rows[n++] = rows[i];
	genre_boost_options_default(&o);
	o.rounds = 2;
	o.class_weight_balanced = 1;
	CHECK(train_rows(rows, n, 3, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	/* balanced weights make the weighted priors equal: a zero baseline */
	CHECK(m != NULL);
	for (uint32_t c = 0; m && c < 4; c++)
		CHECK_NEAR(m->baseline[c], 0, 1e-12);
	genre_boost_free(m);
	genre_writer_free(&w);
	o.class_weight_balanced = 0;
	CHECK(train_rows(rows, n, 3, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m && m->baseline[0] < m->baseline[1]);
	genre_boost_free(m);
	genre_writer_free(&w);

	/* one class only */
	for (size_t i = 0; i < 10; i++)
		rows[i].label = "alpha", rows[i].label_len = 5;
	CHECK(train_rows(rows, 10, 3, &o, &w, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "two classes") != NULL);
	genre_writer_free(&w);
	/* a non-finite feature */
	make_rows(8, 3, 4, 1, 1, rows);
	x[5] = INFINITY;
	for (size_t i = 0; i < 8; i++)
		rows[i].x = x + i * 3;
	CHECK(train_rows(rows, 8, 3, &o, &w, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "not finite") != NULL);
	genre_writer_free(&w);
	/* rounds x classes over the tree limit: 100000 rounds of 12 classes */
	{
		static const char *const twelve[12] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};

		x[5] = 0;
		for (size_t i = 0; i < 12; i++)
		{
			rows[i].label = twelve[i];
			rows[i].label_len = 1;
			rows[i].x = x + (i % 8) * 3;
		}
		o.rounds = GENRE_BOOST_MAX_ROUNDS;
		CHECK(train_rows(rows, 12, 3, &o, &w, &st) == GENRE_ELIMIT);
		CHECK(strstr(st.message, "1000000 trees") != NULL);
		genre_writer_free(&w);
	}
	genre_free(x);
}

/* CPU seconds of this thread: a measure of the stretches between cancel checks the load does not change */
static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double last_check,
			longest_gap;

/* never cancels; records the longest CPU stretch since the previous check */
static int
gap_probe(void)
{
	double		now = cpu_s();

	if (now - last_check > longest_gap)
		longest_gap = now - last_check;
	last_check = now;
	return 0;
}

/*
 * A cancel is seen within 100 ms: the longest CPU stretch between two checks
 * of a whole training run (binning, histograms, splits, raw scores) stays
 * below 0.1 s, and a cancel at a late check ends the run with ECANCEL.
 */
static void
test_cancel(void)
{
	size_t		n = 20000;
	genre_labeled_row *rows = genre_calloc(n, sizeof(genre_labeled_row));
	float	   *x = make_rows(n, 40, 4, 0.1, 8, rows);
	genre_boost_options o;
	genre_writer w;
	genre_status st;

	genre_boost_options_default(&o);
	o.rounds = 40;
	o.min_samples_leaf = 1;
	o.max_leaves = 255;
	longest_gap = 0;
	last_check = cpu_s();
	genre_set_interrupt_check(gap_probe);
	CHECK(train_rows(rows, n, 40, &o, &w, &st) == GENRE_OK);
	genre_set_interrupt_check(NULL);
	genre_writer_free(&w);
	CHECK(longest_gap < 0.1);
	if (getenv("BOOST_VERBOSE") || !(longest_gap < 0.1))
		fprintf(stderr, "longest CPU stretch between cancel checks: %.1f ms\n", longest_gap * 1e3);

	o.rounds = 2000;
	checks_left = 5000;
	checks_seen = 0;
	genre_set_interrupt_check(cancel_countdown);
	CHECK(train_rows(rows, n, 40, &o, &w, &st) == GENRE_ECANCEL);
	genre_set_interrupt_check(NULL);
	CHECK(checks_seen == 5001);
	genre_writer_free(&w);
	genre_free(rows);
	genre_free(x);
}

/* A hand-made payload: two classes, one round, split(feature, thr, right) / leaf / leaf. */
static void
craft(genre_writer *w, uint32_t feature, float thr, uint32_t right, double leaf, uint32_t count,
	  uint32_t nclasses, uint32_t tpr)
{
	genre_writer_init(w, 0);
	genre_put_u16(w, 1);
	genre_put_u32(w, 2);		/* features */
	genre_put_u32(w, nclasses);
	genre_put_u64(w, 10);
	genre_put_u64(w, 0);
	genre_put_u32(w, tpr);
	genre_put_u32(w, 1);		/* rounds kept */
	genre_put_u32(w, 1);		/* trained */
	genre_put_u32(w, 1);		/* depth */
	genre_put_u32(w, 1);		/* options: rounds */
	genre_put_f64(w, 0.1);
	genre_put_u32(w, 0);
	genre_put_u32(w, 31);
	genre_put_u32(w, 20);
	genre_put_f64(w, 0);
	genre_put_u32(w, 255);
	genre_put_f64(w, 1);
	genre_put_f64(w, 1);
	genre_put_u8(w, 0);
	genre_put_u8(w, 0);
	genre_put_f64(w, 0.1);
	genre_put_u32(w, 10);
	genre_put_u64(w, 0);
	genre_put_f64(w, 0);		/* validation loss, accuracy */
	genre_put_f64(w, 0);
	genre_put_u32(w, 1);
	genre_put_bytes(w, "a", 1);
	genre_put_u32(w, 1);
	genre_put_bytes(w, "b", 1);
	genre_put_f64(w, 0.0);		/* baseline */
	genre_put_f64(w, 1.0);		/* importances */
	genre_put_f64(w, 0.0);
	genre_put_u32(w, count);
	genre_put_u8(w, 0);
	genre_put_u32(w, feature);
	genre_put_f32(w, thr);
	genre_put_u32(w, right);
	genre_put_u8(w, 1);
	genre_put_f64(w, leaf);
	genre_put_u8(w, 1);
	genre_put_f64(w, 2.0);
}

static int
loads(const genre_writer *w)
{
	genre_status st;
	genre_boost *m;

	genre_status_clear(&st);
	m = genre_boost_load(w->data, w->len, &st);
	if (m == NULL)
		return st.code == GENRE_EBADDATA && st.message[0] ? 0 : -1;
	genre_boost_free(m);
	return 1;
}

static void
test_loader_crafted(void)
{
	genre_writer w;
	genre_status st;
	genre_boost *m;
	double		p[2];
	float		x[2] = {0.2f, 0};

	craft(&w, 0, 0.5f, 2, -2.0, 3, 2, 1);
	CHECK(loads(&w) == 1);
	genre_status_clear(&st);
	m = genre_boost_load(w.data, w.len, &st);
	CHECK(m && genre_boost_predict(m, x, p) == 0);
	CHECK(m && fabs(p[1] - 1 / (1 + exp(2.0))) < 1e-15);
	x[0] = 0.7f;
	CHECK(m && genre_boost_predict(m, x, p) == 1);
	genre_boost_free(m);
	genre_writer_free(&w);

#define REFUSED(...) \
	do { \
		craft(&w, __VA_ARGS__); \
		CHECK(loads(&w) == 0); \
		genre_writer_free(&w); \
	} while (0)
	REFUSED(0, 0.5f, 3, -2.0, 3, 2, 1);	/* right child past the end */
	REFUSED(0, 0.5f, 0, -2.0, 3, 2, 1);	/* pointing back: a cycle */
	REFUSED(0, 0.5f, 1, -2.0, 3, 2, 1);	/* equal to the left child */
	REFUSED(0, 0.5f, 0xFFFFFFFFu, -2.0, 3, 2, 1);
	REFUSED(2, 0.5f, 2, -2.0, 3, 2, 1);	/* feature out of range */
	REFUSED(0, NAN, 2, -2.0, 3, 2, 1);	/* threshold not finite */
	REFUSED(0, -INFINITY, 2, -2.0, 3, 2, 1);
	REFUSED(0, 0.5f, 2, NAN, 3, 2, 1);	/* leaf value not finite */
	REFUSED(0, 0.5f, 2, 1e300, 3, 2, 1);	/* leaf value past the bound */
	REFUSED(0, 0.5f, 2, -2.0, 4, 2, 1);	/* node count larger than the nodes */
	REFUSED(0, 0.5f, 2, -2.0, 2, 2, 1);	/* smaller: trailing bytes */
	REFUSED(0, 0.5f, 2, -2.0, 0x7FFFFFFFu, 2, 1);
	REFUSED(0, 0.5f, 2, -2.0, 3, 3, 1);	/* trees per round wrong for 3 classes */
	REFUSED(0, 0.5f, 2, -2.0, 3, 2, 2);
	REFUSED(0, 0.5f, 2, -2.0, 3, 1, 1);	/* one class */
	REFUSED(0, 0.5f, 2, -2.0, 3, 0xFFFFFFFu, 1);
#undef REFUSED

	/* every truncation of a valid payload is refused */
	craft(&w, 0, 0.5f, 2, -2.0, 3, 2, 1);
	for (size_t n = 0; n < w.len; n++)
	{
		genre_status_clear(&st);
		CHECK(genre_boost_load(w.data, n, &st) == NULL && st.code == GENRE_EBADDATA);
	}
	genre_writer_free(&w);
}

/* Flip bits all over a trained payload: refused, or a model whose probabilities are finite. */
static void
test_loader_flips(void)
{
	genre_labeled_row rows[150];
	float	   *x = make_rows(150, 3, 3, 0.3, 9, rows);
	genre_boost_options o;
	genre_writer w;
	genre_status st;
	const genre_model_kind_ops *ops;
	const unsigned char *p;
	size_t		plen;
	unsigned char *copy;
	int			refused = 0;

	genre_boost_options_default(&o);
	o.rounds = 2;
	o.max_leaves = 4;
	o.min_samples_leaf = 5;
	o.early_stopping = 1;
	CHECK(train_rows(rows, 150, 3, &o, &w, &st) == GENRE_OK);
	CHECK(genre_model_kind_open(w.data, w.len, &ops, &p, &plen, &st) == GENRE_OK && ops == &genre_boost_kind);
	copy = genre_memdup(p, plen);
	for (size_t i = 0; i < plen; i++)
		for (int bit = 0; bit < 8; bit += 3)
		{
			genre_boost *m;

			copy[i] ^= (unsigned char) (1 << bit);
			genre_status_clear(&st);
			m = genre_boost_load(copy, plen, &st);
			if (m == NULL)
			{
				CHECK(st.code == GENRE_EBADDATA);
				refused++;
			}
			else
			{
				double		pr[3];

				CHECK(genre_boost_predict(m, x, pr) < 3);
				CHECK(isfinite(pr[0]) && isfinite(pr[1]) && isfinite(pr[2]));
				genre_boost_free(m);
			}
			copy[i] ^= (unsigned char) (1 << bit);
		}
	CHECK(refused > 0);
	genre_free(copy);
	genre_free(x);
	genre_writer_free(&w);
}

/* GTZAN, train on 4/5 and test on 1/5: a sanity check of real accuracy (the forest's ~0.7) */
static void
test_gtzan_holdout(void)
{
	FILE	   *fp = fopen("test/data/gtzan_features_30_sec.csv", "r");
	char		line[8192];
	static float x[1000 * 57];
	static char labels[1000][16];
	genre_labeled_row train[1000];
	size_t		n = 0,
				ntrain = 0,
				ok = 0,
				ntest = 0;
	genre_boost_options o;
	genre_writer w;
	genre_status st;
	genre_boost *m;
	double		p[10];

	CHECK(fp != NULL);
	if (fp == NULL || !fgets(line, sizeof(line), fp))
		return;
	while (n < 1000 && fgets(line, sizeof(line), fp))
	{
		char	   *tok = strtok(line, ",");
		int			col = 0;

		tok = strtok(NULL, ",");
		while ((tok = strtok(NULL, ",\r\n")) != NULL)
		{
			if (col < 57)
				x[n * 57 + col] = strtof(tok, NULL);
			else
				snprintf(labels[n], sizeof(labels[n]), "%s", tok);
			col++;
		}
		n++;
	}
	fclose(fp);
	CHECK(n == 1000);
	for (size_t i = 0; i < n; i++)
		if (i % 5 != 0)
		{
			train[ntrain].label = labels[i];
			train[ntrain].label_len = (uint32_t) strlen(labels[i]);
			train[ntrain].x = x + i * 57;
			ntrain++;
		}
	genre_boost_options_default(&o);
	o.subsample = 0.8;
	o.colsample = 0.5;
	CHECK(train_rows(train, ntrain, 57, &o, &w, &st) == GENRE_OK);
	m = load_model(&w);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	for (size_t i = 0; i < n; i += 5)
	{
		uint32_t	c = genre_boost_predict(m, x + i * 57, p);

		ok += strcmp(m->class_names[c], labels[i]) == 0;
		ntest++;
	}
	printf("gtzan hold-out accuracy %.3f (%zu/%zu), %u trees, %zu nodes\n",
		   (double) ok / ntest, ok, ntest, m->n_trees, m->n_nodes);
	CHECK((double) ok / ntest >= 0.70);
	genre_boost_free(m);
	genre_writer_free(&w);
}

int
main(void)
{
	RUN(test_bins);
	RUN(test_options);
	RUN(test_separable);
	RUN(test_binary);
	RUN(test_deterministic);
	RUN(test_limits);
	RUN(test_early_stopping);
	RUN(test_class_weight_and_errors);
	RUN(test_cancel);
	RUN(test_loader_crafted);
	RUN(test_loader_flips);
	RUN(test_gtzan_holdout);
	HARNESS_END();
}
