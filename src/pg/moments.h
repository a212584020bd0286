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

/* The body of a moments state (after the common header, agg_state.h). */
typedef struct MomentsBody
{
	uint32		dim;
	uint32		full;			/* 1: covariance (pca), 0: variances (scaler) */
	uint32		n_components;	/* pca only */
	uint32		zero;
	/* the accumulator (ml/moments.h) follows */
} MomentsBody;

/* A moments state as read: its body, checked, and its accumulator. */
typedef struct MomentsArg
{
	bytea	   *state;
	MomentsBody *body;
	double	   *acc;
} MomentsArg;

/*
 * The state in argument argno, checked (header, dimension, size) to be a
 * state of fname (scaler_fit: full 0, pca_fit: full 1; NULL fname: either);
 * 22P03 otherwise.
 */
void		genre_moments_state_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
									MomentsArg *m);

/*
 * Transition body of scaler_fit (full 0) and pca_fit (full 1, argument 2 is
 * n_components): one row into the state; NULL rows are skipped.
 */
Datum		genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full);

#endif
