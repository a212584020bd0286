/*
 * audio_args.c - the audio arguments every decoding SQL function shares,
 * decoded the librosa.load way (see audio_args.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include <math.h>

#include "audio/audio.h"
#include "pg/audio_args.h"
#include "pg/errors.h"

void
genre_pg_load_audio(FunctionCallInfo fcinfo, int audio_arg, int offset_arg,
					int duration_arg, int target_sr, genre_signal *sig)
{
	bytea	   *audio = PG_GETARG_BYTEA_PP(audio_arg);
	double		offset_s = offset_arg >= 0 ? PG_GETARG_FLOAT8(offset_arg) : 0.0;
	int			has_duration = duration_arg >= 0 && !PG_ARGISNULL(duration_arg);
	double		duration_s = has_duration ? PG_GETARG_FLOAT8(duration_arg) : -1.0;
	genre_status st;

	genre_status_clear(&st);
	/* in SQL a negative duration is an error; only NULL means to the end */
	GENRE_CHECK(&st, genre_audio_check_window(offset_s, duration_s, has_duration, &st));
	GENRE_CHECK(&st, genre_audio_load(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio),
									  offset_s, duration_s, target_sr, sig, &st));
}

bool
genre_pg_load_window(FunctionCallInfo fcinfo, genre_signal *sig)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	genre_pg_load_audio(fcinfo, 0, 1, 2, GENRE_SAMPLE_RATE, sig);
	return true;
}

size_t
genre_pg_window_samples(FunctionCallInfo fcinfo)
{
	bytea	   *audio = PG_GETARG_BYTEA_PP(0);
	double		offset_s = PG_ARGISNULL(1) ? 0.0 : PG_GETARG_FLOAT8(1);
	int			has_duration = PG_NARGS() > 2 && !PG_ARGISNULL(2);
	double		duration_s = has_duration ? PG_GETARG_FLOAT8(2) : -1.0;
	genre_audio_header h;
	genre_status st;
	double		frames;

	genre_status_clear(&st);
	/* the decode that follows reports bad bytes and bad windows */
	if (genre_audio_probe(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), &h, &st) != GENRE_OK ||
		h.frames < 0 || h.sample_rate <= 0 || !isfinite(offset_s) || offset_s < 0)
		return 0;
	frames = (double) h.frames - floor(offset_s * h.sample_rate);
	if (has_duration && isfinite(duration_s) && duration_s >= 0 &&
		ceil(duration_s * h.sample_rate) + 1 < frames)
		frames = ceil(duration_s * h.sample_rate) + 1;
	if (frames <= 0)
		return 0;
	/* resampled to 22 050 Hz, rounded up; bounded by the decoder's own limit */
	frames = ceil(frames * GENRE_SAMPLE_RATE / h.sample_rate) + 1;
	return frames > (double) GENRE_AUDIO_MAX_SAMPLES ? GENRE_AUDIO_MAX_SAMPLES + 1 : (size_t) frames;
}

const genre_layout *
genre_pg_layout_arg(FunctionCallInfo fcinfo, int argno)
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
