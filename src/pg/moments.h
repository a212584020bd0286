/*
 * moments.h - the running-moments bytea state that scaler_fit and pca_fit
 * share (moments.c holds it and the shared combine function).
 *
 * The state holds count, mean and second moments in float64 (ml/moments.h):
 * a row is one Welford update in place, the combine function is Chan's
 * pairwise merge, so a parallel plan gives the serial model up to rounding
 * and the state's size does not grow with the rows.
 */
#ifndef GENRE_PG_MOMENTS_H
#define GENRE_PG_MOMENTS_H

#include "postgres.h"

#include "fmgr.h"

typedef struct MomentsState
{
	int32		vl_len_;
	uint32		magic;
	int32		dim;
	int32		full;			/* 1: covariance (pca), 0: variances (scaler) */
	int32		n_components;	/* pca only */
	/* float64 accumulator follows at MOMENTS_HDRSZ */
} MomentsState;

#define MOMENTS_HDRSZ MAXALIGN(sizeof(MomentsState))

/* The float64 accumulator of a state. */
static inline double *
genre_moments_acc(MomentsState *s)
{
	return (double *) ((char *) s + MOMENTS_HDRSZ);
}

/* The state in argument argno (detoasted), checked to be one of ours; 22P03 otherwise. */
MomentsState *genre_moments_state_arg(FunctionCallInfo fcinfo, int argno);

/*
 * Transition body of scaler_fit (full 0) and pca_fit (full 1, argument 2 is
 * n_components): one row into the state; NULL rows are skipped.
 */
Datum		genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full);

#endif
