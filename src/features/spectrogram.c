/*
 * spectrogram.c - the matrices of spectrogram.h from a clip's analysis.
 */
#include "features/spectrogram.h"

#include "base/alloc.h"
#include "dsp/cqt.h"
#include "dsp/db.h"
#include "dsp/tempo.h"
#include "dsp/tuning.h"
#include "features/harmonic.h"
#include "features/mfcc.h"
#include "features/summary.h"

#include <math.h>
#include <string.h>

#define AMIN 1e-10
/* the rate the features and genre.spectrogram decode at */
#define SPECTROGRAM_SR 22050
/* FFT plans, banks and small buffers a computation keeps besides its matrices */
#define SPECTROGRAM_SLACK ((size_t) 4 << 20)
#define TOP_DB 80.0

static const char *const kind_names[] = {"stft", "mel", "chroma", "cqt", "mfcc", "tempogram"};

genre_code
genre_spectrogram_kind_parse(const char *name, size_t len, genre_spectrogram_kind *kind,
							 genre_status *st)
{
	for (size_t k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (strlen(kind_names[k]) == len && memcmp(kind_names[k], name, len) == 0)
		{
			*kind = (genre_spectrogram_kind) k;
			return GENRE_OK;
		}
	return genre_fail(st, GENRE_EINVAL,
					  "kind must be \"stft\", \"mel\", \"chroma\", \"cqt\", \"mfcc\" or \"tempogram\", got \"%.*s\"",
					  (int) (len > 64 ? 64 : len), name);
}

/* out->v = transpose of a frame-major n_frames x rows matrix, in dB when db. */
static genre_code
from_frame_major(const float *fm, int n_frames, int rows, int db, genre_spectrogram_matrix *out,
				 genre_status *st)
{
	size_t		n = (size_t) rows * n_frames;

	if ((out->v = genre_alloc((n ? n : 1) * sizeof(float))) == NULL)
		return genre_fail_nomem(st);
	out->rows = rows;
	out->n_frames = n_frames;
	for (int t = 0; t < n_frames; t++)
	{
		if ((t & 1023) == 0)
			GENRE_CHECK_CANCEL(st);
		for (int r = 0; r < rows; r++)
			out->v[(size_t) r * n_frames + t] = fm[(size_t) t * rows + r];
	}
	if (db)
		genre_power_to_db(out->v, n, AMIN, TOP_DB);
	return GENRE_OK;
}

/* A registered frame feature (rows x frames, float64) as float32. */
static genre_code
from_feature(genre_analysis *a, const char *name, genre_spectrogram_matrix *out, genre_status *st)
{
	const genre_feature *f = genre_feature_find(name);
	genre_frame_matrix fm = {0};
	genre_code	rc;
	size_t		n;

	if (f == NULL)
		return genre_fail(st, GENRE_EINTERNAL, "feature \"%s\" is not registered", name);
	if ((rc = f->compute(a, &fm, st)) != GENRE_OK)
		return rc;
	n = (size_t) fm.rows * fm.n_frames;
	if ((out->v = genre_alloc((n ? n : 1) * sizeof(float))) == NULL)
	{
		genre_frames_free(&fm);
		return genre_fail_nomem(st);
	}
	for (size_t i = 0; i < n; i++)
		out->v[i] = (float) fm.v[i];
	out->rows = fm.rows;
	out->n_frames = fm.n_frames;
	genre_frames_free(&fm);
	return GENRE_OK;
}

/* librosa.feature.tempogram of the onset envelope tempo uses (median over mel bands), as float32 */
static genre_code
tempogram(genre_analysis *a, genre_spectrogram_matrix *out, genre_status *st)
{
	float	   *env;
	double	   *tg;
	int			nf;
	size_t		n;

	if (genre_analysis_onset(a, 1, &env, &nf, st) != GENRE_OK)
		return st->code;
	n = (size_t) GENRE_TEMPOGRAM_WIN_MAX * nf;
	tg = genre_alloc((n ? n : 1) * sizeof(double));
	out->v = genre_alloc((n ? n : 1) * sizeof(float));
	if (!tg || !out->v)
	{
		genre_free(env);
		genre_free(tg);
		genre_free(out->v);
		out->v = NULL;
		return genre_fail_nomem(st);
	}
	if (genre_tempogram(env, nf, GENRE_TEMPOGRAM_WIN_MAX, tg, st) != GENRE_OK)
	{
		genre_free(env);
		genre_free(tg);
		genre_free(out->v);
		out->v = NULL;
		return st->code;
	}
	for (size_t i = 0; i < n; i++)
		out->v[i] = (float) tg[i];
	out->rows = GENRE_TEMPOGRAM_WIN_MAX;
	out->n_frames = nf;
	genre_free(env);
	genre_free(tg);
	return GENRE_OK;
}

genre_code
genre_spectrogram_compute(genre_analysis *a, genre_spectrogram_kind kind,
						  genre_spectrogram_matrix *out, genre_status *st)
{
	const float *m;
	float	   *cqt = NULL;
	int			nf;
	double		tuning;
	genre_code	rc;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	switch (kind)
	{
		case GENRE_SPEC_STFT:
			if ((rc = genre_analysis_power(a, &m, st)) != GENRE_OK)
				return rc;
			return from_frame_major(m, a->n_frames, a->n_bins, 1, out, st);
		case GENRE_SPEC_MEL:
			/* already in dB, the whole clip's 80 dB floor */
			if ((rc = genre_analysis_mel_db(a, &m, st)) != GENRE_OK)
				return rc;
			return from_frame_major(m, a->n_frames, GENRE_N_MELS, 0, out, st);
		case GENRE_SPEC_CHROMA:
			return from_feature(a, "chroma_stft", out, st);
		case GENRE_SPEC_MFCC:
			return from_feature(a, "mfcc", out, st);
		case GENRE_SPEC_CQT:
			if ((rc = genre_cqt_magnitude(a->cache, a->y, a->n, a->sr, &cqt, &nf, &tuning, st)) != GENRE_OK)
				return rc;
			/* amplitude_to_db(|C|) = power_to_db(|C|^2) */
			for (size_t i = 0; i < (size_t) nf * GENRE_CQT_BINS; i++)
				cqt[i] *= cqt[i];
			rc = from_frame_major(cqt, nf, GENRE_CQT_BINS, 1, out, st);
			genre_work_free(a->cache, cqt);
			/* librosa's C1 (32.70 Hz) moved by the estimated tuning */
			out->fmin = 440.0 * pow(2.0, (24 - 69.0) / 12.0) * pow(2.0, tuning / GENRE_CQT_BPO);
			return rc;
		case GENRE_SPEC_TEMPOGRAM:
			return tempogram(a, out, st);
	}
	return genre_fail(st, GENRE_EINVAL, "unknown spectrogram kind %d", (int) kind);
}

void
genre_spectrogram_free(genre_spectrogram_matrix *s)
{
	genre_free(s->v);
	s->v = NULL;
}

unsigned
genre_spectrogram_wants(genre_spectrogram_kind kind)
{
	switch (kind)
	{
		case GENRE_SPEC_MEL:
		case GENRE_SPEC_MFCC:
		case GENRE_SPEC_TEMPOGRAM:
			return GENRE_WANT_MEL;
		case GENRE_SPEC_CHROMA:
			return GENRE_WANT_CHROMA;
		case GENRE_SPEC_STFT:
		case GENRE_SPEC_CQT:
			break;
	}
	return 0;
}

/* the bytes the CQT of n samples holds: its own |X| and peaks for the tuning, then its bins */
static size_t
cqt_memory(const genre_analysis *a)
{
	size_t		T = (size_t) a->n_frames,
				tuning = sizeof(float) * T * a->n_bins +
		3 * sizeof(float) * T * genre_tuning_peaks_per_frame(a->n_bins, a->sr, a->stft_params.n_fft),
				bins = sizeof(float) * GENRE_CQT_BINS * T + sizeof(float) * (a->n / 2 + a->n / 4 + 16);

	return tuning > bins ? tuning : bins;
}

size_t
genre_spectrogram_memory(genre_spectrogram_kind kind, size_t n, int beats, size_t *matrix_bytes)
{
	genre_analysis a;
	size_t		T,
				rows = 0,
				work = 0,
				matrix;

	genre_analysis_init(&a, NULL, NULL, n, SPECTROGRAM_SR, GENRE_PAD_ZEROS);
	a.wants = genre_spectrogram_wants(kind) | (beats ? GENRE_WANT_MEL : 0);
	T = (size_t) a.n_frames;
	switch (kind)
	{
		case GENRE_SPEC_STFT:
			/* |X| and |X|^2 whole, both held while the matrix is made */
			rows = (size_t) a.n_bins;
			work = 2 * sizeof(float) * T * rows;
			break;
		case GENRE_SPEC_MEL:
			rows = GENRE_N_MELS;
			break;
		case GENRE_SPEC_CHROMA:
			/* chroma_stft's float64 frames */
			rows = 12;
			work = sizeof(double) * rows * T;
			break;
		case GENRE_SPEC_MFCC:
			rows = GENRE_N_MFCC;
			work = genre_feature_find("mfcc")->scratch(&a, 1);
			break;
		case GENRE_SPEC_CQT:
			rows = GENRE_CQT_BINS;
			work = cqt_memory(&a);
			break;
		case GENRE_SPEC_TEMPOGRAM:
			/* the envelope, its padded float64 copy and the float64 tempogram */
			rows = GENRE_TEMPOGRAM_WIN_MAX;
			work = (sizeof(float) + sizeof(double)) * (T + GENRE_TEMPOGRAM_WIN_MAX) +
				sizeof(double) * rows * T;
			break;
	}
	matrix = sizeof(float) * rows * T;
	if (matrix_bytes)
		*matrix_bytes = matrix;
	/* beat tracking: the envelope and six per-frame arrays of genre_beat_track */
	if (beats)
		work += (sizeof(float) + 6 * sizeof(double) + sizeof(int)) * (T + 4);
	return sizeof(float) * n + genre_analysis_memory(&a) + work + matrix + SPECTROGRAM_SLACK;
}
