/*
 * tree_walk.h - prediction's walk over the loaded trees' 8-byte steps
 * (genre_forest_step and its parallel features[], forest.h), shared by
 * every tree model: GENRE_FOREST_LANES trees in lockstep, so their node
 * loads overlap and no branch depends on x.  A step is child +
 * (x[feature] > threshold); a leaf has a NaN threshold and itself as
 * child, so a step from a leaf stays put.
 */
#ifndef GENRE_ML_TREE_WALK_H
#define GENRE_ML_TREE_WALK_H

#include "ml/forest.h"

#include <stdint.h>

/* One step from node k: the left child, or the one beside it when x[feature] > threshold. */
static inline uint32_t
genre_walk_step(const genre_forest_step *steps, const uint32_t *features, const float *x,
				uint32_t k)
{
	return steps[k].child + (uint32_t) (x[features[k]] > steps[k].threshold);
}

/*
 * Walk the n (1..GENRE_FOREST_LANES) trees rooted at roots[0..n) for x;
 * k[i] ends at tree i's leaf, the lanes past n parked on the leaf park.
 * Every row goes at least rounds deep (the group's largest shallowest-leaf
 * depth), so those rounds skip the end check; after them the group stops
 * once none of its trees moved.
 */
static inline void
genre_walk_lanes(const genre_forest_step *steps, const uint32_t *features, const uint32_t *roots,
				 uint32_t n, uint32_t rounds, uint32_t park, const float *x,
				 uint32_t k[GENRE_FOREST_LANES])
{
	uint32_t	moved;

	for (uint32_t i = 0; i < GENRE_FOREST_LANES; i++)
		k[i] = i < n ? roots[i] : park;
	for (uint32_t r = rounds; r > 0; r--)
	{
		/* a fixed count the compiler unrolls, keeping k in registers */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 20
#endif
		for (uint32_t i = 0; i < GENRE_FOREST_LANES; i++)
			k[i] = genre_walk_step(steps, features, x, k[i]);
	}
	do
	{
		moved = 0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 20
#endif
		for (uint32_t i = 0; i < GENRE_FOREST_LANES; i++)
		{
			uint32_t	next = genre_walk_step(steps, features, x, k[i]);

			moved |= next ^ k[i];
			k[i] = next;
		}
	} while (moved);
}

#endif
