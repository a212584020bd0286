/*
 * harmonic.h - the harmonic and rhythm frame features of features():
 * chroma_stft, tonnetz, tempo and the HPSS waveforms, as registry entries
 * (see summary.h) computed from a clip's shared analysis.
 *
 * An analysis whose STFT is reflect-padded is a librosa 0.7.2 (GTZAN table)
 * analysis: chroma then uses 0.7.2's piptrack.
 */
#ifndef GENRE_FEATURES_HARMONIC_H
#define GENRE_FEATURES_HARMONIC_H

#include "features/summary.h"

/* chroma_stft: 12 rows C..B (names "C", "Cs", ...), one column per STFT frame. */
extern const genre_feature genre_feature_chroma_stft;

/* tonnetz from CQT chroma: 6 rows, one column per CQT frame. */
extern const genre_feature genre_feature_tonnetz;

/* beat_track's tempo: 1 row, 1 column, BPM (0 when there are no onsets). */
extern const genre_feature genre_feature_tempo;

/* HPSS waveforms: rows "harmony" and "perceptr", one column per sample. */
extern const genre_feature genre_feature_hpss;

/*
 * Onset envelope of the analysis's mel dB spectrogram, median-aggregated
 * (beat_track's) or mean-aggregated (onset_strength's default): *env is
 * *n_frames float32, genre_alloc'ed, owned by the caller.
 */
genre_code	genre_analysis_onset(genre_analysis *a, int median, float **env, int *n_frames,
								 genre_status *st);

#endif
