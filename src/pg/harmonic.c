/*
 * harmonic.c - SQL functions over the frames of a window: genre.beats
 * and genre.frames (chroma, tonnetz and tempo means are in features.c).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "base/alloc.h"
#include "dsp/beat.h"
#include "features/analysis.h"
#include "features/harmonic.h"
#include "features/summary.h"
#include "pg/audio_args.h"
#include "pg/backend_cache.h"
#include "pg/errors.h"
#include "pg/real_vector.h"

#define HOP 512

PG_FUNCTION_INFO_V1(genre_beats);
PG_FUNCTION_INFO_V1(genre_frames);

Datum
genre_beats(PG_FUNCTION_ARGS)
{
	const genre_feature *tempo = genre_feature_find("tempo");
	GenreAudioWindow w;
	genre_signal sig;
	genre_status st;
	genre_analysis a;
	float	   *env;
	int			nf,
				nb,
			   *frames,
				i;
	double		bpm;
	Datum	   *d;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	/* genre.max_memory, from the header before decoding, then from the samples */
	genre_pg_window(fcinfo, &w);
	genre_pg_audio_budget(&w, genre_feature_memory(tempo, w.samples, GENRE_PAD_ZEROS), "features");
	if (!genre_pg_load_window(fcinfo, &sig))
		PG_RETURN_NULL();
	genre_pg_signal_budget(&sig, genre_feature_memory(tempo, sig.n, GENRE_PAD_ZEROS), "features");
	genre_status_clear(&st);
	genre_analysis_init(&a, genre_backend_cache(), sig.samples, sig.n, sig.sample_rate,
						GENRE_PAD_ZEROS);
	a.wants = GENRE_WANT_MEL;
	GENRE_CHECK(&st, genre_analysis_onset(&a, 1, &env, &nf, &st));
	GENRE_CHECK(&st, genre_beat_track(env, nf, sig.sample_rate, HOP, &bpm, &frames, &nb, &st));
	d = palloc(sizeof(Datum) * (nb + 1));
	for (i = 0; i < nb; i++)
		d[i] = Float8GetDatum((double) frames[i] * HOP / sig.sample_rate);
	genre_free(frames);
	genre_free(env);
	genre_analysis_free(&a);
	genre_signal_free(&sig);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, nb, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}

/* the per-frame features of genre.frames(), in column order after time_s */
static const char *const frame_features[] = {
	"rms", "zero_crossing_rate", "spectral_centroid", "spectral_bandwidth",
	"spectral_rolloff", "mfcc", "chroma_stft"
};
#define N_FRAME_FEATURES ((int) lengthof(frame_features))

Datum
genre_frames(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const genre_layout *layout;
	GenreAudioWindow w;
	genre_signal sig;
	genre_status st;
	genre_analysis a;
	genre_frame_matrix fr[N_FRAME_FEATURES];
	float	   *onset;
	int			n_onset,
				n_frames,
				k,
				t;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	/* genre.max_memory: frames needs about what the genre layout does */
	genre_status_clear(&st);
	layout = genre_layout_find("genre", &st);
	genre_pg_window(fcinfo, &w);
	genre_pg_audio_budget(&w, genre_features_memory(layout, w.samples), "features");
	if (!genre_pg_load_window(fcinfo, &sig))
		return (Datum) 0;
	genre_pg_signal_budget(&sig, genre_features_memory(layout, sig.n), "features");
	memset(fr, 0, sizeof(fr));
	genre_analysis_init(&a, genre_backend_cache(), sig.samples, sig.n, sig.sample_rate,
						GENRE_PAD_ZEROS);
	a.wants = GENRE_WANT_SHAPE | GENRE_WANT_MEL | GENRE_WANT_CHROMA;
	for (k = 0; k < N_FRAME_FEATURES; k++)
	{
		const genre_feature *f = genre_feature_find(frame_features[k]);

		if (f == NULL)
			elog(ERROR, "feature \"%s\" is not registered", frame_features[k]);
		GENRE_CHECK(&st, f->compute(&a, &fr[k], &st));
	}
	/* librosa.onset.onset_strength's own default: mean over mel bands */
	GENRE_CHECK(&st, genre_analysis_onset(&a, 0, &onset, &n_onset, &st));

	n_frames = n_onset;
	for (k = 0; k < N_FRAME_FEATURES; k++)
		if (fr[k].n_frames < n_frames)
			n_frames = fr[k].n_frames;

	for (t = 0; t < n_frames; t++)
	{
		Datum		values[10];
		bool		nulls[10] = {0};
		float		mfcc[20],
					chroma[12];
		int			r;

		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum(t);
		values[1] = Float8GetDatum((double) t * HOP / sig.sample_rate);
		values[2] = Float4GetDatum((float) fr[0].v[t]);
		values[3] = Float4GetDatum((float) fr[1].v[t]);
		values[4] = Float8GetDatum(fr[2].v[t]);
		values[5] = Float8GetDatum(fr[3].v[t]);
		values[6] = Float8GetDatum(fr[4].v[t]);
		for (r = 0; r < fr[5].rows && r < 20; r++)
			mfcc[r] = (float) fr[5].v[(size_t) r * fr[5].n_frames + t];
		values[7] = PointerGetDatum(genre_real_array(mfcc, r));
		for (r = 0; r < fr[6].rows && r < 12; r++)
			chroma[r] = (float) fr[6].v[(size_t) r * fr[6].n_frames + t];
		values[8] = PointerGetDatum(genre_real_array(chroma, r));
		values[9] = Float8GetDatum((double) onset[t]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	for (k = 0; k < N_FRAME_FEATURES; k++)
		genre_frames_free(&fr[k]);
	genre_free(onset);
	genre_analysis_free(&a);
	genre_signal_free(&sig);
	return (Datum) 0;
}
