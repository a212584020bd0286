/*
 * conn.c - libpq connections with the conventions of psql and pg_dump.
 */
#include "import/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "import/output.h"
#include "import/util.h"

#define MAX_CANCELS 256

static PGcancel *volatile cancels[MAX_CANCELS];
static volatile sig_atomic_t ncancels;
static volatile sig_atomic_t interrupted;

/* Read a password from the terminal without echo (stdin/stderr when there is none). */
static char *
prompt_password(const char *prompt)
{
	FILE	   *in = fopen("/dev/tty", "r");
	FILE	   *out = in ? fopen("/dev/tty", "w") : NULL;
	struct termios saved,
				quiet;
	int			echo_off = 0;
	char		line[1024];
	size_t		len;

	if (in == NULL || out == NULL)
	{
		if (in)
			fclose(in);
		in = stdin;
		out = stderr;
	}
	if (tcgetattr(fileno(in), &saved) == 0)
	{
		quiet = saved;
		quiet.c_lflag &= ~ECHO;
		echo_off = tcsetattr(fileno(in), TCSAFLUSH, &quiet) == 0;
	}
	fputs(prompt, out);
	fflush(out);
	if (fgets(line, sizeof(line), in) == NULL)
		line[0] = '\0';
	if (echo_off)
	{
		tcsetattr(fileno(in), TCSAFLUSH, &saved);
		fputc('\n', out);
		fflush(out);
	}
	if (in != stdin)
	{
		fclose(in);
		fclose(out);
	}
	len = strlen(line);
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	return gi_strdup(line);
}

static void
on_signal(int sig)
{
	char		errbuf[256];
	int			saved = errno;

	interrupted = 1;
	for (int i = 0; i < ncancels; i++)
		if (cancels[i])
			PQcancel(cancels[i], errbuf, sizeof(errbuf));
	/* a second signal ends the program at once */
	signal(sig, SIG_DFL);
	errno = saved;
}

void
gi_cancel_install(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

int
gi_interrupted(void)
{
	return interrupted;
}

PGconn *
gi_connect(gi_conn_opts *o)
{
	const char *keywords[9];
	const char *values[9];
	PGconn	   *conn;
	int			i;

	if (o->prompt == GI_PROMPT_ALWAYS && o->password == NULL)
		o->password = prompt_password("Password: ");
	for (;;)
	{
		i = 0;
		keywords[i] = "host", values[i++] = o->host;
		keywords[i] = "port", values[i++] = o->port;
		keywords[i] = "user", values[i++] = o->user;
		keywords[i] = "password", values[i++] = o->password;
		keywords[i] = "dbname", values[i++] = o->dbname;
		keywords[i] = "fallback_application_name", values[i++] = "genre-import";
		/* as psql: the terminal's encoding unless PGCLIENTENCODING says otherwise */
		keywords[i] = "client_encoding", values[i++] = getenv("PGCLIENTENCODING") ? NULL : "auto";
		keywords[i] = NULL, values[i] = NULL;
		conn = PQconnectdbParams(keywords, values, 1);
		if (conn == NULL)
			gi_fatal(GI_EXIT_SERVER, "out of memory");
		if (PQstatus(conn) == CONNECTION_BAD && PQconnectionNeedsPassword(conn) &&
			o->password == NULL && o->prompt != GI_PROMPT_NEVER)
		{
			char	   *prompt = gi_printf("Password for user %s: ", PQuser(conn));

			PQfinish(conn);
			o->password = prompt_password(prompt);
			free(prompt);
			continue;
		}
		break;
	}
	if (PQstatus(conn) != CONNECTION_OK)
	{
		char	   *msg = gi_strdup(PQerrorMessage(conn));
		size_t		len = strlen(msg);

		while (len > 0 && msg[len - 1] == '\n')
			msg[--len] = '\0';
		gi_fatal(GI_EXIT_SERVER, "%s", msg);
	}
	if (ncancels < MAX_CANCELS)
	{
		cancels[ncancels] = PQgetCancel(conn);
		ncancels++;
	}
	return conn;
}

void
gi_disconnect(PGconn *conn)
{
	/* its cancel entry stays: cancelling a closed session is harmless */
	PQfinish(conn);
}

const char *
gi_result_message(const PGresult *res)
{
	static char buf[2048];
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (msg == NULL)
	{
		snprintf(buf, sizeof(buf), "%s", PQresultErrorMessage(res));
		buf[strcspn(buf, "\n")] = '\0';
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s%s%s%s [%s]", msg, detail ? " (" : "", detail ? detail : "",
			 detail ? ")" : "", state ? state : "?");
	return buf;
}

void
gi_server_fatal(PGconn *conn, const PGresult *res, const char *what)
{
	const char *msg = res ? gi_result_message(res) : PQerrorMessage(conn);
	char	   *copy = gi_strdup(msg);

	copy[strcspn(copy, "\n")] = '\0';
	if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
	if (interrupted)
		gi_fatal(GI_EXIT_SERVER, "interrupted while %s; what was committed before stays", what);
	gi_fatal(GI_EXIT_SERVER, "%s: %s", what, copy);
}

void
gi_exec(PGconn *conn, const char *sql)
{
	PGresult   *res = PQexec(conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "running a statement");
	PQclear(res);
}
