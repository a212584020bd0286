/*
 * spectrogram.h - the matrices behind genre.spectrogram and
 * genre.plot_spectrogram, taken from the same analysis and functions the
 * features use (one code path): the STFT power and the mel spectrogram in
 * dB (ref 1, amin 1e-10, top_db 80, as the MFCC input), chroma_stft and
 * MFCC from the feature registry, the CQT magnitude in dB as chroma_cqt
 * (tonnetz) computes it, and librosa.feature.tempogram of the onset
 * envelope tempo and beats use.
 */
#ifndef GENRE_FEATURES_SPECTROGRAM_H
#define GENRE_FEATURES_SPECTROGRAM_H

#include "base/status.h"
#include "features/analysis.h"

#include <stddef.h>

typedef enum genre_spectrogram_kind
{
	GENRE_SPEC_STFT,			/* 1025 bins 0 .. sr/2, power in dB */
	GENRE_SPEC_MEL,				/* 128 Slaney mel bands, power in dB */
	GENRE_SPEC_CHROMA,			/* 12 pitch classes C .. B, chroma_stft */
	GENRE_SPEC_CQT,				/* 252 CQT bins from C1 (tuned), 36 per octave, |C| in dB */
	GENRE_SPEC_MFCC,			/* 20 coefficients */
	GENRE_SPEC_TEMPOGRAM		/* 384 lags of the autocorrelation tempogram, inf-normalised */
} genre_spectrogram_kind;

/* "stft", "mel", "chroma", "cqt", "mfcc", "tempogram" to the kind; 22023 naming the valid ones. */
genre_code	genre_spectrogram_kind_parse(const char *name, size_t len,
										 genre_spectrogram_kind *kind, genre_status *st);

typedef struct genre_spectrogram_matrix
{
	genre_spectrogram_kind kind;
	int			rows;			/* bins */
	int			n_frames;
	float	   *v;				/* rows x n_frames, row-major (bin r, frame t at v[r * n_frames + t]) */
	double		fmin;			/* CQT: the centre of bin 0 in Hz (C1 tuned); else 0 */
} genre_spectrogram_matrix;

/* The matrix of kind from analysis a (librosa 0.10 defaults); release with genre_spectrogram_free. */
genre_code	genre_spectrogram_compute(genre_analysis *a, genre_spectrogram_kind kind,
									  genre_spectrogram_matrix *out, genre_status *st);

void		genre_spectrogram_free(genre_spectrogram_matrix *s);

/*
 * What the analysis's passes must make for kind (GENRE_WANT_*; 0: none, the
 * kind takes its own STFT): set a->wants to it (with GENRE_WANT_MEL for
 * beats) so a spectrogram makes nothing it does not show.
 */
unsigned	genre_spectrogram_wants(genre_spectrogram_kind kind);

/*
 * Upper estimate of the bytes genre_spectrogram_compute of kind holds at
 * its peak for n samples at 22 050 Hz, the n float32 samples, the analysis
 * (with genre_spectrogram_wants) and the matrix included, and with beats
 * the onset envelope and beat tracking as well (the figure checked against
 * the host's budget, genre_memory_check).  *matrix_bytes (may be NULL) gets
 * the matrix's own size, for a host that copies it out.
 */
size_t		genre_spectrogram_memory(genre_spectrogram_kind kind, size_t n, int beats,
									 size_t *matrix_bytes);

#endif
