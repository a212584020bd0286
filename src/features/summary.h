/*
 * summary.h - feature vectors: which frame features, which statistics, in
 * which order, under which names (DESIGN.md, "Layouts of features()").
 *
 * A layout is a table of blocks; a block is one frame feature summarised by
 * one statistic, giving one or two slots per row of the feature.  To add a
 * feature: write its genre_feature_fn, add a genre_feature to the registry
 * in summary.c and blocks to the layouts that carry it.  Slot names are
 * derived from the blocks, so feature_names() and the vector cannot drift.
 */
#ifndef GENRE_FEATURES_SUMMARY_H
#define GENRE_FEATURES_SUMMARY_H

#include "base/status.h"
#include "dsp/plan_cache.h"
#include "dsp/stft.h"
#include "features/analysis.h"
#include "features/frames.h"

#include <stddef.h>

/* Compute a feature's rows x frames from a clip's shared analysis (out allocated here). */
typedef genre_code (*genre_feature_fn) (genre_analysis *a, genre_frame_matrix *out,
										genre_status *st);

/*
 * Mean and population variance over frames of each row (float64, the
 * values genre_frames_mean / genre_frames_var give) without holding the
 * frames, for features whose frames are large (one per sample).
 */
typedef genre_code (*genre_moments_fn) (genre_analysis *a, double *mean, double *var,
										genre_status *st);

/*
 * Upper estimate of the bytes compute (frames set) or moments (frames 0)
 * allocates at its peak beyond the analysis's passes, for analysis a
 * (initialised, nothing computed yet).
 */
typedef size_t (*genre_scratch_fn) (const genre_analysis *a, int frames);

typedef struct genre_feature
{
	const char *name;			/* as its SQL function: "mfcc", "rms", "zero_crossing_rate", ... */
	int			rows;			/* values per frame */
	const char *const *row_names;	/* row suffixes ("C", "Cs", ...); NULL: 1, 2, ... */
	genre_feature_fn compute;
	unsigned	uses;			/* GENRE_WANT_*: what it takes from the analysis's passes */
	genre_scratch_fn scratch;
	genre_moments_fn moments;	/* NULL: summaries come from compute's frames */
} genre_feature;

typedef enum genre_stat
{
	GENRE_STAT_MEAN_STD,		/* per row: <row>_mean, <row>_std (population), float64 */
	GENRE_STAT_MEAN_VAR,		/* per row: <row>_mean, <row>_var (population), float64 */
	GENRE_STAT_VALUE,			/* per row: the value of its single frame, named <row> */
	GENRE_STAT_MEAN_VAR_ALL		/* <stem>_mean, <stem>_var over all rows x frames together */
} genre_stat;

typedef struct genre_block
{
	const genre_feature *feature;
	genre_stat	stat;
	const char *stem;			/* slot name stem; NULL: the feature's name; "": row names alone */
} genre_block;

typedef struct genre_layout
{
	const char *name;
	genre_pad_mode stft_pad;	/* centre padding of the layout's STFT (and RMS frames) */
	int			n_blocks;
	const genre_block *blocks;
} genre_layout;

/* The registered frame feature of that name, or NULL. */
const genre_feature *genre_feature_find(const char *name);

/* The layout of that name; NULL and GENRE_EINVAL naming the valid ones when unknown. */
const genre_layout *genre_layout_find(const char *name, genre_status *st);

/* Number of slots (values) of a layout's vector. */
int			genre_layout_size(const genre_layout *l);

/* Name of slot i (0-based) into buf (NUL-terminated, truncated to len); 0 if i is out of range. */
int			genre_layout_slot_name(const genre_layout *l, int i, char *buf, size_t len);

/*
 * The layout's vector of y[0..n) at rate sr into out[0..genre_layout_size(l)),
 * float32 (SQL real[]); one analysis (one STFT) serves every block.
 */
genre_code	genre_features_compute(genre_plan_cache *cache, const float *y, size_t n, int sr,
								   const genre_layout *l, float *out, genre_status *st);

/* genre_features_compute, adding each stage's time to timing (the benchmark's entry). */
genre_code	genre_features_compute_timed(genre_plan_cache *cache, const float *y, size_t n,
										 int sr, const genre_layout *l, float *out,
										 genre_timing *timing, genre_status *st);

/*
 * Upper estimate of the bytes genre_features_compute needs for n samples in
 * layout l, the n float32 samples themselves included (the figure checked
 * against the host's budget, genre_memory_check).
 */
size_t		genre_features_memory(const genre_layout *l, size_t n);

/* The same for genre_feature_frames of one feature with that padding. */
size_t		genre_feature_memory(const genre_feature *f, size_t n, genre_pad_mode pad);

/*
 * Mean over frames of each row of one feature (librosa 0.10 defaults, zero
 * padded STFT) into means[0..f->rows), float64.
 */
genre_code	genre_feature_means(genre_plan_cache *cache, const float *y, size_t n, int sr,
								const genre_feature *f, double *means, genre_status *st);

/*
 * Frames of one feature into out (allocated here, caller frees), with the
 * STFT padded by pad; used by tests and frame-level views.
 */
genre_code	genre_feature_frames(genre_plan_cache *cache, const float *y, size_t n, int sr,
								 const genre_feature *f, genre_pad_mode pad,
								 genre_frame_matrix *out, genre_status *st);

#endif
