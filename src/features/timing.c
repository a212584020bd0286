/*
 * timing.c - nested stage timing for the features benchmark.
 */
#include "features/timing.h"

#include <string.h>
#include <time.h>

double
genre_timing_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void
genre_timing_reset(genre_timing *t)
{
	if (t)
		memset(t, 0, sizeof(*t));
}

/* charge the time since the last mark to the innermost open stage */
static void
charge(genre_timing *t, double now)
{
	int			d = t->depth < GENRE_TIMING_DEPTH ? t->depth : GENRE_TIMING_DEPTH;

	if (d > 0)
		t->ms[t->open[d - 1]] += now - t->mark;
	t->mark = now;
}

void
genre_timing_enter(genre_timing *t, const char *stage)
{
	double		now;
	int			i;

	if (t == NULL)
		return;
	now = genre_timing_now_ms();
	charge(t, now);
	for (i = 0; i < t->n_stages; i++)
		if (strcmp(t->name[i], stage) == 0)
			break;
	if (i == t->n_stages)
	{
		if (t->n_stages == GENRE_TIMING_STAGES)
			i = GENRE_TIMING_STAGES - 1;	/* the last stage collects the rest */
		else
		{
			t->name[i] = stage;
			t->ms[i] = 0;
			t->n_stages++;
		}
	}
	/* deeper nesting than recorded is charged to the deepest recorded stage */
	if (t->depth < GENRE_TIMING_DEPTH)
		t->open[t->depth] = i;
	t->depth++;
}

void
genre_timing_leave(genre_timing *t)
{
	if (t == NULL || t->depth == 0)
		return;
	charge(t, genre_timing_now_ms());
	t->depth--;
}
