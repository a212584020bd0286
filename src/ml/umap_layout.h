/*
 * umap_layout.h - UMAP's low-dimensional side (internal to umap*.c): the
 * a, b curve fit and the stochastic gradient descent of
 * optimize_layout_euclidean with negative sampling, single-threaded.
 */
#ifndef GENRE_ML_UMAP_LAYOUT_H
#define GENRE_ML_UMAP_LAYOUT_H

#include "base/rng.h"
#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct genre_umap_sgd
{
	float	   *head_embedding; /* the points that move */
	float	   *tail_embedding; /* == head_embedding in a fit; the fixed fitted points in a transform */
	int			dim;
	size_t		n_vertices;		/* negative samples are tail rows 0 .. n_vertices - 1 */
	const uint32_t *head;		/* edge e joins head row head[e] ... */
	const uint32_t *tail;		/* ... to tail row tail[e] */
	const float *weight;		/* > 0 */
	size_t		n_edges;
	int			n_epochs;
	double		a;
	double		b;
	double		initial_alpha;	/* 1 in a fit, 1/4 in a transform */
	int			move_other;		/* a fit moves both ends of an edge */
	genre_rng  *rng;
} genre_umap_sgd;

/*
 * Run n_epochs epochs: each edge is sampled n_epochs * w / max w times
 * (make_epochs_per_sample), pulling its ends together, with 5 negative
 * samples pushing the head away from random tail rows; the learning rate
 * falls linearly to 0; gradients are clipped to +-4.  Checks for cancel.
 */
genre_code	genre_umap_optimize(const genre_umap_sgd *s, genre_status *st);

#endif
