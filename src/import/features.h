/*
 * features.h - the features pass: genre.features() for every row of the
 * table whose features column is NULL, through N connections at once.
 *
 * PostgreSQL 15 never runs an UPDATE in parallel, and a scan of stored
 * audio gets no parallel workers (the audio lives in TOAST: the heap is
 * tiny), so one UPDATE uses one core.  Here N sessions each run one-row
 * UPDATEs, handed the next row as soon as they finish the last (largest
 * files first), so the row sets are disjoint and the cores stay busy to the
 * end.  Every row commits by itself: an interrupted pass resumes where it
 * stopped.
 */
#ifndef GENRE_IMPORT_FEATURES_H
#define GENRE_IMPORT_FEATURES_H

#include <libpq-fe.h>
#include <stdint.h>

#include "import/conn.h"
#include "import/report.h"
#include "import/target.h"

typedef struct gi_features_opts
{
	const char *layout;			/* genre.features' layout: 'genre', 'gtzan' */
	double		offset_s;		/* window start, seconds */
	double		duration_s;		/* window length, seconds; < 0: to the end */
	int			jobs;			/* connections at once */
	int			dry_run;
} gi_features_opts;

typedef struct gi_features_stats
{
	int64_t		rows;			/* rows that needed features */
	int64_t		done;
	int			jobs;			/* connections used */
	double		seconds;
} gi_features_stats;

/*
 * Compute features for every row whose features column is NULL (and, in a
 * dry run, count them plus pending new files).  conn is the first
 * connection; jobs - 1 more are opened with co.  Rows genre cannot compute
 * features for are counted in reasons.
 */
void		gi_features_run(PGconn *conn, gi_conn_opts *co, const gi_target *t,
							const gi_features_opts *o, int64_t pending,
							gi_features_stats *stats, gi_reasons *reasons);

#endif
