/*
 * roc.c - ROC curves and macro ROC-AUC in scikit-learn 1.2's arithmetic
 * (see roc.h): _binary_clf_curve, roc_curve(drop_intermediate=True), auc
 * (np.trapz), _average_binary_score and _average_multiclass_ovo_score.
 */
#include "ml/roc.h"

#include "base/alloc.h"
#include "base/npsum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct scored
{
	double		s;
	uint8_t		pos;
} scored;

/* Scratch of one computation: rows of one binary problem and its curve. */
typedef struct roc_work
{
	scored	   *rows;			/* n */
	double	   *fps;			/* n + 1 */
	double	   *tps;
	double	   *thr;
	double	   *terms;			/* n */
	double	   *pair;			/* per class or per class pair */
} roc_work;

static void
work_free(roc_work *w)
{
	genre_free(w->rows);
	genre_free(w->fps);
	genre_free(w->tps);
	genre_free(w->thr);
	genre_free(w->terms);
	genre_free(w->pair);
}

static genre_code
work_init(roc_work *w, size_t n, size_t scores, genre_status *st)
{
	memset(w, 0, sizeof(*w));
	w->rows = genre_calloc(n ? n : 1, sizeof(scored));
	w->fps = genre_calloc(n + 1, sizeof(double));
	w->tps = genre_calloc(n + 1, sizeof(double));
	w->thr = genre_calloc(n + 1, sizeof(double));
	w->terms = genre_calloc(n ? n : 1, sizeof(double));
	w->pair = genre_calloc(scores ? scores : 1, sizeof(double));
	if (!w->rows || !w->fps || !w->tps || !w->thr || !w->terms || !w->pair)
	{
		work_free(w);
		return genre_fail_nomem(st);
	}
	return GENRE_OK;
}

/* Decreasing score; the order within ties does not matter (they share a point). */
static int
by_score_desc(const void *a, const void *b)
{
	double		x = ((const scored *) a)->s;
	double		y = ((const scored *) b)->s;

	return (x < y) - (x > y);
}

/*
 * The curve of w->rows[0..m) (both kinds present) into w->fps / tps / thr:
 * cumulative counts at each distinct score, collinear points dropped,
 * (0, 0) prepended; fps and tps are then divided into rates.  Returns the
 * number of points.
 */
static size_t
curve(roc_work *w, size_t m)
{
	double	   *fps = w->fps + 1,
			   *tps = w->tps + 1,
			   *thr = w->thr + 1;
	double		tp = 0;
	size_t		L = 0,
				kept;

	qsort(w->rows, m, sizeof(scored), by_score_desc);
	for (size_t i = 0; i < m; i++)
	{
		tp += w->rows[i].pos;
		if (i + 1 == m || w->rows[i].s != w->rows[i + 1].s)
		{
			tps[L] = tp;
			fps[L] = (double) (i + 1) - tp;
			thr[L] = w->rows[i].s;
			L++;
		}
	}
	/* drop_intermediate: keep the ends and every point where the slope changes */
	if (L > 2)
	{
		kept = 1;
		for (size_t j = 1; j + 1 < L; j++)
			if (fps[j + 1] - 2 * fps[j] + fps[j - 1] != 0 ||
				tps[j + 1] - 2 * tps[j] + tps[j - 1] != 0)
			{
				fps[kept] = fps[j];
				tps[kept] = tps[j];
				thr[kept] = thr[j];
				kept++;
			}
		fps[kept] = fps[L - 1];
		tps[kept] = tps[L - 1];
		thr[kept] = thr[L - 1];
		L = kept + 1;
	}
	w->fps[0] = 0;
	w->tps[0] = 0;
	w->thr[0] = thr[0] + 1;
	{
		double		fmax = w->fps[L],
					tmax = w->tps[L];

		for (size_t j = 0; j <= L; j++)
		{
			w->fps[j] /= fmax;
			w->tps[j] /= tmax;
		}
	}
	return L + 1;
}

/* np.trapz(tpr, fpr) over the k points of the curve in w. */
static double
trapezoid(roc_work *w, size_t k)
{
	for (size_t j = 0; j + 1 < k; j++)
		w->terms[j] = (w->fps[j + 1] - w->fps[j]) * (w->tps[j + 1] + w->tps[j]) / 2.0;
	return genre_np_sum(w->terms, k - 1);
}

/* np.trapz(tpr, fpr) over the curve of w->rows[0..m). */
static double
binary_auc(roc_work *w, size_t m)
{
	return trapezoid(w, curve(w, m));
}

/* Rows valid for the multi-class scores: classes in range, finite values, every class present. */
static genre_code
check_rows(const uint32_t *actual, const double *proba, size_t n, uint32_t nc,
		   genre_status *st)
{
	size_t	   *count;
	size_t		nv;

	if (nc < 2)
		return genre_fail(st, GENRE_EINVAL, "ROC-AUC needs at least two classes");
	if (!genre_size_mul(n, nc, &nv))
		return genre_fail(st, GENRE_ELIMIT, "too many rows");
	for (size_t i = 0; i < nv; i++)
		if (!isfinite(proba[i]))
			return genre_fail(st, GENRE_EINVAL, "probability %u of row %zu is not finite",
							  (unsigned) (i % nc), i / nc + 1);
	if ((count = genre_calloc(nc, sizeof(size_t))) == NULL)
		return genre_fail_nomem(st);
	for (size_t i = 0; i < n; i++)
	{
		if (actual[i] >= nc)
		{
			genre_free(count);
			return genre_fail(st, GENRE_EINVAL, "actual class of row %zu is out of range", i + 1);
		}
		count[actual[i]]++;
	}
	for (uint32_t c = 0; c < nc; c++)
		if (count[c] == 0)
		{
			genre_free(count);
			return genre_fail(st, GENRE_EINVAL, "class %u has no row: ROC-AUC is not defined", c);
		}
	genre_free(count);
	return GENRE_OK;
}

genre_code
genre_roc_auc(const uint32_t *actual, const double *proba, size_t n, uint32_t nc,
			  genre_roc_multi multi, double *auc, genre_status *st)
{
	roc_work	w;
	genre_code	rc;
	size_t		npair;

	if ((rc = check_rows(actual, proba, n, nc, st)) != GENRE_OK)
		return rc;
	if (nc > 2)
		for (size_t i = 0; i < n; i++)
		{
			/* np.allclose(1, y_score.sum(axis=1)) */
			double		s = genre_np_sum(proba + i * nc, nc);

			if (!(fabs(1.0 - s) <= 1e-8 + 1e-5 * fabs(s)))
				return genre_fail(st, GENRE_EINVAL,
								  "probabilities of row %zu sum to %.17g, not 1", i + 1, s);
		}
	npair = multi == GENRE_ROC_OVO ? (size_t) nc * (nc - 1) / 2 : nc;
	if ((rc = work_init(&w, n, npair, st)) != GENRE_OK)
		return rc;
	if (nc == 2)
	{
		/* scikit-learn's binary case: the score of the second class */
		for (size_t i = 0; i < n; i++)
			w.rows[i] = (scored) {proba[i * 2 + 1], actual[i] == 1};
		*auc = binary_auc(&w, n);
	}
	else if (multi == GENRE_ROC_OVO)
	{
		size_t		p = 0;

		for (uint32_t a = 0; a < nc; a++)
			for (uint32_t b = a + 1; b < nc; b++)
			{
				size_t		m = 0;
				double		sa,
							sb;

				GENRE_CHECK_CANCEL(st);
				for (size_t i = 0; i < n; i++)
					if (actual[i] == a || actual[i] == b)
						w.rows[m++] = (scored) {proba[i * nc + a], actual[i] == a};
				sa = binary_auc(&w, m);
				m = 0;
				for (size_t i = 0; i < n; i++)
					if (actual[i] == a || actual[i] == b)
						w.rows[m++] = (scored) {proba[i * nc + b], actual[i] == b};
				sb = binary_auc(&w, m);
				w.pair[p++] = (sa + sb) / 2;
			}
		*auc = genre_np_sum(w.pair, npair) / (double) npair;
	}
	else
	{
		for (uint32_t c = 0; c < nc; c++)
		{
			GENRE_CHECK_CANCEL(st);
			for (size_t i = 0; i < n; i++)
				w.rows[i] = (scored) {proba[i * nc + c], actual[i] == c};
			w.pair[c] = binary_auc(&w, n);
		}
		*auc = genre_np_sum(w.pair, nc) / (double) nc;
	}
	work_free(&w);
	return GENRE_OK;
}

void
genre_roc_curve_free(genre_roc_curve *curve)
{
	genre_free(curve->fpr);
	genre_free(curve->tpr);
	genre_free(curve->thresholds);
	memset(curve, 0, sizeof(*curve));
}

genre_code
genre_roc_curve_of(const uint32_t *actual, const double *proba, size_t n, uint32_t nc,
				   uint32_t c, genre_roc_curve *out, genre_status *st)
{
	roc_work	w;
	genre_code	rc;
	size_t		pos = 0,
				k;
	size_t		nv;

	memset(out, 0, sizeof(*out));
	if (nc < 1 || c >= nc)
		return genre_fail(st, GENRE_EINVAL, "class %u is out of range", c);
	if (!genre_size_mul(n, nc, &nv))
		return genre_fail(st, GENRE_ELIMIT, "too many rows");
	for (size_t i = 0; i < n; i++)
	{
		if (actual[i] >= nc)
			return genre_fail(st, GENRE_EINVAL, "actual class of row %zu is out of range", i + 1);
		if (!isfinite(proba[i * nc + c]))
			return genre_fail(st, GENRE_EINVAL, "probability %u of row %zu is not finite", c, i + 1);
		pos += actual[i] == c;
	}
	if (pos == 0 || pos == n)
		return genre_fail(st, GENRE_EINVAL, "class %u has %s: its ROC curve is not defined",
						  c, pos == 0 ? "no row" : "every row");
	if ((rc = work_init(&w, n, 1, st)) != GENRE_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		w.rows[i] = (scored) {proba[i * nc + c], actual[i] == c};
	k = curve(&w, n);
	out->auc = trapezoid(&w, k);
	out->fpr = genre_memdup(w.fps, k * sizeof(double));
	out->tpr = genre_memdup(w.tps, k * sizeof(double));
	out->thresholds = genre_memdup(w.thr, k * sizeof(double));
	work_free(&w);
	if (!out->fpr || !out->tpr || !out->thresholds)
	{
		genre_roc_curve_free(out);
		return genre_fail_nomem(st);
	}
	out->n = k;
	return GENRE_OK;
}
