/*
 * harmonic.c - adapters from a clip's analysis to chroma, tonnetz, tempo
 * and HPSS frames.
 */
#include "features/harmonic.h"

#include "base/alloc.h"
#include "dsp/beat.h"
#include "dsp/cqt.h"
#include "dsp/tuning.h"
#include "dsp/hpss.h"
#include "dsp/onset.h"
#include "dsp/tempo.h"
#include "features/chroma.h"
#include "features/tonnetz.h"

static const char *const chroma_rows[12] = {
	"C", "Cs", "D", "Ds", "E", "F", "Fs", "G", "Gs", "A", "As", "B"
};
static const char *const hpss_rows[2] = {"harmony", "perceptr"};

static genre_code
feat_chroma_stft(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	const float *chroma;
	int			nf,
				t,
				c;

	if (genre_analysis_chroma(a, &chroma, st) != GENRE_OK)
		return st->code;
	nf = a->n_frames;
	if (genre_frames_alloc(out, 12, nf, st) != GENRE_OK)
		return st->code;
	for (t = 0; t < nf; t++)
		for (c = 0; c < 12; c++)
			out->v[(size_t) c * nf + t] = chroma[(size_t) t * 12 + c];
	return GENRE_OK;
}

static genre_code
feat_tonnetz(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	double	   *ton,
				tuning;
	int			nf,
				t,
				p,
				have;

	/*
	 * The CQT's tuning is estimate_tuning(y) on librosa's default STFT: when
	 * the analysis has that one, its passes make it
	 */
	if (genre_analysis_cqt_tuning(a, &tuning, &have, st) != GENRE_OK)
		return st->code;
	if (have ? genre_tonnetz_tuned(a->cache, a->y, a->n, a->sr, tuning, &ton, NULL, &nf, st)
		: genre_tonnetz_frames(a->cache, a->y, a->n, a->sr, &ton, NULL, &nf, st))
		return st->code;
	if (genre_frames_alloc(out, GENRE_N_TONNETZ, nf, st) != GENRE_OK)
	{
		genre_free(ton);
		return st->code;
	}
	for (t = 0; t < nf; t++)
		for (p = 0; p < GENRE_N_TONNETZ; p++)
			out->v[(size_t) p * nf + t] = ton[(size_t) t * GENRE_N_TONNETZ + p];
	genre_free(ton);
	return GENRE_OK;
}

genre_code
genre_analysis_onset(genre_analysis *a, int median, float **env, int *n_frames,
					 genre_status *st)
{
	const float *db;
	float	   *e;

	*env = NULL;
	*n_frames = 0;
	if (genre_analysis_mel_db(a, &db, st) != GENRE_OK)
		return st->code;
	e = genre_alloc(sizeof(float) * ((size_t) a->n_frames + 1));
	if (!e)
		return genre_fail_nomem(st);
	if (genre_onset_strength(db, a->n_frames, GENRE_N_MELS,
							 median ? GENRE_ONSET_MEDIAN : GENRE_ONSET_MEAN, e, st) != GENRE_OK)
	{
		genre_free(e);
		return st->code;
	}
	*env = e;
	*n_frames = a->n_frames;
	return GENRE_OK;
}

static genre_code
feat_tempo(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	float	   *env;
	double		bpm;
	int			nf;

	if (genre_analysis_onset(a, 1, &env, &nf, st) != GENRE_OK)
		return st->code;
	if (genre_tempo_estimate(env, nf, a->sr, a->stft_params.hop, &bpm, st) != GENRE_OK)
	{
		genre_free(env);
		return st->code;
	}
	genre_free(env);
	if (genre_frames_alloc(out, 1, 1, st) != GENRE_OK)
		return st->code;
	out->v[0] = bpm;
	return GENRE_OK;
}

static genre_code
feat_hpss(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	float	   *h,
			   *p;
	size_t		i;

	/* the analysis's |X| when its passes kept it, else HPSS makes its frames itself */
	if (genre_hpss_signals(a->cache, a->y, a->n, &a->stft_params, a->mag, a->n_frames, &h, &p,
						   st) != GENRE_OK)
		return st->code;
	if (genre_frames_alloc(out, 2, (int) a->n, st) != GENRE_OK)
	{
		genre_work_free(a->cache, h);
		genre_work_free(a->cache, p);
		return st->code;
	}
	for (i = 0; i < a->n; i++)
	{
		out->v[i] = h[i];
		out->v[a->n + i] = p[i];
	}
	genre_work_free(a->cache, h);
	genre_work_free(a->cache, p);
	return GENRE_OK;
}

/* the mean and population variance of both waveforms, without float64 frames of every sample */
static genre_code
moments_hpss(genre_analysis *a, double *mean, double *var, genre_status *st)
{
	float	   *sig[2];
	int			r;

	if (genre_hpss_signals(a->cache, a->y, a->n, &a->stft_params, a->mag, a->n_frames,
						   &sig[0], &sig[1], st) != GENRE_OK)
		return st->code;
	for (r = 0; r < 2; r++)
	{
		double		sum = 0.0;
		size_t		i;

		if (genre_interrupted())
		{
			genre_work_free(a->cache, sig[0]);
			genre_work_free(a->cache, sig[1]);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		/* genre_frames_mean and genre_frames_var's sums, in the same order */
		for (i = 0; i < a->n; i++)
			sum += sig[r][i];
		mean[r] = sum / a->n;
		if (genre_interrupted())
			break;
		sum = 0.0;
		for (i = 0; i < a->n; i++)
			sum += (sig[r][i] - mean[r]) * (sig[r][i] - mean[r]);
		var[r] = sum / a->n;
	}
	genre_work_free(a->cache, sig[0]);
	genre_work_free(a->cache, sig[1]);
	GENRE_CHECK_CANCEL(st);
	return GENRE_OK;
}

/* ---- what each allocates beyond the analysis (memory estimates) ---- */

static size_t
frames_bytes(int rows, size_t n_frames)
{
	return sizeof(double) * rows * n_frames;
}

static size_t
scratch_chroma(const genre_analysis *a, int frames)
{
	return frames ? frames_bytes(12, a->n_frames) : 0;
}

static size_t
scratch_tonnetz(const genre_analysis *a, int frames)
{
	size_t		T = (size_t) a->n_frames,
				bytes;

	/*
	 * the CQT's float32 magnitudes, its octave signals (n/2 and n/4 at once
	 * at worst), then chroma and tonnetz per frame
	 */
	bytes = sizeof(float) * GENRE_CQT_BINS * T + sizeof(float) * (a->n / 2 + a->n / 4 + 16) +
		(sizeof(float) * 12 + sizeof(double) * GENRE_N_TONNETZ) * T +
		(frames ? frames_bytes(GENRE_N_TONNETZ, T) : 0);
	/* without the analysis's tuning the CQT makes its own |X| and peaks first */
	if (a->stft_params.pad != GENRE_PAD_ZEROS)
	{
		size_t		own = sizeof(float) * T * a->n_bins +
			3 * sizeof(float) * T * genre_tuning_peaks_per_frame(a->n_bins, a->sr, 2048);

		if (own > bytes)
			bytes = own;
	}
	return bytes;
}

static size_t
scratch_tempo(const genre_analysis *a, int frames)
{
	/* the envelope, the padded float64 copy and the tempogram's sums */
	return (sizeof(float) + sizeof(double)) * (a->n_frames + GENRE_TEMPOGRAM_LAGS) +
		20 * sizeof(double) * GENRE_TEMPOGRAM_LAGS + (frames ? frames_bytes(1, 1) : 0);
}

static size_t
scratch_hpss(const genre_analysis *a, int frames)
{
	size_t		nb = (size_t) a->n_bins,
				len = (size_t) 512 * a->n_frames + 2048;

	/*
	 * both waveforms, the sorted windows (groups of 8), the ring when |X|
	 * is not kept, 8 frames' percussive medians and the two parts
	 */
	return 2 * sizeof(float) * (len > a->n ? len : a->n) + 32 * 31 * (nb / 8 + 1) +
		sizeof(float) * 64 * nb + (sizeof(float) * 8 + 16) * nb +
		(frames ? frames_bytes(2, a->n) : 0);
}

const genre_feature genre_feature_chroma_stft = {"chroma_stft", 12, chroma_rows, feat_chroma_stft,
GENRE_WANT_CHROMA, scratch_chroma};
const genre_feature genre_feature_tonnetz = {"tonnetz", GENRE_N_TONNETZ, NULL, feat_tonnetz,
GENRE_WANT_CQT_TUNING, scratch_tonnetz};
const genre_feature genre_feature_tempo = {"tempo", 1, NULL, feat_tempo, GENRE_WANT_MEL,
scratch_tempo};
const genre_feature genre_feature_hpss = {"hpss", 2, hpss_rows, feat_hpss, 0, scratch_hpss,
moments_hpss};
