/*
 * audio_args.c - the audio arguments every decoding SQL function shares,
 * decoded the librosa.load way (see audio_args.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include <math.h>

#include "audio/audio.h"
#include "dsp/plan_cache.h"
#include "pg/audio_args.h"
#include "pg/backend_cache.h"
#include "pg/errors.h"

bytea *
genre_pg_audio_arg(FunctionCallInfo fcinfo, int argno)
{
	bytea	   *audio = PG_GETARG_BYTEA_PP(argno);

	/*
	 * Later reads of the argument get this copy: detoasting a stored value
	 * cannot be cancelled and costs tens of milliseconds per 16 MB.
	 */
	fcinfo->args[argno].value = PointerGetDatum(audio);
	return audio;
}

void
genre_pg_load_audio(FunctionCallInfo fcinfo, int audio_arg, int offset_arg,
					int duration_arg, int target_sr, genre_signal *sig)
{
	bytea	   *audio = genre_pg_audio_arg(fcinfo, audio_arg);
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

void
genre_pg_audio_window(bytea *audio, double offset_s, bool has_duration, double duration_s,
					  int target_sr, GenreAudioWindow *w)
{
	genre_audio_header h;
	genre_status st;
	genre_code	rc;
	double		frames,
				samples;

	memset(w, 0, sizeof(*w));
	w->input_bytes = VARSIZE_ANY_EXHDR(audio);
	genre_status_clear(&st);
	/* the decode that follows reports bad bytes and bad windows; a cancel is raised now */
	rc = genre_audio_probe(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), &h, &st);
	if (rc != GENRE_OK && rc != GENRE_EBADDATA && rc != GENRE_ELIMIT && rc != GENRE_EINVAL)
		genre_raise(&st);
	if (rc != GENRE_OK || h.frames < 0 || h.sample_rate <= 0 || !isfinite(offset_s) || offset_s < 0 ||
		target_sr < 0 || target_sr > GENRE_AUDIO_MAX_RATE)
		return;
	frames = (double) h.frames - floor(offset_s * h.sample_rate);
	if (has_duration && isfinite(duration_s) && duration_s >= 0 &&
		ceil(duration_s * h.sample_rate) + 1 < frames)
		frames = ceil(duration_s * h.sample_rate) + 1;
	if (frames <= 0)
		return;
	/* resampled, rounded up */
	samples = target_sr && target_sr != h.sample_rate
		? ceil(frames * target_sr / h.sample_rate) + 1 : frames;
	/* both bounded just past the decoder's own limit */
	w->native_frames = frames > (double) GENRE_AUDIO_MAX_SAMPLES
		? GENRE_AUDIO_MAX_SAMPLES + 1 : (size_t) frames;
	w->samples = samples > (double) GENRE_AUDIO_MAX_SAMPLES
		? GENRE_AUDIO_MAX_SAMPLES + 1 : (size_t) samples;
	w->channels = h.channels;
	w->sample_rate = target_sr ? target_sr : h.sample_rate;
}

void
genre_pg_audio_window_args(FunctionCallInfo fcinfo, int audio_arg, int offset_arg,
						   int duration_arg, int target_sr, GenreAudioWindow *w)
{
	double		offset_s = offset_arg >= 0 && !PG_ARGISNULL(offset_arg)
		? PG_GETARG_FLOAT8(offset_arg) : 0.0;
	bool		has_duration = duration_arg >= 0 && PG_NARGS() > duration_arg &&
		!PG_ARGISNULL(duration_arg);
	bytea	   *audio = genre_pg_audio_arg(fcinfo, audio_arg);

	genre_pg_audio_window(audio, offset_s, has_duration,
						  has_duration ? PG_GETARG_FLOAT8(duration_arg) : -1.0, target_sr, w);
}

/* 54000 naming genre.max_memory when need bytes for seconds of audio are over it */
static void
check_budget(size_t need, double seconds, const char *what)
{
	genre_status st;
	char		msg[128];

	snprintf(msg, sizeof(msg), "%s of %.0f s of audio", what, seconds);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_memory_check(genre_backend_cache(), need, msg, &st));
}

void
genre_pg_audio_budget(const GenreAudioWindow *w, size_t need, const char *what)
{
	size_t		decode = genre_audio_load_memory(w->native_frames, w->channels, w->samples,
												 w->samples != w->native_frames);

	if (w->sample_rate <= 0)
		return;
	/* the audio bytes stay detoasted for the whole call */
	check_budget(w->input_bytes + (decode > need ? decode : need),
				 (double) w->samples / w->sample_rate, what);
}

void
genre_pg_signal_budget(const genre_signal *sig, size_t need, const char *what)
{
	check_budget(need, sig->sample_rate > 0 ? (double) sig->n / sig->sample_rate : 0, what);
}

void
genre_pg_window(FunctionCallInfo fcinfo, GenreAudioWindow *w)
{
	genre_pg_audio_window_args(fcinfo, 0, 1, 2, GENRE_SAMPLE_RATE, w);
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
