/*
 * boost_hist.h - binned features and the growth of one gradient-boosted
 * regression tree from per-row gradients and hessians (internal to
 * src/ml/boost_*.c).
 *
 * Binning: per feature, the distinct values of the fitting rows, or (with
 * more than max_bins of them) cut points at their quantiles; each cut is a
 * float32 between two neighbouring values, so code(x) = number of cuts < x
 * and "code <= b" is the same test as "x <= cut[b]" at prediction.
 *
 * Growth: leaf-wise, the leaf of largest gain first; split gain
 * G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2), leaf value
 * -learning_rate * G/(H+l2).  Histograms keep a bit set of their non-empty
 * bins, so building, subtracting and scanning a node cost what it holds,
 * not max_bins per feature.
 */
#ifndef GENRE_ML_BOOST_HIST_H
#define GENRE_ML_BOOST_HIST_H

#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct genre_boost_bins
{
	size_t		n;				/* rows coded */
	uint32_t	d;
	uint8_t    *codes;			/* d * n, column-major: codes[f * n + i] */
	uint32_t   *cut_off;		/* d + 1: cuts of feature f are cuts[cut_off[f] .. cut_off[f + 1]) */
	float	   *cuts;			/* strictly increasing per feature */
} genre_boost_bins;

/*
 * Bin the n rows of x (row-major n x d): cuts from the rows with
 * held_out[i] == 0 (all rows when held_out is NULL), codes for every row.
 * EINVAL for a non-finite value (naming the row), ECANCEL, ENOMEM.
 */
genre_code	genre_boost_bin(const float *x, size_t n, uint32_t d, uint32_t max_bins,
							const uint8_t *held_out, genre_boost_bins *b, genre_status *st);

void		genre_boost_bins_free(genre_boost_bins *b);

/* A node of a grown tree; children are indices into the same tree's nodes. */
typedef struct genre_boost_tnode
{
	int32_t		feature;		/* >= 0 split, -1 leaf */
	uint32_t	bin;			/* split: codes <= bin go left */
	float		threshold;		/* split: the cut of that bin */
	uint32_t	left;
	uint32_t	right;
	uint32_t	depth;
	double		value;			/* leaf value (learning rate applied) */
} genre_boost_tnode;

typedef struct genre_boost_grow_params
{
	uint32_t	max_depth;		/* 0 = none */
	uint32_t	max_leaves;		/* 0 = none */
	uint32_t	min_samples_leaf;
	double		l2;
	double		learning_rate;
} genre_boost_grow_params;

/* Scratch shared by every tree of one training run. */
typedef struct genre_boost_grower genre_boost_grower;

/* Scratch for growing trees over bins b with the given parameters. */
genre_code	genre_boost_grower_new(const genre_boost_bins *b, const genre_boost_grow_params *p,
								   genre_boost_grower **out, genre_status *st);
void		genre_boost_grower_free(genre_boost_grower *g);

/*
 * Grow one tree on rows rows[0..m) (ascending) with gradients grad[i] and
 * hessians hess[i] (indexed by row), splitting only on the features
 * feats[0..nf) (ascending).  The nodes (root = 0) stay owned by the
 * grower until the next call; gain[f] (d entries) gets each split's gain
 * added.  ECANCEL, ENOMEM.
 */
genre_code	genre_boost_grow(genre_boost_grower *g, const uint32_t *rows, size_t m,
							 const double *grad, const double *hess,
							 const uint32_t *feats, uint32_t nf,
							 const genre_boost_tnode **nodes, uint32_t *n_nodes,
							 double *gain, genre_status *st);

/* Leaf value reached by row i of the bins the grower was made for. */
static inline double
genre_boost_tree_value(const genre_boost_tnode *nodes, const genre_boost_bins *b, size_t i)
{
	uint32_t	k = 0;

	while (nodes[k].feature >= 0)
		k = b->codes[(size_t) nodes[k].feature * b->n + i] <= nodes[k].bin ?
			nodes[k].left : nodes[k].right;
	return nodes[k].value;
}

#endif
