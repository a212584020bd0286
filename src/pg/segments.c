/*
 * segments.c - genre.segments(): the feature vectors of consecutive
 * fixed-length windows of one decoded clip, for segment-level training and
 * song-level votes.
 *
 * The clip is decoded once (librosa.load: mono, 22 050 Hz); window k covers
 * samples [round(k s sr), round(k s sr) + round(s sr) - 1), the windows of
 * the public 3-second GTZAN table for s = 3 ([66150 k, 66150 k + 66149)).
 * Only whole windows are returned.  Each window's vector is
 * genre_features_compute of that slice, one analysis (one STFT) per window,
 * so a row equals features() of the same samples.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "audio/audio.h"
#include "features/summary.h"
#include "pg/audio_args.h"
#include "pg/backend_cache.h"
#include "pg/errors.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_segments);

/* Shortest segment: the shortest clip features() is checked on (0.05 s); longest: an hour. */
#define MIN_SECONDS 0.05
#define MAX_SECONDS 3600.0

Datum
genre_segments(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const genre_layout *l;
	double		seconds;
	int64		window,
				step_n;
	genre_signal sig;
	genre_status st;
	GenreAudioWindow w;
	MemoryContext per_window,
				old;
	float	   *v;
	int			n;

	InitMaterializedSRF(fcinfo, 0);
	/* arguments: audio, seconds, layout, offset_s, duration_s */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		return (Datum) 0;
	seconds = PG_GETARG_FLOAT8(1);
	if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segments: seconds must be a number between %g and %g, not %g",
						MIN_SECONDS, MAX_SECONDS, seconds)));
	/* check the layout before the expensive decode */
	l = genre_pg_layout_arg(fcinfo, 2);
	step_n = (int64) round(seconds * GENRE_SAMPLE_RATE);
	window = step_n - 1;
	/* genre.max_memory: the whole clip and one window's features, from the header first */
	genre_pg_audio_window_args(fcinfo, 0, 3, 4, GENRE_SAMPLE_RATE, &w);
	genre_pg_audio_budget(&w, sizeof(float) * w.samples + genre_features_memory(l, (size_t) window),
						  "segments");
	genre_pg_load_audio(fcinfo, 0, 3, 4, GENRE_SAMPLE_RATE, &sig);
	genre_pg_signal_budget(&sig, sizeof(float) * sig.n + genre_features_memory(l, (size_t) window),
						   "segments");
	if ((uint64) window > sig.n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segments: a segment of %g s (" INT64_FORMAT " samples) is longer than the clip (%.6g s, %zu samples)",
						seconds, window, (double) sig.n / GENRE_SAMPLE_RATE, sig.n),
				 errhint("Pass a shorter seconds, or a longer duration_s.")));

	n = genre_layout_size(l);
	v = palloc(sizeof(float) * n);
	per_window = AllocSetContextCreate(CurrentMemoryContext, "genre segments window",
									   ALLOCSET_DEFAULT_SIZES);
	genre_status_clear(&st);
	for (int64 k = 0;; k++)
	{
		/* k s sr in float64, rounded: exact for every whole number of samples per second */
		double		start_d = round((double) k * seconds * GENRE_SAMPLE_RATE);
		uint64		start;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		if (start_d + (double) window > (double) sig.n)
			break;
		start = (uint64) start_d;
		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(per_window);
		GENRE_CHECK(&st, genre_features_compute(genre_backend_cache(), sig.samples + start,
												(size_t) window, sig.sample_rate, l, v, &st));
		values[0] = Int32GetDatum((int32) k);
		values[1] = Float8GetDatum(PG_GETARG_FLOAT8(3) + start_d / GENRE_SAMPLE_RATE);
		values[2] = PointerGetDatum(genre_real_array(v, n));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(per_window);
	}
	MemoryContextDelete(per_window);
	genre_signal_free(&sig);
	return (Datum) 0;
}
