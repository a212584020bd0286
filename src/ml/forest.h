/*
 * forest.h - random forest classifier: CART trees (Gini impurity) on float32
 * features, bootstrap samples, random feature subsets per split.
 *
 * Training works on a canonical genre_dataset, so the same rows and seed give
 * a byte-identical model.  The serialised payload (after the genre.model
 * envelope, kind GENRE_MODEL_FOREST) is little endian:
 *
 *   u16 forest format (1)
 *   u32 n_features, u32 n_classes, u32 n_trees, u64 n_samples, u32 max depth reached
 *   options: u32 trees, u32 max_depth (0 = none), u32 min_samples_leaf,
 *            u8 max_features kind, f64 max_features value, u32 features per split,
 *            u8 class_weight, u8 bootstrap, u64 seed
 *   u8 has_oob, f64 oob accuracy
 *   n_classes x (u32 length, bytes)      class labels, strictly increasing bytes
 *   n_features x f64                     impurity importances (sum 1 or all 0)
 *   n_trees x (u32 n_nodes, nodes in preorder)
 *     node: u8 tag; 0 split: u32 feature, f32 threshold, u32 right child
 *           (the left child is the next node); 1 pure leaf: u32 class;
 *           2 mixed leaf: n_classes x f32 probabilities
 * A sample goes left when x[feature] <= threshold.
 */
#ifndef GENRE_ML_FOREST_H
#define GENRE_ML_FOREST_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/dataset.h"
#include "ml/model_kinds.h"

#include <stddef.h>
#include <stdint.h>

typedef enum genre_max_features
{
	GENRE_MAXF_SQRT = 0,
	GENRE_MAXF_LOG2 = 1,
	GENRE_MAXF_COUNT = 2,		/* value is a count >= 1 (capped at n_features) */
	GENRE_MAXF_FRACTION = 3,	/* value in (0, 1] of n_features */
	GENRE_MAXF_ALL = 4
} genre_max_features;

typedef struct genre_forest_options
{
	uint32_t	trees;			/* >= 1, default 100 */
	uint32_t	max_depth;		/* 0 = grow until pure */
	uint32_t	min_samples_leaf;	/* >= 1 distinct samples per leaf */
	uint8_t		max_features;	/* genre_max_features */
	double		max_features_value;
	uint8_t		class_weight_balanced;
	uint8_t		bootstrap;
	uint64_t	seed;
} genre_forest_options;

#define GENRE_FOREST_MAX_TREES 100000

/* The defaults of DESIGN.md (100 trees, sqrt, leaf 1, bootstrap, seed 0). */
void		genre_forest_options_default(genre_forest_options *o);

/* Check option ranges; EINVAL naming the option. */
genre_code	genre_forest_options_check(const genre_forest_options *o, genre_status *st);

/* Features tried per split for d features (>= 1, <= d). */
uint32_t	genre_forest_features_per_split(const genre_forest_options *o, uint32_t d);

/*
 * Train on ds and append the whole model (envelope included) to out.
 * Checks options (EINVAL naming the option), cancels via GENRE_CHECK_CANCEL.
 */
genre_code	genre_forest_train(const genre_dataset *ds, const genre_forest_options *o,
							   genre_writer *out, genre_status *st);

/* The options block of the payload (mtry: features per split). */
void		genre_forest_put_options(genre_writer *w, const genre_forest_options *o, uint32_t mtry);

/*
 * Merge n serialised forest models (envelope included) into one whose trees
 * are the union of theirs, appended to out.  The inputs are taken in the
 * order of their bytes, so the result does not depend on the order they
 * come in.  They must agree on features, labels and the options that shape
 * a tree (EINVAL naming the difference); trees add up (ELIMIT past
 * GENRE_FOREST_MAX_TREES), samples add up, importances are the tree-weighted
 * mean; the merged model has no out-of-bag estimate and the seed of its
 * first input.  EKIND for a model of another kind, EBADDATA for bad bytes.
 */
genre_code	genre_forest_merge(const unsigned char *const *models, const size_t *lens, size_t n,
							   genre_writer *out, genre_status *st);

/* A node of a tree being grown (cart.c): preorder, left child = next node. */
typedef struct genre_forest_node
{
	int32_t		feature;		/* >= 0 split; -1 pure leaf; -2 mixed leaf */
	float		threshold;
	uint32_t	arg;			/* split: right child; pure: class; mixed: offset in values */
} genre_forest_node;

/*
 * A node of a loaded forest as prediction walks it: 8 bytes, with its
 * feature in a parallel array (features[]) and, for a leaf, its value in
 * another (leaves[]), read only at the end of the walk.  Each tree's nodes
 * are in breadth-first order with a split's children side by side, so a step
 * is child + (x[feature] > threshold): no select, and the index is one
 * scaled address.  A leaf has a NaN threshold (no x is > NaN), feature 0
 * and itself as child, so a step from a leaf stays there (trees walk in
 * lockstep).
 */
typedef struct genre_forest_step
{
	float		threshold;		/* NaN at a leaf */
	uint32_t	child;			/* split: left child, right = child + 1; leaf: itself */
} genre_forest_step;

/* leaves[] of a mixed leaf: this bit | offset in values; of a pure leaf: its class. */
#define GENRE_FOREST_MIXED 0x80000000u

/* Trees walked in lockstep by prediction: a group of this many, one round per level. */
#define GENRE_FOREST_LANES 20

/* A loaded forest: what prediction and model_info need, every index validated. */
typedef struct genre_forest
{
	uint32_t	n_features;
	uint32_t	n_classes;
	uint32_t	n_trees;
	uint64_t	n_samples;
	uint32_t	depth;
	uint32_t	features_per_split;
	genre_forest_options options;
	int			has_oob;
	double		oob_accuracy;
	char	  **class_names;	/* NUL-terminated */
	uint32_t   *class_lens;
	double	   *importances;	/* n_features */
	uint32_t   *roots;			/* n_trees + 1: first node of each tree, then n_nodes */
	size_t		n_nodes;
	genre_forest_step *steps;	/* n_nodes */
	uint32_t   *features;		/* n_nodes: split feature, 0 at a leaf */
	uint32_t   *leaves;			/* n_nodes: leaf value, 0 at a split */
	/*
	 * per group of GENRE_FOREST_LANES trees: the largest of their shallowest
	 * leaf depths, the rounds every row walks before checking for the end
	 */
	uint32_t   *group_rounds;
	float	   *values;			/* mixed-leaf probabilities */
	size_t		n_values;
	size_t		trees_offset;	/* payload bytes before the first tree */
} genre_forest;

/*
 * Parse and validate a forest payload (the kind's loader); all memory from
 * genre_alloc.  NULL with st = EBADDATA on any inconsistency.
 */
void	   *genre_forest_load(const unsigned char *payload, size_t len, genre_status *st);

/*
 * Approximate bytes genre_forest_load would allocate for this payload,
 * found without allocating (0 when the payload is malformed: the loader
 * then says how).
 */
size_t		genre_forest_loaded_size(const unsigned char *payload, size_t len);

/*
 * The loaders of every tree model (forest, boosted) share these.  Check
 * that nodes [0, end) form exactly one binary tree in preorder (feature >=
 * 0: a split whose left child is the next node and whose right child, arg,
 * starts right after the left subtree); raises *depth_out to the deepest
 * leaf.  stack has room for 2 end entries.
 */
int			genre_tree_check_preorder(const genre_forest_node *nodes, size_t end, uint32_t *stack,
									  uint32_t *depth_out);

/*
 * Lay out a checked tree (nodes[0..count), local indexes) as the steps
 * steps[base..base + count) that ml/tree_walk.h walks, in breadth-first
 * order with each split's children side by side; a leaf's features[] is 0
 * and its leaves[] is arg (feature -1) or GENRE_FOREST_MIXED | arg (-2).
 * queue has room for count entries.  Returns the depth of the shallowest leaf.
 */
uint32_t	genre_tree_lay_out(const genre_forest_node *nodes, uint32_t count, size_t base,
							   genre_forest_step *steps, uint32_t *features, uint32_t *leaves,
							   uint32_t *queue);

/* Release a loaded forest (NULL allowed). */
void		genre_forest_free(genre_forest *f);

/*
 * Mean class probabilities of the trees for x (n_features finite floats)
 * into proba (n_classes).
 */
void		genre_forest_proba(const genre_forest *f, const float *x, double *proba);

/* Most probable class index for x (ties: lowest index); scratch has n_classes doubles. */
uint32_t	genre_forest_predict(const genre_forest *f, const float *x, double *scratch);

/* The forest's row of the model-kind table: a classifier. */
extern const genre_model_kind_ops genre_forest_kind;

#endif
