/*
 * tree_walk.h - prediction's walk over the 16-byte node steps
 * (genre_forest_step, forest.h), shared by every tree model: up to 16 trees
 * in lockstep, so their node loads overlap instead of waiting in turn, and a
 * branch-free child select (a compare turned into a mask) instead of a 50/50
 * branch to mispredict at every level.  A leaf has a NaN threshold and
 * itself as right child, so a step from a leaf stays put; a group stops when
 * no tree in it moved.
 */
#ifndef GENRE_ML_TREE_WALK_H
#define GENRE_ML_TREE_WALK_H

#include "ml/forest.h"

#include <stdint.h>

#define GENRE_WALK_GROUP 16

/* One step from node k: left (k + 1) when x[feature] <= threshold, else right. */
static inline uint32_t
genre_walk_step(const genre_forest_step *steps, const float *x, uint32_t k)
{
	const genre_forest_step *sp = &steps[k];
	uint32_t	left = -(uint32_t) (x[sp->feature] <= sp->threshold);

	return (left & (k + 1)) | (~left & sp->right);
}

/* Walk the g (1..16) trees rooted at roots[0..g) for x; k[i] ends at tree i's leaf. */
static inline void
genre_walk_group(const genre_forest_step *steps, const uint32_t *roots, uint32_t g,
				 const float *x, uint32_t *k)
{
	uint32_t	moved;

	for (uint32_t i = 0; i < g; i++)
		k[i] = roots[i];
	if (g == GENRE_WALK_GROUP)
		do
		{
			moved = 0;
			/* a fixed count the compiler unrolls, keeping k in registers */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
			for (uint32_t i = 0; i < GENRE_WALK_GROUP; i++)
			{
				uint32_t	next = genre_walk_step(steps, x, k[i]);

				moved |= next ^ k[i];
				k[i] = next;
			}
		} while (moved);
	else
		do
		{
			moved = 0;
			for (uint32_t i = 0; i < g; i++)
			{
				uint32_t	next = genre_walk_step(steps, x, k[i]);

				moved |= next ^ k[i];
				k[i] = next;
			}
		} while (moved);
}

#endif
