/*
 * umap_graph.h - the neighbour graph of UMAP (internal to umap*.c): exact
 * k nearest neighbours, umap-learn's smooth_knn_dist and membership
 * strengths, and the fuzzy union of the directed graph with its transpose.
 * float32 where umap-learn computes in float32 (knn distances, sigmas,
 * rhos, weights), distances themselves in float64.
 */
#ifndef GENRE_ML_UMAP_GRAPH_H
#define GENRE_ML_UMAP_GRAPH_H

#include "base/status.h"
#include "ml/umap.h"

#include <stddef.h>
#include <stdint.h>

/* A symmetric weighted graph as COO edges sorted by (head, tail): scipy's tocoo() order. */
typedef struct genre_umap_graph
{
	size_t		n_vertices;
	size_t		n_edges;		/* both directions of every edge */
	uint32_t   *head;
	uint32_t   *tail;
	float	   *weight;
	size_t	   *row_start;		/* n_vertices + 1: edges of vertex v are row_start[v] .. row_start[v + 1] */
} genre_umap_graph;

/* Distance between two rows (norms: |row| for cosine, ignored for euclidean). */
double		genre_umap_distance(genre_umap_metric metric, const float *a, const float *b,
								int dim, float norm_a, float norm_b);

/* |row| of each of n rows (for cosine), into norms[n]. */
void		genre_umap_norms(const float *rows, size_t n, int dim, float *norms);

/*
 * The k nearest of n rows to each row, the row itself first, then by
 * (distance, index): idx[i * k + j], dist[i * k + j] (float32, as
 * umap-learn casts them).  Checks for cancel.
 */
genre_code	genre_umap_knn(const float *rows, const float *norms, size_t n, int dim,
						   genre_umap_metric metric, int k, uint32_t *idx, float *dist,
						   genre_status *st);

/*
 * The k nearest of n rows to x (whose norm is xnorm), by (distance,
 * index), into idx[k], dist[k]; k <= n.
 */
void		genre_umap_knn_query(const float *rows, const float *norms, size_t n, int dim,
								 genre_umap_metric metric, const float *x, float xnorm, int k,
								 uint32_t *idx, float *dist);

/*
 * umap-learn's smooth_knn_dist for one row of k sorted distances: rho is
 * the distance to the local_connectivity-th non-zero neighbour, sigma the
 * bandwidth at which the memberships of neighbours 1 .. k-1 sum to
 * log2(k); sigma is at least 1e-3 of the row's mean distance (of
 * mean_all, the mean over every row, when rho is 0).
 */
void		genre_umap_smooth_knn(const float *dist, int k, double local_connectivity,
								  float mean_all, float *sigma, float *rho);

/* exp(-(d - rho) / sigma), 1 within rho or for sigma 0 (compute_membership_strengths). */
float		genre_umap_membership(float d, float rho, float sigma);

/*
 * The fuzzy simplicial set of the fit: memberships of each row's
 * neighbours (0 for itself), then A + A' - A o A'; edges of weight 0 are
 * dropped.  Checks for cancel.
 */
genre_code	genre_umap_fuzzy_graph(const uint32_t *idx, const float *dist, size_t n, int k,
								   genre_umap_graph *g, genre_status *st);

/* Drop edges below max weight / n_epochs (as simplicial_set_embedding does), rebuilding row_start. */
void		genre_umap_graph_prune(genre_umap_graph *g, double n_epochs);

void		genre_umap_graph_free(genre_umap_graph *g);

#endif
