/*
 * moments.h - the running-moments bytea state that scaler_fit and pca_fit
 * share (moments.c holds it and the shared combine function).
 *
 * The state holds the exact sums of ml/moments.h (count, sums, sums of
 * products): a row adds to them in place, the combine function adds two
 * states, so the model is byte-identical whatever the row order, the
 * parallel plan or the Citus split, and the state's size does not grow
 * with the rows.  Inside an aggregate it is an expanded buffer state
 * (agg_state.h); its body is u32 n_components, u32 0, then the sums.
 */
#ifndef GENRE_PG_MOMENTS_H
#define GENRE_PG_MOMENTS_H

#include "postgres.h"

#include "fmgr.h"

/* A moments state as read (either form): its pca n_components and exact sums. */
typedef struct MomentsArg
{
	uint32		n_components;	/* pca_fit only, else 0 */
	const char *sums;			/* the accumulator of ml/moments.h */
	Size		sums_len;
	uint32		dim;
	int			full;
} MomentsArg;

/*
 * The state in argument argno, checked (header, dimension, windows, every
 * digit) to be a state of fname (scaler_fit: the diagonal form, pca_fit:
 * full; NULL fname: either); 22P03 otherwise.
 */
void		genre_moments_state_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
									MomentsArg *m);

/*
 * The summary of the state in argument 0 (count, means, second moments:
 * genre_moments_len doubles, palloc'ed), for the final function of fname.
 */
double	   *genre_moments_summary(FunctionCallInfo fcinfo, const char *fname, MomentsArg *m);

/*
 * Transition body of scaler_fit (full 0) and pca_fit (full 1, argument 2 is
 * n_components): one row into the state; NULL rows are skipped.
 */
Datum		genre_moments_trans(FunctionCallInfo fcinfo, const char *fname, int full);

#endif
