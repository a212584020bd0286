/*
 * boost_train.c - options, the boosting loop (softmax / logistic gradients,
 * row and feature subsampling, class weights, early stopping on held-out
 * rows) and the serialised model (format in boost.h).
 */
#include "ml/boost.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "ml/boost_hist.h"
#include "ml/model.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define BOOST_FORMAT 1
/* loops over rows ask the host whether to stop every this many rows */
#define CANCEL_ROWS 65536
/* an improvement of the validation loss smaller than this does not count */
#define EARLY_STOP_TOL 1e-7

void
genre_boost_options_default(genre_boost_options *o)
{
	memset(o, 0, sizeof(*o));
	o->rounds = 100;
	o->learning_rate = 0.1;
	o->max_depth = 0;
	o->max_leaves = 31;
	o->min_samples_leaf = 20;
	o->l2 = 0;
	o->max_bins = 255;
	o->subsample = 1;
	o->colsample = 1;
	o->class_weight_balanced = 0;
	o->early_stopping = 0;
	o->validation_fraction = 0.1;
	o->patience = 10;
	o->seed = 0;
}

genre_code
genre_boost_options_check(const genre_boost_options *o, genre_status *st)
{
	if (o->rounds < 1 || o->rounds > GENRE_BOOST_MAX_ROUNDS)
		return genre_fail(st, GENRE_EINVAL, "option \"rounds\" must be between 1 and %d",
						  GENRE_BOOST_MAX_ROUNDS);
	if (!(o->learning_rate > 0 && o->learning_rate <= 1))
		return genre_fail(st, GENRE_EINVAL, "option \"learning_rate\" must be in (0, 1]");
	if (o->max_depth > GENRE_BOOST_MAX_DEPTH)
		return genre_fail(st, GENRE_EINVAL, "option \"max_depth\" must be between 1 and %d, or null",
						  GENRE_BOOST_MAX_DEPTH);
	if (o->max_leaves == 1 || o->max_leaves > GENRE_BOOST_MAX_LEAVES)
		return genre_fail(st, GENRE_EINVAL, "option \"max_leaves\" must be between 2 and %d, or null",
						  GENRE_BOOST_MAX_LEAVES);
	if (o->max_leaves == 0 && o->max_depth == 0)
		return genre_fail(st, GENRE_EINVAL, "option \"max_leaves\" and option \"max_depth\" cannot both be null");
	if (o->min_samples_leaf < 1)
		return genre_fail(st, GENRE_EINVAL, "option \"min_samples_leaf\" must be at least 1");
	if (!(o->l2 >= 0 && o->l2 <= 1e12))
		return genre_fail(st, GENRE_EINVAL, "option \"l2\" must be between 0 and 1e12");
	if (o->max_bins < 2 || o->max_bins > 255)
		return genre_fail(st, GENRE_EINVAL, "option \"max_bins\" must be between 2 and 255");
	if (!(o->subsample > 0 && o->subsample <= 1))
		return genre_fail(st, GENRE_EINVAL, "option \"subsample\" must be in (0, 1]");
	if (!(o->colsample > 0 && o->colsample <= 1))
		return genre_fail(st, GENRE_EINVAL, "option \"colsample\" must be in (0, 1]");
	if (o->class_weight_balanced > 1)
		return genre_fail(st, GENRE_EINVAL, "option \"class_weight\" must be \"none\" or \"balanced\"");
	if (o->early_stopping > 1)
		return genre_fail(st, GENRE_EINVAL, "option \"early_stopping\" must be true or false");
	if (!(o->validation_fraction > 0 && o->validation_fraction < 1))
		return genre_fail(st, GENRE_EINVAL, "option \"validation_fraction\" must be in (0, 1)");
	if (o->patience < 1 || o->patience > GENRE_BOOST_MAX_ROUNDS)
		return genre_fail(st, GENRE_EINVAL, "option \"patience\" must be between 1 and %d",
						  GENRE_BOOST_MAX_ROUNDS);
	return GENRE_OK;
}

/* A serialised node: relative right child, as in the payload. */
typedef struct out_node
{
	int32_t		feature;		/* -1 leaf */
	float		threshold;
	uint32_t	right;			/* relative to the tree's first node */
	double		value;
} out_node;

/* Everything one training run allocates, freed in one place. */
typedef struct train_state
{
	genre_boost_bins bins;
	genre_boost_grower *grower;
	uint8_t    *is_val;
	double	   *w;				/* per-row weight */
	double	   *raw;			/* n * tpr raw scores */
	double	   *prob;			/* n * nc probabilities */
	double	   *grad;
	double	   *hess;
	uint32_t   *fit_rows;		/* ascending */
	uint32_t   *sample;			/* this round's rows, ascending */
	uint8_t    *mark;
	uint32_t   *perm;			/* n: shuffles */
	uint32_t   *feats;			/* d */
	uint32_t   *all_feats;		/* d: draw order */
	uint32_t   *stack;			/* preorder emission */
	uint32_t   *patch;
	double	   *gain;			/* d, summed over the trees grown */
	double	   *gain_kept;		/* d, at the best round */
	out_node   *nodes;
	size_t		n_nodes;
	size_t		cap_nodes;
	uint32_t   *roots;			/* trees + 1 */
	uint32_t   *depths;			/* per tree */
} train_state;

static void
train_state_free(train_state *ts)
{
	genre_boost_bins_free(&ts->bins);
	genre_boost_grower_free(ts->grower);
	genre_free(ts->is_val);
	genre_free(ts->w);
	genre_free(ts->raw);
	genre_free(ts->prob);
	genre_free(ts->grad);
	genre_free(ts->hess);
	genre_free(ts->fit_rows);
	genre_free(ts->sample);
	genre_free(ts->mark);
	genre_free(ts->perm);
	genre_free(ts->feats);
	genre_free(ts->all_feats);
	genre_free(ts->stack);
	genre_free(ts->patch);
	genre_free(ts->gain);
	genre_free(ts->gain_kept);
	genre_free(ts->nodes);
	genre_free(ts->roots);
	genre_free(ts->depths);
}

/* Softmax of raw (n_classes values; two classes: one logit) into proba. */
void
genre_boost_softmax(const double *raw, uint32_t n_classes, double *proba)
{
	if (n_classes == 2)
	{
		/* logistic, computed on the side that cannot overflow */
		double		z = exp(-fabs(raw[0]));
		double		hi = 1.0 / (1.0 + z);
		double		lo = z / (1.0 + z);

		proba[1] = raw[0] >= 0 ? hi : lo;
		proba[0] = raw[0] >= 0 ? lo : hi;
		return;
	}
	{
		double		mx = raw[0],
					sum = 0;

		for (uint32_t c = 1; c < n_classes; c++)
			if (raw[c] > mx)
				mx = raw[c];
		for (uint32_t c = 0; c < n_classes; c++)
			sum += (proba[c] = exp(raw[c] - mx));
		for (uint32_t c = 0; c < n_classes; c++)
			proba[c] /= sum;
	}
}

/* -log p(true class) from raw scores, without forming p. */
static double
row_loss(const double *raw, uint32_t nc, uint32_t y)
{
	if (nc == 2)
	{
		double		r = raw[0];
		double		softplus = r > 0 ? r + log1p(exp(-r)) : log1p(exp(r));

		return softplus - (y == 1 ? r : 0.0);
	}
	else
	{
		double		mx = raw[0],
					sum = 0;

		for (uint32_t c = 1; c < nc; c++)
			if (raw[c] > mx)
				mx = raw[c];
		for (uint32_t c = 0; c < nc; c++)
			sum += exp(raw[c] - mx);
		return mx + log(sum) - raw[y];
	}
}

/* Most probable class from raw scores (ties: lowest index). */
static uint32_t
raw_argmax(const double *raw, uint32_t nc)
{
	uint32_t	best = 0;

	if (nc == 2)
		return raw[0] > 0 ? 1 : 0;
	for (uint32_t c = 1; c < nc; c++)
		if (raw[c] > raw[best])
			best = c;
	return best;
}

/*
 * Stratified hold-out: within each class (rows in canonical order) a seeded
 * shuffle, the first round(fraction * count) rows held out, always keeping
 * at least one row of the class for fitting.  Returns the rows held out.
 */
static size_t
choose_validation(const genre_dataset *ds, double fraction, genre_rng *rng, train_state *ts)
{
	size_t		held = 0;

	for (uint32_t c = 0; c < ds->n_classes; c++)
	{
		size_t		cnt = 0,
					k;

		for (size_t i = 0; i < ds->n; i++)
			if (ds->y[i] == c)
				ts->perm[cnt++] = (uint32_t) i;
		for (size_t i = cnt; i > 1; i--)
		{
			size_t		j = genre_rng_below(rng, i);
			uint32_t	t = ts->perm[i - 1];

			ts->perm[i - 1] = ts->perm[j];
			ts->perm[j] = t;
		}
		k = (size_t) floor(fraction * (double) cnt + 0.5);
		if (k >= cnt)
			k = cnt - 1;
		for (size_t i = 0; i < k; i++)
			ts->is_val[ts->perm[i]] = 1;
		held += k;
	}
	return held;
}

/*
 * Baseline raw scores from the weighted class shares of the fitting rows,
 * clipped to [eps, 1 - eps] (scikit-learn's fit_intercept_only): the
 * logit for two classes, else log p_k minus the mean of the logs.
 */
static void
baseline(const genre_dataset *ds, const train_state *ts, size_t n_fit, uint32_t tpr,
		 double *share, double *base)
{
	uint32_t	nc = ds->n_classes;
	double		total = 0,
				mean = 0;

	memset(share, 0, nc * sizeof(double));
	for (size_t k = 0; k < n_fit; k++)
	{
		uint32_t	i = ts->fit_rows[k];

		share[ds->y[i]] += ts->w[i];
		total += ts->w[i];
	}
	for (uint32_t c = 0; c < nc; c++)
	{
		double		p = share[c] / total;

		if (p < DBL_EPSILON)
			p = DBL_EPSILON;
		if (p > 1 - DBL_EPSILON)
			p = 1 - DBL_EPSILON;
		share[c] = log(p);
	}
	if (tpr == 1)
	{
		/* log(p1) - log(p0) = log(p1 / (1 - p1)) */
		base[0] = share[1] - share[0];
		return;
	}
	for (uint32_t c = 0; c < nc; c++)
		mean += share[c];
	mean /= nc;
	for (uint32_t c = 0; c < nc; c++)
		base[c] = share[c] - mean;
}

/* Append a tree grown by the grower in preorder (left child = next node). */
static genre_code
emit_tree(train_state *ts, const genre_boost_tnode *tn, uint32_t count, uint32_t *depth,
		  genre_status *st)
{
	size_t		root = ts->n_nodes;
	uint32_t	top = 0;

	if (ts->n_nodes + count > ts->cap_nodes)
	{
		size_t		cap = ts->cap_nodes ? ts->cap_nodes : 4096;
		out_node   *p;

		while (cap < ts->n_nodes + count)
			cap *= 2;
		p = genre_realloc(ts->nodes, cap * sizeof(out_node));
		if (p == NULL)
			return genre_fail_nomem(st);
		ts->nodes = p;
		ts->cap_nodes = cap;
	}
	*depth = 0;
	ts->stack[top] = 0;
	ts->patch[top++] = UINT32_MAX;
	while (top > 0)
	{
		uint32_t	k = ts->stack[--top];
		uint32_t	at = ts->patch[top];
		size_t		pos = ts->n_nodes++;
		out_node   *o = &ts->nodes[pos];

		if (at != UINT32_MAX)
			ts->nodes[root + at].right = (uint32_t) (pos - root);
		if (tn[k].depth > *depth)
			*depth = tn[k].depth;
		o->feature = tn[k].feature;
		o->threshold = tn[k].threshold;
		o->right = 0;
		o->value = tn[k].value;
		if (tn[k].feature >= 0)
		{
			ts->stack[top] = tn[k].right;
			ts->patch[top++] = (uint32_t) (pos - root);
			ts->stack[top] = tn[k].left;
			ts->patch[top++] = UINT32_MAX;
		}
	}
	return GENRE_OK;
}

static void
put_options(genre_writer *w, const genre_boost_options *o)
{
	genre_put_u32(w, o->rounds);
	genre_put_f64(w, o->learning_rate);
	genre_put_u32(w, o->max_depth);
	genre_put_u32(w, o->max_leaves);
	genre_put_u32(w, o->min_samples_leaf);
	genre_put_f64(w, o->l2);
	genre_put_u32(w, o->max_bins);
	genre_put_f64(w, o->subsample);
	genre_put_f64(w, o->colsample);
	genre_put_u8(w, o->class_weight_balanced);
	genre_put_u8(w, o->early_stopping);
	genre_put_f64(w, o->validation_fraction);
	genre_put_u32(w, o->patience);
	genre_put_u64(w, o->seed);
}

/* What the serialiser needs beyond the dataset and the options. */
typedef struct boost_result
{
	size_t		n_fit;
	size_t		n_val;
	uint32_t	tpr;
	uint32_t	kept;			/* rounds kept */
	uint32_t	trained;
	double		val_loss;
	double		val_acc;
	double	   *base;			/* tpr baseline raw scores */
} boost_result;

static void
serialise(genre_writer *w, const genre_dataset *ds, const genre_boost_options *o,
		  const boost_result *res, const train_state *ts)
{
	uint32_t	trees = res->kept * res->tpr;
	uint32_t	depth = 0;
	double		total = 0;

	for (uint32_t t = 0; t < trees; t++)
		if (ts->depths[t] > depth)
			depth = ts->depths[t];
	for (uint32_t f = 0; f < ds->d; f++)
		total += ts->gain_kept[f];

	genre_model_begin(w, GENRE_MODEL_BOOSTED);
	genre_put_u16(w, BOOST_FORMAT);
	genre_put_u32(w, ds->d);
	genre_put_u32(w, ds->n_classes);
	genre_put_u64(w, res->n_fit);
	genre_put_u64(w, res->n_val);
	genre_put_u32(w, res->tpr);
	genre_put_u32(w, res->kept);
	genre_put_u32(w, res->trained);
	genre_put_u32(w, depth);
	put_options(w, o);
	genre_put_f64(w, res->val_loss);
	genre_put_f64(w, res->val_acc);
	for (uint32_t c = 0; c < ds->n_classes; c++)
	{
		genre_put_u32(w, ds->class_lens[c]);
		genre_put_bytes(w, ds->class_names[c], ds->class_lens[c]);
	}
	for (uint32_t k = 0; k < res->tpr; k++)
		genre_put_f64(w, res->base[k]);
	for (uint32_t f = 0; f < ds->d; f++)
		genre_put_f64(w, total > 0 ? ts->gain_kept[f] / total : 0.0);
	for (uint32_t t = 0; t < trees; t++)
	{
		genre_put_u32(w, ts->roots[t + 1] - ts->roots[t]);
		for (size_t k = ts->roots[t]; k < ts->roots[t + 1]; k++)
		{
			const out_node *nd = &ts->nodes[k];

			if (nd->feature >= 0)
			{
				genre_put_u8(w, 0);
				genre_put_u32(w, (uint32_t) nd->feature);
				genre_put_f32(w, nd->threshold);
				genre_put_u32(w, nd->right);
			}
			else
			{
				genre_put_u8(w, 1);
				genre_put_f64(w, nd->value);
			}
		}
	}
	genre_model_finish(w);
}

/* Rows for one round: all fitting rows, or a seeded draw of round(subsample * n_fit) of them. */
static size_t
draw_rows(train_state *ts, size_t n, size_t n_fit, double subsample, genre_rng *rng)
{
	size_t		m,
				k = 0;

	if (subsample >= 1)
	{
		memcpy(ts->sample, ts->fit_rows, n_fit * sizeof(uint32_t));
		return n_fit;
	}
	m = (size_t) floor(subsample * (double) n_fit + 0.5);
	if (m < 1)
		m = 1;
	/* partial Fisher-Yates over positions, then marks to keep the rows ascending */
	for (size_t i = 0; i < n_fit; i++)
		ts->perm[i] = (uint32_t) i;
	memset(ts->mark, 0, n);
	for (size_t i = 0; i < m; i++)
	{
		size_t		j = i + genre_rng_below(rng, n_fit - i);
		uint32_t	t = ts->perm[i];

		ts->perm[i] = ts->perm[j];
		ts->perm[j] = t;
		ts->mark[ts->fit_rows[ts->perm[i]]] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (ts->mark[i])
			ts->sample[k++] = (uint32_t) i;
	return k;
}

/* Features for one tree: all, or a seeded draw of max(1, floor(colsample * d)), ascending. */
static uint32_t
draw_features(train_state *ts, uint32_t d, double colsample, genre_rng *rng)
{
	uint32_t	m;

	if (colsample >= 1)
	{
		for (uint32_t f = 0; f < d; f++)
			ts->feats[f] = f;
		return d;
	}
	m = (uint32_t) floor(colsample * d);
	if (m < 1)
		m = 1;
	for (uint32_t f = 0; f < d; f++)
		ts->all_feats[f] = f;
	for (uint32_t i = 0; i < m; i++)
	{
		uint32_t	j = i + (uint32_t) genre_rng_below(rng, d - i);
		uint32_t	t = ts->all_feats[i];

		ts->all_feats[i] = ts->all_feats[j];
		ts->all_feats[j] = t;
	}
	/* ascending, so ties between features go to the lowest index */
	memset(ts->mark, 0, d);
	for (uint32_t i = 0; i < m; i++)
		ts->mark[ts->all_feats[i]] = 1;
	m = 0;
	for (uint32_t f = 0; f < d; f++)
		if (ts->mark[f])
			ts->feats[m++] = f;
	return m;
}

genre_code
genre_boost_train(const genre_dataset *ds, const genre_boost_options *o,
				  genre_writer *out, genre_status *st)
{
	train_state ts;
	boost_result *res = NULL;
	genre_boost_grow_params gp;
	genre_rng	master;
	size_t		n = ds->n;
	uint32_t	d = ds->d;
	uint32_t	nc = ds->n_classes;
	uint32_t	tpr;
	size_t		n_fit = 0,
				n_val = 0;
	double		best_loss = INFINITY;
	uint32_t	best_round = 0;
	genre_code	rc;

	if ((rc = genre_boost_options_check(o, st)) != GENRE_OK)
		return rc;
	if (n == 0 || d == 0)
		return genre_fail(st, GENRE_EINVAL, "no training rows");
	if (nc < 2)
		return genre_fail(st, GENRE_EINVAL, "boosted trees need at least two classes, the rows have %u", nc);
	if (n > UINT32_MAX / 2)
		return genre_fail(st, GENRE_ELIMIT, "more than %u training rows", UINT32_MAX / 2);
	tpr = nc == 2 ? 1 : nc;
	if ((uint64_t) o->rounds * tpr > GENRE_BOOST_MAX_TREES)
		return genre_fail(st, GENRE_ELIMIT, "%u rounds of %u trees is more than the limit of %d trees",
						  o->rounds, tpr, GENRE_BOOST_MAX_TREES);

	memset(&ts, 0, sizeof(ts));
	res = genre_calloc(1, sizeof(boost_result));
	if (res)
		res->base = genre_calloc(tpr, sizeof(double));
	ts.is_val = genre_calloc(n, 1);
	ts.w = genre_calloc(n, sizeof(double));
	ts.raw = genre_calloc(n, (size_t) tpr * sizeof(double));
	ts.prob = genre_calloc(n, (size_t) nc * sizeof(double));
	ts.grad = genre_calloc(n, sizeof(double));
	ts.hess = genre_calloc(n, sizeof(double));
	ts.fit_rows = genre_calloc(n, sizeof(uint32_t));
	ts.sample = genre_calloc(n, sizeof(uint32_t));
	ts.mark = genre_calloc(n > d ? n : d, 1);
	ts.perm = genre_calloc(n, sizeof(uint32_t));
	ts.feats = genre_calloc(d, sizeof(uint32_t));
	ts.all_feats = genre_calloc(d, sizeof(uint32_t));
	ts.stack = genre_calloc(2 * n + 2, sizeof(uint32_t));
	ts.patch = genre_calloc(2 * n + 2, sizeof(uint32_t));
	ts.gain = genre_calloc(d, sizeof(double));
	ts.gain_kept = genre_calloc(d, sizeof(double));
	ts.roots = genre_calloc((size_t) o->rounds * tpr + 1, sizeof(uint32_t));
	ts.depths = genre_calloc((size_t) o->rounds * tpr, sizeof(uint32_t));
	if (!res || !res->base || !ts.is_val || !ts.w || !ts.raw || !ts.prob || !ts.grad || !ts.hess ||
		!ts.fit_rows || !ts.sample || !ts.mark || !ts.perm || !ts.feats || !ts.all_feats ||
		!ts.stack || !ts.patch || !ts.gain || !ts.gain_kept || !ts.roots || !ts.depths)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}

	/* balanced weights from the whole set, as scikit-learn does */
	for (size_t i = 0; i < n; i++)
		ts.w[i] = o->class_weight_balanced ?
			(double) n / ((double) nc * (double) ds->class_count[ds->y[i]]) : 1.0;

	genre_rng_seed(&master, o->seed);
	if (o->early_stopping)
	{
		genre_rng	vr;

		genre_rng_seed(&vr, genre_rng_next(&master));
		n_val = choose_validation(ds, o->validation_fraction, &vr, &ts);
		if (n_val == 0)
		{
			rc = genre_fail(st, GENRE_EINVAL, "option \"validation_fraction\" holds out no row of %zu", n);
			goto done;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!ts.is_val[i])
			ts.fit_rows[n_fit++] = (uint32_t) i;

	if ((rc = genre_boost_bin(ds->x, n, d, o->max_bins, o->early_stopping ? ts.is_val : NULL,
							  &ts.bins, st)) != GENRE_OK)
		goto done;
	gp.max_depth = o->max_depth;
	gp.max_leaves = o->max_leaves;
	gp.min_samples_leaf = o->min_samples_leaf;
	gp.l2 = o->l2;
	gp.learning_rate = o->learning_rate;
	if ((rc = genre_boost_grower_new(&ts.bins, &gp, &ts.grower, st)) != GENRE_OK)
		goto done;

	res->tpr = tpr;
	res->n_fit = n_fit;
	res->n_val = n_val;
	baseline(ds, &ts, n_fit, tpr, ts.prob, res->base);
	for (size_t i = 0; i < n; i++)
		memcpy(ts.raw + i * tpr, res->base, tpr * sizeof(double));

	res->trained = 0;
	for (uint32_t r = 0; r < o->rounds; r++)
	{
		genre_rng	rr;
		size_t		m;

		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
		genre_rng_seed(&rr, genre_rng_next(&master));
		for (size_t i = 0; i < n; i++)
		{
			if (i % CANCEL_ROWS == CANCEL_ROWS - 1 && genre_interrupted())
			{
				rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
				goto done;
			}
			genre_boost_softmax(ts.raw + i * tpr, nc, ts.prob + i * nc);
		}
		m = draw_rows(&ts, n, n_fit, o->subsample, &rr);
		for (uint32_t k = 0; k < tpr; k++)
		{
			/* binary: the tree models class 1 */
			uint32_t	cls = tpr == 1 ? 1 : k;
			uint32_t	t = r * tpr + k;
			uint32_t	nf = draw_features(&ts, d, o->colsample, &rr);
			const genre_boost_tnode *tn;
			uint32_t	count;

			for (size_t j = 0; j < m; j++)
			{
				uint32_t	i = ts.sample[j];
				double		p = ts.prob[(size_t) i * nc + cls];
				double		yk = ds->y[i] == cls ? 1.0 : 0.0;

				ts.grad[i] = ts.w[i] * (p - yk);
				ts.hess[i] = ts.w[i] * p * (1.0 - p);
			}
			if ((rc = genre_boost_grow(ts.grower, ts.sample, m, ts.grad, ts.hess, ts.feats, nf,
									   &tn, &count, ts.gain, st)) != GENRE_OK)
				goto done;
			ts.roots[t] = (uint32_t) ts.n_nodes;
			if ((rc = emit_tree(&ts, tn, count, &ts.depths[t], st)) != GENRE_OK)
				goto done;
			if (ts.n_nodes > UINT32_MAX / 2)
			{
				rc = genre_fail(st, GENRE_ELIMIT, "boosted model has more than 2^31 nodes");
				goto done;
			}
			ts.roots[t + 1] = (uint32_t) ts.n_nodes;
			for (size_t i = 0; i < n; i++)
			{
				if (i % CANCEL_ROWS == CANCEL_ROWS - 1 && genre_interrupted())
				{
					rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
					goto done;
				}
				ts.raw[i * tpr + k] += genre_boost_tree_value(tn, &ts.bins, i);
			}
		}
		res->trained = r + 1;
		if (o->early_stopping)
		{
			double		loss = 0,
						wsum = 0;
			size_t		ok = 0;

			for (size_t i = 0; i < n; i++)
				if (ts.is_val[i])
				{
					loss += ts.w[i] * row_loss(ts.raw + i * tpr, nc, ds->y[i]);
					wsum += ts.w[i];
					ok += raw_argmax(ts.raw + i * tpr, nc) == ds->y[i];
				}
			loss /= wsum;
			if (loss < best_loss - EARLY_STOP_TOL)
			{
				best_loss = loss;
				best_round = r + 1;
				res->val_loss = loss;
				res->val_acc = (double) ok / (double) n_val;
				memcpy(ts.gain_kept, ts.gain, d * sizeof(double));
			}
			else if (r + 1 - best_round >= o->patience)
				break;
		}
	}
	if (o->early_stopping)
		res->kept = best_round;	/* >= 1: the first round's loss is finite */
	else
	{
		res->kept = res->trained;
		memcpy(ts.gain_kept, ts.gain, d * sizeof(double));
	}
	serialise(out, ds, o, res, &ts);
	rc = out->failed ? genre_fail_nomem(st) : GENRE_OK;
done:
	train_state_free(&ts);
	if (res)
		genre_free(res->base);
	genre_free(res);
	return rc;
}
