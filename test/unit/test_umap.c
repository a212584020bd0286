/*
 * test_umap.c - UMAP: find_ab_params, smooth_knn_dist and the fuzzy graph
 * against umap-learn 0.5.3 (test/scripts/umap-values.py prints the
 * values), the spectral layout against a dense eigen-decomposition, the
 * fit on the standardised GTZAN table (trustworthiness, determinism under
 * row order), transform, several graph components, the payload loader on
 * corrupted bytes, and the refused options.
 */
#include "harness.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "gtzan.h"
#include "ml/model.h"
#include "ml/umap.h"
#include "ml/umap_graph.h"
#include "ml/umap_spectral.h"

#include <lapacke.h>
#include <string.h>

#define REL(a, b, rel) CHECK_NEAR((a), (b), fabs(b) * (rel))

static gtzan_table gt;
static float std_rows[GTZAN_MAX_ROWS * GTZAN_COLS];

static void
test_find_ab(void)
{
	/* umap-learn's find_ab_params (curve_fit stops within its 1.5e-8 tolerance) */
	static const double cases[][4] = {
		{1.0, 0.1, 1.5769434601962196, 0.8950608779914887},
		{1.0, 0.0, 1.9328083975546724, 0.7904949734010681},
		{1.0, 0.5, 0.583030020479462, 1.3341669929263487},
		{2.0, 0.3, 0.3794946888755375, 0.9488152190879922},
		{0.5, 0.01, 5.720240832372411, 0.8108767596394644},
	};
	genre_status st;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		double		a,
					b;

		CHECK(genre_umap_find_ab(cases[i][0], cases[i][1], &a, &b, &st) == GENRE_OK);
		REL(a, cases[i][2], 1e-6);
		REL(b, cases[i][3], 1e-6);
	}
	CHECK(genre_umap_find_ab(1.0, 1.5, &(double) {0}, &(double) {0}, &st) == GENRE_EINVAL);
}

static void
test_smooth_knn(void)
{
	static const float d[3][6] = {
		{0.0f, 1.0f, 1.5f, 2.0f, 4.0f, 4.5f},
		{0.0f, 0.0f, 0.25f, 3.0f, 3.5f, 8.0f},
		{0.0f, 2.0f, 2.0f, 2.0f, 2.0f, 2.0f},
	};
	static const float sigma1[3] = {1.6781005859375f, 2.31304931640625f, 0.0016666665906086564f},
				rho1[3] = {1.0f, 0.25f, 2.0f},
				sigma0[3] = {3.55047607421875f, 2.753875732421875f, 3.03155517578125f};
	double		total = 0;

	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 6; j++)
			total += d[i][j];
	for (int i = 0; i < 3; i++)
	{
		float		s,
					r;

		genre_umap_smooth_knn(d[i], 6, 1.0, (float) (total / 18), &s, &r);
		REL(s, sigma1[i], 1e-6);
		CHECK(r == rho1[i]);
		genre_umap_smooth_knn(d[i], 6, 0.0, (float) (total / 18), &s, &r);
		REL(s, sigma0[i], 1e-6);
		CHECK(r == 0.0f);
	}
	CHECK(genre_umap_membership(1.0f, 1.0f, 0.5f) == 1.0f);
	REL(genre_umap_membership(2.0f, 1.0f, 0.5f), exp(-2.0), 1e-6);
}

/* 60 rows x 5 columns of the table, scaled, float32: the rows of umap-values.py */
static void
small_rows(float *x)
{
	static const char *cols[5] = {"chroma_stft_mean", "rms_mean", "spectral_centroid_mean",
	"tempo", "mfcc1_mean"};
	static const float scale[5] = {1, 1, 1000, 100, 100};

	for (int i = 0; i < 60; i++)
		for (int j = 0; j < 5; j++)
			x[i * 5 + j] = (float) gt.x[i][gtzan_column(&gt, cols[j])] / scale[j];
}

static void
test_fuzzy_graph(void)
{
	float		x[60 * 5],
				dist[60 * 8];
	uint32_t	idx[60 * 8];
	genre_umap_graph g;
	genre_status st;
	double		sum = 0;
	float		sigma,
				rho;

	small_rows(x);
	CHECK(genre_umap_knn(x, NULL, 60, 5, GENRE_UMAP_EUCLIDEAN, 8, idx, dist, &st) == GENRE_OK);
	CHECK(idx[0] == 0 && dist[0] == 0 && idx[59 * 8] == 59);
	CHECK(genre_umap_fuzzy_graph(idx, dist, 60, 8, &g, &st) == GENRE_OK);
	CHECK(g.n_edges == 536);
	for (size_t e = 0; e < g.n_edges; e++)
		sum += g.weight[e];
	REL(sum, 267.4246826171875, 1e-6);
	/* the first row's edges, in scipy's (row, col) order */
	CHECK(g.head[0] == 0 && g.tail[0] == 2 && g.tail[1] == 4 && g.tail[2] == 8 && g.tail[3] == 43);
	REL(g.weight[0], 0.7790651321411133, 1e-6);
	REL(g.weight[1], 0.12173376232385635, 1e-5);
	REL(g.weight[2], 0.7424913048744202, 1e-6);
	REL(g.weight[3], 0.3390120565891266, 1e-6);
	REL(g.weight[5], 0.1671251505613327, 1e-5);
	CHECK(g.row_start[0] == 0 && g.row_start[60] == g.n_edges);
	/* symmetric: every (i, j) has its (j, i) of the same weight */
	for (size_t e = 0; e < g.n_edges; e++)
	{
		int			found = 0;

		for (size_t f = g.row_start[g.tail[e]]; f < g.row_start[g.tail[e] + 1]; f++)
			if (g.tail[f] == g.head[e])
				found = g.weight[f] == g.weight[e];
		CHECK(found);
	}
	{
		double		total = 0;

		for (int i = 0; i < 60 * 8; i++)
			total += dist[i];
		genre_umap_smooth_knn(dist, 8, 1.0, (float) (total / 480), &sigma, &rho);
		REL(sigma, 0.05011606216430664, 1e-6);
		REL(rho, 0.32833564281463623, 1e-7);
		genre_umap_smooth_knn(dist + 59 * 8, 8, 1.0, (float) (total / 480), &sigma, &rho);
		REL(sigma, 0.1616840362548828, 1e-6);
		REL(rho, 0.12294343113899231, 1e-7);
	}
	genre_umap_graph_free(&g);
}

/*
 * The spectral layout of a connected graph spans the same directions as
 * LAPACK's eigenvectors of D^-1/2 W D^-1/2 for the 2nd and 3rd largest
 * eigenvalues (Lanczos on 1000 rows, dense below 256).
 */
static void
check_spectral(const float *x, size_t n, int dim, int k)
{
	uint32_t   *idx = malloc(n * k * sizeof(uint32_t));
	float	   *dist = malloc(n * k * sizeof(float));
	double	   *init = malloc(n * 2 * sizeof(double)),
			   *m = calloc(n * n, sizeof(double)),
			   *deg = calloc(n, sizeof(double)),
			   *ev = malloc(n * sizeof(double));
	genre_umap_graph g;
	genre_status st;
	genre_rng	rng;
	uint32_t	comps;
	int			conv;

	CHECK(genre_umap_knn(x, NULL, n, dim, GENRE_UMAP_EUCLIDEAN, k, idx, dist, &st) == GENRE_OK);
	CHECK(genre_umap_fuzzy_graph(idx, dist, n, k, &g, &st) == GENRE_OK);
	genre_umap_graph_prune(&g, 500);
	genre_rng_seed(&rng, 1);
	CHECK(genre_umap_spectral_init(&g, x, dim, GENRE_UMAP_EUCLIDEAN, 2, &rng, init, &comps, &conv,
								   &st) == GENRE_OK);
	CHECK(comps == 1 && conv == 1);
	for (size_t e = 0; e < g.n_edges; e++)
		deg[g.head[e]] += g.weight[e];
	for (size_t e = 0; e < g.n_edges; e++)
		m[(size_t) g.head[e] * n + g.tail[e]] = g.weight[e] / sqrt(deg[g.head[e]] * deg[g.tail[e]]);
	CHECK(LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n, m, (lapack_int) n, ev) == 0);
	for (int c = 0; c < 2; c++)
	{
		double		dot = 0,
					na = 0,
					nb = 0;

		for (size_t i = 0; i < n; i++)
		{
			double		u = m[i * n + (n - 2 - c)];

			dot += u * init[i * 2 + c];
			na += u * u;
			nb += init[i * 2 + c] * init[i * 2 + c];
		}
		CHECK(fabs(dot) / sqrt(na * nb) > 0.9999);
		CHECK_NEAR(nb, 1.0, 1e-9);
	}
	genre_umap_graph_free(&g);
	free(idx);
	free(dist);
	free(init);
	free(m);
	free(deg);
	free(ev);
}

static void
test_spectral(void)
{
	float		x[60 * 5];

	check_spectral(std_rows, 1000, GTZAN_COLS, 15);
	small_rows(x);
	check_spectral(x, 60, 5, 8);
}

/* Trustworthiness (sklearn.manifold.trustworthiness) of an n x 2 embedding of rows. */
static double
trustworthiness(const float *x, int dim, const float *e, int n, int k)
{
	double	   *d = malloc((size_t) n * n * sizeof(double));
	int		   *rank = malloc((size_t) n * sizeof(int)),
			   *order = malloc((size_t) n * sizeof(int));
	double		t = 0;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			d[(size_t) i * n + j] = genre_umap_distance(GENRE_UMAP_EUCLIDEAN, x + i * dim, x + j * dim,
														dim, 0, 0);
	for (int i = 0; i < n; i++)
	{
		const double *di = d + (size_t) i * n;

		/* ranks in the input space: 1 = nearest other point */
		for (int j = 0; j < n; j++)
			order[j] = j;
		for (int a = 1; a < n; a++)
			for (int b = a; b > 0 && (di[order[b]] < di[order[b - 1]] ||
									  (di[order[b]] == di[order[b - 1]] && order[b] < order[b - 1])); b--)
			{
				int			tmp = order[b];

				order[b] = order[b - 1];
				order[b - 1] = tmp;
			}
		for (int r = 0; r < n; r++)
			rank[order[r]] = r;
		/* the k nearest in the embedding */
		{
			double		best[64];
			int			who[64],
						m = 0;

			for (int j = 0; j < n; j++)
			{
				double		dx = e[j * 2] - e[i * 2],
							dy = e[j * 2 + 1] - e[i * 2 + 1],
							dd = dx * dx + dy * dy;
				int			p;

				if (j == i)
					continue;
				if (m == k && dd >= best[k - 1])
					continue;
				p = m < k ? m++ : k - 1;
				while (p > 0 && best[p - 1] > dd)
				{
					best[p] = best[p - 1];
					who[p] = who[p - 1];
					p--;
				}
				best[p] = dd;
				who[p] = j;
			}
			for (int q = 0; q < k; q++)
				if (rank[who[q]] > k)
					t += rank[who[q]] - k;
		}
	}
	free(d);
	free(rank);
	free(order);
	return 1.0 - t * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)));
}

static void
test_fit_gtzan(void)
{
	static float shuffled[GTZAN_MAX_ROWS * GTZAN_COLS],
				emb[GTZAN_MAX_ROWS * 2];
	genre_umap_params p;
	genre_umap *m1 = NULL,
			   *m2 = NULL;
	genre_status st;
	genre_writer w1,
				w2;
	genre_rng	rng;
	int			perm[GTZAN_MAX_ROWS];
	double		tw;

	genre_umap_defaults(&p);
	CHECK(genre_umap_fit(std_rows, 1000, GTZAN_COLS, &p, &m1, &st) == GENRE_OK);
	if (m1 == NULL)
		return;
	CHECK(m1->n_epochs == 500 && m1->graph_components == 1 && m1->spectral_converged);
	/* every table row maps to exactly its fitted coordinates */
	for (int i = 0; i < 1000; i++)
		CHECK(genre_umap_embed(m1, std_rows + i * GTZAN_COLS, GTZAN_COLS, emb + i * 2, &st) == GENRE_OK);
	/* umap-learn 0.5.3 reaches 0.938 (seed 0), 0.932-0.938 over seeds */
	tw = trustworthiness(std_rows, GTZAN_COLS, emb, 1000, 15);
	printf("trustworthiness(15) of the GTZAN embedding: %.4f\n", tw);
	CHECK(tw > 0.928);

	/* the same rows in another order: byte-identical model */
	genre_rng_seed(&rng, 9);
	for (int i = 0; i < 1000; i++)
		perm[i] = i;
	for (int i = 999; i > 0; i--)
	{
		int			j = (int) genre_rng_below(&rng, i + 1),
					t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (int i = 0; i < 1000; i++)
		memcpy(shuffled + i * GTZAN_COLS, std_rows + perm[i] * GTZAN_COLS, GTZAN_COLS * sizeof(float));
	CHECK(genre_umap_fit(shuffled, 1000, GTZAN_COLS, &p, &m2, &st) == GENRE_OK);
	genre_writer_init(&w1, 0);
	genre_writer_init(&w2, 0);
	CHECK(genre_umap_write(m1, &w1, &st) == GENRE_OK);
	CHECK(m2 && genre_umap_write(m2, &w2, &st) == GENRE_OK);
	CHECK(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0);
	CHECK(w1.len == 24 + 76 + 1000 * (57 + 2) * 4);
	genre_writer_free(&w2);
	genre_umap_free(m2);

	/* another seed, another layout */
	p.seed = 1;
	CHECK(genre_umap_fit(std_rows, 1000, GTZAN_COLS, &p, &m2, &st) == GENRE_OK);
	genre_writer_init(&w2, 0);
	CHECK(m2 && genre_umap_write(m2, &w2, &st) == GENRE_OK);
	CHECK(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) != 0);
	genre_writer_free(&w2);
	genre_umap_free(m2);

	/* load what was written: the same model, the same transforms */
	{
		const unsigned char *payload;
		size_t		plen;
		genre_model_kind kind;
		genre_umap *m3;
		float		a[2],
					b[2];

		CHECK(genre_model_open(w1.data, w1.len, &kind, &payload, &plen, &st) == GENRE_OK);
		CHECK(kind == GENRE_MODEL_UMAP && strcmp(genre_model_kind_name(kind), "umap") == 0);
		m3 = genre_umap_load(payload, plen, &st);
		CHECK(m3 != NULL);
		if (m3)
		{
			CHECK(m3->n == 1000 && m3->dim == 57 && m3->a == m1->a && m3->seed == 0);
			CHECK(memcmp(m3->embedding, m1->embedding, 2000 * sizeof(float)) == 0);
			CHECK(genre_umap_loaded_size(m3) > 1000 * 59 * 4);
			/* a new row (between two tracks) lands the same way from both */
			for (int j = 0; j < GTZAN_COLS; j++)
				shuffled[j] = 0.5f * (std_rows[j] + std_rows[GTZAN_COLS + j]);
			CHECK(genre_umap_embed(m1, shuffled, GTZAN_COLS, a, &st) == GENRE_OK);
			CHECK(genre_umap_embed(m3, shuffled, GTZAN_COLS, b, &st) == GENRE_OK);
			CHECK(a[0] == b[0] && a[1] == b[1]);
			CHECK(isfinite(a[0]) && isfinite(a[1]));
			CHECK(genre_umap_embed(m3, shuffled, GTZAN_COLS - 1, b, &st) == GENRE_EINVAL);
			shuffled[3] = NAN;
			CHECK(genre_umap_embed(m3, shuffled, GTZAN_COLS, b, &st) == GENRE_EINVAL);
			genre_umap_free(m3);
		}
		CHECK(genre_model_describe(w1.data, w1.len, &w2, &st) == GENRE_OK);
		genre_writer_cstring(&w2);
		CHECK(strstr((char *) w2.data, "\"kind\": \"umap\", \"n_features\": 57, \"n_samples\": 1000") != NULL);
		CHECK(strstr((char *) w2.data, "\"n_epochs\": 500") != NULL);
		genre_writer_free(&w2);
	}
	genre_writer_free(&w1);
	genre_umap_free(m1);
}

/*
 * Held-out rows: fit on 900 tracks, transform the other 100; a 15-NN vote
 * of the fitted tracks' genres around each transformed one should do about
 * as well as it does among the fitted tracks (umap-learn: ~0.55).
 */
static void
test_transform_held_out(void)
{
	static float train[900 * GTZAN_COLS];
	static int	fitted_label[900];
	int			ntrain = 0,
				ok = 0,
				tested = 0,
				ytrain[900];
	genre_umap_params p;
	genre_umap *m = NULL;
	genre_status st;

	for (int i = 0; i < 1000; i++)
		if (i % 10 != 3)
		{
			memcpy(train + ntrain * GTZAN_COLS, std_rows + i * GTZAN_COLS, GTZAN_COLS * sizeof(float));
			ytrain[ntrain++] = gt.genre[i];
		}
	genre_umap_defaults(&p);
	CHECK(genre_umap_fit(train, 900, GTZAN_COLS, &p, &m, &st) == GENRE_OK);
	if (m == NULL)
		return;
	/* the genre of each fitted row, in the model's canonical order */
	for (uint32_t s = 0; s < m->n; s++)
		for (int r = 0; r < 900; r++)
			if (memcmp(m->rows + s * GTZAN_COLS, train + r * GTZAN_COLS, GTZAN_COLS * sizeof(float)) == 0)
				fitted_label[s] = ytrain[r];
	for (int i = 3; i < 1000; i += 10)
	{
		int			votes[10] = {0},
					best = 0;
		uint32_t	idx[15];
		float		d[15],
					e[2];

		CHECK(genre_umap_embed(m, std_rows + i * GTZAN_COLS, GTZAN_COLS, e, &st) == GENRE_OK);
		genre_umap_knn_query(m->embedding, NULL, m->n, 2, GENRE_UMAP_EUCLIDEAN, e, 0, 15, idx, d);
		for (int j = 0; j < 15; j++)
			votes[fitted_label[idx[j]]]++;
		for (int g = 1; g < 10; g++)
			if (votes[g] > votes[best])
				best = g;
		ok += best == gt.genre[i];
		tested++;
	}
	printf("held-out 15-NN genre accuracy after transform: %d / %d\n", ok, tested);
	CHECK(ok >= 40);
	genre_umap_free(m);
}

/* Three far clusters (the simplex corners) and eight (centroid layout), cosine too. */
static void
test_components(void)
{
	const int	per = 20;
	float		x[8 * 20 * 3];
	genre_umap_params p;
	genre_umap *m = NULL;
	genre_status st;
	genre_rng	rng;

	genre_rng_seed(&rng, 4);
	for (int c = 0; c < 8; c++)
		for (int i = 0; i < per; i++)
			for (int j = 0; j < 3; j++)
				x[(c * per + i) * 3 + j] = (float) (100.0 * (j == c % 3) + 37.0 * c * (j == 2) +
													genre_rng_double(&rng));
	genre_umap_defaults(&p);
	p.n_neighbors = 10;
	CHECK(genre_umap_fit(x, 3 * per, 3, &p, &m, &st) == GENRE_OK);
	CHECK(m && m->graph_components == 3);
	genre_umap_free(m);
	CHECK(genre_umap_fit(x, 8 * per, 3, &p, &m, &st) == GENRE_OK);
	CHECK(m && m->graph_components == 8);
	if (m)
		for (uint32_t i = 0; i < m->n * 2; i++)
			CHECK(isfinite(m->embedding[i]));
	genre_umap_free(m);
	p.metric = GENRE_UMAP_COSINE;
	p.n_components = 3;
	p.n_epochs = 50;
	CHECK(genre_umap_fit(x, 8 * per, 3, &p, &m, &st) == GENRE_OK);
	if (m)
	{
		float		e[3];

		CHECK(m->n_epochs == 50 && m->norms != NULL);
		CHECK(genre_umap_embed(m, x, 3, e, &st) == GENRE_OK);
		CHECK(isfinite(e[0]) && isfinite(e[2]));
	}
	genre_umap_free(m);
}

static void
test_refusals(void)
{
	genre_umap_params p;
	genre_umap *m = NULL;
	genre_status st;
	genre_umap_metric metric;

	genre_umap_defaults(&p);
	CHECK(genre_umap_check(&p, 15, 57, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "n_neighbors must be less than the number of rows (15), got 15") != NULL);
	p.n_components = 58;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "n_components must be between 1 and 57, got 58") != NULL);
	p.n_components = 0;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	genre_umap_defaults(&p);
	p.n_neighbors = 1;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	genre_umap_defaults(&p);
	p.min_dist = 2;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "min_dist") != NULL);
	p.min_dist = NAN;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	genre_umap_defaults(&p);
	p.spread = 0;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	genre_umap_defaults(&p);
	p.n_epochs = 10001;
	CHECK(genre_umap_check(&p, 1000, 57, &st) == GENRE_EINVAL);
	genre_umap_defaults(&p);
	CHECK(genre_umap_check(&p, GENRE_UMAP_MAX_ROWS + 1, 57, &st) == GENRE_ELIMIT);
	CHECK(strstr(st.message, "exceeds the limit of 50000 rows") != NULL);
	CHECK(genre_umap_metric_parse("cosine", 6, &metric, &st) == GENRE_OK && metric == GENRE_UMAP_COSINE);
	CHECK(genre_umap_metric_parse("manhattan", 9, &metric, &st) == GENRE_EINVAL);
	std_rows[5] = NAN;
	CHECK(genre_umap_fit(std_rows, 1000, GTZAN_COLS, &p, &m, &st) == GENRE_EINVAL && m == NULL);
	CHECK(strstr(st.message, "row 1 ") != NULL);
	std_rows[5] = 0;
}

/* Every truncation and many corruptions of a real payload: refused (22P03) or loaded, never a crash. */
static void
test_loader(void)
{
	float		x[60 * 5];
	genre_umap_params p;
	genre_umap *m = NULL;
	genre_status st;
	genre_writer w;
	const unsigned char *payload;
	size_t		plen;
	genre_model_kind kind;
	unsigned char *copy;
	genre_rng	rng;
	int			loaded = 0;

	small_rows(x);
	genre_umap_defaults(&p);
	p.n_epochs = 20;
	CHECK(genre_umap_fit(x, 60, 5, &p, &m, &st) == GENRE_OK);
	if (m == NULL)
		return;
	genre_writer_init(&w, 0);
	CHECK(genre_umap_write(m, &w, &st) == GENRE_OK);
	CHECK(genre_model_open(w.data, w.len, &kind, &payload, &plen, &st) == GENRE_OK);
	copy = malloc(plen);
	for (size_t cut = 0; cut < plen; cut++)
	{
		void	   *l;

		memcpy(copy, payload, cut);
		l = genre_umap_load(copy, cut, &st);
		CHECK(l == NULL && st.code == GENRE_EBADDATA);
		genre_umap_free(l);
	}
	genre_rng_seed(&rng, 2);
	for (int t = 0; t < 3000; t++)
	{
		void	   *l;

		memcpy(copy, payload, plen);
		for (int f = 0; f < 1 + t % 4; f++)
			copy[genre_rng_below(&rng, t % 2 ? 100 : plen)] ^= (unsigned char) (1 + genre_rng_below(&rng, 255));
		genre_status_clear(&st);
		l = genre_umap_load(copy, plen, &st);
		if (l)
		{
			float		e[2];

			loaded++;
			CHECK(genre_umap_embed(l, x, 5, e, &st) == GENRE_OK || st.code == GENRE_EINTERNAL);
		}
		else
			CHECK(st.code == GENRE_EBADDATA && st.message[0]);
		genre_umap_free(l);
	}
	printf("corrupted umap payloads that still load: %d / 3000\n", loaded);
	/* fuzz_umap's finding: b = 1.6e308 overflowed powf into NaN coordinates */
	{
		FILE	   *f = fopen("test/fuzz/corpus/umap/regress_b_overflow.bin", "rb");
		unsigned char buf[512];
		size_t		n = f ? fread(buf, 1, sizeof(buf), f) : 0;
		void	   *l;

		if (f)
			fclose(f);
		CHECK(n == 172);
		l = genre_umap_load(buf, n, &st);
		CHECK(l == NULL && strstr(st.message, "bad curve parameters") != NULL);
		genre_umap_free(l);
	}
	free(copy);
	genre_writer_free(&w);
	genre_umap_free(m);
}

int
main(void)
{
	if (gtzan_load(&gt, NULL) != 1000)
	{
		fprintf(stderr, "cannot read %s (run from the repository root)\n", GTZAN_CSV);
		return 1;
	}
	/* StandardScaler: population scale */
	for (int j = 0; j < GTZAN_COLS; j++)
	{
		double		mean = 0,
					var = 0;

		for (int i = 0; i < gt.n; i++)
			mean += gt.x[i][j];
		mean /= gt.n;
		for (int i = 0; i < gt.n; i++)
			var += (gt.x[i][j] - mean) * (gt.x[i][j] - mean);
		var /= gt.n;
		for (int i = 0; i < gt.n; i++)
			std_rows[i * GTZAN_COLS + j] = (float) ((gt.x[i][j] - mean) / sqrt(var));
	}
	RUN(test_find_ab);
	RUN(test_smooth_knn);
	RUN(test_fuzzy_graph);
	RUN(test_spectral);
	RUN(test_fit_gtzan);
	RUN(test_transform_held_out);
	RUN(test_components);
	RUN(test_refusals);
	RUN(test_loader);
	HARNESS_END();
}
