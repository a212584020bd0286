/*
 * pca.h - principal component analysis from a covariance accumulator, as
 * scikit-learn's PCA (centred, not whitened; variances with divisor n - 1).
 * The eigen-decomposition is LAPACK's dsyevr.  Each component's sign is
 * fixed so its largest-magnitude entry (first one on ties) is positive,
 * which makes results reproducible whatever LAPACK returns.
 *
 * Payload (kind GENRE_MODEL_PCA):
 *   u32 dim, u32 n_components, f64 n_samples, f64 total_variance,
 *   f64 mean[dim], f64 explained_variance[nc], f64 explained_variance_ratio[nc],
 *   f64 components[nc * dim] (row major, one component per row)
 */
#ifndef GENRE_ML_PCA_H
#define GENRE_ML_PCA_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/model_kinds.h"

/* Largest input dimension: the covariance is dim x dim and dsyevr is O(dim^3). */
#define GENRE_PCA_MAX_DIM	4096

typedef struct genre_pca
{
	int			dim;
	int			n_components;
	double		n_samples;
	double		total_variance;
	double	   *mean;
	double	   *variance;		/* explained_variance[n_components], descending */
	double	   *ratio;			/* explained_variance_ratio[n_components] */
	double	   *components;		/* n_components x dim */
} genre_pca;

/*
 * Fit from a full moments accumulator (ml/moments.h) and serialise into w.
 * 22023 when n_components is not in 1..dim or fewer than 2 rows were seen,
 * 22P03 when acc is not a plausible accumulator (genre_moments_valid).
 */
genre_code	genre_pca_write(const double *acc, int dim, int n_components,
							genre_writer *w, genre_status *st);

/* Load and validate a payload (genre_alloc'ed result). */
void	   *genre_pca_load(const unsigned char *payload, size_t len, genre_status *st);

/* out[c] = (x - mean) . component_c for c < n_components; 22023 unless n == dim. */
genre_code	genre_pca_apply(const genre_pca *p, const float *x, int n, float *out,
							genre_status *st);

/* The pca row of the model-kind table. */
extern const genre_model_kind_ops genre_pca_kind;

#endif
