/*
 * tonnetz.h - chroma_cqt and tonnetz (librosa 0.10: tonnetz(y) is computed
 * from chroma_cqt of y itself, no harmonic separation).
 */
#ifndef GENRE_FEATURES_TONNETZ_H
#define GENRE_FEATURES_TONNETZ_H

#include "base/status.h"
#include "dsp/plan_cache.h"

#include <stddef.h>

#define GENRE_N_TONNETZ 6

/*
 * CQT magnitude (frame-major n_frames x 252) -> chroma (float32 frame-major
 * n_frames x 12, written to chroma): 3 CQT bins per pitch class, centred,
 * inf-normalised per frame.
 */
void		genre_cqt_to_chroma(const float *cqt_mag, int n_frames, float *chroma);

/*
 * Chroma (n_frames x 12) -> tonnetz (float64 frame-major n_frames x 6):
 * L1-normalised chroma projected on fifths, minor and major thirds.
 */
void		genre_chroma_to_tonnetz(const float *chroma, int n_frames, double *tonnetz);

/*
 * tonnetz(y=y, sr=22050): CQT, chroma_cqt, projection.  *tonnetz
 * (genre_alloc'ed, caller owns) is n_frames x 6 float64; *chroma_cqt, when not
 * NULL, receives the n_frames x 12 CQT chroma (caller owns).
 */
genre_code	genre_tonnetz_frames(genre_plan_cache *cache, const float *y, size_t n, int sr,
								 double **tonnetz, float **chroma_cqt, int *n_frames,
								 genre_status *st);

#endif
