/*
 * audio_args.h - the audio arguments every SQL function that decodes
 * shares: (audio bytea, offset_s float8, duration_s float8), decoded the
 * librosa.load way, and the layout argument of the feature vector
 * functions.  For audio.c and the feature functions.
 */
#ifndef GENRE_PG_AUDIO_ARGS_H
#define GENRE_PG_AUDIO_ARGS_H

#include "postgres.h"

#include "fmgr.h"

#include "audio/audio.h"
#include "features/summary.h"

/*
 * Argument argno (bytea audio) detoasted once per call: the copy replaces
 * the argument, so every later read (probe, budget, decode) gets it without
 * detoasting again.  It lives in the call's memory context.
 */
bytea	   *genre_pg_audio_arg(FunctionCallInfo fcinfo, int argno);

/*
 * Decode argument audio_arg's window as mono float32 at target_sr (0:
 * native).  offset_arg / duration_arg are argument numbers (-1: absent);
 * a NULL duration means to the end.  The caller checks that audio and
 * offset are not NULL.  Raises 22023 naming a bad offset_s / duration_s,
 * 22P03 on undecodable audio, 54000 over a limit.  sig->samples is palloc'ed
 * in the current memory context (release with genre_signal_free).
 */
void		genre_pg_load_audio(FunctionCallInfo fcinfo, int audio_arg, int offset_arg,
								int duration_arg, int target_sr, genre_signal *sig);

/*
 * The feature functions' arguments 0..2 (audio, offset_s, duration_s)
 * decoded at GENRE_SAMPLE_RATE into sig; false when audio or offset_s is
 * NULL (the result is then NULL).  Errors as genre_pg_load_audio.
 */
bool		genre_pg_load_window(FunctionCallInfo fcinfo, genre_signal *sig);

/*
 * A window of audio as its header states it, before anything is decoded:
 * upper bounds, all 0 when the header does not state its length (the
 * decode then reports what is wrong, or GENRE_AUDIO_MAX_SAMPLES bounds it).
 */
typedef struct GenreAudioWindow
{
	size_t		input_bytes;	/* the audio bytes, held (detoasted) while they decode */
	size_t		native_frames;	/* frames per channel at the native rate */
	int			channels;
	size_t		samples;		/* mono samples at the target rate */
	int			sample_rate;	/* the target rate (the native one for target 0) */
} GenreAudioWindow;

/*
 * The window [offset_s, offset_s + duration_s) (has_duration false: to the
 * end) of audio at target_sr (0: native) from its header alone.  Bad
 * offsets and durations give an empty window: the decode reports them.
 */
void		genre_pg_audio_window(bytea *audio, double offset_s, bool has_duration,
								  double duration_s, int target_sr, GenreAudioWindow *w);

/* The same for the arguments genre_pg_load_audio takes. */
void		genre_pg_audio_window_args(FunctionCallInfo fcinfo, int audio_arg, int offset_arg,
									   int duration_arg, int target_sr, GenreAudioWindow *w);

/*
 * genre.max_memory before a decode: 54000 naming it when decoding w, or
 * need (the bytes the call holds after the decode, the decoded samples
 * included), would exceed it; what says what needs it ("spectrogram
 * frames"), quoted with the window's length.
 */
void		genre_pg_audio_budget(const GenreAudioWindow *w, size_t need, const char *what);

/* genre.max_memory again after the decode, from the decoded signal. */
void		genre_pg_signal_budget(const genre_signal *sig, size_t need, const char *what);

/* The feature functions' window (arguments 0..2 at 22 050 Hz) from the header. */
void		genre_pg_window(FunctionCallInfo fcinfo, GenreAudioWindow *w);
/* The feature layout named by text argument argno; 22023 listing the valid ones. */
const genre_layout *genre_pg_layout_arg(FunctionCallInfo fcinfo, int argno);

#endif
