/*
 * harmonic.c - adapters from a clip's analysis to chroma, tonnetz, tempo
 * and HPSS frames.
 */
#include "features/harmonic.h"

#include "base/alloc.h"
#include "dsp/beat.h"
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
	const float *power;
	float	   *chroma;
	int			nf,
				t,
				c;
	genre_piptrack_version v = a->stft_params.pad == GENRE_PAD_REFLECT
		? GENRE_PIPTRACK_0_7 : GENRE_PIPTRACK_0_10;

	if (genre_analysis_power(a, &power, st) != GENRE_OK)
		return st->code;
	nf = a->n_frames;
	if (genre_chroma_stft(power, nf, a->n_bins, a->sr, v, &chroma, NULL, st) != GENRE_OK)
		return st->code;
	if (genre_frames_alloc(out, 12, nf, st) != GENRE_OK)
	{
		genre_free(chroma);
		return st->code;
	}
	for (t = 0; t < nf; t++)
		for (c = 0; c < 12; c++)
			out->v[(size_t) c * nf + t] = chroma[(size_t) t * 12 + c];
	genre_free(chroma);
	return GENRE_OK;
}

static genre_code
feat_tonnetz(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	double	   *ton;
	int			nf,
				t,
				p;

	if (genre_tonnetz_frames(a->cache, a->y, a->n, a->sr, &ton, NULL, &nf, st) != GENRE_OK)
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
	const genre_stft_result *s;
	float	   *h,
			   *p;
	size_t		i;

	if (genre_analysis_stft(a, &s, st) != GENRE_OK)
		return st->code;
	if (genre_hpss_signals(a->cache, s, &a->stft_params, a->n, &h, &p, st) != GENRE_OK)
		return st->code;
	if (genre_frames_alloc(out, 2, (int) a->n, st) != GENRE_OK)
	{
		genre_free(h);
		genre_free(p);
		return st->code;
	}
	for (i = 0; i < a->n; i++)
	{
		out->v[i] = h[i];
		out->v[a->n + i] = p[i];
	}
	genre_free(h);
	genre_free(p);
	return GENRE_OK;
}

const genre_feature genre_feature_chroma_stft = {"chroma_stft", 12, chroma_rows, feat_chroma_stft};
const genre_feature genre_feature_tonnetz = {"tonnetz", GENRE_N_TONNETZ, NULL, feat_tonnetz};
const genre_feature genre_feature_tempo = {"tempo", 1, NULL, feat_tempo};
const genre_feature genre_feature_hpss = {"hpss", 2, hpss_rows, feat_hpss};
