/*
 * make_model_seeds.c - writes the seed corpora of the model and state fuzz
 * targets from the core's own training code, so every seed is a real model:
 *   corpus/model/        whole models (envelope + payload), every kind
 *   corpus/<kind>/       payloads only (forest, kmeans, pca, scaler, boosted, umap, pipeline)
 *   corpus/contingency/  flat pair tables and their packed forms
 *   corpus/moments/      inputs of fuzz_moments (header bytes + exact sums)
 *   corpus/proba_mean/   proba_mean state bodies (the soft vote; the common
 *                        state header before them is src/pg's)
 * Run by hand from the repository root:
 *   cc -Isrc -I/usr/include/opus -o /tmp/make_model_seeds \
 *     test/fuzz/make_model_seeds.c src/{base,audio,dsp,features,ml,plot}/[a-z]*.c \
 *     -lopusfile -lopus -lvorbisfile -lvorbis -logg -lsndfile -lsoxr -lfftw3 \
 *     -llapacke -llapack -lblas -lm && /tmp/make_model_seeds test/fuzz/corpus
 */
#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "ml/boost.h"
#include "ml/contingency.h"
#include "ml/dataset.h"
#include "ml/forest.h"
#include "ml/kmeans.h"
#include "ml/model.h"
#include "ml/moments.h"
#include "ml/pca.h"
#include "ml/pipeline.h"
#include "ml/polynomial.h"
#include "ml/proba_mean.h"
#include "ml/scaler.h"
#include "ml/umap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *root;

/* When set, save_model hands the model over here instead of writing it (pipeline parts). */
static genre_writer *capture;

static void
save(const char *dir, const char *name, const void *data, size_t len)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", root, dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/%s/%s", root, dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
	{
		perror(path);
		exit(1);
	}
	printf("%s: %zu bytes\n", path, len);
}

/* A whole model into corpus/model and its payload into corpus/<kind>. */
static void
save_model(const char *name, genre_writer *w)
{
	genre_status st;
	genre_model_kind kind;
	const unsigned char *p;
	size_t		plen;
	char		file[256];

	if (capture)
	{
		*capture = *w;
		return;
	}
	genre_status_clear(&st);
	if (w->failed || genre_model_open(w->data, w->len, &kind, &p, &plen, &st) != GENRE_OK)
	{
		fprintf(stderr, "%s: %s\n", name, st.message);
		exit(1);
	}
	snprintf(file, sizeof(file), "%s.bin", name);
	save("model", file, w->data, w->len);
	save(genre_model_kind_name(kind), file, p, plen);
	genre_writer_free(w);
}

/* n rows of d features in k noisy blobs, labels "c0".."c<k-1>". */
static float *
blobs(size_t n, int d, int k, uint64_t seed)
{
	float	   *x = malloc(n * d * sizeof(float));
	genre_rng	r;

	genre_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		for (int f = 0; f < d; f++)
			x[i * d + f] = (float) (3.0 * (double) ((i % k) == (size_t) f % k) + genre_rng_double(&r));
	return x;
}

static void
forest(const char *name, size_t n, int d, int k, uint32_t trees, uint32_t max_depth,
	   int bootstrap)
{
	static const char *labels[] = {"blues", "jazz", "rock", "metal"};
	float	   *x = blobs(n, d, k, 7);
	genre_labeled_row *rows = calloc(n, sizeof(*rows));
	genre_forest_options o;
	genre_dataset ds;
	genre_status st;
	genre_writer w;

	for (size_t i = 0; i < n; i++)
	{
		rows[i].label = labels[i % k];
		rows[i].label_len = strlen(labels[i % k]);
		rows[i].x = x + i * d;
	}
	genre_forest_options_default(&o);
	o.trees = trees;
	o.max_depth = max_depth;
	o.bootstrap = bootstrap;
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_dataset_build(rows, n, d, &ds, &st) != GENRE_OK ||
		genre_forest_train(&ds, &o, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "forest: %s\n", st.message);
		exit(1);
	}
	genre_dataset_free(&ds);
	save_model(name, &w);
	free(rows);
	free(x);
}

static void
boosted(const char *name, size_t n, int d, int k, uint32_t rounds, uint32_t max_leaves,
		uint32_t max_depth, int early_stopping)
{
	static const char *labels[] = {"blues", "jazz", "rock", "metal"};
	float	   *x = blobs(n, d, k, 17);
	genre_labeled_row *rows = calloc(n, sizeof(*rows));
	genre_boost_options o;
	genre_dataset ds;
	genre_status st;
	genre_writer w;

	for (size_t i = 0; i < n; i++)
	{
		rows[i].label = labels[i % k];
		rows[i].label_len = strlen(labels[i % k]);
		rows[i].x = x + i * d;
	}
	genre_boost_options_default(&o);
	o.rounds = rounds;
	o.max_leaves = max_leaves;
	o.max_depth = max_depth;
	o.min_samples_leaf = 2;
	o.early_stopping = early_stopping;
	o.validation_fraction = 0.2;
	o.patience = 2;
	o.subsample = 0.8;
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_dataset_build(rows, n, d, &ds, &st) != GENRE_OK ||
		genre_boost_train(&ds, &o, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "boosted: %s\n", st.message);
		exit(1);
	}
	genre_dataset_free(&ds);
	save_model(name, &w);
	free(rows);
	free(x);
}

static void
kmeans(const char *name, size_t n, int d, int k)
{
	float	   *x = blobs(n, d, k, 11);
	genre_kmeans_params p;
	genre_kmeans m;
	genre_status st;
	genre_writer w;

	genre_kmeans_defaults(&p, k);
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_kmeans_fit(x, n, d, &p, &m, &st) != GENRE_OK ||
		genre_kmeans_write(&m, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "kmeans: %s\n", st.message);
		exit(1);
	}
	genre_kmeans_free(&m, 0);
	save_model(name, &w);
	free(x);
}

/*
 * The exact sums of n blob rows, saved as a fuzz_moments input (flag 8:
 * an accumulator as it comes back from a state); returns their summary.
 */
static double *
moments(const char *name, size_t n, int d, int full, int nc)
{
	float	   *x = blobs(n, d, 2, 13);
	size_t		len = genre_moments_len(d, full);
	double	   *acc = malloc(len * sizeof(double));
	genre_msum_layout l = {0, 0, 0, 0};
	size_t		size = genre_msum_size(d, full, &l, SIZE_MAX);
	unsigned char *sums = malloc(size),
			   *in;
	char		file[256];
	genre_status st;

	genre_msum_init(sums, d, full);
	for (size_t i = 0; i < n; i++)
	{
		if (!genre_msum_fits_row(sums, x + i * d, &l))
		{
			unsigned char *bigger;

			size = genre_msum_size(d, full, &l, SIZE_MAX);
			bigger = malloc(size);
			genre_msum_relayout(bigger, &l, sums);
			free(sums);
			sums = bigger;
		}
		genre_msum_add(sums, x + i * d);
	}
	genre_status_clear(&st);
	if (genre_msum_moments(sums, acc, &st) != GENRE_OK)
	{
		fprintf(stderr, "moments: %s\n", st.message);
		exit(1);
	}
	in = malloc(3 + size);
	in[0] = (unsigned char) (d - 1);
	in[1] = (unsigned char) (8 | full | (n % 2 ? 2 : 0));
	in[2] = (unsigned char) nc;
	memcpy(in + 3, sums, size);
	snprintf(file, sizeof(file), "%s.bin", name);
	save("moments", file, in, 3 + size);
	free(in);
	free(sums);
	free(x);
	return acc;
}

static void
scaler(const char *name, size_t n, int d)
{
	double	   *acc = moments(name, n, d, 0, 0);
	genre_status st;
	genre_writer w;

	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_scaler_write(acc, d, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "scaler: %s\n", st.message);
		exit(1);
	}
	save_model(name, &w);
	free(acc);
}

static void
pca(const char *name, size_t n, int d, int nc)
{
	double	   *acc = moments(name, n, d, 1, nc);
	genre_status st;
	genre_writer w;

	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_pca_write(acc, d, nc, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "pca: %s\n", st.message);
		exit(1);
	}
	save_model(name, &w);
	free(acc);
}

static void
umap(const char *name, size_t n, int d, int nc, int k, genre_umap_metric metric)
{
	float	   *x = blobs(n, d, 2, 17);
	genre_umap_params p;
	genre_umap *m;
	genre_status st;
	genre_writer w;

	genre_umap_defaults(&p);
	p.n_components = nc;
	p.n_neighbors = k;
	p.n_epochs = 10;
	p.metric = metric;
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_umap_fit(x, n, d, &p, &m, &st) != GENRE_OK ||
		genre_umap_write(m, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "umap: %s\n", st.message);
		exit(1);
	}
	genre_umap_free(m);
	save_model(name, &w);
	free(x);
}

static void
table(const char *name, const char *const (*pairs)[2], size_t n)
{
	size_t		size = genre_ctab_initial_size();
	unsigned char *buf = malloc(size);

	genre_ctab_init(buf, size, 16);
	for (size_t i = 0; i < n; i++)
	{
		uint32_t	ns;
		size_t		need;

		if (genre_ctab_add(buf, size, pairs[i][0], strlen(pairs[i][0]), pairs[i][1],
						   strlen(pairs[i][1]), 1 + i % 3, &ns, &need) != 1)
		{
			fprintf(stderr, "table %s: full\n", name);
			exit(1);
		}
	}
	save("contingency", name, buf, size);
	{
		/* and its packed form, as a state ships it */
		size_t		psize = genre_ctab_packed_size(buf, size);
		unsigned char *packed = malloc(psize);
		char		file[256];

		genre_ctab_pack(buf, size, packed, psize);
		snprintf(file, sizeof(file), "packed_%s", name);
		save("contingency", file, packed, psize);
		free(packed);
	}
	free(buf);
}

/* A part of a pipeline, made by one of the functions above into *w. */
#define PART(w, call) do { capture = (w); call; capture = NULL; } while (0)

/*
 * A pipeline seed over the genre layout (87 values): steps are "s" scaler,
 * "p" pca to 3, "k" kmeans k = 2 (appended), "2" polynomial degree 2; the
 * forest takes what the steps make.
 */
static void
pipeline(const char *name, const char *steps, double offset_s, double duration_s,
		 double segment_s, genre_vote vote)
{
	genre_writer parts[GENRE_PIPELINE_MAX_STEPS],
				cls,
				w;
	genre_pipeline_step_spec specs[GENRE_PIPELINE_MAX_STEPS];
	genre_pipeline_spec spec;
	genre_status st;
	int			width = 87,
				n = 0;

	memset(specs, 0, sizeof(specs));
	for (const char *c = steps; *c; c++, n++)
	{
		specs[n].type = GENRE_STEP_MODEL;
		if (*c == 's')
			PART(&parts[n], scaler("part", 10, width));
		else if (*c == 'p')
		{
			PART(&parts[n], pca("part", 12, width, 3));
			width = 3;
		}
		else if (*c == 'k')
		{
			PART(&parts[n], kmeans("part", 20, width, 2));
			width += 2;
		}
		else
		{
			size_t		out;

			specs[n].type = GENRE_STEP_POLYNOMIAL;
			specs[n].degree = 2;
			genre_polynomial_size(width, 2, &out, &st);
			width = (int) out;
			continue;
		}
		specs[n].model = parts[n].data;
		specs[n].model_len = parts[n].len;
	}
	PART(&cls, forest("part", 20, width, 2, 2, 3, 1));
	spec.layout = "genre";
	spec.offset_s = offset_s;
	spec.duration_s = duration_s;
	spec.segment_s = segment_s;
	spec.vote = vote;
	spec.n_steps = n;
	spec.steps = specs;
	spec.classifier = cls.data;
	spec.classifier_len = cls.len;
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	if (genre_pipeline_write(&spec, &w, &st) != GENRE_OK)
	{
		fprintf(stderr, "pipeline %s: %s\n", name, st.message);
		exit(1);
	}
	save_model(name, &w);
	for (int i = 0; i < n; i++)
		if (specs[i].type == GENRE_STEP_MODEL)
			genre_writer_free(&parts[i]);
	genre_writer_free(&cls);
}

/* A proba_mean state of the segments' probability objects (label, p pairs, 0-terminated rows). */
static void
proba_state(const char *name, const char *const *labels, const double *p, int rows, int k)
{
	genre_proba_mean m;
	genre_status st;
	genre_writer w;
	uint32_t	lens[16];

	for (int j = 0; j < k; j++)
		lens[j] = (uint32_t) strlen(labels[j]);
	genre_proba_mean_init(&m);
	genre_status_clear(&st);
	for (int i = 0; i < rows; i++)
		if (genre_proba_mean_add(&m, labels, lens, p + i * k, (uint32_t) k, &st) != GENRE_OK)
		{
			fprintf(stderr, "%s: %s\n", name, st.message);
			exit(1);
		}
	genre_writer_init(&w, 0);
	genre_proba_mean_write(&m, &w);
	save("proba_mean", name, w.data, w.len);
	genre_writer_free(&w);
	genre_proba_mean_free(&m);
}

int
main(int argc, char **argv)
{
	static const char *const genres[] = {"classical", "jazz", "rock"};
	static const double segs[] = {0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0, 0, 1};
	static const char *const one[] = {"only"};
	static const double ones[] = {1, 0, 1e-30};
	static const char *const confusion[][2] = {
		{"blues", "blues"}, {"blues", "jazz"}, {"jazz", "jazz"}, {"rock", "metal"},
		{"metal", "metal"}, {"rock", "rock"}, {"jazz", "blues"}, {"pop", "pop"}};
	static const char *const clusters[][2] = {
		{"blues", "0"}, {"blues", "1"}, {"jazz", "1"}, {"rock", "2"}, {"metal", "2"}};

	root = argc > 1 ? argv[1] : ".";
	forest("forest_3trees", 30, 4, 3, 3, 0, 1);
	forest("forest_depth2_mixed", 40, 3, 4, 2, 2, 1);
	forest("forest_noboot", 12, 2, 2, 1, 0, 0);
	boosted("boosted_3class_leaves4", 30, 4, 3, 3, 4, 0, 0);
	boosted("boosted_binary_depth2", 24, 3, 2, 4, 0, 2, 0);
	boosted("boosted_early_stop", 40, 3, 4, 6, 3, 0, 1);
	kmeans("kmeans_k3", 30, 3, 3);
	kmeans("kmeans_k1_d1", 5, 1, 1);
	scaler("scaler_d4", 10, 4);
	scaler("scaler_d1", 3, 1);
	pca("pca_d3_nc2", 12, 3, 2);
	pca("pca_d2_nc1", 5, 2, 1);
	umap("umap_d3_nc2", 12, 3, 2, 4, GENRE_UMAP_EUCLIDEAN);
	umap("umap_cosine_d2_nc1", 8, 2, 1, 3, GENRE_UMAP_COSINE);
	pipeline("pipeline_window", "", 45, 40, 0, GENRE_VOTE_NONE);
	pipeline("pipeline_scaler_segments", "s", 0, -1, 3, GENRE_VOTE_SOFT);
	pipeline("pipeline_pca_kmeans_poly", "spk2", 0, 30, 5, GENRE_VOTE_HARD);
	table("confusion.bin", confusion, sizeof(confusion) / sizeof(confusion[0]));
	table("clusters.bin", clusters, sizeof(clusters) / sizeof(clusters[0]));
	proba_state("segments3.bin", genres, segs, 4, 3);
	proba_state("one_class.bin", one, ones, 3, 1);
	return 0;
}
