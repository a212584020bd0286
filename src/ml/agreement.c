/*
 * agreement.c - adjusted Rand index and normalized mutual information over a
 * contingency table (sklearn/metrics/cluster/_supervised.py, 1.2).
 *
 * The pair counts of ARI are integers up to n^2; sklearn turns them into
 * Python integers so nothing overflows, and so do we with 128-bit integers
 * (exact while n < 2^31; long double above).  NMI repeats numpy's float64
 * operations in the same order, including its pairwise sums.
 */
#include "ml/agreement.h"

#include "base/alloc.h"
#include "base/npsum.h"

#include <float.h>
#include <math.h>

typedef __int128 i128;

static double
adjusted_rand(const genre_contingency *c, const uint64_t *rows, const uint64_t *cols)
{
	uint64_t	n = c->total;

	if (n < ((uint64_t) 1 << 31))
	{
		i128		ss = 0,
					sr = 0,
					sc = 0,
					nn = (i128) n;
		i128		tn,
					fp,
					fn,
					tp;

		for (uint32_t i = 0; i < c->ncells; i++)
			ss += (i128) c->cell_count[i] * c->cell_count[i];
		for (uint32_t i = 0; i < c->nrows; i++)
			sr += (i128) rows[i] * rows[i];
		for (uint32_t j = 0; j < c->ncols; j++)
			sc += (i128) cols[j] * cols[j];
		tp = ss - nn;
		fp = sc - ss;
		fn = sr - ss;
		tn = nn * nn - fp - fn - ss;
		if (fn == 0 && fp == 0)
			return 1.0;
		return 2.0 * (double) (tp * tn - fn * fp) /
			(double) ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
	}
	else
	{
		long double ss = 0,
					sr = 0,
					sc = 0,
					nn = (long double) n;
		long double tn,
					fp,
					fn,
					tp;

		for (uint32_t i = 0; i < c->ncells; i++)
			ss += (long double) c->cell_count[i] * c->cell_count[i];
		for (uint32_t i = 0; i < c->nrows; i++)
			sr += (long double) rows[i] * rows[i];
		for (uint32_t j = 0; j < c->ncols; j++)
			sc += (long double) cols[j] * cols[j];
		tp = ss - nn;
		fp = sc - ss;
		fn = sr - ss;
		tn = nn * nn - fp - fn - ss;
		if (fn == 0 && fp == 0)
			return 1.0;
		return (double) (2.0L * (tp * tn - fn * fp) /
						 ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)));
	}
}

genre_code
genre_adjusted_rand(const genre_contingency *c, double *out, genre_status *st)
{
	uint64_t   *rows,
			   *cols;

	if (genre_contingency_margins(c, &rows, &cols, st) != GENRE_OK)
		return st->code;
	*out = adjusted_rand(c, rows, cols);
	genre_free(rows);
	genre_free(cols);
	return GENRE_OK;
}

/* sklearn's entropy() of a labeling given its label counts (all > 0). */
static double
entropy_of(const uint64_t *counts, uint32_t k, double *tmp)
{
	double		sum,
				lsum;

	if (k == 1)
		return 0.0;
	for (uint32_t i = 0; i < k; i++)
		tmp[i] = (double) counts[i];
	sum = genre_np_sum(tmp, k);
	lsum = log(sum);
	for (uint32_t i = 0; i < k; i++)
		tmp[i] = ((double) counts[i] / sum) * (log((double) counts[i]) - lsum);
	return -genre_np_sum(tmp, k);
}

genre_code
genre_normalized_mutual_info(const genre_contingency *c, double *out, genre_status *st)
{
	uint64_t   *rows,
			   *cols;
	double	   *tmp;
	double		csum,
				lcsum,
				lpi,
				lpj,
				mi,
				h_true,
				h_pred;
	size_t		ntmp;

	/* both labelings have one label (or none): a perfect match */
	if (c->nrows == c->ncols && c->nrows <= 1)
	{
		*out = 1.0;
		return GENRE_OK;
	}
	/* one side has a single label: MI is 0 */
	if (c->nrows == 1 || c->ncols == 1)
	{
		*out = 0.0;
		return GENRE_OK;
	}
	if (genre_contingency_margins(c, &rows, &cols, st) != GENRE_OK)
		return st->code;
	ntmp = c->ncells;
	if (c->nrows > ntmp)
		ntmp = c->nrows;
	if (c->ncols > ntmp)
		ntmp = c->ncols;
	tmp = genre_calloc(ntmp, sizeof(double));
	if (tmp == NULL)
	{
		genre_free(rows);
		genre_free(cols);
		return genre_fail_nomem(st);
	}

	/* contingency_sum, pi.sum() and pj.sum() are all the row count (exact in float64) */
	csum = (double) c->total;
	lcsum = log(csum);
	lpi = log(csum);
	lpj = log(csum);
	for (uint32_t k = 0; k < c->ncells; k++)
	{
		double		nz = (double) c->cell_count[k];
		double		nm = nz / csum;
		double		outer = (double) ((unsigned __int128) rows[c->cell_row[k]] * cols[c->cell_col[k]]);
		double		log_outer = -log(outer) + lpi + lpj;
		double		v = nm * (log(nz) - lcsum) + nm * log_outer;

		tmp[k] = fabs(v) < DBL_EPSILON ? 0.0 : v;
	}
	mi = genre_np_sum(tmp, c->ncells);
	if (mi < 0.0)
		mi = 0.0;
	if (mi == 0.0)
		*out = 0.0;
	else
	{
		h_true = entropy_of(rows, c->nrows, tmp);
		h_pred = entropy_of(cols, c->ncols, tmp);
		/* MI <= min(H) <= their mean; float64 rounding (counts past 2^53) can break that */
		*out = fmin(mi / ((h_true + h_pred) / 2.0), 1.0);
	}
	genre_free(tmp);
	genre_free(rows);
	genre_free(cols);
	return GENRE_OK;
}
