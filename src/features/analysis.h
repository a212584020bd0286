/*
 * analysis.h - one clip's shared intermediates, each computed at most once.
 *
 * Every feature of a features() call reads from one analysis.  The STFT
 * magnitude is consumed in blocks of GENRE_ANALYSIS_BLOCK frames by two
 * passes: the first makes everything that needs one look at each frame
 * (centroid, bandwidth, roll-off, the mel spectrogram, chroma's tuning
 * peaks), the second what needs a tuning first (chroma, the CQT's tuning).
 * The whole |X| is kept between the passes only when it is at most
 * GENRE_ANALYSIS_KEEP_MAG bytes (about 3 minutes); a longer clip has its
 * blocks transformed again instead, so a call never holds a long
 * spectrogram.  Only what a summary needs whole is kept whole, in float32:
 * the mel spectrogram (the 80 dB floor is the whole clip's), the per-frame
 * values and the tuning peaks.
 *
 * Buffers come from the plan cache's scratch (genre_work_alloc) and go back
 * to it in genre_analysis_free, so a scan reuses the same pages.
 */
#ifndef GENRE_FEATURES_ANALYSIS_H
#define GENRE_FEATURES_ANALYSIS_H

#include "base/status.h"
#include "dsp/plan_cache.h"
#include "dsp/stft.h"
#include "features/timing.h"

#include <stddef.h>

#define GENRE_N_MELS 128
#define GENRE_ANALYSIS_BLOCK 64
#define GENRE_ANALYSIS_KEEP_MAG ((size_t) 32 << 20)

/* what the passes compute (genre_analysis.wants) */
#define GENRE_WANT_SHAPE 1		/* centroid, bandwidth, roll-off */
#define GENRE_WANT_MEL 2		/* mel spectrogram in dB */
#define GENRE_WANT_CHROMA 4		/* chroma_stft (and its tuning) */
#define GENRE_WANT_CQT_TUNING 8 /* estimate_tuning(y) with 36 bins per octave */
#define GENRE_WANT_ALL 15

typedef struct genre_analysis
{
	genre_plan_cache *cache;
	const float *y;				/* the signal, float32, not owned */
	size_t		n;
	int			sr;
	genre_stft_params stft_params;	/* librosa defaults with this analysis's padding */

	int			n_frames;		/* 1 + n / hop */
	int			n_bins;			/* n_fft / 2 + 1 */
	unsigned	wants;			/* GENRE_WANT_*: what the passes make (all by default) */
	size_t		keep_mag;		/* keep |X| whole up to this many bytes (GENRE_ANALYSIS_KEEP_MAG) */

	/*
	 * computed on first request, frame-major (frame t, bin k at [t * n_bins
	 * + k]); the complex STFT and a whole |X| beyond the passes' own only
	 * when someone asks for them
	 */
	genre_stft_result stft;
	float	   *mag;			/* |X| float32, when kept */
	float	   *power;			/* |X|^2 float32 */
	float	   *mel_db;			/* power_to_db(mel(power)), n_frames x GENRE_N_MELS */
	double	   *centroid;		/* spectral centroid, bandwidth, roll-off per frame, float64 */
	double	   *bandwidth;
	double	   *rolloff;
	float	   *chroma;			/* chroma_stft, n_frames x 12 */
	double		chroma_tuning;	/* chroma_stft's estimate_tuning (12 bins per octave) */
	double		cqt_tuning;
	int			have_cqt_tuning;
	unsigned	made;			/* what the passes have made so far */

	genre_timing *timing;		/* stage times for the benchmark; NULL (the default): none */
} genre_analysis;

/* Start an analysis of y[0..n) at rate sr; the STFT centre-pads with pad. */
void		genre_analysis_init(genre_analysis *a, genre_plan_cache *cache,
								const float *y, size_t n, int sr, genre_pad_mode pad);

/* The complex STFT (n_fft 2048, hop 512, Hann, centred); owned by the analysis. */
genre_code	genre_analysis_stft(genre_analysis *a, const genre_stft_result **s,
								genre_status *st);

/* The whole magnitude spectrogram |X|, float32 (kept from now on); owned by the analysis. */
genre_code	genre_analysis_magnitude(genre_analysis *a, const float **mag, genre_status *st);

/* Power spectrogram |X|^2, float32; owned by the analysis. */
genre_code	genre_analysis_power(genre_analysis *a, const float **pow, genre_status *st);

/*
 * 128-band Slaney mel power spectrogram (fmax sr/2) in dB: ref 1.0,
 * amin 1e-10, top_db 80 below the maximum of the whole clip; float32,
 * n_frames x 128 frame-major; owned by the analysis.
 */
genre_code	genre_analysis_mel_db(genre_analysis *a, const float **db, genre_status *st);

/*
 * Spectral centroid and bandwidth (p = 2) of every frame, Hz, float64 as
 * librosa; owned by the analysis.
 */
genre_code	genre_analysis_spectral_shape(genre_analysis *a, const double **centroid,
										  const double **bandwidth, genre_status *st);

/* Spectral roll-off (85 %) of every frame, Hz; owned by the analysis. */
genre_code	genre_analysis_rolloff(genre_analysis *a, const double **rolloff, genre_status *st);

/*
 * chroma_stft (tuning estimated, inf-normalised; librosa 0.7.2's piptrack
 * when the STFT is reflect-padded), n_frames x 12 float32; owned by the analysis.
 */
genre_code	genre_analysis_chroma(genre_analysis *a, const float **chroma, genre_status *st);

/*
 * The CQT's tuning, estimate_tuning(y, bins_per_octave=36), from this
 * analysis's STFT when it is librosa's default one (*have set); *have 0
 * otherwise (the CQT must then estimate it from its own STFT).
 */
genre_code	genre_analysis_cqt_tuning(genre_analysis *a, double *tuning, int *have,
									  genre_status *st);

/*
 * Upper estimate of the bytes the analysis's passes hold at their peak for
 * what a->wants (its buffers and scratch; the signal is the caller's).
 */
size_t		genre_analysis_memory(const genre_analysis *a);

/* Release everything computed. */
void		genre_analysis_free(genre_analysis *a);

#endif
