/*
 * forest_train.c - bootstrap, trees, OOB accuracy, importances and the
 * serialised forest (format in forest.h).
 */
#include "ml/forest.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "ml/cart.h"
#include "ml/model.h"

#include <math.h>
#include <string.h>

#define FOREST_FORMAT 1

void
genre_forest_options_default(genre_forest_options *o)
{
	memset(o, 0, sizeof(*o));
	o->trees = 100;
	o->max_depth = 0;
	o->min_samples_leaf = 1;
	o->max_features = GENRE_MAXF_SQRT;
	o->max_features_value = 0;
	o->class_weight_balanced = 0;
	o->bootstrap = 1;
	o->seed = 0;
}

uint32_t
genre_forest_features_per_split(const genre_forest_options *o, uint32_t d)
{
	double		k;

	switch (o->max_features)
	{
		case GENRE_MAXF_SQRT:
			k = floor(sqrt((double) d));
			break;
		case GENRE_MAXF_LOG2:
			k = floor(log2((double) d));
			break;
		case GENRE_MAXF_COUNT:
			k = o->max_features_value;
			break;
		case GENRE_MAXF_FRACTION:
			k = floor(o->max_features_value * d);
			break;
		default:
			k = d;
			break;
	}
	if (!(k >= 1))
		k = 1;
	if (k > d)
		k = d;
	return (uint32_t) k;
}

genre_code
genre_forest_options_check(const genre_forest_options *o, genre_status *st)
{

	if (o->trees < 1 || o->trees > GENRE_FOREST_MAX_TREES)
		return genre_fail(st, GENRE_EINVAL, "option \"trees\" must be between 1 and %d", GENRE_FOREST_MAX_TREES);
	if (o->min_samples_leaf < 1)
		return genre_fail(st, GENRE_EINVAL, "option \"min_samples_leaf\" must be at least 1");
	if (o->max_features > GENRE_MAXF_ALL)
		return genre_fail(st, GENRE_EINVAL, "option \"max_features\" is invalid");
	if (o->max_features == GENRE_MAXF_COUNT &&
		!(o->max_features_value >= 1 && o->max_features_value <= 1e9 &&
		  o->max_features_value == floor(o->max_features_value)))
		return genre_fail(st, GENRE_EINVAL, "option \"max_features\" must be a positive integer, a fraction in (0, 1], \"sqrt\" or \"log2\"");
	if (o->max_features == GENRE_MAXF_FRACTION &&
		!(o->max_features_value > 0 && o->max_features_value <= 1))
		return genre_fail(st, GENRE_EINVAL, "option \"max_features\" must be a positive integer, a fraction in (0, 1], \"sqrt\" or \"log2\"");
	if (o->class_weight_balanced > 1 || o->bootstrap > 1)
		return genre_fail(st, GENRE_EINVAL, "boolean option out of range");
	return GENRE_OK;
}

/* Everything one training run allocates, freed in one place. */
typedef struct train_state
{
	float	   *xt;
	uint32_t   *order;
	uint64_t   *keys_tmp;		/* the presort's second buffer */
	double	   *w;
	uint32_t   *bag;
	double	   *cw;
	double	   *imp_tree;
	double	   *imp_sum;
	double	   *oob_votes;
	uint32_t   *roots;
	genre_cart_work wk;
	genre_cart_out out;
} train_state;

static void
train_state_free(train_state *ts)
{
	genre_free(ts->xt);
	genre_free(ts->order);
	genre_free(ts->keys_tmp);
	genre_free(ts->w);
	genre_free(ts->bag);
	genre_free(ts->cw);
	genre_free(ts->imp_tree);
	genre_free(ts->imp_sum);
	genre_free(ts->oob_votes);
	genre_free(ts->roots);
	genre_cart_work_free(&ts->wk);
	genre_cart_out_free(&ts->out);
}

/* rows between cancel checks in loops over the training rows */
#define CHECK_ROWS ((size_t) 1 << 16)

static genre_code
check_every(size_t i, genre_status *st)
{
	if ((i & (CHECK_ROWS - 1)) == CHECK_ROWS - 1)
		GENRE_CHECK_CANCEL(st);
	return GENRE_OK;
}

/*
 * Presort every column once: order[f * n + k] is the k-th smallest sample
 * of feature f, ties by sample index.  An LSD radix sort on the 32 ordered
 * bits of the value, stable over samples already in index order, gives the
 * order a sort of (bits << 32 | index) keys gives, in four passes with
 * cancel checks (a comparison sort of 2 M keys per column ran 0.2 s
 * unchecked, 57 columns 11 s).  keys and tmp hold n entries.
 */
static genre_code
presort(const float *xt, size_t n, uint32_t d, uint32_t *order, uint64_t *keys, uint64_t *tmp,
		genre_status *st)
{
	for (uint32_t f = 0; f < d; f++)
	{
		const float *col = xt + (size_t) f * n;
		uint32_t   *ord = order + (size_t) f * n;
		uint64_t   *a = keys,
				   *b = tmp;

		for (size_t i = 0; i < n; i++)
			a[i] = ((uint64_t) genre_cart_ordered_bits(col[i]) << 32) | i;
		for (int shift = 32; shift < 64; shift += 8)
		{
			size_t		count[257] = {0};
			uint64_t   *t;

			GENRE_CHECK_CANCEL(st);
			for (size_t i = 0; i < n; i++)
				count[((a[i] >> shift) & 0xff) + 1]++;
			if (count[((a[0] >> shift) & 0xff) + 1] == n)
				continue;		/* one value of this byte: the pass would move nothing */
			for (int v = 0; v < 256; v++)
				count[v + 1] += count[v];
			for (size_t i = 0; i < n; i++)
			{
				b[count[(a[i] >> shift) & 0xff]++] = a[i];
				if (check_every(i, st) != GENRE_OK)
					return GENRE_ECANCEL;
			}
			t = a;
			a = b;
			b = t;
		}
		for (size_t i = 0; i < n; i++)
			ord[i] = (uint32_t) (a[i] & 0xffffffffu);
	}
	return GENRE_OK;
}

/* Add the leaf distribution of training row i (column-major xt) in the tree at root. */
static void
leaf_add(const genre_cart_out *out, const float *xt, size_t n, size_t i, size_t root,
		 uint32_t nc, double *votes)
{
	const genre_forest_node *nodes = out->nodes;
	size_t		k = root;

	while (nodes[k].feature >= 0)
		k = (xt[(size_t) nodes[k].feature * n + i] <= nodes[k].threshold) ? k + 1 : nodes[k].arg;
	if (nodes[k].feature == -1)
		votes[nodes[k].arg] += 1.0;
	else
		for (uint32_t c = 0; c < nc; c++)
			votes[c] += out->values[nodes[k].arg + c];
}

static void
put_options(genre_writer *w, const genre_forest_options *o, uint32_t mtry)
{
	genre_put_u32(w, o->trees);
	genre_put_u32(w, o->max_depth);
	genre_put_u32(w, o->min_samples_leaf);
	genre_put_u8(w, o->max_features);
	genre_put_f64(w, o->max_features_value);
	genre_put_u32(w, mtry);
	genre_put_u8(w, o->class_weight_balanced);
	genre_put_u8(w, o->bootstrap);
	genre_put_u64(w, o->seed);
}

static genre_code
serialise(genre_writer *w, const genre_dataset *ds, const genre_forest_options *o,
		  uint32_t mtry, uint32_t depth, int has_oob, double oob,
		  const double *importances, const train_state *ts, genre_status *st)
{
	uint32_t	nc = ds->n_classes;

	genre_model_begin(w, GENRE_MODEL_FOREST);
	genre_put_u16(w, FOREST_FORMAT);
	genre_put_u32(w, ds->d);
	genre_put_u32(w, nc);
	genre_put_u32(w, o->trees);
	genre_put_u64(w, ds->n);
	genre_put_u32(w, depth);
	put_options(w, o, mtry);
	genre_put_u8(w, has_oob ? 1 : 0);
	genre_put_f64(w, has_oob ? oob : 0.0);
	for (uint32_t c = 0; c < nc; c++)
	{
		genre_put_u32(w, ds->class_lens[c]);
		genre_put_bytes(w, ds->class_names[c], ds->class_lens[c]);
	}
	for (uint32_t f = 0; f < ds->d; f++)
		genre_put_f64(w, importances[f]);
	for (uint32_t t = 0; t < o->trees; t++)
	{
		size_t		root = ts->roots[t];
		size_t		end = ts->roots[t + 1];

		GENRE_CHECK_CANCEL(st);
		genre_put_u32(w, (uint32_t) (end - root));
		for (size_t k = root; k < end; k++)
		{
			const genre_forest_node *nd = &ts->out.nodes[k];

			if (nd->feature >= 0)
			{
				genre_put_u8(w, 0);
				genre_put_u32(w, (uint32_t) nd->feature);
				genre_put_f32(w, nd->threshold);
				genre_put_u32(w, (uint32_t) (nd->arg - root));
			}
			else if (nd->feature == -1)
			{
				genre_put_u8(w, 1);
				genre_put_u32(w, nd->arg);
			}
			else
			{
				genre_put_u8(w, 2);
				for (uint32_t c = 0; c < nc; c++)
					genre_put_f32(w, ts->out.values[nd->arg + c]);
			}
		}
	}
	genre_model_finish(w);
	return GENRE_OK;
}

genre_code
genre_forest_train(const genre_dataset *ds, const genre_forest_options *o,
				   genre_writer *out, genre_status *st)
{
	train_state ts;
	genre_cart_data data;
	genre_rng	master;
	size_t		n = ds->n;
	uint32_t	d = ds->d;
	uint32_t	nc = ds->n_classes;
	uint32_t	depth = 0;
	uint32_t	mtry;
	size_t		nd;
	size_t		trees_counted = 0;
	size_t		oob_n = 0,
				oob_ok = 0;
	genre_code	rc;

	if ((rc = genre_forest_options_check(o, st)) != GENRE_OK)
		return rc;
	if (n == 0 || d == 0)
		return genre_fail(st, GENRE_EINVAL, "no training rows");
	if (n > UINT32_MAX / 2)
		return genre_fail(st, GENRE_ELIMIT, "more than %u training rows", UINT32_MAX / 2);
	if (!genre_size_mul(n, d, &nd) || !genre_size_mul(nd, 8, &nd))
		return genre_fail(st, GENRE_ELIMIT, "training data too large");
	mtry = genre_forest_features_per_split(o, d);

	memset(&ts, 0, sizeof(ts));
	/* both written in full below, with checks: no zeroing pass */
	ts.xt = genre_alloc(n * d * sizeof(float));
	ts.order = genre_alloc(n * d * sizeof(uint32_t));
	ts.keys_tmp = genre_alloc(n * sizeof(uint64_t));
	ts.w = genre_calloc(n, sizeof(double));
	ts.bag = genre_calloc(n, sizeof(uint32_t));
	ts.cw = genre_calloc(nc, sizeof(double));
	ts.imp_tree = genre_calloc(d, sizeof(double));
	ts.imp_sum = genre_calloc(d, sizeof(double));
	ts.roots = genre_calloc((size_t) o->trees + 1, sizeof(uint32_t));
	if (!ts.xt || !ts.order || !ts.keys_tmp || !ts.w || !ts.bag || !ts.cw || !ts.imp_tree ||
		!ts.imp_sum || !ts.roots)
	{
		train_state_free(&ts);
		return genre_fail_nomem(st);
	}
	if (o->bootstrap && (ts.oob_votes = genre_calloc_checked(n, (size_t) nc * sizeof(double), st)) == NULL)
	{
		train_state_free(&ts);
		return st->code;
	}

	/* column-major copy: a split search reads one feature of many samples */
	for (size_t i = 0, moved = 0; i < n; i++)
	{
		for (uint32_t f = 0; f < d; f++)
			ts.xt[(size_t) f * n + i] = ds->x[i * d + f];
		/* strided stores: a check every 2^18 values (about 1 ms) */
		if ((moved += d) >= ((size_t) 1 << 18))
		{
			moved = 0;
			if (genre_interrupted())
			{
				train_state_free(&ts);
				return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			}
		}
	}

	/* balanced weights from the whole training set, as scikit-learn does */
	for (uint32_t c = 0; c < nc; c++)
		ts.cw[c] = o->class_weight_balanced ?
			(double) n / ((double) nc * (double) ds->class_count[c]) : 1.0;

	data.n = n;
	data.d = d;
	data.n_classes = nc;
	data.xt = ts.xt;
	data.y = ds->y;
	data.order = ts.order;
	data.max_depth = o->max_depth;
	data.min_samples_leaf = o->min_samples_leaf;
	data.mtry = mtry;
	if ((rc = genre_cart_work_init(&ts.wk, &data, st)) != GENRE_OK)
	{
		train_state_free(&ts);
		return rc;
	}
	if ((rc = presort(ts.xt, n, d, ts.order, ts.wk.keys, ts.keys_tmp, st)) != GENRE_OK)
	{
		train_state_free(&ts);
		return rc;
	}

	genre_rng_seed(&master, o->seed);
	for (uint32_t t = 0; t < o->trees; t++)
	{
		genre_rng	rng;
		double		imp_total = 0;

		genre_rng_seed(&rng, genre_rng_next(&master));
		memset(ts.bag, 0, n * sizeof(uint32_t));
		if (o->bootstrap)
			for (size_t i = 0; i < n; i++)
				ts.bag[genre_rng_below(&rng, n)]++;
		else
			for (size_t i = 0; i < n; i++)
				ts.bag[i] = 1;
		for (size_t i = 0; i < n; i++)
			ts.w[i] = ts.bag[i] * ts.cw[ds->y[i]];

		memset(ts.imp_tree, 0, d * sizeof(double));
		ts.roots[t] = (uint32_t) ts.out.n_nodes;
		rc = genre_cart_grow(&data, ts.w, &rng, &ts.wk, &ts.out, ts.imp_tree, &depth, st);
		if (rc != GENRE_OK)
		{
			train_state_free(&ts);
			return rc;
		}
		ts.roots[t + 1] = (uint32_t) ts.out.n_nodes;

		/* scikit-learn: per-tree importances normalised, stumps-only trees skipped */
		if (ts.out.n_nodes - ts.roots[t] > 1)
		{
			for (uint32_t f = 0; f < d; f++)
				imp_total += ts.imp_tree[f];
			if (imp_total > 0)
				for (uint32_t f = 0; f < d; f++)
					ts.imp_sum[f] += ts.imp_tree[f] / imp_total;
			trees_counted++;
		}

		if (o->bootstrap)
			for (size_t i = 0; i < n; i++)
			{
				if (ts.bag[i] == 0)
					leaf_add(&ts.out, ts.xt, n, i, ts.roots[t], nc, ts.oob_votes + i * nc);
				if ((rc = check_every(i, st)) != GENRE_OK)
				{
					train_state_free(&ts);
					return rc;
				}
			}
	}

	if (trees_counted > 0)
	{
		double		total = 0;

		for (uint32_t f = 0; f < d; f++)
			total += ts.imp_sum[f];
		for (uint32_t f = 0; f < d; f++)
			ts.imp_sum[f] = total > 0 ? ts.imp_sum[f] / total : 0.0;
	}

	if (o->bootstrap)
		for (size_t i = 0; i < n; i++)
		{
			const double *v = ts.oob_votes + i * nc;
			uint32_t	best = 0;
			double		sum = 0;

			for (uint32_t c = 0; c < nc; c++)
			{
				sum += v[c];
				if (v[c] > v[best])
					best = c;
			}
			if (sum > 0)
			{
				oob_n++;
				oob_ok += (best == ds->y[i]);
			}
		}

	rc = serialise(out, ds, o, mtry, depth, oob_n > 0, oob_n ? (double) oob_ok / oob_n : 0.0,
				   ts.imp_sum, &ts, st);
	train_state_free(&ts);
	if (rc == GENRE_OK && out->failed)
		return genre_fail_nomem(st);
	return rc;
}
