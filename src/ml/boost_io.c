/*
 * boost_io.c - load (validate), predict with and describe a serialised
 * boosted model (format in boost.h).  Every count, index and value is
 * checked against the bytes present before use: a crafted model fails with
 * EBADDATA, never reads out of bounds or yields a non-finite probability.
 */
#include "ml/boost.h"

#include "base/alloc.h"
#include "ml/forest.h"
#include "ml/json_array.h"
#include "ml/tree_walk.h"

#include <math.h>
#include <string.h>

#define BOOST_FORMAT 1
#define NODE_SPLIT 0
#define NODE_LEAF 1
/* bytes of the smallest node (a leaf): bounds a crafted node count */
#define MIN_NODE_BYTES 9

void
genre_boost_free(void *model)
{
	genre_boost *m = model;

	if (m == NULL)
		return;
	if (m->class_names)
		for (uint32_t c = 0; c < m->n_classes; c++)
			genre_free(m->class_names[c]);
	genre_free(m->class_names);
	genre_free(m->class_lens);
	genre_free(m->baseline);
	genre_free(m->importances);
	genre_free(m->roots);
	genre_free(m->steps);
	genre_free(m->features);
	genre_free(m->leaves);
	genre_free(m->group_rounds);
	genre_free(m->values);
	genre_free(m);
}

/* Everything the loader holds while parsing, released on every exit. */
typedef struct load_state
{
	genre_boost *m;
	genre_forest_node *nodes;	/* for the tree-shape check */
	uint32_t   *stack;
	size_t		node_cap;
	size_t		value_cap;
} load_state;

static void *
load_fail(load_state *ls, genre_status *st, genre_code code, const char *what)
{
	genre_free(ls->nodes);
	genre_free(ls->stack);
	genre_boost_free(ls->m);
	if (code == GENRE_ENOMEM)
		genre_fail_nomem(st);
	else
		genre_fail(st, GENRE_EBADDATA, "invalid boosted model: %s", what);
	return NULL;
}

#define BAD(what) return load_fail(&ls, st, GENRE_EBADDATA, (what))
#define NOMEM() return load_fail(&ls, st, GENRE_ENOMEM, NULL)

static void
get_options(genre_reader *r, genre_boost_options *o)
{
	o->rounds = genre_get_u32(r);
	o->learning_rate = genre_get_f64(r);
	o->max_depth = genre_get_u32(r);
	o->max_leaves = genre_get_u32(r);
	o->min_samples_leaf = genre_get_u32(r);
	o->l2 = genre_get_f64(r);
	o->max_bins = genre_get_u32(r);
	o->subsample = genre_get_f64(r);
	o->colsample = genre_get_f64(r);
	o->class_weight_balanced = genre_get_u8(r);
	o->early_stopping = genre_get_u8(r);
	o->validation_fraction = genre_get_f64(r);
	o->patience = genre_get_u32(r);
	o->seed = genre_get_u64(r);
}

/* Grow the node and value arrays of ls for count more nodes. */
static int
reserve_nodes(load_state *ls, size_t count)
{
	genre_boost *m = ls->m;

	if (m->n_nodes + count > ls->node_cap)
	{
		size_t		cap = ls->node_cap ? ls->node_cap : 1024;
		genre_forest_node *p;
		uint32_t   *s;
		double	   *v;

		while (cap < m->n_nodes + count)
			cap *= 2;
		if ((p = genre_realloc(ls->nodes, cap * sizeof(*p))) == NULL)
			return 0;
		ls->nodes = p;
		if ((s = genre_realloc(ls->stack, 2 * cap * sizeof(uint32_t))) == NULL)
			return 0;
		ls->stack = s;
		if ((v = genre_realloc(m->values, cap * sizeof(double))) == NULL)
			return 0;
		m->values = v;
		ls->node_cap = cap;
	}
	return 1;
}

/*
 * The header, options and counts of a payload into m (zeroed), each
 * checked against its range and the bytes present; NULL, or what is
 * wrong.  r is then at the class labels.
 */
static const char *
read_header(genre_reader *r, genre_boost *m)
{
	genre_boost_options *o = &m->options;

	if (genre_get_u16(r) != BOOST_FORMAT)
		return "unsupported boosted format";
	m->n_features = genre_get_u32(r);
	m->n_classes = genre_get_u32(r);
	m->n_samples = genre_get_u64(r);
	m->n_validation = genre_get_u64(r);
	m->trees_per_round = genre_get_u32(r);
	m->n_rounds = genre_get_u32(r);
	m->rounds_trained = genre_get_u32(r);
	m->depth = genre_get_u32(r);
	get_options(r, o);
	m->validation_loss = genre_get_f64(r);
	m->validation_accuracy = genre_get_f64(r);
	if (r->failed)
		return "truncated header";
	if (m->n_features < 1 || m->n_features > INT32_MAX)
		return "feature count out of range";
	if (m->n_classes < 2 || m->n_classes > 65535)
		return "class count out of range";
	if (m->trees_per_round != (m->n_classes == 2 ? 1 : m->n_classes))
		return "trees per round do not match the classes";
	if (m->n_samples < 1 || m->n_samples > UINT32_MAX)
		return "sample count out of range";
	{
		genre_status ost;

		if (genre_boost_options_check(o, &ost) != GENRE_OK)
			return "options out of range";
	}
	if (m->n_rounds < 1 || m->n_rounds > m->rounds_trained || m->rounds_trained > o->rounds ||
		(!o->early_stopping && m->rounds_trained != o->rounds) ||
		(uint64_t) m->n_rounds * m->trees_per_round > GENRE_BOOST_MAX_TREES)
		return "round count out of range";
	if (o->early_stopping ?
		(m->n_validation < 1 || m->n_validation > UINT32_MAX ||
		 !(m->validation_loss >= 0 && m->validation_loss <= 1e300) ||
		 !(m->validation_accuracy >= 0 && m->validation_accuracy <= 1)) :
		(m->n_validation != 0 || m->validation_loss != 0 || m->validation_accuracy != 0))
		return "validation result out of range";
	m->n_trees = m->n_rounds * m->trees_per_round;

	if (!genre_reader_can_read(r, m->n_classes, 4) ||
		!genre_reader_can_read(r, m->n_features, 8) ||
		!genre_reader_can_read(r, m->n_trees, 4 + MIN_NODE_BYTES))
		return "counts exceed the model size";
	return NULL;
}

void *
genre_boost_load(const unsigned char *payload, size_t len, genre_status *st)
{
	load_state	ls;
	genre_reader r;
	genre_boost *m;
	genre_boost_options *o;
	const char *why;
	uint32_t	depth = 0;

	memset(&ls, 0, sizeof(ls));
	if ((ls.m = m = genre_calloc(1, sizeof(genre_boost))) == NULL)
		NOMEM();
	genre_reader_init(&r, payload, len);
	if ((why = read_header(&r, m)) != NULL)
		BAD(why);
	o = &m->options;
	m->class_names = genre_calloc(m->n_classes, sizeof(char *));
	m->class_lens = genre_calloc(m->n_classes, sizeof(uint32_t));
	m->baseline = genre_calloc(m->trees_per_round, sizeof(double));
	m->importances = genre_calloc(m->n_features, sizeof(double));
	m->roots = genre_calloc((size_t) m->n_trees + 1, sizeof(uint32_t));
	if (!m->class_names || !m->class_lens || !m->baseline || !m->importances || !m->roots)
		NOMEM();
	for (uint32_t c = 0; c < m->n_classes; c++)
	{
		uint32_t	n = genre_get_u32(&r);
		const char *s = genre_get_bytes(&r, n);

		if (s == NULL)
			BAD("truncated class label");
		if (memchr(s, '\0', n) != NULL)
			BAD("class label contains a NUL byte");
		if (c > 0)
		{
			uint32_t	pl = m->class_lens[c - 1];
			int			cmp = memcmp(m->class_names[c - 1], s, pl < n ? pl : n);

			if (cmp > 0 || (cmp == 0 && pl >= n))
				BAD("class labels are not sorted and unique");
		}
		if ((m->class_names[c] = genre_alloc((size_t) n + 1)) == NULL)
			NOMEM();
		memcpy(m->class_names[c], s, n);
		m->class_names[c][n] = '\0';
		m->class_lens[c] = n;
	}
	for (uint32_t k = 0; k < m->trees_per_round; k++)
	{
		m->baseline[k] = genre_get_f64(&r);
		if (!(fabs(m->baseline[k]) <= GENRE_BOOST_MAX_VALUE))
			BAD("baseline score out of range");
	}
	{
		double		sum = 0;

		for (uint32_t f = 0; f < m->n_features; f++)
		{
			double		v = genre_get_f64(&r);

			if (!(v >= 0 && v <= 1))
				BAD("feature importance out of range");
			m->importances[f] = v;
			sum += v;
		}
		if (sum > 1.0 + 1e-6)
			BAD("feature importances sum to more than 1");
	}
	if (r.failed)
		BAD("truncated header");

	for (uint32_t t = 0; t < m->n_trees; t++)
	{
		uint32_t	count = genre_get_u32(&r);
		size_t		root = m->n_nodes;
		size_t		leaves = m->n_values;

		if (r.failed || count == 0 || !genre_reader_can_read(&r, count, MIN_NODE_BYTES))
			BAD("node count exceeds the model size");
		if (m->n_nodes + count > UINT32_MAX / 2)
			BAD("too many nodes");
		if (!reserve_nodes(&ls, count))
			NOMEM();
		m->roots[t] = (uint32_t) root;
		for (uint32_t k = 0; k < count; k++)
		{
			genre_forest_node *nd = &ls.nodes[root + k];
			uint8_t		tag = genre_get_u8(&r);

			if (tag == NODE_SPLIT)
			{
				uint32_t	feat = genre_get_u32(&r);
				float		thr = genre_get_f32(&r);
				uint32_t	right = genre_get_u32(&r);

				if (r.failed)
					BAD("truncated tree");
				if (feat >= m->n_features)
					BAD("split feature index out of range");
				if (!isfinite(thr))
					BAD("split threshold is not finite");
				if (right <= k + 1 || right >= count)
					BAD("child node index out of range");
				nd->feature = (int32_t) feat;
				nd->threshold = thr;
				nd->arg = right;	/* local: the shape check and the layout work per tree */
			}
			else if (tag == NODE_LEAF)
			{
				double		v = genre_get_f64(&r);

				if (r.failed)
					BAD("truncated tree");
				if (!(fabs(v) <= GENRE_BOOST_MAX_VALUE))
					BAD("leaf value out of range");
				nd->feature = -1;
				nd->threshold = 0;
				nd->arg = (uint32_t) m->n_values;
				m->values[m->n_values++] = v;
			}
			else
				BAD("unknown node tag");
		}
		m->n_nodes += count;
		if (o->max_leaves && m->n_values - leaves > o->max_leaves)
			BAD("tree has more leaves than max_leaves");
		if (!genre_tree_check_preorder(ls.nodes + root, count, ls.stack, &depth))
			BAD("nodes do not form a tree");
	}
	m->roots[m->n_trees] = (uint32_t) m->n_nodes;
	if (genre_reader_remaining(&r) != 0)
		BAD("trailing bytes after the last tree");
	if (depth != m->depth || (o->max_depth && depth > o->max_depth))
		BAD("recorded depth does not match the trees");
	m->steps = genre_alloc(m->n_nodes * sizeof(genre_forest_step));
	m->features = genre_alloc(m->n_nodes * sizeof(uint32_t));
	m->leaves = genre_alloc(m->n_nodes * sizeof(uint32_t));
	m->group_rounds = genre_calloc((size_t) m->n_trees / GENRE_FOREST_LANES + 1, sizeof(uint32_t));
	if (!m->steps || !m->features || !m->leaves || !m->group_rounds)
		NOMEM();
	/* the shape check's stack (2 per node) is free now: its first half is the layout's queue */
	for (uint32_t t = 0; t < m->n_trees; t++)
	{
		uint32_t	shallowest = genre_tree_lay_out(ls.nodes + m->roots[t],
													m->roots[t + 1] - m->roots[t], m->roots[t],
													m->steps, m->features, m->leaves, ls.stack);

		if (shallowest > m->group_rounds[t / GENRE_FOREST_LANES])
			m->group_rounds[t / GENRE_FOREST_LANES] = shallowest;
	}
	genre_free(ls.nodes);
	genre_free(ls.stack);
	return m;
}

void
genre_boost_raw(const genre_boost *m, const float *x, double *raw)
{
	uint32_t	tpr = m->trees_per_round;

	/* the last node of breadth-first order is a leaf */
	uint32_t	park = (uint32_t) (m->n_nodes - 1);

	memcpy(raw, m->baseline, tpr * sizeof(double));
	for (uint32_t t = 0, g = 0; t < m->n_trees; t += GENRE_FOREST_LANES, g++)
	{
		uint32_t	n = m->n_trees - t < GENRE_FOREST_LANES ? m->n_trees - t : GENRE_FOREST_LANES;
		uint32_t	k[GENRE_FOREST_LANES];

		genre_walk_lanes(m->steps, m->features, m->roots + t, n, m->group_rounds[g], park, x, k);
		/* in tree order, so each class adds its trees' values as training did */
		for (uint32_t i = 0; i < n; i++)
			raw[(t + i) % tpr] += m->values[m->leaves[k[i]]];
	}
}

void
genre_boost_proba(const void *model, const float *x, double *proba)
{
	const genre_boost *m = model;

	if (m->trees_per_round == 1)
	{
		double		raw;

		genre_boost_raw(m, x, &raw);
		genre_boost_softmax(&raw, 2, proba);
	}
	else
	{
		/* one raw score per class: the softmax works in place */
		genre_boost_raw(m, x, proba);
		genre_boost_softmax(proba, m->n_classes, proba);
	}
}

static void
boost_classifier(const void *object, genre_classifier *c)
{
	const genre_boost *m = object;

	c->model = m;
	c->n_features = m->n_features;
	c->n_classes = m->n_classes;
	c->class_names = m->class_names;
	c->class_lens = m->class_lens;
	c->importances = m->importances;
	c->proba = genre_boost_proba;
}

uint32_t
genre_boost_predict(const void *model, const float *x, double *scratch)
{
	genre_classifier c;

	boost_classifier(model, &c);
	return genre_classifier_predict(&c, x, scratch);
}

/*
 * A bound of what genre_boost_load holds at its peak for a payload, from
 * its counts and node tags without allocating; 0 when they do not parse.
 * The loader grows its node arrays by doubling from 1024 (reserve_nodes):
 * at the end it holds the loaded arrays and its scratch for cap nodes, and
 * a doubling briefly holds the old node array beside the new one.
 */
static size_t
boost_loaded_size(const unsigned char *payload, size_t len)
{
	genre_reader r;
	genre_boost m;
	size_t		size = sizeof(genre_boost),
				nodes = 0,
				cap = 1024;

	memset(&m, 0, sizeof(m));
	genre_reader_init(&r, payload, len);
	if (read_header(&r, &m) != NULL)
		return 0;
	for (uint32_t c = 0; c < m.n_classes; c++)
	{
		uint32_t	n = genre_get_u32(&r);

		if (genre_get_bytes(&r, n) == NULL)
			return 0;
		size += sizeof(char *) + sizeof(uint32_t) + (size_t) n + 1;
	}
	if (genre_get_bytes(&r, ((size_t) m.trees_per_round + m.n_features) * 8) == NULL)
		return 0;
	for (uint32_t t = 0; t < m.n_trees; t++)
	{
		uint32_t	count = genre_get_u32(&r);

		if (r.failed || count == 0 || !genre_reader_can_read(&r, count, MIN_NODE_BYTES))
			return 0;
		for (uint32_t k = 0; k < count; k++)
		{
			uint8_t		tag = genre_get_u8(&r);

			if ((tag != NODE_SPLIT && tag != NODE_LEAF) ||
				genre_get_bytes(&r, tag == NODE_SPLIT ? 12 : 8) == NULL)
				return 0;
		}
		/* at most len / MIN_NODE_BYTES: no sum below can wrap */
		nodes += count;
	}
	while (cap < nodes)
		cap *= 2;
	size += (size_t) m.trees_per_round * sizeof(double) + (size_t) m.n_features * sizeof(double);
	size += ((size_t) m.n_trees + 1) * sizeof(uint32_t);
	size += ((size_t) m.n_trees / GENRE_FOREST_LANES + 1) * sizeof(uint32_t);
	size += nodes * (sizeof(genre_forest_step) + 2 * sizeof(uint32_t));
	/* values (kept at cap), the shape check's nodes and stack, one old node array */
	return size + cap * (sizeof(double) + sizeof(genre_forest_node) + 2 * sizeof(uint32_t)) +
		cap / 2 * sizeof(genre_forest_node);
}

static size_t
boost_size(const void *object)
{
	const genre_boost *m = object;
	size_t		size = sizeof(genre_boost);

	for (uint32_t c = 0; c < m->n_classes; c++)
		size += m->class_lens[c] + 1 + sizeof(char *) + sizeof(uint32_t);
	size += (size_t) m->trees_per_round * sizeof(double);
	size += (size_t) m->n_features * sizeof(double);
	size += ((size_t) m->n_trees + 1) * sizeof(uint32_t);
	size += m->n_nodes * (sizeof(genre_forest_step) + 2 * sizeof(uint32_t) + sizeof(double));
	size += ((size_t) m->n_trees / GENRE_FOREST_LANES + 1) * sizeof(uint32_t);
	return size;
}

static genre_code
boost_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_boost *m = object;
	const genre_boost_options *o = &m->options;

	genre_put_text(w, "{\"kind\": \"boosted\", \"classes\": [");
	for (uint32_t c = 0; c < m->n_classes; c++)
	{
		if (c)
			genre_put_text(w, ", ");
		genre_put_json_string(w, m->class_names[c], m->class_lens[c]);
	}
	genre_put_text(w, "], \"rounds\": %u, \"rounds_trained\": %u, \"best_iteration\": ",
				   m->n_rounds, m->rounds_trained);
	if (o->early_stopping)
		genre_put_text(w, "%u", m->n_rounds);
	else
		genre_put_text(w, "null");
	genre_put_text(w, ", \"trees\": %u, \"trees_per_round\": %u, \"depth\": %u, \"nodes\": %zu, "
				   "\"leaves\": %zu, \"n_features\": %u, \"n_samples\": %llu, \"learning_rate\": ",
				   m->n_trees, m->trees_per_round, m->depth, m->n_nodes, m->n_values,
				   m->n_features, (unsigned long long) m->n_samples);
	genre_put_json_number(w, o->learning_rate);
	genre_put_text(w, ", \"validation\": ");
	if (o->early_stopping)
	{
		genre_put_text(w, "{\"rows\": %llu, \"loss\": ", (unsigned long long) m->n_validation);
		genre_put_json_number(w, m->validation_loss);
		genre_put_text(w, ", \"accuracy\": ");
		genre_put_json_number(w, m->validation_accuracy);
		genre_put_text(w, "}");
	}
	else
		genre_put_text(w, "null");
	genre_put_text(w, ", \"baseline\": ");
	genre_json_doubles(w, m->baseline, m->trees_per_round);
	genre_put_text(w, ", \"importances\": ");
	genre_json_doubles(w, m->importances, m->n_features);
	genre_put_text(w, ", \"options\": {\"rounds\": %u, \"learning_rate\": ", o->rounds);
	genre_put_json_number(w, o->learning_rate);
	genre_put_text(w, ", \"max_depth\": ");
	if (o->max_depth)
		genre_put_text(w, "%u", o->max_depth);
	else
		genre_put_text(w, "null");
	genre_put_text(w, ", \"max_leaves\": ");
	if (o->max_leaves)
		genre_put_text(w, "%u", o->max_leaves);
	else
		genre_put_text(w, "null");
	genre_put_text(w, ", \"min_samples_leaf\": %u, \"l2\": ", o->min_samples_leaf);
	genre_put_json_number(w, o->l2);
	genre_put_text(w, ", \"max_bins\": %u, \"subsample\": ", o->max_bins);
	genre_put_json_number(w, o->subsample);
	genre_put_text(w, ", \"colsample\": ");
	genre_put_json_number(w, o->colsample);
	genre_put_text(w, ", \"class_weight\": \"%s\", \"early_stopping\": ",
				   o->class_weight_balanced ? "balanced" : "none");
	if (o->early_stopping)
	{
		genre_put_text(w, "{\"validation_fraction\": ");
		genre_put_json_number(w, o->validation_fraction);
		genre_put_text(w, ", \"patience\": %u}", o->patience);
	}
	else
		genre_put_text(w, "false");
	genre_put_text(w, ", \"seed\": %lld}}", (long long) o->seed);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

const genre_model_kind_ops genre_boost_kind = {
	.kind = GENRE_MODEL_BOOSTED,
	.name = "boosted",
	.load = genre_boost_load,
	.free = genre_boost_free,
	.describe = boost_describe,
	.size = boost_size,
	.loaded_size = boost_loaded_size,
	.classifier = boost_classifier,
};
