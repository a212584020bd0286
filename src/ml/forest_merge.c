/*
 * forest_merge.c - one forest from several: the trees of forests trained on
 * parts of the data (a partition, a Citus shard) put side by side.  Each
 * input is validated by the forest loader; its trees are then copied as they
 * are stored, since a tree's encoding depends only on the class list and the
 * feature count, which the inputs must share.
 */
#include "ml/forest.h"

#include "base/alloc.h"
#include "ml/model.h"

#include <stdlib.h>
#include <string.h>

typedef struct merge_input
{
	const unsigned char *model;
	size_t		len;
	const unsigned char *payload;
	size_t		payload_len;
	size_t		trees_offset;
} merge_input;

/* The canonical order: by bytes, then by length (equal inputs are interchangeable). */
static int
cmp_input(const void *a, const void *b)
{
	const merge_input *x = a;
	const merge_input *y = b;
	int			c = memcmp(x->model, y->model, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* EINVAL naming the first label one forest has and the other lacks. */
static genre_code
labels_differ(const genre_forest *a, const genre_forest *b, genre_status *st)
{
	for (int pass = 0; pass < 2; pass++)
	{
		const genre_forest *x = pass ? b : a;
		const genre_forest *y = pass ? a : b;

		for (uint32_t i = 0; i < x->n_classes; i++)
		{
			int			found = 0;

			for (uint32_t j = 0; j < y->n_classes && !found; j++)
				found = x->class_lens[i] == y->class_lens[j] &&
					memcmp(x->class_names[i], y->class_names[j], x->class_lens[i]) == 0;
			if (!found)
				return genre_fail(st, GENRE_EINVAL,
								  "forests have different labels: \"%s\" is in a forest of %u labels "
								  "but not in one of %u",
								  x->class_names[i], x->n_classes, y->n_classes);
		}
	}
	return genre_fail(st, GENRE_EINVAL, "forests have different labels");
}

/* EINVAL naming the first option that shapes a tree and differs, GENRE_OK if none. */
static genre_code
options_differ(const genre_forest *a, const genre_forest *b, genre_status *st)
{
	const genre_forest_options *x = &a->options;
	const genre_forest_options *y = &b->options;
	const char *what = NULL;

	if (x->max_depth != y->max_depth)
		what = "max_depth";
	else if (x->min_samples_leaf != y->min_samples_leaf)
		what = "min_samples_leaf";
	else if (x->max_features != y->max_features || x->max_features_value != y->max_features_value)
		what = "max_features";
	else if (x->class_weight_balanced != y->class_weight_balanced)
		what = "class_weight";
	else if (x->bootstrap != y->bootstrap)
		what = "bootstrap";
	if (what == NULL)
		return GENRE_OK;
	return genre_fail(st, GENRE_EINVAL, "forests were trained with different options: %s", what);
}

/* Open and load input k, checking it against the first input (first == NULL: it is the first). */
static genre_forest *
load_input(merge_input *in, const genre_forest *first, genre_status *st)
{
	const genre_model_kind_ops *ops;
	genre_forest *f;
	genre_code	rc = GENRE_OK;

	if (genre_model_kind_open(in->model, in->len, &ops, &in->payload, &in->payload_len, st) != GENRE_OK)
		return NULL;
	if (ops->kind != GENRE_MODEL_FOREST)
	{
		genre_fail(st, GENRE_EKIND, "merge_forests needs forest models, not a %s model", ops->name);
		return NULL;
	}
	if ((f = genre_forest_load(in->payload, in->payload_len, st)) == NULL)
		return NULL;
	in->trees_offset = f->trees_offset;
	if (first == NULL)
		return f;
	if (f->n_features != first->n_features)
		rc = genre_fail(st, GENRE_EINVAL, "forests have different feature counts: %u and %u",
						first->n_features, f->n_features);
	else if (f->n_classes != first->n_classes)
		rc = labels_differ(first, f, st);
	else
	{
		for (uint32_t c = 0; c < f->n_classes && rc == GENRE_OK; c++)
			if (f->class_lens[c] != first->class_lens[c] ||
				memcmp(f->class_names[c], first->class_names[c], f->class_lens[c]) != 0)
				rc = labels_differ(first, f, st);
		if (rc == GENRE_OK)
			rc = options_differ(first, f, st);
	}
	if (rc != GENRE_OK)
	{
		genre_forest_free(f);
		return NULL;
	}
	return f;
}

genre_code
genre_forest_merge(const unsigned char *const *models, const size_t *lens, size_t n,
				   genre_writer *out, genre_status *st)
{
	merge_input *in;
	genre_forest *first = NULL;
	double	   *imp = NULL;
	uint64_t	trees = 0,
				samples = 0;
	uint32_t	depth = 0;
	genre_forest_options o;
	genre_code	rc = GENRE_OK;

	if (n == 0)
		return genre_fail(st, GENRE_EINVAL, "no forest to merge");
	in = genre_calloc(n, sizeof(merge_input));
	if (in == NULL)
		return genre_fail_nomem(st);
	for (size_t i = 0; i < n; i++)
	{
		in[i].model = models[i];
		in[i].len = lens[i];
	}
	qsort(in, n, sizeof(merge_input), cmp_input);

	/* pass 1: validate every input, one loaded at a time, and add up the header */
	for (size_t i = 0; i < n && rc == GENRE_OK; i++)
	{
		genre_forest *f;

		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			break;
		}
		if ((f = load_input(&in[i], first, st)) == NULL)
		{
			rc = st->code;
			break;
		}
		if (first == NULL)
		{
			first = f;
			o = f->options;
			imp = genre_calloc(f->n_features, sizeof(double));
			if (imp == NULL)
				rc = genre_fail_nomem(st);
		}
		trees += f->n_trees;
		if (rc == GENRE_OK && trees > GENRE_FOREST_MAX_TREES)
			rc = genre_fail(st, GENRE_ELIMIT, "the merged forest would have more than %d trees",
							GENRE_FOREST_MAX_TREES);
		if (rc == GENRE_OK && f->n_samples > UINT64_MAX - samples)
			rc = genre_fail(st, GENRE_ELIMIT, "the merged forest would count more than 2^64 samples");
		if (rc == GENRE_OK)
		{
			samples += f->n_samples;
			if (f->depth > depth)
				depth = f->depth;
			for (uint32_t k = 0; k < f->n_features; k++)
				imp[k] += (double) f->n_trees * f->importances[k];
		}
		if (f != first)
			genre_forest_free(f);
	}

	/* pass 2: the merged header, then every input's trees as stored */
	if (rc == GENRE_OK)
	{
		double		total = 0;

		for (uint32_t k = 0; k < first->n_features; k++)
			total += imp[k];
		o.trees = (uint32_t) trees;
		genre_model_begin(out, GENRE_MODEL_FOREST);
		genre_put_u16(out, 1);
		genre_put_u32(out, first->n_features);
		genre_put_u32(out, first->n_classes);
		genre_put_u32(out, o.trees);
		genre_put_u64(out, samples);
		genre_put_u32(out, depth);
		genre_forest_put_options(out, &o, first->features_per_split);
		/* out-of-bag estimates of the parts say nothing of the whole */
		genre_put_u8(out, 0);
		genre_put_f64(out, 0.0);
		for (uint32_t c = 0; c < first->n_classes; c++)
		{
			genre_put_u32(out, first->class_lens[c]);
			genre_put_bytes(out, first->class_names[c], first->class_lens[c]);
		}
		for (uint32_t k = 0; k < first->n_features; k++)
			genre_put_f64(out, total > 0 ? imp[k] / total : 0.0);
		for (size_t i = 0; i < n; i++)
			genre_put_bytes(out, in[i].payload + in[i].trees_offset,
							in[i].payload_len - in[i].trees_offset);
		genre_model_finish(out);
		if (out->failed)
			rc = genre_fail_nomem(st);
	}
	genre_forest_free(first);
	genre_free(imp);
	genre_free(in);
	return rc;
}
