/*
 * audio.c - genre.audio_info, genre.samples and genre.audio_check: what is
 * in a bytea of audio, the signal librosa.load would return for it, and
 * whether genre can read it at all.
 */
#include "postgres.h"

#include "access/detoast.h"
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
PG_FUNCTION_INFO_V1(genre_audio_check);

/*
 * The headers of the last stored (TOASTed) values probed, per backend.
 * SELECT (genre.audio_info(a)).* calls the function once per column, five
 * times on the same value: without this each call read the whole file
 * again and kept it until the row was done (1 GB for a 200 MB WAV).  A
 * TOAST value never changes, so its pointer names it.
 */
#define PROBED_SLOTS 4

typedef struct ProbedAudio
{
	bool		valid;
	Oid			toast_rel;
	Oid			toast_value;
	int32		rawsize;
	uint32		extinfo;
	genre_audio_header info;
} ProbedAudio;

static ProbedAudio probed[PROBED_SLOTS];
static int	probed_next;

/* The header of the audio datum d: probed once per stored value, the bytes freed at once. */
static void
probe_audio(Datum d, genre_audio_header *info)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	struct varatt_external ext;
	bool		stored = VARATT_IS_EXTERNAL_ONDISK(v);
	bytea	   *audio;
	genre_status st;

	if (stored)
	{
		VARATT_EXTERNAL_GET_POINTER(ext, v);
		for (int i = 0; i < PROBED_SLOTS; i++)
			if (probed[i].valid && probed[i].toast_value == ext.va_valueid &&
				probed[i].toast_rel == ext.va_toastrelid && probed[i].rawsize == ext.va_rawsize &&
				probed[i].extinfo == ext.va_extinfo)
			{
				*info = probed[i].info;
				return;
			}
	}
	audio = (bytea *) PG_DETOAST_DATUM_PACKED(d);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_audio_probe(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), info, &st));
	if ((Pointer) audio != DatumGetPointer(d))
		pfree(audio);
	if (stored)
	{
		ProbedAudio *p = &probed[probed_next];

		probed_next = (probed_next + 1) % PROBED_SLOTS;
		p->toast_rel = ext.va_toastrelid;
		p->toast_value = ext.va_valueid;
		p->rawsize = ext.va_rawsize;
		p->extinfo = ext.va_extinfo;
		p->info = *info;
		p->valid = true;
	}
}

/* genre.audio_info(audio bytea) -> (format, sample_rate, channels, frames, duration_s) */
Datum
genre_audio_info(PG_FUNCTION_ARGS)
{
	genre_audio_header info;
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "genre.audio_info must return a record");
	probe_audio(PG_GETARG_DATUM(0), &info);

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
	GenreAudioWindow w;
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
	/* genre.max_memory from the header: the samples, then their real[] copy */
	genre_pg_audio_window_args(fcinfo, 0, 1, 2, sample_rate, &w);
	genre_pg_audio_budget(&w, 2 * sizeof(float) * w.samples, "the samples");
	genre_pg_load_audio(fcinfo, 0, 1, 2, sample_rate, &sig);
	genre_pg_signal_budget(&sig, 2 * sizeof(float) * sig.n, "the samples");
	result = genre_real_array(sig.samples, sig.n);
	genre_signal_free(&sig);
	PG_RETURN_ARRAYTYPE_P(result);
}

/*
 * genre.audio_check(audio bytea, decode bool) -> text: NULL when genre reads
 * the audio (decode: every frame, as samples(audio, 0, NULL, 0) would,
 * without its length limit; else the header, as audio_info), otherwise the
 * message that call would raise, with its detail in parentheses.  Only the
 * audio's own faults are returned: a cancel or out of memory still raises.
 */
Datum
genre_audio_check(PG_FUNCTION_ARGS)
{
	bytea	   *audio = PG_GETARG_BYTEA_PP(0);
	bool		decode = PG_GETARG_BOOL(1);
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	if (decode)
	{
		int64_t		frames;

		rc = genre_audio_verify(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), &frames, &st);
	}
	else
	{
		genre_audio_header info;

		rc = genre_audio_probe(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), &info, &st);
	}
	if (rc == GENRE_OK)
		PG_RETURN_NULL();
	if (rc != GENRE_EBADDATA && rc != GENRE_ELIMIT && rc != GENRE_EINVAL)
		genre_raise(&st);
	if (st.detail[0])
		PG_RETURN_TEXT_P(cstring_to_text(psprintf("%s (%s)", st.message, st.detail)));
	PG_RETURN_TEXT_P(cstring_to_text(st.message));
}
