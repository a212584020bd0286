/*
 * timing.h - wall-clock time per stage of a features() call, for the
 * benchmark (test/bench/features).
 *
 * Stages nest: time spent in an inner stage (the STFT, made on first use
 * inside whichever feature asks for it) is not counted in the outer one, so
 * the stage times add up to the call.  Every function accepts NULL and then
 * does nothing, which is what every caller but the benchmark passes.
 */
#ifndef GENRE_FEATURES_TIMING_H
#define GENRE_FEATURES_TIMING_H

#define GENRE_TIMING_STAGES 24
#define GENRE_TIMING_DEPTH 8

typedef struct genre_timing
{
	int			n_stages;
	const char *name[GENRE_TIMING_STAGES];	/* static strings, in first-use order */
	double		ms[GENRE_TIMING_STAGES];	/* accumulated, excluding nested stages */
	int			depth;
	int			open[GENRE_TIMING_DEPTH];	/* stage index per nesting level */
	double		mark;			/* time of the last enter or leave, ms */
} genre_timing;

/* Zero every stage. */
void		genre_timing_reset(genre_timing *t);

/* Start counting time for stage (a static string), pausing the enclosing one. */
void		genre_timing_enter(genre_timing *t, const char *stage);

/* Stop the innermost stage and resume the enclosing one. */
void		genre_timing_leave(genre_timing *t);

/* Milliseconds of a monotonic clock. */
double		genre_timing_now_ms(void);

#endif
