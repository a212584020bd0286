/*
 * umap_spectral.h - UMAP's spectral initialisation (internal to umap*.c),
 * as umap-learn's spectral_layout: the eigenvectors of the normalised
 * Laplacian I - D^-1/2 W D^-1/2 with the smallest non-trivial eigenvalues,
 * by thick-restart Lanczos on D^-1/2 W D^-1/2 (the trivial eigenvector
 * D^1/2 1 projected out; dense LAPACK dsyevr for small components).  A
 * graph of several components is laid out as multi_component_layout
 * does: components placed on the corners of a simplex or by a spectral
 * embedding of their centroids, each filled with its own spectral layout
 * (random for tiny ones).
 */
#ifndef GENRE_ML_UMAP_SPECTRAL_H
#define GENRE_ML_UMAP_SPECTRAL_H

#include "base/rng.h"
#include "base/status.h"
#include "ml/umap.h"
#include "ml/umap_graph.h"

#include <stdint.h>

/*
 * The initial layout of g's vertices (the n rows of row_dim values behind
 * it, for centroids of components) into init[n * dim], before umap-learn's
 * scaling and noise.  *components receives the number of connected
 * components, *converged 0 when Lanczos stopped at its iteration budget
 * (its Ritz vectors are used then).  Checks for cancel.
 */
genre_code	genre_umap_spectral_init(const genre_umap_graph *g, const float *rows, int row_dim,
									 genre_umap_metric metric, int dim, genre_rng *rng,
									 double *init, uint32_t *components, int *converged,
									 genre_status *st);

#endif
