/*
 * features.c - N connections computing features for disjoint rows.
 */
#include "import/features.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/output.h"
#include "import/util.h"

#define STMT "genre_import_features"

typedef struct worker
{
	PGconn	   *conn;
	long		row;			/* index of the row it computes, -1 when idle */
	PGresult   *error;			/* the failed result of that row, if any */
	int			updated;
} worker;

/* Does this SQLSTATE mean "this row's audio or window", not "the server"? */
static int
row_error(const char *state)
{
	return state && (strcmp(state, "22P03") == 0 || strcmp(state, "22023") == 0 ||
					 strcmp(state, "54000") == 0);
}

static void
check_layout(PGconn *conn, const char *layout)
{
	const char *params[1] = {layout};
	PGresult   *res = PQexecParams(conn, "SELECT cardinality(genre.feature_names($1))",
								   1, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		if (row_error(PQresultErrorField(res, PG_DIAG_SQLSTATE)))
			gi_fatal(GI_EXIT_USAGE, "--features=%s: %s", layout, gi_result_message(res));
		gi_server_fatal(conn, res, "checking the layout");
	}
	PQclear(res);
}

static void
prepare(PGconn *conn, const gi_target *t)
{
	char	   *sql = gi_printf("UPDATE %s SET features = genre.features(audio, $2, $3, $4)"
								" WHERE path = $1 AND features IS NULL", t->qname);
	PGresult   *res = PQprepare(conn, STMT, sql, 4, NULL);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		gi_server_fatal(conn, res, "preparing the features statement");
	PQclear(res);
	free(sql);
}

static void
send_row(worker *w, long row, char **paths, const gi_features_opts *o, const char *offset,
		 const char *duration)
{
	const char *params[4] = {paths[row], offset, duration, o->layout};

	w->row = row;
	w->error = NULL;
	w->updated = 0;
	if (!PQsendQueryPrepared(w->conn, STMT, 4, params, NULL, NULL, 0))
		gi_server_fatal(w->conn, NULL, "sending a features statement");
}

/* Read what arrived; returns 1 when the worker's statement is complete. */
static int
collect(worker *w)
{
	PGresult   *res;

	if (!PQconsumeInput(w->conn))
		gi_server_fatal(w->conn, NULL, "computing features");
	while (!PQisBusy(w->conn))
	{
		res = PQgetResult(w->conn);
		if (res == NULL)
			return 1;
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
		{
			w->updated = atoi(PQcmdTuples(res));
			PQclear(res);
		}
		else if (w->error == NULL)
			w->error = res;
		else
			PQclear(res);
	}
	return 0;
}

void
gi_features_run(PGconn *conn, gi_conn_opts *co, const gi_target *t, const gi_features_opts *o,
				int64_t pending, gi_features_stats *stats, gi_reasons *reasons)
{
	char	   *sql;
	PGresult   *res;
	char	  **paths;
	long		nrows,
				next = 0,
				done = 0;
	int			jobs,
				busy = 0,
				i;
	worker	   *w;
	struct pollfd *fds;
	char		offset[64],
				duration[64];
	gi_progress prog;
	double		start = gi_now(),
				last_line;

	check_layout(conn, o->layout);
	memset(stats, 0, sizeof(*stats));
	if (!t->exists)
	{
		stats->rows = pending;	/* a dry run on a table yet to be created */
		return;
	}
	/* (a dry run on a table without the column: every row needs features) */
	sql = gi_printf("SELECT path FROM %s WHERE %s"
					" ORDER BY octet_length(audio) DESC, path", t->qname,
					t->has_features ? "features IS NULL" : "true");
	res = PQexec(conn, sql);
	free(sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "listing the rows without features");
	nrows = PQntuples(res);
	stats->rows = nrows + (o->dry_run ? pending : 0);
	if (o->dry_run || nrows == 0)
	{
		PQclear(res);
		return;
	}
	paths = gi_malloc(sizeof(char *) * nrows);
	for (long r = 0; r < nrows; r++)
		paths[r] = gi_strdup(PQgetvalue(res, r, 0));
	PQclear(res);

	snprintf(offset, sizeof(offset), "%.17g", o->offset_s);
	snprintf(duration, sizeof(duration), "%.17g", o->duration_s);
	jobs = o->jobs < nrows ? o->jobs : (int) nrows;
	w = gi_malloc(sizeof(worker) * jobs);
	fds = gi_malloc(sizeof(struct pollfd) * jobs);
	for (i = 0; i < jobs; i++)
	{
		w[i].conn = i == 0 ? conn : gi_connect(co);
		w[i].row = -1;
		prepare(w[i].conn, t);
	}
	stats->jobs = jobs;

	gi_progress_start(&prog, "features", "rows", nrows, 0);
	last_line = gi_now();
	for (i = 0; i < jobs && next < nrows; i++, busy++)
		send_row(&w[i], next++, paths, o, offset, o->duration_s < 0 ? NULL : duration);
	while (busy > 0)
	{
		int			n = 0;

		for (i = 0; i < jobs; i++)
			if (w[i].row >= 0)
			{
				fds[n].fd = PQsocket(w[i].conn);
				fds[n].events = POLLIN;
				fds[n].revents = 0;
				n++;
			}
		if (poll(fds, n, 200) < 0 && errno != EINTR)
			gi_fatal(GI_EXIT_SERVER, "poll: %s", strerror(errno));
		for (i = 0; i < jobs; i++)
		{
			if (w[i].row < 0 || !collect(&w[i]))
				continue;
			/* the statement of w[i] is complete */
			if (w[i].error)
			{
				const char *state = PQresultErrorField(w[i].error, PG_DIAG_SQLSTATE);

				if (gi_interrupted() && state && strcmp(state, "57014") == 0)
					;			/* cancelled by Ctrl-C: reported below */
				else if (!row_error(state))
					gi_server_fatal(w[i].conn, w[i].error, "computing features");
				else
				{
					const char *msg = PQresultErrorField(w[i].error, PG_DIAG_MESSAGE_PRIMARY);
					char	   *masked = gi_reason_mask(msg ? msg : "error");
					char	   *key = gi_strdup(masked);
					char	   *what = gi_printf("features of %s", paths[w[i].row]);

					gi_reasons_add(reasons, key, what, gi_result_message(w[i].error));
					free(what);
					free(key);
					free(masked);
				}
				PQclear(w[i].error);
				w[i].error = NULL;
			}
			else
				stats->done += w[i].updated;
			done++;
			gi_progress_add(&prog, 1, 0);
			w[i].row = -1;
			busy--;
			if (next < nrows && !gi_interrupted())
			{
				send_row(&w[i], next++, paths, o, offset, o->duration_s < 0 ? NULL : duration);
				busy++;
			}
		}
		if (gi_output_mode() == GI_PROGRESS_LINES &&
			(gi_now() - last_line >= 10 || done == nrows))
		{
			gi_progress_line(&prog, "%d connections", jobs);
			last_line = gi_now();
		}
	}
	gi_progress_end(&prog);
	if (gi_interrupted())
		gi_fatal(GI_EXIT_SERVER, "interrupted: features stored for %lld of %ld rows (run again to resume)",
				 (long long) stats->done, nrows);
	for (i = 1; i < jobs; i++)
		gi_disconnect(w[i].conn);
	for (long r = 0; r < nrows; r++)
		free(paths[r]);
	free(paths);
	free(w);
	free(fds);
	stats->seconds = gi_now() - start;
}
