/*
 * features.c - SQL functions that summarise one decoded window: the
 * means over frames of one feature (rms ... rolloff, mfcc, chroma, tonnetz,
 * tempo) and features().
 *
 * Decoding goes through genre_pg_load_window (librosa.load's window: mono,
 * 22 050 Hz); every feature of one call is derived from one analysis of the
 * decoded signal.  NULL audio, offset or layout gives NULL; a NULL duration
 * means "to the end", so these functions are not STRICT.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "audio/audio.h"
#include "features/summary.h"
#include "pg/audio_args.h"
#include "pg/backend_cache.h"
#include "pg/errors.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_mfcc);
PG_FUNCTION_INFO_V1(genre_rms);
PG_FUNCTION_INFO_V1(genre_zero_crossing_rate);
PG_FUNCTION_INFO_V1(genre_spectral_centroid);
PG_FUNCTION_INFO_V1(genre_spectral_bandwidth);
PG_FUNCTION_INFO_V1(genre_spectral_rolloff);
PG_FUNCTION_INFO_V1(genre_chroma);
PG_FUNCTION_INFO_V1(genre_tonnetz);
PG_FUNCTION_INFO_V1(genre_tempo);
PG_FUNCTION_INFO_V1(genre_features);
PG_FUNCTION_INFO_V1(genre_feature_names);

/* Means over frames of one registered feature of the decoded window. */
static bool
feature_means(FunctionCallInfo fcinfo, const char *name, double *means)
{
	const genre_feature *f = genre_feature_find(name);
	GenreAudioWindow w;
	genre_signal sig;
	genre_status st;

	if (f == NULL)
		elog(ERROR, "feature \"%s\" is not registered", name);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	/* genre.max_memory, from the header, before anything is decoded */
	genre_pg_window(fcinfo, &w);
	genre_pg_audio_budget(&w, genre_feature_memory(f, w.samples, GENRE_PAD_ZEROS), "features");
	if (!genre_pg_load_window(fcinfo, &sig))
		return false;
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_feature_means(genre_backend_cache(), sig.samples, sig.n,
										 sig.sample_rate, f, means, &st));
	genre_signal_free(&sig);
	return true;
}

static Datum
scalar_feature(FunctionCallInfo fcinfo, const char *name)
{
	double		mean;

	if (!feature_means(fcinfo, name, &mean))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(mean);
}

/* Means over frames of a multi-row feature as real[]: librosa stores these in float32. */
static Datum
means_array(FunctionCallInfo fcinfo, const char *name)
{
	const genre_feature *f = genre_feature_find(name);
	double	   *means;
	float	   *v;
	int			i;

	if (f == NULL)
		elog(ERROR, "feature \"%s\" is not registered", name);
	means = palloc(sizeof(double) * f->rows);
	if (!feature_means(fcinfo, name, means))
		PG_RETURN_NULL();
	v = palloc(sizeof(float) * f->rows);
	for (i = 0; i < f->rows; i++)
		v[i] = (float) means[i];
	PG_RETURN_ARRAYTYPE_P(genre_real_array(v, f->rows));
}

Datum
genre_mfcc(PG_FUNCTION_ARGS)
{
	return means_array(fcinfo, "mfcc");
}

Datum
genre_chroma(PG_FUNCTION_ARGS)
{
	return means_array(fcinfo, "chroma_stft");
}

Datum
genre_tonnetz(PG_FUNCTION_ARGS)
{
	return means_array(fcinfo, "tonnetz");
}

Datum
genre_rms(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "rms");
}

Datum
genre_zero_crossing_rate(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "zero_crossing_rate");
}

Datum
genre_spectral_centroid(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "spectral_centroid");
}

Datum
genre_spectral_bandwidth(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "spectral_bandwidth");
}

Datum
genre_spectral_rolloff(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "spectral_rolloff");
}

/* beats per minute, librosa.beat.tempo's estimate */
Datum
genre_tempo(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "tempo");
}

Datum
genre_features(PG_FUNCTION_ARGS)
{
	const genre_layout *l;
	GenreAudioWindow w;
	genre_signal sig;
	genre_status st;
	float	   *v;
	int			n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	/* check the layout and the budget (genre.max_memory, from the header) before the decode */
	l = genre_pg_layout_arg(fcinfo, 3);
	genre_pg_window(fcinfo, &w);
	genre_pg_audio_budget(&w, genre_features_memory(l, w.samples), "features");
	if (!genre_pg_load_window(fcinfo, &sig))
		PG_RETURN_NULL();
	genre_status_clear(&st);
	n = genre_layout_size(l);
	v = palloc(sizeof(float) * n);
	GENRE_CHECK(&st, genre_features_compute(genre_backend_cache(), sig.samples, sig.n,
											sig.sample_rate, l, v, &st));
	genre_signal_free(&sig);
	PG_RETURN_ARRAYTYPE_P(genre_real_array(v, n));
}

Datum
genre_feature_names(PG_FUNCTION_ARGS)
{
	const genre_layout *l = genre_pg_layout_arg(fcinfo, 0);
	int			n = genre_layout_size(l);
	Datum	   *d = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
	{
		char		name[128];

		if (!genre_layout_slot_name(l, i, name, sizeof(name)))
			elog(ERROR, "layout %s has no slot %d", l->name, i);
		d[i] = PointerGetDatum(cstring_to_text(name));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}
