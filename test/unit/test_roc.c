/*
 * test_roc.c - ROC-AUC and ROC curves against scikit-learn's values
 * (test/data/roc_cases.txt, made by test/scripts/make_roc_cases.py), the
 * errors scikit-learn raises, and the soft-vote arithmetic (proba_mean).
 */
#include "harness.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "ml/proba_mean.h"
#include "ml/roc.h"

#include <stdint.h>
#include <string.h>

typedef struct roc_case
{
	char		name[64];
	size_t		n;
	uint32_t	nc;
	uint32_t   *y;
	double	   *p;
	double		ovr;
	double		ovo;
	size_t		curve_n[2];
	double	   *curve[2][3];	/* fpr, tpr, thresholds */
} roc_case;

static double *
read_doubles(FILE *fp, size_t n)
{
	double	   *v = genre_calloc(n, sizeof(double));

	for (size_t i = 0; i < n; i++)
		if (fscanf(fp, "%lf", &v[i]) != 1)
			return NULL;
	return v;
}

/* Next case of the file; 0 at the end. */
static int
read_case(FILE *fp, roc_case *c)
{
	char		word[64];

	memset(c, 0, sizeof(*c));
	while (fscanf(fp, "%63s", word) == 1)
	{
		if (word[0] == '#')
		{
			int			ch;

			while ((ch = fgetc(fp)) != '\n' && ch != EOF)
				;
			continue;
		}
		if (strcmp(word, "case") != 0)
			return 0;
		if (fscanf(fp, "%63s %zu %u", c->name, &c->n, &c->nc) != 3)
			return 0;
		c->y = genre_calloc(c->n, sizeof(uint32_t));
		c->p = genre_calloc(c->n * c->nc, sizeof(double));
		for (size_t i = 0; i < c->n; i++)
		{
			if (fscanf(fp, "%u", &c->y[i]) != 1)
				return 0;
			for (uint32_t k = 0; k < c->nc; k++)
				if (fscanf(fp, "%lf", &c->p[i * c->nc + k]) != 1)
					return 0;
		}
		if (fscanf(fp, " ovr %lf ovo %lf", &c->ovr, &c->ovo) != 2)
			return 0;
		for (int k = 0; k < 2; k++)
		{
			int			cls;

			if (fscanf(fp, " curve %d %zu", &cls, &c->curve_n[k]) != 2 || cls != k)
				return 0;
			for (int a = 0; a < 3; a++)
				if ((c->curve[k][a] = read_doubles(fp, c->curve_n[k])) == NULL)
					return 0;
		}
		if (fscanf(fp, " %63s", word) != 1 || strcmp(word, "end") != 0)
			return 0;
		return 1;
	}
	return 0;
}

static void
free_case(roc_case *c)
{
	genre_free(c->y);
	genre_free(c->p);
	for (int k = 0; k < 2; k++)
		for (int a = 0; a < 3; a++)
			genre_free(c->curve[k][a]);
}

static void
test_sklearn_cases(void)
{
	FILE	   *fp = fopen("test/data/roc_cases.txt", "r");
	roc_case	c;
	int			cases = 0;

	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	while (read_case(fp, &c))
	{
		genre_status st;
		double		ovr = -1,
					ovo = -1;

		genre_status_clear(&st);
		CHECK(genre_roc_auc(c.y, c.p, c.n, c.nc, GENRE_ROC_OVR, &ovr, &st) == GENRE_OK);
		CHECK(genre_roc_auc(c.y, c.p, c.n, c.nc, GENRE_ROC_OVO, &ovo, &st) == GENRE_OK);
		CHECK_NEAR(ovr, c.ovr, 1e-12);
		if (getenv("ROC_VERBOSE"))
			fprintf(stderr, "%s: ovr diff %g, ovo diff %g\n", c.name, ovr - c.ovr, ovo - c.ovo);
		CHECK_NEAR(ovo, c.ovo, 1e-12);
		if (fabs(ovr - c.ovr) > 1e-12 || fabs(ovo - c.ovo) > 1e-12)
			fprintf(stderr, "  in case %s\n", c.name);
		/* the macro one-vs-rest AUC is the mean of the curves' areas (two classes: the second's) */
		{
			double		area[64],
						sum = 0;
			uint32_t	nc = c.nc < 64 ? c.nc : 64;

			for (uint32_t k = 0; k < nc; k++)
			{
				genre_roc_curve cv;

				CHECK(genre_roc_curve_of(c.y, c.p, c.n, c.nc, k, &cv, &st) == GENRE_OK);
				area[k] = cv.auc;
				genre_roc_curve_free(&cv);
			}
			for (uint32_t k = 0; k < nc; k++)
				sum += area[k];
			if (c.nc == 2)
				CHECK(area[1] == ovr);
			else if (c.nc < 64)
				CHECK_NEAR(sum / nc, ovr, 1e-15);
		}
		for (uint32_t k = 0; k < 2; k++)
		{
			genre_roc_curve cv;

			CHECK(genre_roc_curve_of(c.y, c.p, c.n, c.nc, k, &cv, &st) == GENRE_OK);
			CHECK(cv.n == c.curve_n[k]);
			if (cv.n == c.curve_n[k])
				for (size_t j = 0; j < cv.n; j++)
				{
					CHECK_NEAR(cv.fpr[j], c.curve[k][0][j], 1e-15);
					CHECK_NEAR(cv.tpr[j], c.curve[k][1][j], 1e-15);
					CHECK_NEAR(cv.thresholds[j], c.curve[k][2][j], 1e-15);
				}
			genre_roc_curve_free(&cv);
		}
		free_case(&c);
		cases++;
	}
	fclose(fp);
	CHECK(cases == 9);
}

/* Hand-made: 4 rows, binary, one tie across classes. */
static void
test_hand_binary(void)
{
	/* scores of class 1: 0.9 (pos), 0.5 (neg), 0.5 (pos), 0.1 (neg) */
	uint32_t	y[4] = {1, 0, 1, 0};
	double		p[8] = {0.1, 0.9, 0.5, 0.5, 0.5, 0.5, 0.9, 0.1};
	genre_status st;
	double		auc;
	genre_roc_curve cv;

	genre_status_clear(&st);
	CHECK(genre_roc_auc(y, p, 4, 2, GENRE_ROC_OVR, &auc, &st) == GENRE_OK);
	/* pairs (pos, neg): (0.9, 0.5) 1, (0.9, 0.1) 1, (0.5, 0.5) 1/2, (0.5, 0.1) 1 */
	CHECK_NEAR(auc, 3.5 / 4, 0);
	CHECK(genre_roc_curve_of(y, p, 4, 2, 1, &cv, &st) == GENRE_OK);
	/* points (0,0) @1.9, (0,.5) @.9, (.5,1) @.5, (1,1) @.1: none collinear */
	CHECK(cv.n == 4);
	if (cv.n == 4)
	{
		CHECK(cv.fpr[1] == 0 && cv.tpr[1] == 0.5 && cv.fpr[2] == 0.5 && cv.tpr[2] == 1);
		CHECK(cv.thresholds[0] == 1.9 && cv.thresholds[3] == 0.1);
	}
	genre_roc_curve_free(&cv);
}

static void
test_errors(void)
{
	uint32_t	y[3] = {0, 1, 1};
	uint32_t	y3[3] = {0, 1, 2};
	double		p2[6] = {0.6, 0.4, 0.3, 0.7, 0.2, 0.8};
	double		p3[9] = {0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6};
	genre_status st;
	double		auc;
	genre_roc_curve cv;

	genre_status_clear(&st);
	/* a class with no row: scikit-learn raises too */
	CHECK(genre_roc_auc(y, p3, 3, 3, GENRE_ROC_OVR, &auc, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "class 2 has no row") != NULL);
	/* an actual class past the columns */
	CHECK(genre_roc_auc(y3, p2, 3, 2, GENRE_ROC_OVR, &auc, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "row 3") != NULL);
	/* rows not summing to 1 (three classes and more) */
	p3[0] = 0.6;
	CHECK(genre_roc_auc(y3, p3, 3, 3, GENRE_ROC_OVO, &auc, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "row 1 sum to") != NULL);
	/* within np.allclose's tolerance it passes */
	p3[0] = 0.5 + 5e-6;
	CHECK(genre_roc_auc(y3, p3, 3, 3, GENRE_ROC_OVO, &auc, &st) == GENRE_OK);
	p3[0] = 0.5;
	p3[4] = NAN;
	CHECK(genre_roc_auc(y3, p3, 3, 3, GENRE_ROC_OVR, &auc, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "not finite") != NULL);
	p3[4] = 0.8;
	CHECK(genre_roc_auc(y3, p3, 3, 1, GENRE_ROC_OVR, &auc, &st) == GENRE_EINVAL);
	/* a curve needs both kinds of row */
	CHECK(genre_roc_curve_of(y3, p3, 1, 3, 0, &cv, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "every row") != NULL);
	CHECK(genre_roc_curve_of(y, p3, 3, 3, 2, &cv, &st) == GENRE_EINVAL);
	CHECK(genre_roc_curve_of(y, p3, 3, 3, 3, &cv, &st) == GENRE_EINVAL);
}

/* The AUC depends on the rows, not their order (ties included). */
static void
test_order(void)
{
	FILE	   *fp = fopen("test/data/roc_cases.txt", "r");
	roc_case	c;
	genre_status st;

	if (fp == NULL || !read_case(fp, &c))
	{
		CHECK(0);
		return;
	}
	fclose(fp);
	{
		uint32_t   *y = genre_calloc(c.n, sizeof(uint32_t));
		double	   *p = genre_calloc(c.n * c.nc, sizeof(double));
		double		a,
					b;

		for (size_t i = 0; i < c.n; i++)
		{
			size_t		j = (i * 17 + 5) % c.n;	/* 17 is coprime with 40 */

			y[j] = c.y[i];
			memcpy(p + j * c.nc, c.p + i * c.nc, c.nc * sizeof(double));
		}
		genre_status_clear(&st);
		CHECK(genre_roc_auc(c.y, c.p, c.n, c.nc, GENRE_ROC_OVO, &a, &st) == GENRE_OK);
		CHECK(genre_roc_auc(y, p, c.n, c.nc, GENRE_ROC_OVO, &b, &st) == GENRE_OK);
		CHECK(a == b);
		genre_free(y);
		genre_free(p);
	}
	free_case(&c);
}

static genre_code
add3(genre_proba_mean *m, const char *a, double pa, const char *b, double pb,
	 const char *c, double pc, uint32_t k)
{
	const char *l[3] = {a, b, c};
	uint32_t	n[3] = {(uint32_t) strlen(a), (uint32_t) strlen(b), (uint32_t) strlen(c)};
	double		p[3] = {pa, pb, pc};
	genre_status st;

	genre_status_clear(&st);
	return genre_proba_mean_add(m, l, n, p, k, &st);
}

static void
test_proba_mean(void)
{
	genre_proba_mean a,
				b,
				c;
	genre_status st;
	genre_writer w;

	genre_proba_mean_init(&a);
	CHECK(genre_proba_mean_argmax(&a) == -1);
	/* three segments of a track: missing classes count 0 */
	CHECK(add3(&a, "rock", 0.5, "jazz", 0.25, "blues", 0.25, 3) == GENRE_OK);
	CHECK(add3(&a, "jazz", 0.75, "rock", 0.25, "", 0, 2) == GENRE_OK);
	CHECK(add3(&a, "metal", 1.0, "", 0, "", 0, 1) == GENRE_OK);
	CHECK(a.rows == 3 && a.n_classes == 4);
	CHECK(strcmp(a.labels[0], "blues") == 0 && strcmp(a.labels[3], "rock") == 0);
	CHECK(genre_proba_mean_value(&a, 0) == 0.25 / 3);
	CHECK(genre_proba_mean_value(&a, 1) == 1.0 / 3);	/* jazz */
	CHECK(genre_proba_mean_value(&a, 2) == 1.0 / 3);	/* metal */
	CHECK(genre_proba_mean_value(&a, 3) == 0.75 / 3);	/* rock */
	/* jazz and metal tie exactly: the lower label wins */
	CHECK(genre_proba_mean_argmax(&a) == 1);

	/* errors leave the state as it was */
	CHECK(add3(&a, "pop", 0.5, "pop", 0.5, "", 0, 2) == GENRE_EINVAL);
	CHECK(add3(&a, "pop", 1.5, "", 0, "", 0, 1) == GENRE_EINVAL);
	CHECK(add3(&a, "pop", -0.1, "", 0, "", 0, 1) == GENRE_EINVAL);
	CHECK(add3(&a, "pop", NAN, "", 0, "", 0, 1) == GENRE_EINVAL);
	CHECK(a.rows == 3 && a.n_classes == 4);

	/* sums are exact: 0.1 ten times in any grouping gives the same state */
	genre_proba_mean_init(&b);
	genre_proba_mean_init(&c);
	for (int i = 0; i < 10; i++)
		CHECK(add3(i < 3 ? &b : &c, "x", 0.1, "y", 0.9, "", 0, 2) == GENRE_OK);
	{
		genre_proba_mean d;

		genre_proba_mean_init(&d);
		for (int i = 0; i < 10; i++)
			CHECK(add3(&d, "y", 0.9, "x", 0.1, "", 0, 2) == GENRE_OK);
		genre_status_clear(&st);
		CHECK(genre_proba_mean_merge(&c, &b, &st) == GENRE_OK);
		CHECK(c.rows == 10 && d.rows == 10);
		CHECK(memcmp(c.sums, d.sums, 2 * sizeof(genre_proba_sum)) == 0);
		CHECK_NEAR(genre_proba_mean_value(&c, 0), 0.1, 1e-17);
		genre_proba_mean_free(&d);
	}

	/* the state round-trips and the reader validates */
	genre_writer_init(&w, 0);
	genre_proba_mean_write(&a, &w);
	{
		genre_proba_mean r;
		size_t		refused = 0;

		genre_status_clear(&st);
		CHECK(genre_proba_mean_read(w.data, w.len, &r, &st) == GENRE_OK);
		CHECK(r.rows == 3 && r.n_classes == 4 && genre_proba_mean_argmax(&r) == 1);
		CHECK(genre_proba_mean_value(&r, 3) == 0.75 / 3);
		genre_proba_mean_free(&r);
		for (size_t n = 0; n < w.len; n++)
		{
			CHECK(genre_proba_mean_read(w.data, n, &r, &st) == GENRE_EBADDATA);
			genre_proba_mean_free(&r);
		}
		/* flipping any byte: refused or still a consistent state */
		for (size_t i = 0; i < w.len; i++)
		{
			genre_code	rc;

			w.data[i] ^= 0x40;
			rc = genre_proba_mean_read(w.data, w.len, &r, &st);
			CHECK(rc == GENRE_OK || rc == GENRE_EBADDATA);
			refused += rc != GENRE_OK;
			if (rc == GENRE_OK)
				for (uint32_t k = 0; k < r.n_classes; k++)
					CHECK(genre_proba_mean_value(&r, k) <= 1.0);
			genre_proba_mean_free(&r);
			w.data[i] ^= 0x40;
		}
		CHECK(refused > 0);
	}
	genre_writer_free(&w);
	genre_proba_mean_free(&a);
	genre_proba_mean_free(&b);
	genre_proba_mean_free(&c);
}

/* Tiny probabilities: exact down to 2^-128, merged states agree with one state. */
static void
test_proba_fixed_point(void)
{
	genre_proba_mean a;

	genre_proba_mean_init(&a);
	CHECK(add3(&a, "a", ldexp(1, -128), "b", ldexp(1, -129), "c", 1.0 - ldexp(1, -53), 3) == GENRE_OK);
	CHECK(a.sums[0].ip == 0 && a.sums[0].hi == 0 && a.sums[0].lo == 1);
	CHECK(a.sums[1].hi == 0 && a.sums[1].lo == 0);
	CHECK(a.sums[2].ip == 0 && a.sums[2].hi == UINT64_MAX - ((1ull << 11) - 1) && a.sums[2].lo == 0);
	CHECK(add3(&a, "c", ldexp(1, -53), "", 0, "", 0, 1) == GENRE_OK);
	/* 1 - 2^-53 + 2^-53 carries into the integer part */
	CHECK(a.sums[2].ip == 1 && a.sums[2].hi == 0 && a.sums[2].lo == 0);
	CHECK(genre_proba_mean_value(&a, 2) == 0.5);
	genre_proba_mean_free(&a);
}

/* The mean is the exact sum over the rows rounded once: Python's float(sum(map(Fraction, xs)) / n). */
static void
test_proba_mean_rounding(void)
{
	static const struct
	{
		double		p[7];
		int			n;
		double		mean;		/* exact, then the naive float sum / n for contrast */
		double		naive;
	}			cases[] = {
		{{0.1, 0.2, 0.3}, 3, 0.2, 0.20000000000000004},
		{{0.7, 0.8, 0.9}, 3, 0.8, 0.7999999999999999},
		{{0.3333333333333333, 0.3333333333333333, 0.3333333333333333, 0.1}, 4, 0.27499999999999997, 0.275},
		{{1e-20, 0.5, 0.25, 0.125, 1e-300}, 5, 0.175, 0.175},
		{{0.6229016948897019, 0.7417869892607294, 0.7951935655656966, 0.9424502837770503,
		  0.7398985747399307, 0.922324996665417, 0.029005228283614737}, 7, 0.6847944761688772, 0.6847944761688772},
		{{0.9999999999999999, 0.9999999999999999, 0.9999999999999999, 0.3}, 4, 0.825, 0.8249999999999998},
		/* a tiny mean: 2^-100 / 3, nearest float64 of the exact quotient */
		{{0x1p-100, 0, 0}, 3, 0x1.5555555555555p-102, 0x1.5555555555555p-102},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		genre_proba_mean m;
		double		naive = 0;

		genre_proba_mean_init(&m);
		for (int j = 0; j < cases[i].n; j++)
		{
			CHECK(add3(&m, "x", cases[i].p[j], "", 0, "", 0, 1) == GENRE_OK);
			naive += cases[i].p[j];
		}
		CHECK(genre_proba_mean_value(&m, 0) == cases[i].mean);
		CHECK(naive / cases[i].n == cases[i].naive);
		genre_proba_mean_free(&m);
	}

	/*
	 * fuzz_proba_mean: a sum whose quotient's round bit is followed by
	 * zeros in the remainder but ones in numerator bits not yet brought
	 * down; sum / 3 and (sum + sum) / 6 must round alike
	 */
	{
		/* a state body: 3 rows, 1 class "only" */
		static const unsigned char state[] = {
			0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
			0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x6f, 0x6e, 0x6c, 0x79, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
			0x00, 0x00, 0x72, 0x6f, 0x63, 0x6b, 0x28, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x00, 0x00, 0x00, 0x8d,
			0x88, 0x00};
		genre_proba_mean m,
					twice;
		genre_status st;

		genre_status_clear(&st);
		CHECK(genre_proba_mean_read(state, sizeof(state), &m, &st) == GENRE_OK);
		genre_proba_mean_init(&twice);
		CHECK(genre_proba_mean_merge(&twice, &m, &st) == GENRE_OK);
		CHECK(genre_proba_mean_merge(&twice, &m, &st) == GENRE_OK);
		CHECK(twice.rows == 6 && genre_proba_mean_value(&twice, 0) == genre_proba_mean_value(&m, 0));
		genre_proba_mean_free(&m);
		genre_proba_mean_free(&twice);
	}
}

int
main(void)
{
	RUN(test_sklearn_cases);
	RUN(test_hand_binary);
	RUN(test_errors);
	RUN(test_order);
	RUN(test_proba_mean);
	RUN(test_proba_fixed_point);
	RUN(test_proba_mean_rounding);
	HARNESS_END();
}
