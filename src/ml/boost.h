/*
 * boost.h - histogram gradient-boosted trees (model kind "boosted"):
 * softmax (multinomial) loss with one tree per class and round, binary
 * logistic loss with one tree per round for two classes.  Features are
 * binned once (at most max_bins quantile bins per feature); trees grow leaf
 * by leaf, best gain first (LightGBM / HistGradientBoosting), limited by
 * max_leaves and/or max_depth; a node's histogram is the parent's minus its
 * smaller child's.
 *
 * Training works on a canonical genre_dataset and draws every random choice
 * (validation rows, row subsamples, feature subsets) from the seed, so the
 * same rows and seed give a byte-identical model under any row order.
 *
 * The payload (after the genre.model envelope, kind GENRE_MODEL_BOOSTED) is
 * little endian:
 *
 *   u16 boosted format (1)
 *   u32 n_features, u32 n_classes, u64 n_samples (rows fitted),
 *   u64 n_validation (rows held out for early stopping, 0 without),
 *   u32 trees_per_round (n_classes, or 1 for two classes), u32 rounds kept,
 *   u32 rounds trained, u32 max depth reached
 *   options: u32 rounds, f64 learning_rate, u32 max_depth (0 = none),
 *            u32 max_leaves (0 = none), u32 min_samples_leaf, f64 l2,
 *            u32 max_bins, f64 subsample, f64 colsample, u8 class_weight,
 *            u8 early_stopping, f64 validation_fraction, u32 patience, u64 seed
 *   f64 validation loss, f64 validation accuracy (at the kept round; 0 without)
 *   n_classes x (u32 length, bytes)        class labels, strictly increasing bytes
 *   trees_per_round x f64                  baseline raw scores
 *   n_features x f64                       gain importances (sum 1 or all 0)
 *   rounds kept x trees_per_round x (u32 n_nodes, nodes in preorder)
 *     tree t adds to the raw score of class t % trees_per_round;
 *     node: u8 tag; 0 split: u32 feature, f32 threshold, u32 right child
 *           (the left child is the next node); 1 leaf: f64 value
 * A sample goes left when x[feature] <= threshold.  Probabilities are the
 * softmax of the raw scores (two classes: p1 = logistic(raw), p0 = 1 - p1).
 */
#ifndef GENRE_ML_BOOST_H
#define GENRE_ML_BOOST_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/dataset.h"
#include "ml/forest.h"
#include "ml/model_kinds.h"

#include <stddef.h>
#include <stdint.h>

typedef struct genre_boost_options
{
	uint32_t	rounds;			/* boosting rounds, 1..GENRE_BOOST_MAX_ROUNDS, default 100 */
	double		learning_rate;	/* shrinkage in (0, 1], default 0.1 */
	uint32_t	max_depth;		/* 0 = no limit (default); else 1..GENRE_BOOST_MAX_DEPTH */
	uint32_t	max_leaves;		/* 0 = no limit; else 2..GENRE_BOOST_MAX_LEAVES, default 31 */
	uint32_t	min_samples_leaf;	/* rows per leaf, >= 1, default 20 */
	double		l2;				/* L2 penalty on leaf values, >= 0, default 0 */
	uint32_t	max_bins;		/* bins per feature, 2..255, default 255 */
	double		subsample;		/* fraction of rows per round, (0, 1], default 1 */
	double		colsample;		/* fraction of features per tree, (0, 1], default 1 */
	uint8_t		class_weight_balanced;	/* weights n / (k n_c) from the whole set */
	uint8_t		early_stopping; /* hold out validation rows, stop on their loss */
	double		validation_fraction;	/* (0, 1), default 0.1 */
	uint32_t	patience;		/* rounds without improvement, >= 1, default 10 */
	uint64_t	seed;
} genre_boost_options;

#define GENRE_BOOST_MAX_ROUNDS 100000
#define GENRE_BOOST_MAX_DEPTH 64
#define GENRE_BOOST_MAX_LEAVES 65536
#define GENRE_BOOST_MAX_TREES 1000000	/* rounds x trees per round */
/* |leaf value| and |baseline| bound: keeps every raw score finite */
#define GENRE_BOOST_MAX_VALUE 1e15

/* The defaults (those of scikit-learn's HistGradientBoostingClassifier; early stopping off). */
void		genre_boost_options_default(genre_boost_options *o);

/* Check option ranges; GENRE_EINVAL naming the option. */
genre_code	genre_boost_options_check(const genre_boost_options *o, genre_status *st);

/*
 * Train on ds and append the whole model (envelope included) to out.
 * EINVAL for bad options, fewer than two classes, non-finite features or an
 * empty validation set; ELIMIT past GENRE_BOOST_MAX_TREES trees; ECANCEL
 * when the host asks to stop.
 */
genre_code	genre_boost_train(const genre_dataset *ds, const genre_boost_options *o,
							  genre_writer *out, genre_status *st);

typedef struct genre_boost
{
	uint32_t	n_features;
	uint32_t	n_classes;
	uint64_t	n_samples;
	uint64_t	n_validation;
	uint32_t	trees_per_round;
	uint32_t	n_rounds;		/* rounds kept */
	uint32_t	rounds_trained;
	uint32_t	depth;
	uint32_t	n_trees;		/* n_rounds x trees_per_round */
	genre_boost_options options;
	double		validation_loss;
	double		validation_accuracy;
	char	  **class_names;	/* NUL-terminated */
	uint32_t   *class_lens;
	double	   *baseline;		/* trees_per_round */
	double	   *importances;	/* n_features */
	uint32_t   *roots;			/* n_trees + 1 */
	size_t		n_nodes;
	/* laid out as the forest's (forest.h), walked by ml/tree_walk.h */
	genre_forest_step *steps;	/* n_nodes */
	uint32_t   *features;		/* n_nodes: split feature, 0 at a leaf */
	uint32_t   *leaves;			/* n_nodes: a leaf's index in values, 0 at a split */
	uint32_t   *group_rounds;	/* per group of GENRE_FOREST_LANES trees, as the forest's */
	double	   *values;			/* leaf values */
	size_t		n_values;
} genre_boost;

/*
 * Parse and validate a boosted payload (the kind's loader); memory from
 * genre_alloc.  NULL with st = EBADDATA on anything inconsistent with the
 * bytes present, ENOMEM when out of memory.
 */
void	   *genre_boost_load(const unsigned char *payload, size_t len, genre_status *st);

/* Release a loaded model (NULL allowed). */
void		genre_boost_free(void *model);

/* Class probabilities (float64, n_classes) for x (n_features floats). */
void		genre_boost_proba(const void *model, const float *x, double *proba);

/* Probabilities from raw scores: softmax of n_classes values, or for two classes the logistic of one. */
void		genre_boost_softmax(const double *raw, uint32_t n_classes, double *proba);

/* Raw scores (trees_per_round doubles) for x: baseline plus leaf values, in tree order. */
void		genre_boost_raw(const genre_boost *m, const float *x, double *raw);

/* Most probable class for x (ties: lowest index); scratch holds n_classes doubles. */
uint32_t	genre_boost_predict(const void *model, const float *x, double *scratch);

/* The boosted kind's row of the model-kind table: a classifier. */
extern const genre_model_kind_ops genre_boost_kind;

#endif
