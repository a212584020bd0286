/*
 * test_explore.c - moments, scaler, PCA, k-means, silhouette, the group
 * tests and polynomial features, on small data whose answers are worked
 * out by hand in the comments (or from definitions).
 */
#include "harness.h"
#include "tracking.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "ml/kmeans.h"
#include "ml/model.h"
#include "ml/moments.h"
#include "ml/pca.h"
#include "ml/polynomial.h"
#include "ml/scaler.h"
#include "ml/silhouette.h"
#include "ml/stattest.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* Open a written model and return its payload. */
static const unsigned char *
payload_of(genre_writer *w, genre_model_kind kind, size_t *plen)
{
	genre_status st;
	genre_model_kind got;
	const unsigned char *p = NULL;

	genre_status_clear(&st);
	CHECK(genre_model_open(w->data, w->len, &got, &p, plen, &st) == GENRE_OK && got == kind);
	return p;
}

static void
test_moments_merge_matches_serial(void)
{
	enum {N = 200, D = 5};
	float		x[N * D];
	genre_rng	rng;
	size_t		len = genre_moments_len(D, 1);
	double		all[1 + D + D * D],
				a[1 + D + D * D],
				b[1 + D + D * D],
				cov[D * D],
				cov2[D * D];

	CHECK(len == 1 + D + D * D);
	genre_rng_seed(&rng, 7);
	for (int i = 0; i < N * D; i++)
		x[i] = (float) (1000.0 + genre_rng_double(&rng) * (i % D + 1));
	genre_moments_init(all, D, 1);
	genre_moments_init(a, D, 1);
	genre_moments_init(b, D, 1);
	for (int i = 0; i < N; i++)
	{
		genre_moments_add(all, D, 1, x + i * D);
		genre_moments_add(i < 73 ? a : b, D, 1, x + i * D);
	}
	genre_moments_merge(a, b, D, 1);
	CHECK(a[0] == N);
	genre_moments_covariance(all, D, 1, 1, cov);
	genre_moments_covariance(a, D, 1, 1, cov2);
	for (int i = 0; i < D * D; i++)
		CHECK_NEAR(cov[i], cov2[i], 1e-12);
	/* against the two-pass definition */
	for (int p = 0; p < D; p++)
		for (int q = 0; q < D; q++)
		{
			double		mp = 0,
						mq = 0,
						s = 0;

			for (int i = 0; i < N; i++)
			{
				mp += x[i * D + p];
				mq += x[i * D + q];
			}
			mp /= N;
			mq /= N;
			for (int i = 0; i < N; i++)
				s += (x[i * D + p] - mp) * (x[i * D + q] - mq);
			CHECK_NEAR(cov[p * D + q], s / (N - 1), 1e-9);
		}
	/* merging an empty accumulator either way is a no-op / copy */
	genre_moments_init(b, D, 1);
	genre_moments_merge(a, b, D, 1);
	CHECK(a[0] == N);
	genre_moments_merge(b, a, D, 1);
	CHECK(b[0] == N && b[1] == a[1]);
}

static void
test_scaler(void)
{
	/* column 0: 1, 2, 3, 4 -> mean 2.5, population var 1.25; column 1 constant 7 */
	float		x[8] = {1, 7, 2, 7, 3, 7, 4, 7};
	float		out[2];
	double		acc[1 + 2 + 2];
	genre_writer w;
	genre_status st;
	size_t		plen;
	const unsigned char *p;
	genre_scaler *s;

	genre_status_clear(&st);
	genre_moments_init(acc, 2, 0);
	for (int i = 0; i < 4; i++)
		genre_moments_add(acc, 2, 0, x + 2 * i);
	genre_writer_init(&w, 0);
	CHECK(genre_scaler_write(acc, 2, &w, &st) == GENRE_OK);
	p = payload_of(&w, GENRE_MODEL_SCALER, &plen);
	s = genre_scaler_load(p, plen, &st);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_NEAR(s->mean[0], 2.5, 1e-15);
	CHECK_NEAR(s->var[0], 1.25, 1e-15);
	CHECK_NEAR(s->scale[0], sqrt(1.25), 1e-15);
	CHECK(s->var[1] == 0.0 && s->scale[1] == 1.0);
	CHECK(genre_scaler_apply(s, (float[]) {4, 7}, 2, out, &st) == GENRE_OK);
	CHECK_NEAR(out[0], 1.5 / sqrt(1.25), 1e-6);
	CHECK(out[1] == 0.0f);
	CHECK(genre_scaler_apply(s, (float[]) {4}, 1, out, &st) == GENRE_EINVAL);
	/* every truncation of the payload is refused */
	for (size_t cut = 0; cut < plen; cut++)
		CHECK(genre_scaler_load(p, cut, &st) == NULL && st.code == GENRE_EBADDATA);
	genre_writer_free(&w);
}

static void
test_pca(void)
{
	/*
	 * (2,0) (-2,0) (0,1) (0,-1): mean 0, covariance (n - 1 = 3) diag(8/3, 2/3),
	 * so components e1, e2, variances 8/3 and 2/3, ratios 0.8 and 0.2.
	 */
	float		x[8] = {2, 0, -2, 0, 0, 1, 0, -1};
	double		acc[1 + 2 + 4];
	float		out[2];
	genre_writer w;
	genre_status st;
	size_t		plen;
	const unsigned char *p;
	genre_pca  *m;

	genre_status_clear(&st);
	genre_moments_init(acc, 2, 1);
	for (int i = 0; i < 4; i++)
		genre_moments_add(acc, 2, 1, x + 2 * i);
	genre_writer_init(&w, 0);
	CHECK(genre_pca_write(acc, 2, 3, &w, &st) == GENRE_EINVAL);
	CHECK(genre_pca_write(acc, 2, 0, &w, &st) == GENRE_EINVAL);
	CHECK(genre_pca_write(acc, 2, 2, &w, &st) == GENRE_OK);
	p = payload_of(&w, GENRE_MODEL_PCA, &plen);
	m = genre_pca_load(p, plen, &st);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK_NEAR(m->variance[0], 8.0 / 3.0, 1e-12);
	CHECK_NEAR(m->variance[1], 2.0 / 3.0, 1e-12);
	CHECK_NEAR(m->ratio[0], 0.8, 1e-12);
	CHECK_NEAR(m->ratio[1], 0.2, 1e-12);
	/* sign convention: the largest entry of each component is positive */
	CHECK_NEAR(m->components[0], 1.0, 1e-12);
	CHECK_NEAR(m->components[1], 0.0, 1e-12);
	CHECK_NEAR(m->components[3], 1.0, 1e-12);
	CHECK(genre_pca_apply(m, (float[]) {3, -1}, 2, out, &st) == GENRE_OK);
	CHECK_NEAR(out[0], 3.0, 1e-6);
	CHECK_NEAR(out[1], -1.0, 1e-6);
	for (size_t cut = 0; cut < plen; cut++)
		CHECK(genre_pca_load(p, cut, &st) == NULL);
	genre_writer_free(&w);

	/* a single row has no covariance */
	genre_moments_init(acc, 2, 1);
	genre_moments_add(acc, 2, 1, x);
	genre_writer_init(&w, 0);
	CHECK(genre_pca_write(acc, 2, 1, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);
}

/*
 * Found by test/fuzz/fuzz_moments (corpus/moments/regress_dsyevr_fails):
 * two rows of small values in 5 dimensions made dsyevr fail (info 1, an
 * XX000 from pca_fit); the dsyev fallback gives the exact answer.  With
 * d = x1 - x2 the covariance (n - 1 = 1) is d d^T / 2: one eigenvalue
 * |d|^2 / 2 with component d / |d|, the rest 0.
 */
static void
test_pca_dsyevr_fallback(void)
{
	float		x[10] = {0x1.6a6a6ap-21f, 0x1.6a6a6ap-21f, 0x1.6a6a6ap-21f, 0x1.6a6a6ap-21f,
		0x1.6a6a82p-21f, 0x1.6a6a6ap-29f, 0x1.626262p-29f, 0x1.626262p-29f, 0x1.626262p-29f,
	0x1.626262p-31f};
	double		acc[1 + 5 + 25],
				d[5],
				dd = 0;
	genre_writer w;
	genre_status st;
	size_t		plen;
	const unsigned char *p;
	genre_pca  *m;

	genre_status_clear(&st);
	genre_moments_init(acc, 5, 1);
	genre_moments_add(acc, 5, 1, x);
	genre_moments_add(acc, 5, 1, x + 5);
	for (int i = 0; i < 5; i++)
	{
		d[i] = (double) x[i] - x[5 + i];
		dd += d[i] * d[i];
	}
	genre_writer_init(&w, 0);
	CHECK(genre_pca_write(acc, 5, 4, &w, &st) == GENRE_OK);
	if (st.code != GENRE_OK)
	{
		fprintf(stderr, "pca_write: %s\n", st.message);
		return;
	}
	p = payload_of(&w, GENRE_MODEL_PCA, &plen);
	m = genre_pca_load(p, plen, &st);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK_NEAR(m->variance[0], dd / 2, 1e-12 * dd);
	CHECK_NEAR(m->ratio[0], 1.0, 1e-9);
	for (int c = 1; c < 4; c++)
		CHECK(m->variance[c] <= 1e-12 * dd && m->ratio[c] <= 1e-9);
	for (int i = 0; i < 5; i++)
		CHECK_NEAR(m->components[i], d[i] / sqrt(dd), 1e-9);
	/* every component is a unit vector, orthogonal to the others */
	for (int a = 0; a < 4; a++)
		for (int b = a; b < 4; b++)
		{
			double		dot = 0;

			for (int i = 0; i < 5; i++)
				dot += m->components[a * 5 + i] * m->components[b * 5 + i];
			CHECK_NEAR(dot, a == b ? 1.0 : 0.0, 1e-9);
		}
	genre_writer_free(&w);
}

/*
 * Found by test/fuzz/fuzz_moments (corpus/moments/regress_negative_m2 and
 * regress_not_psd): a crafted scaler_fit / pca_fit state made the final
 * function write a model its own loader refuses (negative variance, an
 * explained variance ratio above 1); such states are now 22P03.
 */
static void
test_moments_crafted(void)
{
	double		acc[1 + 2 + 4];
	float		big[4] = {FLT_MAX, -FLT_MAX, -FLT_MAX, FLT_MAX};
	genre_writer w;
	genre_status st;
	size_t		plen;
	const unsigned char *p;
	genre_pca  *m;
	genre_scaler *s;

	genre_status_clear(&st);
	/* diagonal: count 3, mean 1, M2 -1 */
	memcpy(acc, (double[]) {3, 1, -1}, 3 * sizeof(double));
	genre_writer_init(&w, 0);
	CHECK(genre_moments_valid(acc, 1, 0) == 0);
	CHECK(genre_scaler_write(acc, 1, &w, &st) == GENRE_EBADDATA);
	acc[2] = 1;
	CHECK(genre_moments_valid(acc, 1, 0) == 1);
	acc[0] = 2.5;				/* not a whole count */
	CHECK(genre_scaler_write(acc, 1, &w, &st) == GENRE_EBADDATA);
	acc[0] = NAN;
	CHECK(genre_scaler_write(acc, 1, &w, &st) == GENRE_EBADDATA);
	acc[0] = 0;					/* an empty state is valid, and 22023 */
	acc[1] = acc[2] = 0;
	CHECK(genre_moments_valid(acc, 1, 0) == 1);
	CHECK(genre_scaler_write(acc, 1, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);

	/* full: M2 [[1, 4], [., 1]] is not positive semidefinite (eigenvalues 5, -3) */
	memcpy(acc, (double[]) {5, 0, 0, 1, 4, 0, 1}, 7 * sizeof(double));
	CHECK(genre_moments_valid(acc, 2, 1) == 1);
	genre_writer_init(&w, 0);
	CHECK(genre_pca_write(acc, 2, 1, &w, &st) == GENRE_EBADDATA);
	CHECK(genre_pca_write(acc, 2, 2, &w, &st) == GENRE_EBADDATA);
	acc[4] = INFINITY;
	CHECK(genre_moments_valid(acc, 2, 1) == 0);
	CHECK(genre_pca_write(acc, 2, 1, &w, &st) == GENRE_EBADDATA);
	genre_writer_free(&w);

	/* the extremes float32 rows can reach stay valid and give loadable models */
	genre_moments_init(acc, 2, 1);
	genre_moments_add(acc, 2, 1, big);
	genre_moments_add(acc, 2, 1, big + 2);
	CHECK(genre_moments_valid(acc, 2, 1) == 1);
	genre_writer_init(&w, 0);
	CHECK(genre_pca_write(acc, 2, 2, &w, &st) == GENRE_OK);
	p = payload_of(&w, GENRE_MODEL_PCA, &plen);
	CHECK((m = genre_pca_load(p, plen, &st)) != NULL);
	if (m)
	{
		CHECK_NEAR(m->ratio[0], 1.0, 1e-9);
		genre_free(m->mean);
		genre_free(m->variance);
		genre_free(m->ratio);
		genre_free(m->components);
		genre_free(m);
	}
	genre_writer_free(&w);
	genre_moments_init(acc, 2, 0);
	genre_moments_add(acc, 2, 0, big);
	genre_moments_add(acc, 2, 0, big + 2);
	genre_writer_init(&w, 0);
	CHECK(genre_scaler_write(acc, 2, &w, &st) == GENRE_OK);
	p = payload_of(&w, GENRE_MODEL_SCALER, &plen);
	CHECK((s = genre_scaler_load(p, plen, &st)) != NULL);
	if (s)
	{
		CHECK_NEAR(s->scale[0], FLT_MAX, 1e-6 * FLT_MAX);
		genre_free(s->mean);
		genre_free(s->var);
		genre_free(s->scale);
		genre_free(s);
	}
	genre_writer_free(&w);
}

/* Three tight groups on a line: {0,1,2}, {10,11}, {20}. */
static const float line_rows[] = {11, 0, 20, 2, 10, 1};

static void
test_kmeans_hand(void)
{
	genre_kmeans_params p;
	genre_kmeans m;
	genre_status st;
	int			label;
	float		d[3];

	genre_status_clear(&st);
	genre_kmeans_defaults(&p, 3);
	CHECK(genre_kmeans_fit(line_rows, 6, 1, &p, &m, &st) == GENRE_OK);
	/* optimum: centres 1, 10.5, 20; inertia 1 + 0 + 1 + 0.25 + 0.25 + 0 = 2.5 */
	CHECK_NEAR(m.inertia, 2.5, 1e-12);
	CHECK(m.n_samples == 6);
	{
		double		c[3];
		uint64_t	sz[3];

		/* sort the centres (cluster numbering depends on the seeding) */
		for (int i = 0; i < 3; i++)
		{
			c[i] = m.centers[i];
			sz[i] = m.sizes[i];
		}
		for (int i = 0; i < 3; i++)
			for (int j = i + 1; j < 3; j++)
				if (c[j] < c[i])
				{
					double		t = c[i];
					uint64_t	u = sz[i];

					c[i] = c[j];
					c[j] = t;
					sz[i] = sz[j];
					sz[j] = u;
				}
		CHECK_NEAR(c[0], 1.0, 1e-12);
		CHECK_NEAR(c[1], 10.5, 1e-12);
		CHECK_NEAR(c[2], 20.0, 1e-12);
		CHECK(sz[0] == 3 && sz[1] == 2 && sz[2] == 1);
	}
	CHECK(genre_kmeans_nearest(&m, (float[]) {19}, 1, &label, &st) == GENRE_OK);
	CHECK(m.centers[label] == 20.0);
	CHECK(genre_kmeans_transform(&m, (float[]) {19}, 1, d, &st) == GENRE_OK);
	for (int c = 0; c < 3; c++)
		CHECK_NEAR(d[c], fabs(19.0 - m.centers[c]), 1e-5);
	CHECK(genre_kmeans_nearest(&m, (float[]) {1, 2}, 2, &label, &st) == GENRE_EINVAL);
	genre_kmeans_free(&m, 0);

	/* k larger than the distinct rows; k < 1 */
	genre_kmeans_defaults(&p, 4);
	CHECK(genre_kmeans_fit((float[]) {1, 1, 2, 2, 3}, 5, 1, &p, &m, &st) == GENRE_EINVAL);
	genre_kmeans_defaults(&p, 0);
	CHECK(genre_kmeans_fit(line_rows, 6, 1, &p, &m, &st) == GENRE_EINVAL);
	/* k equal to the distinct rows with duplicates: every row its own centre */
	genre_kmeans_defaults(&p, 3);
	CHECK(genre_kmeans_fit((float[]) {1, 1, 2, 2, 3}, 5, 1, &p, &m, &st) == GENRE_OK);
	CHECK_NEAR(m.inertia, 0.0, 1e-15);
	genre_kmeans_free(&m, 0);
}

/* Serialised model bytes of a fit, for comparing two fits. */
static void
fit_bytes(const float *rows, size_t n, int dim, const genre_kmeans_params *p, genre_writer *w)
{
	genre_kmeans m;
	genre_status st;

	genre_status_clear(&st);
	genre_writer_init(w, 0);
	CHECK(genre_kmeans_fit(rows, n, dim, p, &m, &st) == GENRE_OK);
	CHECK(genre_kmeans_write(&m, w, &st) == GENRE_OK);
	genre_kmeans_free(&m, 0);
}

static void
test_kmeans_order_invariant(void)
{
	enum {N = 300, D = 4};
	float	   *x = genre_alloc(sizeof(float) * N * D),
			   *y = genre_alloc(sizeof(float) * N * D);
	genre_rng	rng;
	genre_kmeans_params p;
	genre_writer a,
				b,
				c;
	size_t		perm[N];

	genre_rng_seed(&rng, 3);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < D; j++)
			x[i * D + j] = (float) ((i % 5) * 3.0 + genre_rng_double(&rng));
	for (int i = 0; i < N; i++)
		perm[i] = i;
	for (int i = N - 1; i > 0; i--)
	{
		size_t		j = genre_rng_below(&rng, i + 1),
					t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (int i = 0; i < N; i++)
		memcpy(y + i * D, x + perm[i] * D, sizeof(float) * D);
	genre_kmeans_defaults(&p, 5);
	fit_bytes(x, N, D, &p, &a);
	fit_bytes(y, N, D, &p, &b);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	/* another seed is still a valid model of the same data */
	p.seed = 99;
	fit_bytes(y, N, D, &p, &c);
	CHECK(c.len == a.len);
	genre_writer_free(&a);
	genre_writer_free(&b);
	genre_writer_free(&c);
	genre_free(x);
	genre_free(y);
}

static void
test_kmeans_loader_rejects(void)
{
	genre_kmeans_params p;
	genre_writer w;
	size_t		plen;
	const unsigned char *pl;
	unsigned char *copy;
	genre_status st;
	genre_kmeans *m;

	genre_kmeans_defaults(&p, 3);
	fit_bytes(line_rows, 6, 1, &p, &w);
	pl = payload_of(&w, GENRE_MODEL_KMEANS, &plen);
	m = genre_kmeans_load(pl, plen, &st);
	CHECK(m != NULL);
	genre_kmeans_free(m, 1);
	for (size_t cut = 0; cut < plen; cut++)
		CHECK(genre_kmeans_load(pl, cut, &st) == NULL);
	copy = genre_memdup(pl, plen);
	/* k = 2^31: refused before any allocation */
	copy[4] = 0;
	copy[5] = 0;
	copy[6] = 0;
	copy[7] = 0x80;
	CHECK(genre_kmeans_load(copy, plen, &st) == NULL && st.code == GENRE_EBADDATA);
	memcpy(copy, pl, plen);
	/* a cluster size that no longer sums to n_samples (first size at byte 28) */
	copy[28] ^= 1;
	CHECK(genre_kmeans_load(copy, plen, &st) == NULL);
	genre_free(copy);
	genre_writer_free(&w);
}

static void
test_silhouette(void)
{
	/*
	 * 1-D rows {0,1} {4,5} {10}.  s(0) = (4.5 - 1) / 4.5 = 7/9, s(1) = (3.5 - 1) / 3.5
	 * = 5/7, s(4) = 5/7, s(5) = 7/9, the singleton scores 0: mean 188/315.
	 */
	float		x[5] = {0, 1, 4, 5, 10};
	int32_t		lab[5] = {3, 3, -1, -1, 8};
	double		s;
	genre_status st;

	genre_status_clear(&st);
	CHECK(genre_silhouette(x, lab, 5, 1, &s, &st) == GENRE_OK);
	CHECK_NEAR(s, 188.0 / 315.0, 1e-12);
	/* one cluster, and as many clusters as rows, are refused */
	CHECK(genre_silhouette(x, (int32_t[]) {1, 1, 1, 1, 1}, 5, 1, &s, &st) == GENRE_EINVAL);
	CHECK(genre_silhouette(x, (int32_t[]) {1, 2, 3, 4, 5}, 5, 1, &s, &st) == GENRE_EINVAL);
}

static void
test_group_tests(void)
{
	double		stat,
				p;
	genre_status st;
	int			g[6] = {0, 0, 0, 1, 1, 1};

	genre_status_clear(&st);
	/* {1,2,3} vs {4,5,6}: rank sums 6, 15; H = 12/42 (36/3 + 225/3) - 21 = 27/7 */
	CHECK(genre_kruskal_wallis((double[]) {1, 2, 3, 4, 5, 6}, g, 6, 2, &stat, &p, &st) == GENRE_OK);
	CHECK_NEAR(stat, 27.0 / 7.0, 1e-12);
	/* chi-square, 1 df: p = erfc(sqrt(H / 2)) */
	CHECK_NEAR(p, erfc(sqrt(27.0 / 14.0)), 1e-12);
	/* {1,2,2} vs {2,3,4}: ranks 1,3,3 | 3,5,6; H = 7/3, ties 1 - 24/210: H = 245/93 */
	CHECK(genre_kruskal_wallis((double[]) {1, 2, 2, 2, 3, 4}, g, 6, 2, &stat, &p, &st) == GENRE_OK);
	CHECK_NEAR(stat, 245.0 / 93.0, 1e-12);
	CHECK_NEAR(p, erfc(sqrt(245.0 / 186.0)), 1e-12);
	CHECK(genre_kruskal_wallis((double[]) {2, 2, 2, 2, 2, 2}, g, 6, 2, &stat, &p, &st) == GENRE_EINVAL);
	CHECK(genre_kruskal_wallis((double[]) {1, 2, 3}, (int[]) {0, 0, 0}, 3, 1, &stat, &p, &st) == GENRE_EINVAL);

	/*
	 * ANOVA {1,2,3} vs {4,5,6}: SSB = 13.5, SSW = 4, F = 13.5 / (4 / 4) = 13.5;
	 * F(1, 4) tail = I_{4/17.5}(2, 1/2) = 1 - 1.5 s + 0.5 s^3 with s = sqrt(13.5 / 17.5)
	 */
	CHECK(genre_anova_f((double[]) {1, 2, 3, 4, 5, 6}, g, 6, 2, &stat, &p, &st) == GENRE_OK);
	CHECK_NEAR(stat, 13.5, 1e-12);
	{
		double		s = sqrt(13.5 / 17.5);

		CHECK_NEAR(p, 1.0 - 1.5 * s + 0.5 * s * s * s, 1e-12);
	}
	CHECK(genre_anova_f((double[]) {1, 1, 1, 4, 4, 4}, g, 6, 2, &stat, &p, &st) == GENRE_EINVAL);
	CHECK(genre_anova_f((double[]) {1, 2}, (int[]) {0, 1}, 2, 2, &stat, &p, &st) == GENRE_EINVAL);
}

static void
test_polynomial(void)
{
	float		out[20];
	size_t		len;
	genre_status st;

	genre_status_clear(&st);
	/* [a, b] degree 3: 1, a, b, a^2, ab, b^2, a^3, a^2 b, a b^2, b^3 */
	CHECK(genre_polynomial_size(2, 3, &len, &st) == GENRE_OK && len == 10);
	CHECK(genre_polynomial_features((float[]) {2, 3}, 2, 3, out, len, &st) == GENRE_OK);
	{
		float		want[10] = {1, 2, 3, 4, 6, 9, 8, 12, 18, 27};

		for (int i = 0; i < 10; i++)
			CHECK(out[i] == want[i]);
	}
	CHECK(genre_polynomial_size(3, 2, &len, &st) == GENRE_OK && len == 10);
	CHECK(genre_polynomial_size(3, 4, &len, &st) == GENRE_EINVAL);
	CHECK(genre_polynomial_size(1000, 3, &len, &st) == GENRE_ELIMIT);
	CHECK(genre_polynomial_size(1, 3, &len, &st) == GENRE_OK && len == 4);
	CHECK(genre_polynomial_features((float[]) {1e30f}, 1, 2, out, 3, &st) == GENRE_EINVAL);
}

/* ---------- k-means without the k x k matrix, allocation and cancel ---------- */

static int
same_model(const genre_kmeans *a, const genre_kmeans *b)
{
	return a->k == b->k && a->dim == b->dim && a->n_iter == b->n_iter && a->inertia == b->inertia &&
		memcmp(a->sizes, b->sizes, (size_t) a->k * sizeof(uint64_t)) == 0 &&
		memcmp(a->centers, b->centers, (size_t) a->k * a->dim * sizeof(double)) == 0;
}

/* rows on a coarse grid around 4 blobs: ties, duplicates and empty clusters to re-seed */
static float *
grid_rows(size_t n, int dim, uint64_t seed)
{
	float	   *x = malloc(n * dim * sizeof(float));
	genre_rng	r;

	genre_rng_seed(&r, seed);
	for (size_t i = 0; i < n * (size_t) dim; i++)
		x[i] = (float) genre_rng_below(&r, seed % 2 ? 5 : 1000) * 0.1f + (float) ((i / dim) % 4);
	return x;
}

static void
test_kmeans_without_matrix(void)
{
	static const int ks[] = {1, 2, 3, 7, 20, 60};
	int			cases = 0;

	for (uint64_t seed = 1; seed <= 8; seed++)
	{
		size_t		n = 200 + seed * 150;
		int			dim = 1 + (int) (seed % 5);
		float	   *x = grid_rows(n, dim, seed);

		for (size_t ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++)
		{
			genre_kmeans_params p;
			genre_kmeans a,
						b;
			genre_status st;
			genre_code	ra,
						rb;

			genre_kmeans_defaults(&p, ks[ki]);
			p.seed = seed;
			ra = genre_kmeans_fit_matrix(x, n, dim, &p, 1 << 30, &a, &st);
			rb = genre_kmeans_fit_matrix(x, n, dim, &p, 0, &b, &st);
			CHECK(ra == rb);
			if (ra == GENRE_OK && rb == GENRE_OK)
			{
				CHECK(same_model(&a, &b));
				cases++;
			}
			genre_kmeans_free(&a, 0);
			genre_kmeans_free(&b, 0);
		}
		free(x);
	}
	CHECK(cases >= 40);
}

static void
test_kmeans_memory_and_cancel(void)
{
	size_t		n = 6000;
	int			dim = 2;
	float	   *x = grid_rows(n, dim, 4);
	genre_kmeans_params p;
	genre_kmeans m;
	genre_status st;
	int			canceled = 0;

	/* k = 5000 needed a 200 MB matrix (8 k^2 bytes); now memory follows n, k and dim */
	genre_kmeans_defaults(&p, 5000);
	p.n_init = 1;
	p.max_iter = 2;
	genre_set_allocator(&tracking);
	largest_alloc = 0;
	live_blocks = 0;
	CHECK(genre_kmeans_fit(x, n, dim, &p, &m, &st) == GENRE_OK);
	genre_kmeans_free(&m, 0);
	genre_set_allocator(NULL);
	CHECK(largest_alloc <= n * 16);
	CHECK(live_blocks == 0);
	if (largest_alloc > n * 16)
		fprintf(stderr, "kmeans k=5000: largest allocation %zu bytes\n", largest_alloc);

	/* a cancel at every check of a small fit returns cleanly, nothing left allocated */
	genre_kmeans_defaults(&p, 5);
	p.n_init = 2;
	genre_set_allocator(&tracking);
	for (int after = 0; after < 100000; after++)
	{
		genre_code	rc;

		live_blocks = 0;
		checks_left = after;
		genre_set_interrupt_check(cancel_countdown);
		rc = genre_kmeans_fit(x, 3000, dim, &p, &m, &st);
		genre_set_interrupt_check(NULL);
		if (rc == GENRE_OK)
		{
			genre_kmeans_free(&m, 0);
			break;
		}
		CHECK(rc == GENRE_ECANCEL && m.centers == NULL && live_blocks == 0);
		canceled++;
	}
	genre_set_allocator(NULL);
	CHECK(canceled > 3);
	free(x);
}

int
main(void)
{
	RUN(test_moments_merge_matches_serial);
	RUN(test_scaler);
	RUN(test_pca);
	RUN(test_pca_dsyevr_fallback);
	RUN(test_moments_crafted);
	RUN(test_kmeans_hand);
	RUN(test_kmeans_order_invariant);
	RUN(test_kmeans_loader_rejects);
	RUN(test_kmeans_without_matrix);
	RUN(test_kmeans_memory_and_cancel);
	RUN(test_silhouette);
	RUN(test_group_tests);
	RUN(test_polynomial);
	HARNESS_END();
}
