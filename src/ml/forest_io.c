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
	genre_free(f->steps);
	genre_free(f->features);
	genre_free(f->leaves);
	genre_free(f->group_rounds);
	genre_free(f->values);
	genre_free(f);
}

/* Scratch of the loader: one tree at a time, as parsed (preorder, local indices). */
typedef struct tree_scratch
{
	genre_forest_node *nodes;
	uint32_t   *stack;			/* 2 per node: check_preorder */
	uint32_t   *queue;			/* 1 per node: the breadth-first order */
} tree_scratch;

static void
scratch_free(tree_scratch *s)
{
	genre_free(s->nodes);
	genre_free(s->stack);
	genre_free(s->queue);
}

static void *
bad(genre_forest *f, tree_scratch *s, genre_status *st, const char *what)
{
	scratch_free(s);
	genre_forest_free(f);
	genre_fail(st, GENRE_EBADDATA, "invalid forest model: %s", what);
	return NULL;
}

static void *
nomem(genre_forest *f, tree_scratch *s, genre_status *st)
{
	scratch_free(s);
	genre_forest_free(f);
	genre_fail_nomem(st);
	return NULL;
}

int
genre_tree_check_preorder(const genre_forest_node *nodes, size_t end, uint32_t *stack,
						  uint32_t *depth_out)
{
	size_t		top = 0;
	size_t		k = 0;
	uint32_t	depth = 0;

	/* stack holds the right children still to visit, each with its depth */
	for (;;)
	{
		if (k >= end)
			return 0;
		if (nodes[k].feature >= 0)
		{
			if (top + 2 > 2 * end)
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

/*
 * Read the header up to the class labels into f; NULL, or what is wrong.
 * Reads only numbers, so the size estimate can use it on a stack forest.
 */
static const char *
read_header(genre_reader *r, genre_forest *f, genre_status *st)
{
	genre_forest_options *o = &f->options;

	if (genre_get_u16(r) != FOREST_FORMAT)
		return "unsupported forest format";
	f->n_features = genre_get_u32(r);
	f->n_classes = genre_get_u32(r);
	f->n_trees = genre_get_u32(r);
	f->n_samples = genre_get_u64(r);
	f->depth = genre_get_u32(r);
	o->trees = genre_get_u32(r);
	o->max_depth = genre_get_u32(r);
	o->min_samples_leaf = genre_get_u32(r);
	o->max_features = genre_get_u8(r);
	o->max_features_value = genre_get_f64(r);
	f->features_per_split = genre_get_u32(r);
	o->class_weight_balanced = genre_get_u8(r);
	o->bootstrap = genre_get_u8(r);
	o->seed = genre_get_u64(r);
	f->has_oob = genre_get_u8(r);
	f->oob_accuracy = genre_get_f64(r);
	if (r->failed)
		return "truncated header";
	if (f->n_features < 1 || f->n_features > INT32_MAX)
		return "feature count out of range";
	if (f->n_classes < 1 || f->n_classes > 65535)
		return "class count out of range";
	if (f->n_trees < 1 || f->n_trees != o->trees)
		return "tree count out of range";
	if (f->n_samples < 1)
		return "sample count out of range";
	if (genre_forest_options_check(o, st) != GENRE_OK ||
		f->features_per_split != genre_forest_features_per_split(o, f->n_features))
		return "options out of range";
	if (f->has_oob > 1 || !isfinite(f->oob_accuracy) || f->oob_accuracy < 0 || f->oob_accuracy > 1)
		return "out-of-bag accuracy out of range";
	if (!genre_reader_can_read(r, f->n_classes, 4) ||
		!genre_reader_can_read(r, f->n_features, 8) ||
		!genre_reader_can_read(r, f->n_trees, 4 + MIN_NODE_BYTES))
		return "counts exceed the model size";
	return NULL;
}

/* What the trees of a payload hold, counted without allocating. */
typedef struct tree_counts
{
	size_t		nodes;
	size_t		values;
	uint32_t	largest;		/* nodes of the largest tree */
	int			complete;		/* every tree was read to its end */
} tree_counts;

/*
 * Count the nodes and mixed-leaf values of n_trees trees from r (a copy:
 * the caller's reader does not move).  Stops at the first malformed tree,
 * counting its declared nodes, so the loader, which reads the same bytes
 * with every check, has room to get as far and say what is wrong.
 */
static void
count_trees(genre_reader r, uint32_t n_trees, uint32_t n_classes, tree_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t t = 0; t < n_trees; t++)
	{
		uint32_t	count = genre_get_u32(&r);

		if (r.failed || count == 0 || !genre_reader_can_read(&r, count, MIN_NODE_BYTES) ||
			out->nodes + count > UINT32_MAX)
			return;
		out->nodes += count;
		if (count > out->largest)
			out->largest = count;
		for (uint32_t k = 0; k < count; k++)
		{
			uint8_t		tag = genre_get_u8(&r);
			size_t		skip = tag == NODE_SPLIT ? 12 : tag == NODE_PURE ? 4 :
				tag == NODE_MIXED ? (size_t) n_classes * 4 : 0;

			if (skip == 0 || genre_get_bytes(&r, skip) == NULL)
				return;
			if (tag == NODE_MIXED)
				out->values += n_classes;
		}
	}
	out->complete = 1;
}

size_t
genre_forest_loaded_size(const unsigned char *payload, size_t len)
{
	genre_reader r;
	genre_forest f;
	genre_status st;
	tree_counts tc;
	size_t		size = sizeof(genre_forest);

	memset(&f, 0, sizeof(f));
	genre_reader_init(&r, payload, len);
	if (read_header(&r, &f, &st) != NULL)
		return 0;
	for (uint32_t c = 0; c < f.n_classes; c++)
	{
		uint32_t	n = genre_get_u32(&r);

		if (genre_get_bytes(&r, n) == NULL)
			return 0;
		size += sizeof(char *) + sizeof(uint32_t) + n + 1;
	}
	if (genre_get_bytes(&r, (size_t) f.n_features * 8) == NULL)
		return 0;
	count_trees(r, f.n_trees, f.n_classes, &tc);
	if (!tc.complete)
		return 0;
	size += (size_t) f.n_features * sizeof(double);
	size += ((size_t) f.n_trees + 1) * sizeof(uint32_t);
	size += ((size_t) f.n_trees / GENRE_FOREST_LANES + 1) * sizeof(uint32_t);
	size += tc.nodes * (sizeof(genre_forest_step) + 2 * sizeof(uint32_t)) + tc.values * sizeof(float);
	/* the loader's scratch for the largest tree, held while it works */
	return size + (size_t) tc.largest * (sizeof(genre_forest_node) + 3 * sizeof(uint32_t));
}

/*
 * Parse the count nodes of one tree (preorder, right children as indices in
 * the tree) into s->nodes, mixed-leaf values appended to f->values; NULL,
 * or what is wrong.
 */
static const char *
read_tree(genre_reader *r, genre_forest *f, uint32_t count, size_t value_cap, tree_scratch *s)
{
	for (uint32_t k = 0; k < count; k++)
	{
		genre_forest_node *nd = &s->nodes[k];
		uint8_t		tag = genre_get_u8(r);

		if (tag == NODE_SPLIT)
		{
			uint32_t	feat = genre_get_u32(r);
			float		thr = genre_get_f32(r);
			uint32_t	right = genre_get_u32(r);

			if (r->failed)
				return "truncated tree";
			if (feat >= f->n_features)
				return "split feature index out of range";
			if (!isfinite(thr))
				return "split threshold is not finite";
			if (right <= k + 1 || right >= count)
				return "child node index out of range";
			nd->feature = (int32_t) feat;
			nd->threshold = thr;
			nd->arg = right;
		}
		else if (tag == NODE_PURE)
		{
			uint32_t	c = genre_get_u32(r);

			if (r->failed)
				return "truncated tree";
			if (c >= f->n_classes)
				return "leaf class index out of range";
			nd->feature = -1;
			nd->threshold = 0;
			nd->arg = c;
		}
		else if (tag == NODE_MIXED)
		{
			double		sum = 0;
			float	   *v;

			if (!genre_reader_can_read(r, f->n_classes, 4))
				return "truncated tree";
			if (f->n_values + f->n_classes > value_cap || f->values == NULL)
				return "truncated tree";	/* not what count_trees saw: cannot happen */
			v = f->values + f->n_values;
			for (uint32_t c = 0; c < f->n_classes; c++)
			{
				v[c] = genre_get_f32(r);
				if (!isfinite(v[c]) || v[c] < 0 || v[c] > 1)
					return "leaf probability out of range";
				sum += v[c];
			}
			if (fabs(sum - 1.0) > 1e-3)
				return "leaf probabilities do not sum to 1";
			if (f->n_values > (size_t) (GENRE_FOREST_MIXED - 1) - f->n_classes)
				return "too many leaf values";
			nd->feature = -2;
			nd->threshold = 0;
			nd->arg = (uint32_t) f->n_values;
			f->n_values += f->n_classes;
		}
		else if (r->failed)
			return "truncated tree";
		else
			return "unknown node tag";
	}
	return NULL;
}

/* In breadth-first order a node's position is its place in the queue, so the queue is all the bookkeeping. */
uint32_t
genre_tree_lay_out(const genre_forest_node *nodes, uint32_t count, size_t base,
				   genre_forest_step *steps, uint32_t *features, uint32_t *leaves,
				   uint32_t *queue)
{
	uint32_t	queued = 1,
				level_end = 1,
				depth = 0,
				shallowest = UINT32_MAX;

	queue[0] = 0;
	for (uint32_t i = 0; i < count; i++)
	{
		const genre_forest_node *nd = &nodes[queue[i]];
		size_t		k = base + i;

		if (i == level_end)
		{
			depth++;
			level_end = queued;
		}
		if (nd->feature >= 0)
		{
			steps[k].threshold = nd->threshold;
			steps[k].child = (uint32_t) (base + queued);
			features[k] = (uint32_t) nd->feature;
			leaves[k] = 0;
			queue[queued++] = queue[i] + 1;
			queue[queued++] = nd->arg;
		}
		else
		{
			steps[k].threshold = NAN;
			steps[k].child = (uint32_t) k;
			features[k] = 0;
			leaves[k] = nd->feature == -1 ? nd->arg : GENRE_FOREST_MIXED | nd->arg;
			if (shallowest == UINT32_MAX)
				shallowest = depth;
		}
	}
	return shallowest;
}

void *
genre_forest_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_reader r;
	genre_forest *f = genre_calloc(1, sizeof(genre_forest));
	tree_scratch s = {NULL, NULL, NULL};
	tree_counts tc;
	const char *err;
	uint32_t	depth = 0;

	if (f == NULL)
		return nomem(f, &s, st);
	genre_reader_init(&r, payload, len);
	if ((err = read_header(&r, f, st)) != NULL)
		return bad(f, &s, st, err);
	f->class_names = genre_calloc(f->n_classes, sizeof(char *));
	f->class_lens = genre_calloc(f->n_classes, sizeof(uint32_t));
	f->importances = genre_calloc(f->n_features, sizeof(double));
	f->roots = genre_calloc((size_t) f->n_trees + 1, sizeof(uint32_t));
	f->group_rounds = genre_calloc((size_t) f->n_trees / GENRE_FOREST_LANES + 1, sizeof(uint32_t));
	if (!f->class_names || !f->class_lens || !f->importances || !f->roots || !f->group_rounds)
		return nomem(f, &s, st);
	for (uint32_t c = 0; c < f->n_classes; c++)
	{
		uint32_t	n = genre_get_u32(&r);
		const char *lab = genre_get_bytes(&r, n);

		if (lab == NULL)
			return bad(f, &s, st, "truncated class label");
		if (memchr(lab, '\0', n) != NULL)
			return bad(f, &s, st, "class label contains a NUL byte");
		if (c > 0)
		{
			uint32_t	pl = f->class_lens[c - 1];
			int			cmp = memcmp(f->class_names[c - 1], lab, pl < n ? pl : n);

			if (cmp > 0 || (cmp == 0 && pl >= n))
				return bad(f, &s, st, "class labels are not sorted and unique");
		}
		f->class_names[c] = genre_alloc((size_t) n + 1);
		if (f->class_names[c] == NULL)
			return nomem(f, &s, st);
		memcpy(f->class_names[c], lab, n);
		f->class_names[c][n] = '\0';
		f->class_lens[c] = n;
	}
	{
		double		sum = 0;

		for (uint32_t i = 0; i < f->n_features; i++)
		{
			double		v = genre_get_f64(&r);

			if (!isfinite(v) || v < 0 || v > 1)
				return bad(f, &s, st, "feature importance out of range");
			f->importances[i] = v;
			sum += v;
		}
		if (sum > 1.0 + 1e-6)
			return bad(f, &s, st, "feature importances sum to more than 1");
	}

	f->trees_offset = r.pos;
	/* sized exactly from a first pass, so no array grows (and doubles) while loading */
	count_trees(r, f->n_trees, f->n_classes, &tc);
	if (tc.nodes == 0)
		return bad(f, &s, st, "node count exceeds the model size");
	f->steps = genre_alloc(tc.nodes * sizeof(genre_forest_step));
	f->features = genre_alloc(tc.nodes * sizeof(uint32_t));
	f->leaves = genre_alloc(tc.nodes * sizeof(uint32_t));
	f->values = tc.values ? genre_alloc(tc.values * sizeof(float)) : NULL;
	s.nodes = genre_alloc((size_t) tc.largest * sizeof(genre_forest_node));
	s.stack = genre_alloc((size_t) tc.largest * 2 * sizeof(uint32_t));
	s.queue = genre_alloc((size_t) tc.largest * sizeof(uint32_t));
	if (!f->steps || !f->features || !f->leaves || (tc.values && !f->values) ||
		!s.nodes || !s.stack || !s.queue)
		return nomem(f, &s, st);
	for (uint32_t t = 0; t < f->n_trees; t++)
	{
		uint32_t	count = genre_get_u32(&r);
		uint32_t	shallowest;

		if (r.failed || count == 0 || !genre_reader_can_read(&r, count, MIN_NODE_BYTES))
			return bad(f, &s, st, "node count exceeds the model size");
		if (f->n_nodes + count > UINT32_MAX)
			return bad(f, &s, st, "too many nodes");
		if (f->n_nodes + count > tc.nodes)
			return bad(f, &s, st, "truncated tree");	/* not what count_trees saw */
		if ((err = read_tree(&r, f, count, tc.values, &s)) != NULL)
			return bad(f, &s, st, err);
		if (!genre_tree_check_preorder(s.nodes, count, s.stack, &depth))
			return bad(f, &s, st, "nodes do not form a tree");
		f->roots[t] = (uint32_t) f->n_nodes;
		shallowest = genre_tree_lay_out(s.nodes, count, f->n_nodes, f->steps, f->features,
										f->leaves, s.queue);
		if (shallowest > f->group_rounds[t / GENRE_FOREST_LANES])
			f->group_rounds[t / GENRE_FOREST_LANES] = shallowest;
		f->n_nodes += count;
	}
	scratch_free(&s);
	memset(&s, 0, sizeof(s));
	f->roots[f->n_trees] = (uint32_t) f->n_nodes;
	if (genre_reader_remaining(&r) != 0)
		return bad(f, &s, st, "trailing bytes after the last tree");
	if (depth != f->depth)
		return bad(f, &s, st, "recorded depth does not match the trees");
	return f;
}

/*
 * Sum the leaf distributions of all trees for x into acc (n_classes, zeroed
 * here), adding them in tree order; GENRE_FOREST_LANES trees at a time walk
 * in lockstep (ml/tree_walk.h).
 */
static void
sum_leaves(const genre_forest *f, const float *x, double *acc)
{
	const genre_forest_step *steps = f->steps;
	const uint32_t *features = f->features;
	uint32_t	nc = f->n_classes;

	/* the last node of breadth-first order is a leaf */
	uint32_t	park = (uint32_t) (f->n_nodes - 1);

	memset(acc, 0, nc * sizeof(double));
	for (uint32_t t = 0, g = 0; t < f->n_trees; t += GENRE_FOREST_LANES, g++)
	{
		uint32_t	n = f->n_trees - t < GENRE_FOREST_LANES ? f->n_trees - t : GENRE_FOREST_LANES;
		uint32_t	k[GENRE_FOREST_LANES];

		genre_walk_lanes(steps, features, f->roots + t, n, f->group_rounds[g], park, x, k);
		for (uint32_t i = 0; i < n; i++)
		{
			uint32_t	leaf = f->leaves[k[i]];

			if (!(leaf & GENRE_FOREST_MIXED))
				acc[leaf] += 1.0;
			else
			{
				const float *v = f->values + (leaf & ~GENRE_FOREST_MIXED);

				for (uint32_t c = 0; c < nc; c++)
					acc[c] += v[c];
			}
		}
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
	size += (size_t) f->n_features * sizeof(double) + ((size_t) f->n_trees + 1) * sizeof(uint32_t);
	size += ((size_t) f->n_trees / GENRE_FOREST_LANES + 1) * sizeof(uint32_t);
	size += f->n_nodes * (sizeof(genre_forest_step) + 2 * sizeof(uint32_t));
	return size + f->n_values * sizeof(float);
}

const genre_model_kind_ops genre_forest_kind = {
	.kind = GENRE_MODEL_FOREST,
	.name = "forest",
	.load = genre_forest_load,
	.free = forest_free,
	.describe = forest_describe,
	.size = forest_size,
	.loaded_size = genre_forest_loaded_size,
	.classifier = forest_classifier,
};
