/*
 * audio.c - genre.audio_info and genre.samples: what is in a bytea of
 * audio, and the signal librosa.load would return for it.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "audio/audio.h"
#include "pg/audio_args.h"
#include "pg/errors.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_audio_info);
PG_FUNCTION_INFO_V1(genre_samples);

/* genre.audio_info(audio bytea) -> (format, sample_rate, channels, frames, duration_s) */
Datum
genre_audio_info(PG_FUNCTION_ARGS)
{
	bytea	   *audio = PG_GETARG_BYTEA_PP(0);
	genre_audio_header info;
	genre_status st;
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "genre.audio_info must return a record");
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_audio_probe(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), &info, &st));

	values[0] = CStringGetTextDatum(info.format);
	values[1] = Int32GetDatum(info.sample_rate);
	values[2] = Int32GetDatum(info.channels);
	/* some streams do not state their length: NULL rather than a guess */
	values[3] = Int64GetDatum(info.frames);
	nulls[3] = info.frames < 0;
	values[4] = Float8GetDatum(info.duration_s);
	nulls[4] = info.frames < 0;
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* genre.samples(audio bytea, offset_s float8, duration_s float8, sample_rate int) -> real[] */
Datum
genre_samples(PG_FUNCTION_ARGS)
{
	genre_signal sig;
	ArrayType  *result;
	int32		sample_rate;

	/* NULL duration is "to the end"; any other NULL gives NULL */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	sample_rate = PG_GETARG_INT32(3);
	if (sample_rate < 0 || sample_rate > GENRE_AUDIO_MAX_RATE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sample_rate must be between 0 (native) and %d Hz, not %d",
						GENRE_AUDIO_MAX_RATE, sample_rate)));
	genre_pg_load_audio(fcinfo, 0, 1, 2, sample_rate, &sig);
	result = genre_real_array(sig.samples, sig.n);
	genre_signal_free(&sig);
	PG_RETURN_ARRAYTYPE_P(result);
}
