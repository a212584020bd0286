/*
 * test_forest.c - random forest: accuracy on separable data, determinism,
 * out-of-bag accuracy and importances, the loader against corrupt models,
 * and a GTZAN hold-out as a sanity check of real accuracy.
 */
#include "harness.h"
#include "tracking.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "ml/cart.h"
#include "ml/dataset.h"
#include "ml/forest.h"
#include "ml/model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *blob_labels[3] = {"alpha", "beta", "gamma"};

/* n rows of d features in 3 well separated blobs; feature 1 carries the class, others noise */
static float *
make_blobs(size_t n, uint32_t d, uint64_t seed, genre_labeled_row *rows)
{
	float	   *x = genre_calloc(n * d, sizeof(float));
	genre_rng	r;

	genre_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
	{
		int			c = (int) (i % 3);

		for (uint32_t f = 0; f < d; f++)
			x[i * d + f] = (float) genre_rng_double(&r);
		x[i * d + 1] = (float) (10.0 * c + genre_rng_double(&r));
		rows[i].label = blob_labels[c];
		rows[i].label_len = (uint32_t) strlen(blob_labels[c]);
		rows[i].x = x + i * d;
	}
	return x;
}

/* Train on rows (reordered canonically in place) into w; returns the status code. */
static genre_code
train_rows(genre_labeled_row *rows, size_t n, uint32_t d, const genre_forest_options *o,
		   genre_writer *w)
{
	genre_dataset ds;
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	genre_writer_init(w, 0);
	rc = genre_dataset_build(rows, n, d, &ds, &st);
	if (rc != GENRE_OK)
		return rc;
	rc = genre_forest_train(&ds, o, w, &st);
	if (rc != GENRE_OK)
		fprintf(stderr, "train: %s\n", st.message);
	genre_dataset_free(&ds);
	return rc;
}

static genre_forest *
load_model(const genre_writer *w)
{
	genre_status st;
	genre_model_kind kind;
	const unsigned char *p;
	size_t		plen;

	genre_status_clear(&st);
	if (genre_model_open(w->data, w->len, &kind, &p, &plen, &st) != GENRE_OK || kind != GENRE_MODEL_FOREST)
		return NULL;
	return genre_forest_load(p, plen, &st);
}

static void
test_sort_keys(void)
{
	uint64_t	a[5000];
	genre_rng	r;

	genre_rng_seed(&r, 3);
	for (size_t n = 0; n < 5000; n += 371)
	{
		for (size_t i = 0; i < n; i++)
			a[i] = ((genre_rng_next(&r) % 50) << 32) | i;	/* many equal high halves */
		genre_cart_sort_keys(a, n);
		for (size_t i = 1; i < n; i++)
			CHECK(a[i - 1] < a[i]);
	}
	CHECK(genre_cart_ordered_bits(-2.0f) < genre_cart_ordered_bits(-1.0f));
	CHECK(genre_cart_ordered_bits(-1.0f) < genre_cart_ordered_bits(0.0f));
	CHECK(genre_cart_ordered_bits(0.5f) < genre_cart_ordered_bits(3.0f));
}

static void
test_separable(void)
{
	genre_labeled_row rows[300];
	float	   *x = make_blobs(300, 5, 1, rows);
	float	   *fresh;
	genre_labeled_row frows[90];
	genre_forest_options o;
	genre_writer w;
	genre_forest *f;
	double		scratch[3];
	size_t		ok = 0;

	genre_forest_options_default(&o);
	o.trees = 10;
	CHECK(train_rows(rows, 300, 5, &o, &w) == GENRE_OK);
	f = load_model(&w);
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(f->n_classes == 3 && f->n_features == 5 && f->n_trees == 10 && f->n_samples == 300);
	CHECK(strcmp(f->class_names[0], "alpha") == 0 && strcmp(f->class_names[2], "gamma") == 0);
	/* unseen points of the same blobs are all classified right */
	fresh = make_blobs(90, 5, 99, frows);
	for (size_t i = 0; i < 90; i++)
		ok += genre_forest_predict(f, fresh + i * 5, scratch) == (uint32_t) (i % 3);
	CHECK(ok == 90);
	/* probabilities sum to 1 */
	genre_forest_proba(f, fresh, scratch);
	CHECK_NEAR(scratch[0] + scratch[1] + scratch[2], 1.0, 1e-12);
	/* out-of-bag accuracy exists and is high (a tree may miss the informative feature) */
	CHECK(f->has_oob);
	CHECK(f->oob_accuracy >= 0 && f->oob_accuracy <= 1);
	CHECK(f->oob_accuracy > 0.9);
	/* importances: normalised, and the informative feature 1 dominates */
	{
		double		sum = 0;

		for (int i = 0; i < 5; i++)
		{
			sum += f->importances[i];
			if (i != 1)
				CHECK(f->importances[i] < f->importances[1]);
		}
		CHECK_NEAR(sum, 1.0, 1e-9);
	}
	genre_forest_free(f);
	genre_free(x);
	genre_free(fresh);
	genre_writer_free(&w);
}

/* The forest through the model-kind table: the generic loader, view and describer. */
static void
test_kind_table(void)
{
	genre_labeled_row rows[120];
	float	   *x = make_blobs(120, 4, 2, rows);
	genre_forest_options o;
	genre_writer w,
				info;
	genre_status st;
	const genre_model_kind_ops *ops;
	genre_forest *f;
	genre_classifier c;
	double		p[3],
				q[3];

	genre_forest_options_default(&o);
	o.trees = 5;
	CHECK(train_rows(rows, 120, 4, &o, &w) == GENRE_OK);
	genre_status_clear(&st);
	f = genre_model_load(w.data, w.len, &ops, &st);
	CHECK(f != NULL && ops == &genre_forest_kind);
	if (f == NULL)
		return;
	ops->classifier(f, &c);
	CHECK(c.model == f && c.n_features == 4 && c.n_classes == 3);
	CHECK(c.class_names == f->class_names && c.importances == f->importances);
	for (size_t i = 0; i < 120; i++)
	{
		c.proba(c.model, x + i * 4, p);
		genre_forest_proba(f, x + i * 4, q);
		CHECK(memcmp(p, q, sizeof(p)) == 0);
		CHECK(genre_classifier_predict(&c, x + i * 4, p) == genre_forest_predict(f, x + i * 4, q));
	}
	/* at least the nodes and the prediction layout */
	CHECK(ops->size(f) >= f->n_nodes * (sizeof(genre_forest_node) + sizeof(genre_forest_step)));
	genre_writer_init(&info, 0);
	CHECK(genre_model_describe(w.data, w.len, &info, &st) == GENRE_OK);
	CHECK(info.len > 20 && memcmp(info.data, "{\"kind\": \"forest\"", strlen("{\"kind\": \"forest\"")) == 0);
	genre_writer_free(&info);
	ops->free(f);
	genre_writer_free(&w);
	genre_free(x);
}

static void
test_deterministic(void)
{
	genre_labeled_row rows[240],
				perm[240];
	float	   *x = make_blobs(240, 4, 2, rows);
	genre_forest_options o;
	genre_writer a,
				b,
				c;
	genre_rng	r;

	/* make the classes overlap so trees are deep and leaves mixed */
	for (size_t i = 0; i < 240; i++)
		x[i * 4 + 1] *= 0.05f;
	memcpy(perm, rows, sizeof(rows));
	genre_rng_seed(&r, 11);
	for (size_t i = 239; i > 0; i--)
	{
		size_t		j = genre_rng_below(&r, i + 1);
		genre_labeled_row t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	genre_forest_options_default(&o);
	o.trees = 7;
	o.seed = 5;
	o.class_weight_balanced = 1;
	CHECK(train_rows(rows, 240, 4, &o, &a) == GENRE_OK);
	CHECK(train_rows(perm, 240, 4, &o, &b) == GENRE_OK);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	o.seed = 6;
	CHECK(train_rows(rows, 240, 4, &o, &c) == GENRE_OK);
	CHECK(a.len != c.len || memcmp(a.data, c.data, a.len) != 0);
	genre_writer_free(&a);
	genre_writer_free(&b);
	genre_writer_free(&c);
	genre_free(x);
}

static void
test_options(void)
{
	genre_labeled_row rows[60];
	float	   *x = make_blobs(60, 16, 3, rows);
	genre_forest_options o;
	genre_writer w;
	genre_forest *f;

	genre_forest_options_default(&o);
	CHECK(genre_forest_features_per_split(&o, 57) == 7);
	o.max_features = GENRE_MAXF_LOG2;
	CHECK(genre_forest_features_per_split(&o, 57) == 5);
	o.max_features = GENRE_MAXF_FRACTION;
	o.max_features_value = 0.5;
	CHECK(genre_forest_features_per_split(&o, 57) == 28);
	o.max_features = GENRE_MAXF_COUNT;
	o.max_features_value = 100;
	CHECK(genre_forest_features_per_split(&o, 57) == 57);
	o.max_features = GENRE_MAXF_ALL;
	CHECK(genre_forest_features_per_split(&o, 57) == 57);

	/* depth limit, no bootstrap (then no OOB accuracy) */
	genre_forest_options_default(&o);
	o.trees = 3;
	o.max_depth = 1;
	o.bootstrap = 0;
	CHECK(train_rows(rows, 60, 16, &o, &w) == GENRE_OK);
	f = load_model(&w);
	CHECK(f && f->depth == 1 && !f->has_oob);
	genre_forest_free(f);
	genre_writer_free(&w);

	/* min_samples_leaf larger than half the data: every tree is one leaf */
	genre_forest_options_default(&o);
	o.trees = 2;
	o.min_samples_leaf = 1000;
	CHECK(train_rows(rows, 60, 16, &o, &w) == GENRE_OK);
	f = load_model(&w);
	CHECK(f && f->depth == 0 && f->n_nodes == 2);
	genre_forest_free(f);
	genre_writer_free(&w);

	o.trees = 0;
	CHECK(train_rows(rows, 60, 16, &o, &w) == GENRE_EINVAL);
	genre_writer_free(&w);
	genre_free(x);
}

/* A hand-made payload: one tree split(feature, thr, right) / pure(c0) / pure(c1). */
static void
craft(genre_writer *w, uint32_t feature, float thr, uint32_t right, uint32_t c0,
	  uint32_t count, uint32_t nclasses)
{
	genre_writer_init(w, 0);
	genre_put_u16(w, 1);
	genre_put_u32(w, 2);		/* features */
	genre_put_u32(w, nclasses);
	genre_put_u32(w, 1);		/* trees */
	genre_put_u64(w, 10);
	genre_put_u32(w, 1);		/* depth */
	genre_put_u32(w, 1);
	genre_put_u32(w, 0);
	genre_put_u32(w, 1);
	genre_put_u8(w, GENRE_MAXF_SQRT);
	genre_put_f64(w, 0);
	genre_put_u32(w, 1);
	genre_put_u8(w, 0);
	genre_put_u8(w, 1);
	genre_put_u64(w, 0);
	genre_put_u8(w, 1);
	genre_put_f64(w, 0.5);
	genre_put_u32(w, 1);
	genre_put_bytes(w, "a", 1);
	genre_put_u32(w, 1);
	genre_put_bytes(w, "b", 1);
	genre_put_f64(w, 1.0);
	genre_put_f64(w, 0.0);
	genre_put_u32(w, count);
	genre_put_u8(w, 0);
	genre_put_u32(w, feature);
	genre_put_f32(w, thr);
	genre_put_u32(w, right);
	genre_put_u8(w, 1);
	genre_put_u32(w, c0);
	genre_put_u8(w, 1);
	genre_put_u32(w, 1);
}

static int
loads(const genre_writer *w)
{
	genre_status st;
	genre_forest *f;

	genre_status_clear(&st);
	f = genre_forest_load(w->data, w->len, &st);
	if (f == NULL)
		return st.code == GENRE_EBADDATA ? 0 : -1;
	genre_forest_free(f);
	return 1;
}

static void
test_loader_crafted(void)
{
	genre_writer w;
	genre_forest *f;
	genre_status st;
	double		p[2];
	float		x[2] = {0.2f, 0};

	craft(&w, 0, 0.5f, 2, 0, 3, 2);
	CHECK(loads(&w) == 1);
	genre_status_clear(&st);
	f = genre_forest_load(w.data, w.len, &st);
	CHECK(f && genre_forest_predict(f, x, p) == 0);
	x[0] = 0.7f;
	CHECK(f && genre_forest_predict(f, x, p) == 1);
	genre_forest_free(f);
	genre_writer_free(&w);

	craft(&w, 0, 0.5f, 3, 0, 3, 2);		/* right child past the end */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 0, 0, 3, 2);		/* right child pointing back: a cycle */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 1, 0, 3, 2);		/* right child equal to the left one */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 0xFFFFFFFFu, 0, 3, 2);
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 2, 0.5f, 2, 0, 3, 2);		/* feature index out of range */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 2, 2, 3, 2);		/* class index out of range */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, NAN, 2, 0, 3, 2);		/* threshold not finite */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, INFINITY, 2, 0, 3, 2);
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 2, 0, 4, 2);		/* node count larger than the nodes */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 2, 0, 0x7FFFFFFFu, 2);	/* absurd node count */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 2, 0, 2, 2);		/* node count smaller: trailing bytes */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);
	craft(&w, 0, 0.5f, 2, 0, 3, 0xFFFFFFFu);	/* absurd class count */
	CHECK(loads(&w) == 0);
	genre_writer_free(&w);

	/* every truncation of a valid payload is refused */
	craft(&w, 0, 0.5f, 2, 0, 3, 2);
	for (size_t n = 0; n < w.len; n++)
	{
		genre_status_clear(&st);
		CHECK(genre_forest_load(w.data, n, &st) == NULL && st.code == GENRE_EBADDATA);
	}
	genre_writer_free(&w);
}

/* Flip every byte of a trained payload: the loader refuses or yields a usable forest. */
static void
test_loader_flips(void)
{
	genre_labeled_row rows[90];
	float	   *x = make_blobs(90, 3, 4, rows);
	genre_forest_options o;
	genre_writer w;
	genre_status st;
	genre_model_kind kind;
	const unsigned char *p;
	size_t		plen;
	unsigned char *copy;
	int			refused = 0,
				accepted = 0;

	for (size_t i = 0; i < 90; i++)
		x[i * 3 + 1] *= 0.1f;
	genre_forest_options_default(&o);
	o.trees = 3;
	CHECK(train_rows(rows, 90, 3, &o, &w) == GENRE_OK);
	genre_status_clear(&st);
	CHECK(genre_model_open(w.data, w.len, &kind, &p, &plen, &st) == GENRE_OK);
	copy = genre_memdup(p, plen);
	for (size_t i = 0; i < plen; i++)
		for (int bit = 0; bit < 8; bit += 3)
		{
			genre_forest *f;

			copy[i] ^= (unsigned char) (1 << bit);
			genre_status_clear(&st);
			f = genre_forest_load(copy, plen, &st);
			if (f == NULL)
			{
				CHECK(st.code == GENRE_EBADDATA);
				refused++;
			}
			else
			{
				double		pr[3];

				/* a structurally valid forest: prediction stays in range */
				CHECK(genre_forest_predict(f, x, pr) < f->n_classes);
				accepted++;
				genre_forest_free(f);
			}
			copy[i] ^= (unsigned char) (1 << bit);
		}
	CHECK(refused > 0);
	/* the envelope checksum refuses them all before the loader sees them */
	w.data[w.len - 1] ^= 1;
	CHECK(genre_model_open(w.data, w.len, &kind, &p, &plen, &st) == GENRE_EBADDATA);
	genre_free(copy);
	genre_free(x);
	genre_writer_free(&w);
	(void) accepted;
}

/* GTZAN table: train on 4/5, test on 1/5; sklearn's 100-tree forest scores about 0.72 */
/* The plain one-tree-at-a-time walk of the validated nodes, to check the lockstep walk against. */
static void
reference_proba(const genre_forest *f, const float *x, double *proba)
{
	memset(proba, 0, f->n_classes * sizeof(double));
	for (uint32_t t = 0; t < f->n_trees; t++)
	{
		size_t		k = f->roots[t];

		while (f->nodes[k].feature >= 0)
			k = (x[f->nodes[k].feature] <= f->nodes[k].threshold) ? k + 1 : f->nodes[k].arg;
		if (f->nodes[k].feature == -1)
			proba[f->nodes[k].arg] += 1.0;
		else
			for (uint32_t c = 0; c < f->n_classes; c++)
				proba[c] += f->values[f->nodes[k].arg + c];
	}
	for (uint32_t c = 0; c < f->n_classes; c++)
		proba[c] /= f->n_trees;
}

/* Same probabilities, bit for bit, as the reference walk for every test row. */
static int
same_as_reference(const genre_forest *f, const float *x, size_t n, size_t stride)
{
	for (size_t i = 0; i < n; i += stride)
	{
		double		a[10],
					b[10];

		genre_forest_proba(f, x + i * 57, a);
		reference_proba(f, x + i * 57, b);
		if (memcmp(a, b, f->n_classes * sizeof(double)) != 0)
			return 0;
	}
	return 1;
}

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
	genre_forest_options o;
	genre_writer w;
	genre_forest *f;
	clock_t		t0;
	double		secs;

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	if (!fgets(line, sizeof(line), fp))
		return;
	while (n < 1000 && fgets(line, sizeof(line), fp))
	{
		char	   *tok = strtok(line, ",");	/* filename */
		int			col = 0;

		tok = strtok(NULL, ",");	/* length */
		while ((tok = strtok(NULL, ",\r\n")) != NULL)
		{
			if (col < 57)
				x[n * 57 + col] = strtof(tok, NULL);
			else
				snprintf(labels[n], sizeof(labels[n]), "%s", tok);
			col++;
		}
		CHECK(col == 58);
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
	genre_forest_options_default(&o);
	t0 = clock();
	CHECK(train_rows(train, ntrain, 57, &o, &w) == GENRE_OK);
	secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
	f = load_model(&w);
	CHECK(f != NULL);
	if (f == NULL)
		return;
	for (size_t i = 0; i < n; i += 5)
	{
		double		pr[10];
		uint32_t	c = genre_forest_predict(f, x + i * 57, pr);

		ntest++;
		ok += strcmp(f->class_names[c], labels[i]) == 0;
	}
	fprintf(stderr, "gtzan hold-out: accuracy %.3f, oob %.3f, 100 trees on %zu rows in %.3f s, depth %u, %zu nodes\n",
			(double) ok / ntest, f->oob_accuracy, ntrain, secs, f->depth, f->n_nodes);
	CHECK((double) ok / ntest > 0.62);
	CHECK(f->oob_accuracy > 0.62 && f->oob_accuracy <= 1);
	/* 100 trees: six full lockstep groups and a tail of four */
	CHECK(same_as_reference(f, x, n, 1));
	genre_forest_free(f);
	genre_writer_free(&w);

	/* mixed leaves (min_samples_leaf 4) and a tail group of 5 of 21 trees */
	o.trees = 21;
	o.min_samples_leaf = 4;
	CHECK(train_rows(train, ntrain, 57, &o, &w) == GENRE_OK);
	f = load_model(&w);
	CHECK(f != NULL && f->n_values > 0);
	if (f != NULL)
		CHECK(same_as_reference(f, x, n, 1));
	genre_forest_free(f);
	genre_writer_free(&w);
}

/* ---------- cancel anywhere in the row sort, the presort and the trees ---------- */

static void
test_cancel(void)
{
	size_t		n = 300000;
	uint32_t	d = 4;
	genre_labeled_row *rows = malloc(n * sizeof(*rows));
	float	   *x = make_blobs(n, d, 5, rows);
	genre_forest_options o;
	genre_writer clean;
	int			canceled = 0;

	genre_forest_options_default(&o);
	o.trees = 2;
	CHECK(train_rows(rows, n, d, &o, &clean) == GENRE_OK);
	/* the sort of 300 000 rows alone checks a few times (main: never) */
	checks_left = 1 << 30;
	checks_seen = 0;
	genre_set_interrupt_check(cancel_countdown);
	{
		genre_dataset ds;
		genre_status st;

		CHECK(genre_dataset_build(rows, n, d, &ds, &st) == GENRE_OK);
		genre_dataset_free(&ds);
	}
	genre_set_interrupt_check(NULL);
	CHECK(checks_seen >= 5);
	/* a cancel at every 7th check: clean returns, nothing left allocated, then the same model */
	genre_set_allocator(&tracking);
	for (int after = 0; after < 100000; after += 7)
	{
		genre_writer w;
		genre_code	rc;

		live_blocks = 0;
		checks_left = after;
		genre_set_interrupt_check(cancel_countdown);
		rc = train_rows(rows, n, d, &o, &w);
		genre_set_interrupt_check(NULL);
		if (rc == GENRE_OK)
		{
			CHECK(w.len == clean.len && memcmp(w.data, clean.data, w.len) == 0);
			genre_writer_free(&w);
			CHECK(live_blocks == 0);
			break;
		}
		genre_writer_free(&w);
		CHECK(rc == GENRE_ECANCEL && live_blocks == 0);
		canceled++;
	}
	genre_set_allocator(NULL);
	CHECK(canceled > 5);
	genre_writer_free(&clean);
	genre_free(x);
	free(rows);
}

int
main(void)
{
	RUN(test_sort_keys);
	RUN(test_separable);
	RUN(test_kind_table);
	RUN(test_deterministic);
	RUN(test_options);
	RUN(test_loader_crafted);
	RUN(test_loader_flips);
	RUN(test_gtzan_holdout);
	RUN(test_cancel);
	HARNESS_END();
}
