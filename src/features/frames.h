/*
 * frames.h - a frame-level feature matrix and its summaries over frames.
 */
#ifndef GENRE_FEATURES_FRAMES_H
#define GENRE_FEATURES_FRAMES_H

#include "base/status.h"

/*
 * rows x n_frames values, row-major (row r, frame t at v[r * n_frames + t]).
 * float64 storage holds librosa's float32 outputs exactly and its float64
 * ones (centroid, bandwidth) without rounding.
 */
typedef struct genre_frame_matrix
{
	int			rows;
	int			n_frames;
	double	   *v;				/* genre_alloc'ed, owned by whoever called genre_frames_alloc */
} genre_frame_matrix;

/* Zeroed rows x n_frames matrix (both >= 1). */
genre_code	genre_frames_alloc(genre_frame_matrix *f, int rows, int n_frames,
							   genre_status *st);

/* Release the values; f may be zeroed or already freed. */
void		genre_frames_free(genre_frame_matrix *f);

/* Mean of one row over frames, accumulated in float64. */
double		genre_frames_mean(const genre_frame_matrix *f, int row);

/* Population variance (ddof 0) of one row around its mean, float64, two passes. */
double		genre_frames_var(const genre_frame_matrix *f, int row);

#endif
