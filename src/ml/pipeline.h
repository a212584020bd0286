/*
 * pipeline.h - a classifier that knows its input: the recipe that turns a
 * clip into the vector the classifier was trained on (feature layout,
 * window or segments with their vote, preprocessing steps) stored with the
 * classifier itself, so classify(audio, model) repeats it exactly and a
 * vector made another way is refused instead of silently misread.
 *
 * Payload (kind GENRE_MODEL_PIPELINE, format 1):
 *   u32 format (1), u32 features_version (1: genre 1.1's features()),
 *   u32 layout name length (1..63), the name's bytes (a layout features()
 *   knows), u32 n_inputs (that layout's size),
 *   f64 offset_s (>= 0), f64 duration_s (-1: to the end, else > 0),
 *   f64 segment_s (0: one vector of the whole window, else
 *   GENRE_PIPELINE_MIN_SEGMENT..GENRE_PIPELINE_MAX_SEGMENT), u32 vote
 *   (0 without segments; GENRE_VOTE_HARD or GENRE_VOTE_SOFT with them),
 *   u32 n_steps (<= GENRE_PIPELINE_MAX_STEPS), each step:
 *     u32 type; GENRE_STEP_MODEL: u64 length, a whole serialised model
 *     (scaler: scale; pca: transform; kmeans: append the distances to its
 *     centres, the second study's cluster-distance features);
 *     GENRE_STEP_POLYNOMIAL: u32 degree (1..3),
 *   u64 length, the serialised classifier (any classifier kind but a
 *   pipeline).
 * Embedded models are stored by value, so a pipeline needs nothing else.
 * The loader runs every embedded model's own loader and checks that each
 * step's output width is the next one's input width, ending at the
 * classifier's n_features.
 */
#ifndef GENRE_ML_PIPELINE_H
#define GENRE_ML_PIPELINE_H

#include "base/bytes.h"
#include "base/status.h"
#include "dsp/plan_cache.h"
#include "features/summary.h"
#include "ml/model_kinds.h"

#include <stddef.h>
#include <stdint.h>

#define GENRE_PIPELINE_FORMAT			1
#define GENRE_PIPELINE_FEATURES_VERSION	1
#define GENRE_PIPELINE_MAX_STEPS		16
#define GENRE_PIPELINE_MIN_SEGMENT		0.05
#define GENRE_PIPELINE_MAX_SEGMENT		3600.0

typedef enum genre_pipeline_step_type
{
	GENRE_STEP_MODEL = 1,
	GENRE_STEP_POLYNOMIAL = 2
} genre_pipeline_step_type;

typedef enum genre_vote
{
	GENRE_VOTE_NONE = 0,
	GENRE_VOTE_HARD = 1,		/* the most frequent segment label (ties: lowest class) */
	GENRE_VOTE_SOFT = 2			/* the mean of the segments' probabilities */
} genre_vote;

/* A step as given to genre_pipeline_write: an embedded model or a degree. */
typedef struct genre_pipeline_step_spec
{
	genre_pipeline_step_type type;
	const void *model;			/* GENRE_STEP_MODEL: serialised model (envelope included) */
	size_t		model_len;
	int			degree;			/* GENRE_STEP_POLYNOMIAL */
} genre_pipeline_step_spec;

/* Everything a pipeline stores, as given to genre_pipeline_write. */
typedef struct genre_pipeline_spec
{
	const char *layout;
	double		offset_s;
	double		duration_s;		/* < 0: to the end */
	double		segment_s;		/* 0: no segments */
	genre_vote	vote;
	int			n_steps;
	const genre_pipeline_step_spec *steps;
	const void *classifier;		/* serialised model */
	size_t		classifier_len;
} genre_pipeline_spec;

typedef struct genre_pipeline_step
{
	genre_pipeline_step_type type;
	const genre_model_kind_ops *ops;	/* GENRE_STEP_MODEL */
	void	   *object;
	int			degree;
	int			n_in;
	int			n_out;
} genre_pipeline_step;

/* A loaded pipeline; everything genre_alloc'ed. */
typedef struct genre_pipeline_model
{
	const genre_layout *layout;
	int			n_inputs;
	double		offset_s;
	double		duration_s;
	double		segment_s;
	genre_vote	vote;
	int			n_steps;
	genre_pipeline_step steps[GENRE_PIPELINE_MAX_STEPS];
	const genre_model_kind_ops *classifier_ops;
	void	   *classifier_object;
	genre_classifier inner;		/* the classifier's own view */
	char		recipe[192];	/* "layout genre, window 45+40 s", for messages */
	float	   *buf[2];			/* scratch of the widest step output */
	double	   *importances;	/* n_inputs: the classifier's when no step reshapes, else 0 */
} genre_pipeline_model;

/*
 * Check spec as a recipe and serialise it into w as a complete model.
 * 22023 naming the part (an unknown layout, a bad window, segment length
 * or vote, a step whose input width is not the previous output's, a
 * polynomial degree), 42809 for an embedded model of a kind that cannot
 * be there (a classifier as a step, a non-classifier or a pipeline as the
 * classifier), 22P03 for a corrupt embedded model.
 */
genre_code	genre_pipeline_write(const genre_pipeline_spec *spec, genre_writer *w,
								 genre_status *st);

/* Load and validate a payload (genre_alloc'ed result; release through the kind's free). */
void	   *genre_pipeline_load(const unsigned char *payload, size_t len, genre_status *st);

/*
 * The classifier's class probabilities for one vector x[n_inputs] made by
 * the recipe: every step applied, then the classifier.  22023 when a step's
 * output overflows real.
 */
genre_code	genre_pipeline_proba(const genre_pipeline_model *p, const float *x, double *proba,
								 genre_status *st);

/*
 * The whole recipe on a decoded window y[0..n) at rate sr (the window
 * offset_s/duration_s of the recipe, mono, GENRE_SAMPLE_RATE): one vector of
 * the layout, or, with segments, one per whole segment (window k: samples
 * [round(k s sr), round(k s sr) + round(s sr) - 1), as genre.segments) voted
 * into proba[n_classes] (hard: the fraction of segments per label).  22023
 * when the window is shorter than one segment; ECANCEL when interrupted.
 * *n_segments (may be NULL) gets the number of vectors made.
 */
genre_code	genre_pipeline_classify(const genre_pipeline_model *p, genre_plan_cache *cache,
									const float *y, size_t n, int sr, double *proba,
									int *n_segments, genre_status *st);

/* The pipeline row of the model-kind table (a classifier: its view takes the recipe's vector). */
extern const genre_model_kind_ops genre_pipeline_kind;

#endif
