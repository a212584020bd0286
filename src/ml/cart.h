/*
 * cart.h - grow one CART classification tree (Gini impurity) for the forest.
 *
 * Internal to src/ml/forest*.c.  Splits are searched on sorted feature values
 * of a node's distinct in-bag samples: large nodes walk a presorted order of
 * all samples and keep the node's members, small nodes sort their own keys;
 * nothing is copied per node beyond one key array.  Class weights and
 * bootstrap multiplicities are per-sample weights, so Gini sums update in
 * O(1) per sample.
 */
#ifndef GENRE_ML_CART_H
#define GENRE_ML_CART_H

#include "base/rng.h"
#include "base/status.h"
#include "ml/forest.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* What every tree of a forest shares (read-only while growing). */
typedef struct genre_cart_data
{
	size_t		n;				/* samples */
	uint32_t	d;				/* features */
	uint32_t	n_classes;
	const float *xt;			/* d * n, column-major: xt[f * n + i] */
	const uint32_t *y;			/* class per sample */
	const uint32_t *order;		/* d * n: samples sorted by each feature */
	uint32_t	max_depth;		/* 0 = unlimited */
	uint32_t	min_samples_leaf;
	uint32_t	mtry;			/* features tried per split */
} genre_cart_data;

/* Nodes and mixed-leaf values of the whole forest, grown tree after tree. */
typedef struct genre_cart_out
{
	genre_forest_node *nodes;	/* absolute indices (right child, value offset) */
	size_t		n_nodes;
	size_t		cap_nodes;
	float	   *values;
	size_t		n_values;
	size_t		cap_values;
} genre_cart_out;

/* Scratch reused by every tree (allocated once per forest). */
typedef struct genre_cart_work
{
	uint32_t   *samples;		/* n: distinct in-bag samples, partitioned per node */
	uint32_t   *where;			/* n: node id holding the sample (scan strategy) */
	uint64_t   *keys;			/* n: sort keys */
	float	   *sv;				/* n: sorted values of the node */
	uint32_t   *ss;				/* n: samples in that order */
	uint32_t   *feats;			/* d: feature draw order */
	double	   *cnt;			/* C: node class weights */
	double	   *left;			/* C: running left weights */
	double	   *right;			/* C: running right weights */
	const double *weight;		/* the current tree's per-sample weights */
	struct cart_frame *stack;	/* pending right children */
	size_t		stack_cap;
} genre_cart_work;

genre_code	genre_cart_work_init(genre_cart_work *wk, const genre_cart_data *data,
								 genre_status *st);
void		genre_cart_work_free(genre_cart_work *wk);

/*
 * Grow one tree from per-sample weights w (0 = not in the bag), appending its
 * nodes to out; adds the raw impurity decrease per feature to importance[d]
 * and raises *depth to the deepest leaf.
 */
genre_code	genre_cart_grow(const genre_cart_data *data, const double *w,
							genre_rng *rng, genre_cart_work *wk, genre_cart_out *out,
							double *importance, uint32_t *depth, genre_status *st);

void		genre_cart_out_free(genre_cart_out *out);

/* Sort distinct 64-bit keys ascending (in place). */
void		genre_cart_sort_keys(uint64_t *a, size_t n);

/* float32 bits mapped to an unsigned key with the same order. */
static inline uint32_t
genre_cart_ordered_bits(float v)
{
	uint32_t	u;

	memcpy(&u, &v, 4);
	return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

#endif
