/*
 * mfcc.h - librosa.feature.mfcc(y, sr, n_mfcc): DCT-II (ortho) of the
 * 128-band mel spectrogram in dB, float32 per frame.
 */
#ifndef GENRE_FEATURES_MFCC_H
#define GENRE_FEATURES_MFCC_H

#include "base/status.h"
#include "features/analysis.h"
#include "features/frames.h"

#define GENRE_N_MFCC 20

/* n_mfcc (1..128) coefficients x frames into out (allocated here, caller frees). */
genre_code	genre_mfcc_frames(genre_analysis *a, int n_mfcc, genre_frame_matrix *out,
							  genre_status *st);

#endif
