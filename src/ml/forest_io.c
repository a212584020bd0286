/*
 * forest_io.c - load (validate), predict with and describe a serialised
 * forest (format in forest.h), and the forest's row of the model-kind
 * table.  Every count, index and value is checked before use: a crafted
 * model fails with EBADDATA, never reads out of bounds.
 */
#include "ml/forest.h"

#include "base/alloc.h"
#include "ml/tree_walk.h"

#include <math.h>
#include <string.h>

#define FOREST_FORMAT 1
#define NODE_SPLIT 0
#define NODE_PURE 1
#define NODE_MIXED 2
/* bytes of the smallest node (a pure leaf): bounds a crafted node count */
#define MIN_NODE_BYTES 5

void
genre_forest_free(genre_forest *f)
{
	if (f == NULL)
		return;
	if (f->class_names)
		for (uint32_t c = 0; c < f->n_classes; c++)
			genre_free(f->class_names[c]);
	genre_free(f->class_names);
	genre_free(f->class_lens);
	genre_free(f->importances);
	genre_free(f->roots);
	genre_free(f->nodes);
	genre_free(f->steps);
	genre_free(f->values);
	genre_free(f);
}

static void *
bad(genre_forest *f, uint32_t *stack, genre_status *st, const char *what)
{
	genre_free(stack);
	genre_forest_free(f);
	genre_fail(st, GENRE_EBADDATA, "invalid forest model: %s", what);
	return NULL;
}

int
genre_tree_check_preorder(const genre_forest_node *nodes, size_t root, size_t end, uint32_t *stack,
			   uint32_t *depth_out)
{
	size_t		top = 0;
	size_t		k = root;
	uint32_t	depth = 0;

	/* stack holds the right children still to visit, each with its depth */
	for (;;)
	{
		if (k >= end)
			return 0;
		if (nodes[k].feature >= 0)
		{
			if (top + 2 > 2 * (end - root))
				return 0;
			stack[top++] = nodes[k].arg;
			stack[top++] = depth + 1;
			k++;
			depth++;
		}
		else
		{
			if (depth > *depth_out)
				*depth_out = depth;
			k++;
			if (top == 0)
				break;
			/* the next right child must start exactly where this subtree ended */
			depth = stack[--top];
			if (stack[--top] != k)
				return 0;
		}
	}
	return k == end;
}

void *
genre_forest_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_reader r;
	genre_forest *f = genre_calloc(1, sizeof(genre_forest));
	genre_forest_options *o;
	uint32_t   *stack = NULL;
	size_t		node_cap = 0,
				value_cap = 0;
	uint32_t	depth = 0;

	if (f == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	genre_reader_init(&r, payload, len);
	if (genre_get_u16(&r) != FOREST_FORMAT)
		return bad(f, stack, st, "unsupported forest format");
	f->n_features = genre_get_u32(&r);
	f->n_classes = genre_get_u32(&r);
	f->n_trees = genre_get_u32(&r);
	f->n_samples = genre_get_u64(&r);
	f->depth = genre_get_u32(&r);
	o = &f->options;
	o->trees = genre_get_u32(&r);
	o->max_depth = genre_get_u32(&r);
	o->min_samples_leaf = genre_get_u32(&r);
	o->max_features = genre_get_u8(&r);
	o->max_features_value = genre_get_f64(&r);
	f->features_per_split = genre_get_u32(&r);
	o->class_weight_balanced = genre_get_u8(&r);
	o->bootstrap = genre_get_u8(&r);
	o->seed = genre_get_u64(&r);
	f->has_oob = genre_get_u8(&r);
	f->oob_accuracy = genre_get_f64(&r);
	if (r.failed)
		return bad(f, stack, st, "truncated header");
	if (f->n_features < 1 || f->n_features > INT32_MAX)
		return bad(f, stack, st, "feature count out of range");
	if (f->n_classes < 1 || f->n_classes > 65535)
		return bad(f, stack, st, "class count out of range");
	if (f->n_trees < 1 || f->n_trees != o->trees)
		return bad(f, stack, st, "tree count out of range");
	if (f->n_samples < 1)
		return bad(f, stack, st, "sample count out of range");
	if (genre_forest_options_check(o, st) != GENRE_OK ||
		f->features_per_split != genre_forest_features_per_split(o, f->n_features))
		return bad(f, stack, st, "options out of range");
	if (f->has_oob > 1 || !isfinite(f->oob_accuracy) || f->oob_accuracy < 0 || f->oob_accuracy > 1)
		return bad(f, stack, st, "out-of-bag accuracy out of range");

	if (!genre_reader_can_read(&r, f->n_classes, 4) ||
		!genre_reader_can_read(&r, f->n_features, 8) ||
		!genre_reader_can_read(&r, f->n_trees, 4 + MIN_NODE_BYTES))
		return bad(f, stack, st, "counts exceed the model size");
	f->class_names = genre_calloc(f->n_classes, sizeof(char *));
	f->class_lens = genre_calloc(f->n_classes, sizeof(uint32_t));
	f->importances = genre_calloc(f->n_features, sizeof(double));
	f->roots = genre_calloc((size_t) f->n_trees + 1, sizeof(uint32_t));
	if (!f->class_names || !f->class_lens || !f->importances || !f->roots)
	{
		genre_forest_free(f);
		genre_fail_nomem(st);
		return NULL;
	}
	for (uint32_t c = 0; c < f->n_classes; c++)
	{
		uint32_t	n = genre_get_u32(&r);
		const char *s = genre_get_bytes(&r, n);

		if (s == NULL)
			return bad(f, stack, st, "truncated class label");
		if (memchr(s, '\0', n) != NULL)
			return bad(f, stack, st, "class label contains a NUL byte");
		if (c > 0)
		{
			uint32_t	pl = f->class_lens[c - 1];
			int			cmp = memcmp(f->class_names[c - 1], s, pl < n ? pl : n);

			if (cmp > 0 || (cmp == 0 && pl >= n))
				return bad(f, stack, st, "class labels are not sorted and unique");
		}
		f->class_names[c] = genre_alloc((size_t) n + 1);
		if (f->class_names[c] == NULL)
		{
			genre_forest_free(f);
			genre_fail_nomem(st);
			return NULL;
		}
		memcpy(f->class_names[c], s, n);
		f->class_names[c][n] = '\0';
		f->class_lens[c] = n;
	}
	{
		double		sum = 0;

		for (uint32_t i = 0; i < f->n_features; i++)
		{
			double		v = genre_get_f64(&r);

			if (!isfinite(v) || v < 0 || v > 1)
				return bad(f, stack, st, "feature importance out of range");
			f->importances[i] = v;
			sum += v;
		}
		if (sum > 1.0 + 1e-6)
			return bad(f, stack, st, "feature importances sum to more than 1");
	}

	for (uint32_t t = 0; t < f->n_trees; t++)
	{
		uint32_t	count = genre_get_u32(&r);
		size_t		root = f->n_nodes;

		if (r.failed || count == 0 || !genre_reader_can_read(&r, count, MIN_NODE_BYTES))
			return bad(f, stack, st, "node count exceeds the model size");
		if (f->n_nodes + count > UINT32_MAX)
			return bad(f, stack, st, "too many nodes");
		if (f->n_nodes + count > node_cap)
		{
			size_t		cap = node_cap ? node_cap : 1024;
			genre_forest_node *p;
			uint32_t   *s;

			while (cap < f->n_nodes + count)
				cap *= 2;
			p = genre_realloc(f->nodes, cap * sizeof(*p));
			if (p)
				f->nodes = p;
			s = p ? genre_realloc(stack, 2 * cap * sizeof(uint32_t)) : NULL;
			if (s == NULL)
			{
				genre_free(stack);
				genre_forest_free(f);
				genre_fail_nomem(st);
				return NULL;
			}
			stack = s;
			node_cap = cap;
		}
		f->roots[t] = (uint32_t) root;
		for (uint32_t k = 0; k < count; k++)
		{
			genre_forest_node *nd = &f->nodes[root + k];
			uint8_t		tag = genre_get_u8(&r);

			if (tag == NODE_SPLIT)
			{
				uint32_t	feat = genre_get_u32(&r);
				float		thr = genre_get_f32(&r);
				uint32_t	right = genre_get_u32(&r);

				if (r.failed)
					break;
				if (feat >= f->n_features)
				{
					return bad(f, stack, st, "split feature index out of range");
				}
				if (!isfinite(thr))
				{
					return bad(f, stack, st, "split threshold is not finite");
				}
				if (right <= k + 1 || right >= count)
				{
					return bad(f, stack, st, "child node index out of range");
				}
				nd->feature = (int32_t) feat;
				nd->threshold = thr;
				nd->arg = (uint32_t) (root + right);
			}
			else if (tag == NODE_PURE)
			{
				uint32_t	c = genre_get_u32(&r);

				if (r.failed)
					break;
				if (c >= f->n_classes)
				{
					return bad(f, stack, st, "leaf class index out of range");
				}
				nd->feature = -1;
				nd->threshold = 0;
				nd->arg = c;
			}
			else if (tag == NODE_MIXED)
			{
				double		sum = 0;
				float	   *v;

				if (!genre_reader_can_read(&r, f->n_classes, 4))
				{
					r.failed = 1;
					break;
				}
				if (f->n_values + f->n_classes > value_cap)
				{
					size_t		cap = value_cap ? value_cap * 2 : 1024;
					float	   *p;

					while (cap < f->n_values + f->n_classes)
						cap *= 2;
					p = genre_realloc(f->values, cap * sizeof(float));
					if (p == NULL)
					{
						genre_free(stack);
						genre_forest_free(f);
						genre_fail_nomem(st);
						return NULL;
					}
					f->values = p;
					value_cap = cap;
				}
				v = f->values + f->n_values;
				for (uint32_t c = 0; c < f->n_classes; c++)
				{
					v[c] = genre_get_f32(&r);
					if (!isfinite(v[c]) || v[c] < 0 || v[c] > 1)
					{
						return bad(f, stack, st, "leaf probability out of range");
					}
					sum += v[c];
				}
				if (fabs(sum - 1.0) > 1e-3)
				{
					return bad(f, stack, st, "leaf probabilities do not sum to 1");
				}
				if (f->n_values > (size_t) (GENRE_FOREST_MIXED - 1) - f->n_classes)
				{
					return bad(f, stack, st, "too many leaf values");
				}
				nd->feature = -2;
				nd->threshold = 0;
				nd->arg = (uint32_t) f->n_values;
				f->n_values += f->n_classes;
			}
			else
			{
				return bad(f, stack, st, "unknown node tag");
			}
		}
		if (r.failed)
		{
			return bad(f, stack, st, "truncated tree");
		}
		f->n_nodes += count;
		if (!genre_tree_check_preorder(f->nodes, root, f->n_nodes, stack, &depth))
		{
			return bad(f, stack, st, "nodes do not form a tree");
		}
	}
	genre_free(stack);
	stack = NULL;
	f->roots[f->n_trees] = (uint32_t) f->n_nodes;
	if (genre_reader_remaining(&r) != 0)
		return bad(f, stack, st, "trailing bytes after the last tree");
	if (depth != f->depth)
		return bad(f, stack, st, "recorded depth does not match the trees");
	f->steps = genre_alloc(f->n_nodes * sizeof(genre_forest_step));
	if (f->steps == NULL)
	{
		genre_forest_free(f);
		genre_fail_nomem(st);
		return NULL;
	}
	for (size_t k = 0; k < f->n_nodes; k++)
	{
		const genre_forest_node *nd = &f->nodes[k];
		genre_forest_step *sp = &f->steps[k];

		if (nd->feature >= 0)
		{
			sp->threshold = nd->threshold;
			sp->feature = (uint32_t) nd->feature;
			sp->right = nd->arg;
			sp->leaf = 0;
		}
		else
		{
			sp->threshold = NAN;
			sp->feature = 0;
			sp->right = (uint32_t) k;
			sp->leaf = nd->feature == -1 ? nd->arg : GENRE_FOREST_MIXED | nd->arg;
		}
	}
	return f;
}

/*
 * Sum the leaf distributions of all trees for x into acc (n_classes, zeroed
 * here), adding them in tree order.  A group of trees stops once none of
 * them moved (each is at its leaf).
 */
static void
sum_leaves(const genre_forest *f, const float *x, double *acc)
{
	const genre_forest_step *steps = f->steps;
	uint32_t	nc = f->n_classes;
	uint32_t	t = 0;

	memset(acc, 0, nc * sizeof(double));
	while (t < f->n_trees)
	{
		uint32_t	g = f->n_trees - t < GENRE_WALK_GROUP ? f->n_trees - t : GENRE_WALK_GROUP;
		uint32_t	k[GENRE_WALK_GROUP];

		genre_walk_group(steps, f->roots + t, g, x, k);
		for (uint32_t i = 0; i < g; i++)
		{
			uint32_t	leaf = steps[k[i]].leaf;

			if (!(leaf & GENRE_FOREST_MIXED))
				acc[leaf] += 1.0;
			else
			{
				const float *v = f->values + (leaf & ~GENRE_FOREST_MIXED);

				for (uint32_t c = 0; c < nc; c++)
					acc[c] += v[c];
			}
		}
		t += g;
	}
}

void
genre_forest_proba(const genre_forest *f, const float *x, double *proba)
{
	sum_leaves(f, x, proba);
	for (uint32_t c = 0; c < f->n_classes; c++)
		proba[c] /= f->n_trees;
}

static void
forest_proba(const void *model, const float *x, double *proba)
{
	genre_forest_proba(model, x, proba);
}

static void
forest_classifier(const void *object, genre_classifier *view)
{
	const genre_forest *f = object;

	view->model = f;
	view->n_features = f->n_features;
	view->n_classes = f->n_classes;
	view->class_names = f->class_names;
	view->class_lens = f->class_lens;
	view->importances = f->importances;
	view->proba = forest_proba;
}

uint32_t
genre_forest_predict(const genre_forest *f, const float *x, double *scratch)
{
	genre_classifier c;

	forest_classifier(f, &c);
	return genre_classifier_predict(&c, x, scratch);
}

static const char *
max_features_name(const genre_forest_options *o)
{
	switch (o->max_features)
	{
		case GENRE_MAXF_SQRT:
			return "sqrt";
		case GENRE_MAXF_LOG2:
			return "log2";
	}
	return NULL;
}

static genre_code
forest_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_forest *f = object;
	const genre_forest_options *o = &f->options;
	const char *mf;

	genre_put_text(w, "{\"kind\": \"forest\", \"classes\": [");
	for (uint32_t c = 0; c < f->n_classes; c++)
	{
		if (c)
			genre_put_text(w, ", ");
		genre_put_json_string(w, f->class_names[c], f->class_lens[c]);
	}
	genre_put_text(w, "], \"trees\": %u, \"depth\": %u, \"nodes\": %zu, \"n_features\": %u, "
				   "\"n_samples\": %llu, \"features_per_split\": %u, \"oob_accuracy\": ",
				   f->n_trees, f->depth, f->n_nodes, f->n_features,
				   (unsigned long long) f->n_samples, f->features_per_split);
	if (f->has_oob)
		genre_put_json_number(w, f->oob_accuracy);
	else
		genre_put_text(w, "null");
	genre_put_text(w, ", \"importances\": [");
	for (uint32_t i = 0; i < f->n_features; i++)
	{
		if (i)
			genre_put_text(w, ", ");
		genre_put_json_number(w, f->importances[i]);
	}
	genre_put_text(w, "], \"options\": {\"trees\": %u, \"max_depth\": ", o->trees);
	if (o->max_depth)
		genre_put_text(w, "%u", o->max_depth);
	else
		genre_put_text(w, "null");
	genre_put_text(w, ", \"min_samples_leaf\": %u, \"max_features\": ", o->min_samples_leaf);
	mf = max_features_name(o);
	if (mf)
		genre_put_text(w, "\"%s\"", mf);
	else if (o->max_features == GENRE_MAXF_ALL)
		genre_put_text(w, "null");
	else
		genre_put_json_number(w, o->max_features_value);
	genre_put_text(w, ", \"class_weight\": \"%s\", \"bootstrap\": %s, \"seed\": %lld}}",
				   o->class_weight_balanced ? "balanced" : "none",
				   o->bootstrap ? "true" : "false", (long long) o->seed);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static void
forest_free(void *object)
{
	genre_forest_free(object);
}

static size_t
forest_size(const void *object)
{
	const genre_forest *f = object;
	size_t		size = sizeof(genre_forest);

	for (uint32_t c = 0; c < f->n_classes; c++)
		size += sizeof(char *) + sizeof(uint32_t) + f->class_lens[c] + 1;
	size += (size_t) f->n_features * sizeof(double) + (size_t) f->n_trees * sizeof(uint32_t);
	size += f->n_nodes * (sizeof(genre_forest_node) + sizeof(genre_forest_step));
	return size + f->n_values * sizeof(float);
}

const genre_model_kind_ops genre_forest_kind = {
	.kind = GENRE_MODEL_FOREST,
	.name = "forest",
	.load = genre_forest_load,
	.free = forest_free,
	.describe = forest_describe,
	.size = forest_size,
	.classifier = forest_classifier,
};
