/*
 * report.c - confusion matrix and classification report (see report.h).
 *
 * The report follows precision_recall_fscore_support of scikit-learn 1.2:
 * per-class ratios in float64 with 0 for an empty denominator, F1 as
 * 2 * p * r / (p + r), macro and weighted averages as numpy sums.
 */
#include "ml/report.h"

#include "base/alloc.h"
#include "base/npsum.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static genre_code
check_classes(const genre_contingency *c, genre_status *st)
{
	if (c->nrows == 0 || c->total == 0)
		return genre_fail(st, GENRE_EBADDATA, "empty contingency table");
	if (c->nrows > GENRE_CONFUSION_MAX_CLASSES)
		return genre_fail(st, GENRE_ELIMIT,
						  "confusion matrix of %u classes exceeds the limit of %d classes",
						  c->nrows, GENRE_CONFUSION_MAX_CLASSES);
	return GENRE_OK;
}

/* Count of cell (i, i) for every class: the correct predictions. */
static void
diagonal(const genre_contingency *c, uint64_t *tp)
{
	for (uint32_t k = 0; k < c->ncells; k++)
		if (c->cell_row[k] == c->cell_col[k])
			tp[c->cell_row[k]] = c->cell_count[k];
}

genre_code
genre_confusion_json(const genre_contingency *c, genre_writer *w, genre_status *st)
{
	uint64_t	correct = 0;
	uint32_t	k = 0;

	if (check_classes(c, st) != GENRE_OK)
		return st->code;
	genre_put_text(w, "{\"labels\": [");
	for (uint32_t i = 0; i < c->nrows; i++)
	{
		if (i)
			genre_put_text(w, ", ");
		genre_put_json_string(w, c->row_label[i], c->row_len[i]);
	}
	genre_put_text(w, "], \"matrix\": [");
	/* cells are sorted by (row, col): walk them along the dense matrix */
	for (uint32_t i = 0; i < c->nrows; i++)
	{
		genre_put_text(w, i ? ", [" : "[");
		for (uint32_t j = 0; j < c->ncols; j++)
		{
			uint64_t	v = 0;

			if (k < c->ncells && c->cell_row[k] == i && c->cell_col[k] == j)
				v = c->cell_count[k++];
			if (i == j)
				correct += v;
			genre_put_text(w, j ? ", %llu" : "%llu", (unsigned long long) v);
		}
		genre_put_text(w, "]");
		if (genre_interrupted())
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
	}
	genre_put_text(w, "], \"total\": %llu, \"correct\": %llu}",
				   (unsigned long long) c->total, (unsigned long long) correct);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static int
is_reserved(const char *s, uint32_t len)
{
	static const char *const reserved[] = {"accuracy", "macro avg", "weighted avg"};

	for (int i = 0; i < 3; i++)
		if (strlen(reserved[i]) == len && memcmp(reserved[i], s, len) == 0)
			return 1;
	return 0;
}

/*
 * The shortest decimal that reads back as the same double (what Python and
 * PostgreSQL's float8out print): 0.45, not genre_put_json_number's
 * 0.45000000000000001.  Values here are finite ratios in [0, 1].
 */
static void
put_number(genre_writer *w, double v)
{
	char		buf[32];

	if (!isfinite(v))
	{
		genre_put_json_number(w, v);
		return;
	}
	for (int digits = 15; digits <= 17; digits++)
	{
		snprintf(buf, sizeof(buf), "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	genre_put_text(w, "%s", buf);
}

static void
put_scores(genre_writer *w, double p, double r, double f, uint64_t support)
{
	genre_put_text(w, "{\"precision\": ");
	put_number(w, p);
	genre_put_text(w, ", \"recall\": ");
	put_number(w, r);
	genre_put_text(w, ", \"f1-score\": ");
	put_number(w, f);
	genre_put_text(w, ", \"support\": %llu}", (unsigned long long) support);
}

genre_code
genre_report_json(const genre_contingency *c, genre_writer *w, genre_status *st)
{
	uint32_t	n = c->nrows;
	uint64_t   *true_sum = NULL,
			   *pred_sum = NULL,
			   *tp = NULL;
	double	   *prf = NULL;
	double	   *p,
			   *r,
			   *f,
			   *tmp;
	uint64_t	tp_total = 0;
	double		total = (double) c->total;

	if (check_classes(c, st) != GENRE_OK)
		return st->code;
	for (uint32_t i = 0; i < n; i++)
		if (is_reserved(c->row_label[i], c->row_len[i]))
		{
			genre_fail(st, GENRE_EINVAL,
					   "class name \"%.*s\" is a key of the report itself",
					   (int) c->row_len[i], c->row_label[i]);
			genre_status_detail(st, "the report has the keys \"accuracy\", \"macro avg\" and \"weighted avg\"");
			return st->code;
		}
	if (genre_contingency_margins(c, &true_sum, &pred_sum, st) != GENRE_OK)
		return st->code;
	tp = genre_calloc((size_t) n + 1, sizeof(uint64_t));
	prf = genre_calloc((size_t) n * 4 + 1, sizeof(double));
	if (tp == NULL || prf == NULL)
	{
		genre_free(true_sum);
		genre_free(pred_sum);
		genre_free(tp);
		genre_free(prf);
		return genre_fail_nomem(st);
	}
	p = prf;
	r = prf + n;
	f = prf + 2 * (size_t) n;
	tmp = prf + 3 * (size_t) n;
	diagonal(c, tp);

	genre_put_text(w, "{");
	for (uint32_t i = 0; i < n; i++)
	{
		double		denom;

		/* _prf_divide with zero_division=0 */
		p[i] = pred_sum[i] ? (double) tp[i] / (double) pred_sum[i] : 0.0;
		r[i] = true_sum[i] ? (double) tp[i] / (double) true_sum[i] : 0.0;
		denom = p[i] + r[i];
		if (denom == 0.0)
			denom = 1.0;
		f[i] = 2.0 * p[i] * r[i] / denom;
		tp_total += tp[i];
		genre_put_json_string(w, c->row_label[i], c->row_len[i]);
		genre_put_text(w, ": ");
		put_scores(w, p[i], r[i], f[i], true_sum[i]);
		genre_put_text(w, ", ");
	}
	/* micro precision over all labels is the accuracy */
	genre_put_text(w, "\"accuracy\": ");
	put_number(w, c->total ? (double) tp_total / total : 0.0);

	genre_put_text(w, ", \"macro avg\": ");
	put_scores(w, genre_np_sum(p, n) / n, genre_np_sum(r, n) / n, genre_np_sum(f, n) / n,
			   c->total);

	/* np.average(x, weights=support) = np.sum(x * w) / np.sum(w) */
	{
		double		avg[3];
		double	   *src[3] = {p, r, f};

		for (int m = 0; m < 3; m++)
		{
			for (uint32_t i = 0; i < n; i++)
				tmp[i] = src[m][i] * (double) true_sum[i];
			avg[m] = genre_np_sum(tmp, n) / total;
		}
		genre_put_text(w, ", \"weighted avg\": ");
		put_scores(w, avg[0], avg[1], avg[2], c->total);
	}
	genre_put_text(w, "}");

	genre_free(true_sum);
	genre_free(pred_sum);
	genre_free(tp);
	genre_free(prf);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
