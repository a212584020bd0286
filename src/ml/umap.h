/*
 * umap.h - UMAP (McInnes, Healy & Melville 2018) as umap-learn 0.5.3 fits
 * and transforms, single-threaded and deterministic.
 *
 * Fit: exact k nearest neighbours (the row itself first, as umap-learn's
 * small-data path), smooth_knn_dist and the fuzzy union A + A' - A o A',
 * edges below max / n_epochs pruned, spectral initialisation from the
 * normalised Laplacian's smallest non-trivial eigenvectors (thick-restart
 * Lanczos, LAPACK for the small projected problems; umap-learn's layout of
 * several components), a and b fitted to min_dist and spread as
 * find_ab_params does, then SGD with negative sampling in umap-learn's
 * edge order.  Rows are put in canonical order first (ml/dataset.h) and
 * the random stream comes from the seed, so the model is byte-identical
 * for the same rows and seed in any order.
 *
 * Transform of a new row: its k nearest fitted rows, umap-learn's
 * membership weights (local connectivity 0), the weighted mean of their
 * coordinates as the start, and umap-learn's short optimisation against
 * the fixed embedding (100 epochs, or n_epochs / 3 when given; learning
 * rate 1/4), its random stream seeded by the model seed and the row's
 * bytes, so each row's result depends only on the row.  A row equal to a
 * fitted row maps to exactly that row's fitted coordinates.
 *
 * Payload (kind GENRE_MODEL_UMAP):
 *   u32 dim, u32 n_rows, u32 n_components, u32 n_neighbors, u32 metric,
 *   i32 n_epochs option (-1 = default), u32 n_epochs used,
 *   f64 min_dist, f64 spread, f64 a, f64 b, u64 seed,
 *   u32 graph components, u32 spectral init converged (0/1),
 *   f32 rows[n_rows * dim] (canonical order),
 *   f32 embedding[n_rows * n_components]
 */
#ifndef GENRE_ML_UMAP_H
#define GENRE_ML_UMAP_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/model_kinds.h"

#include <stddef.h>
#include <stdint.h>

/* Exact neighbours cost rows^2: beyond this many rows umap_fit stops with 54000. */
#define GENRE_UMAP_MAX_ROWS 50000
#define GENRE_UMAP_MAX_DIM 65536
#define GENRE_UMAP_MAX_NEIGHBORS 200
#define GENRE_UMAP_MAX_COMPONENTS 100
#define GENRE_UMAP_MAX_EPOCHS 10000
/* No fitted coordinate is farther from 0 (a loaded model is checked against it). */
#define GENRE_UMAP_MAX_COORD 1e6
/* spread's range; a and b of a fit then lie well inside the loader's bounds */
#define GENRE_UMAP_MIN_SPREAD 1e-3
#define GENRE_UMAP_MAX_SPREAD 1e3
#define GENRE_UMAP_MAX_A 1e20
#define GENRE_UMAP_MIN_B 0.1
#define GENRE_UMAP_MAX_B 10.0

typedef enum genre_umap_metric
{
	GENRE_UMAP_EUCLIDEAN = 0,
	GENRE_UMAP_COSINE = 1		/* 1 - cos(x, y); 0 between two zero rows, 1 to one */
} genre_umap_metric;

typedef struct genre_umap_params
{
	int			n_components;	/* 2 */
	int			n_neighbors;	/* 15 */
	double		min_dist;		/* 0.1 */
	double		spread;			/* 1.0 */
	int			n_epochs;		/* -1: umap-learn's 500 up to 10 000 rows, else 200; 0: the initial layout */
	genre_umap_metric metric;	/* euclidean */
	uint64_t	seed;			/* 0 */
} genre_umap_params;

/* A fitted model (what genre_umap_fit makes and genre_umap_load returns). */
typedef struct genre_umap
{
	int			dim;
	uint32_t	n;				/* fitted rows */
	int			n_components;
	int			n_neighbors;
	genre_umap_metric metric;
	int			n_epochs_option;	/* as given (-1 = default) */
	int			n_epochs;		/* epochs the fit ran */
	double		min_dist;
	double		spread;
	double		a;
	double		b;
	uint64_t	seed;
	uint32_t	graph_components;	/* connected components of the fuzzy graph */
	int			spectral_converged; /* 0: Lanczos stopped at its budget (still used) */
	float	   *rows;			/* n x dim, canonical order */
	float	   *embedding;		/* n x n_components */
	float	   *norms;			/* n: |row| for cosine, NULL for euclidean (not serialised) */
} genre_umap;

/* Fill p with umap-learn's defaults. */
void		genre_umap_defaults(genre_umap_params *p);

/* "euclidean" / "cosine" to the metric; 22023 naming the valid ones. */
genre_code	genre_umap_metric_parse(const char *name, size_t len, genre_umap_metric *m,
									genre_status *st);

/*
 * Check p against n rows of dim values: 22023 naming the option for
 * n_components outside 1 .. min(dim, rows - 2, 100), n_neighbors outside
 * 2 .. rows - 1 (or above 200), spread outside 0.001 .. 1000, min_dist
 * outside 0 .. spread, n_epochs outside -1 .. 10000; 54000 past
 * GENRE_UMAP_MAX_ROWS rows or GENRE_UMAP_MAX_DIM values.
 */
genre_code	genre_umap_check(const genre_umap_params *p, size_t n, int dim, genre_status *st);

/* a and b of the curve 1 / (1 + a d^2b) fitted to min_dist and spread (find_ab_params). */
genre_code	genre_umap_find_ab(double spread, double min_dist, double *a, double *b,
							   genre_status *st);

/*
 * Fit n rows of dim float32 values (row major, any order, finite: 22023
 * otherwise).  *out is genre_alloc'ed (genre_umap_free).  Checks for cancel.
 */
genre_code	genre_umap_fit(const float *rows, size_t n, int dim, const genre_umap_params *p,
						   genre_umap **out, genre_status *st);

/* Serialise a model into w (envelope included). */
genre_code	genre_umap_write(const genre_umap *m, genre_writer *w, genre_status *st);

/* Load and validate a payload: every count against the bytes present (22P03). */
void	   *genre_umap_load(const unsigned char *payload, size_t len, genre_status *st);

/* Release a model from genre_umap_fit or genre_umap_load (NULL allowed). */
void		genre_umap_free(void *model);

/* Approximate bytes a loaded model holds. */
size_t		genre_umap_loaded_size(const void *model);

/* The umap row of the model-kind table. */
extern const genre_model_kind_ops genre_umap_kind;

/*
 * Embed x (n values; 22023 unless n == dim and all finite) into
 * out[n_components].  Checks for cancel.
 */
genre_code	genre_umap_embed(const genre_umap *m, const float *x, int n, float *out,
								 genre_status *st);

#endif
