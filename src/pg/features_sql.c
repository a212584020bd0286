/*
 * features_sql.c - SQL wrappers of the spectral features and features().
 *
 * Decoding goes through genre_audio_load (librosa.load's window: mono,
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
#include "pg/backend_cache.h"
#include "pg/errors.h"

PG_FUNCTION_INFO_V1(genre_mfcc_sql);
PG_FUNCTION_INFO_V1(genre_rms_sql);
PG_FUNCTION_INFO_V1(genre_zcr_sql);
PG_FUNCTION_INFO_V1(genre_centroid_sql);
PG_FUNCTION_INFO_V1(genre_bandwidth_sql);
PG_FUNCTION_INFO_V1(genre_rolloff_sql);
PG_FUNCTION_INFO_V1(genre_features_sql);
PG_FUNCTION_INFO_V1(genre_feature_names_sql);

/*
 * Decode arguments 0..2 (audio, offset_s, duration_s) into sig; false when
 * audio or offset_s is NULL (the result is then NULL).
 */
static bool
load_signal(FunctionCallInfo fcinfo, genre_signal *sig)
{
	genre_status st;
	bytea	   *audio;
	double		offset_s,
				duration_s = -1.0;
	bool		has_duration = !PG_ARGISNULL(2);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	genre_status_clear(&st);
	offset_s = PG_GETARG_FLOAT8(1);
	if (has_duration)
		duration_s = PG_GETARG_FLOAT8(2);
	/* a negative duration is an error here, not the core's "to the end" */
	GENRE_CHECK(&st, genre_audio_check_window(offset_s, duration_s, has_duration, &st));
	audio = PG_GETARG_BYTEA_PP(0);
	GENRE_CHECK(&st, genre_audio_load(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio),
									  offset_s, duration_s, GENRE_SAMPLE_RATE, sig, &st));
	return true;
}

/* Means over frames of one registered feature of the decoded window. */
static bool
feature_means(FunctionCallInfo fcinfo, const char *name, double *means)
{
	const genre_feature *f = genre_feature_find(name);
	genre_signal sig;
	genre_status st;

	if (f == NULL)
		elog(ERROR, "feature \"%s\" is not registered", name);
	if (!load_signal(fcinfo, &sig))
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

static ArrayType *
real_array(const float *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Float4GetDatum(v[i]);
	return construct_array(d, n, FLOAT4OID, sizeof(float4), true, TYPALIGN_INT);
}

Datum
genre_mfcc_sql(PG_FUNCTION_ARGS)
{
	const genre_feature *f = genre_feature_find("mfcc");
	double	   *means = palloc(sizeof(double) * f->rows);
	float	   *v = palloc(sizeof(float) * f->rows);
	int			i;

	if (!feature_means(fcinfo, "mfcc", means))
		PG_RETURN_NULL();
	/* real[]: MFCCs are float32 in librosa */
	for (i = 0; i < f->rows; i++)
		v[i] = (float) means[i];
	PG_RETURN_ARRAYTYPE_P(real_array(v, f->rows));
}

Datum
genre_rms_sql(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "rms");
}

Datum
genre_zcr_sql(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "zero_crossing_rate");
}

Datum
genre_centroid_sql(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "spectral_centroid");
}

Datum
genre_bandwidth_sql(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "spectral_bandwidth");
}

Datum
genre_rolloff_sql(PG_FUNCTION_ARGS)
{
	return scalar_feature(fcinfo, "spectral_rolloff");
}

/* The layout named by argument argno; ERROR listing the valid ones. */
static const genre_layout *
layout_arg(FunctionCallInfo fcinfo, int argno)
{
	genre_status st;
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	const genre_layout *l;

	genre_status_clear(&st);
	l = genre_layout_find(name, &st);
	if (l == NULL)
		genre_raise(&st);
	return l;
}

Datum
genre_features_sql(PG_FUNCTION_ARGS)
{
	const genre_layout *l;
	genre_signal sig;
	genre_status st;
	float	   *v;
	int			n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	/* check the layout before the expensive decode */
	l = layout_arg(fcinfo, 3);
	if (!load_signal(fcinfo, &sig))
		PG_RETURN_NULL();
	n = genre_layout_size(l);
	v = palloc(sizeof(float) * n);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_features_compute(genre_backend_cache(), sig.samples, sig.n,
											sig.sample_rate, l, v, &st));
	genre_signal_free(&sig);
	PG_RETURN_ARRAYTYPE_P(real_array(v, n));
}

Datum
genre_feature_names_sql(PG_FUNCTION_ARGS)
{
	const genre_layout *l = layout_arg(fcinfo, 0);
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
