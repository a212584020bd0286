/*
 * kmeans.h - k-means clustering as scikit-learn's KMeans (algorithm "lloyd"):
 * greedy k-means++ seeding with 2 + floor(ln k) local trials, Lloyd
 * iterations until the labels stop changing or the squared centre shift is
 * at most tol times the mean per-column variance, empty clusters re-seeded
 * from the points farthest from their centres, best of n_init runs.
 *
 * Rows are float32 (real[]); distances, sums and centres are float64.
 * Rows are sorted canonically first, so the result depends on the set of
 * rows and the seed, never on their order.
 *
 * Payload (kind GENRE_MODEL_KMEANS):
 *   u32 dim, u32 k, u64 n_samples, u32 n_iter, f64 inertia,
 *   u64 cluster_sizes[k], f64 centers[k * dim]
 */
#ifndef GENRE_ML_KMEANS_H
#define GENRE_ML_KMEANS_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/model_kinds.h"

#include <stddef.h>
#include <stdint.h>

#define GENRE_KMEANS_MAX_K		100000
#define GENRE_KMEANS_MAX_DIM	(1 << 20)
/* largest k whose k x k centre distances are kept (32 MB); beyond, summed as needed */
#define GENRE_KMEANS_MATRIX_K	2048

typedef struct genre_kmeans_params
{
	int			k;
	int			n_init;			/* restarts; the lowest inertia wins (10) */
	int			max_iter;		/* Lloyd iterations per run (300) */
	double		tol;			/* relative to the mean column variance (1e-4) */
	uint64_t	seed;			/* (0) */
} genre_kmeans_params;

/* A fitted model (also what the loader returns). */
typedef struct genre_kmeans
{
	int			dim;
	int			k;
	uint64_t	n_samples;
	int			n_iter;			/* iterations of the winning run */
	double		inertia;		/* sum of squared distances to the nearest centre */
	uint64_t   *sizes;			/* rows per cluster [k] */
	double	   *centers;		/* k x dim, row major */
} genre_kmeans;

/* Fill params with scikit-learn's defaults for k clusters. */
void		genre_kmeans_defaults(genre_kmeans_params *p, int k);

/*
 * Cluster n rows of dim float32 values (row major, finite).  22023 when k < 1
 * or k exceeds the number of distinct rows; ECANCEL when interrupted.
 * The model's arrays are genre_alloc'ed (genre_kmeans_free).
 */
genre_code	genre_kmeans_fit(const float *rows, size_t n, int dim,
							 const genre_kmeans_params *p, genre_kmeans *model,
							 genre_status *st);

/*
 * genre_kmeans_fit keeping the centre-distance matrix up to k = matrix_k
 * instead of GENRE_KMEANS_MATRIX_K: the model is the same either way (tests
 * compare the two).
 */
genre_code	genre_kmeans_fit_matrix(const float *rows, size_t n, int dim,
									const genre_kmeans_params *p, int matrix_k,
									genre_kmeans *model, genre_status *st);

/* Release a model's arrays and (when owned) the struct: see genre_kmeans_load. */
void		genre_kmeans_free(genre_kmeans *m, int free_struct);

/* Serialise a model into w (envelope included). */
genre_code	genre_kmeans_write(const genre_kmeans *m, genre_writer *w, genre_status *st);

/* Load and validate a payload; returns a genre_alloc'ed genre_kmeans. */
void	   *genre_kmeans_load(const unsigned char *payload, size_t len, genre_status *st);

/* Index (0-based) of the nearest centre to x; 22023 unless n == dim. */
genre_code	genre_kmeans_nearest(const genre_kmeans *m, const float *x, int n,
								 int *label, genre_status *st);

/* Euclidean distance from x to every centre, out[k]; 22023 unless n == dim. */
genre_code	genre_kmeans_transform(const genre_kmeans *m, const float *x, int n,
								   float *out, genre_status *st);

/* The kmeans row of the model-kind table. */
extern const genre_model_kind_ops genre_kmeans_kind;

#endif
