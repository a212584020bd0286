/*
 * conn.h - connecting the way PostgreSQL's client programs do: -d may be a
 * database name, a connection string or a URI; -h/-p/-U override it; PG*
 * variables and ~/.pgpass apply through libpq; -W asks for a password first,
 * -w never asks, otherwise genre-import asks when the server wants one.
 * Ctrl-C cancels the running statements of every connection once, then
 * ends the program.
 */
#ifndef GENRE_IMPORT_CONN_H
#define GENRE_IMPORT_CONN_H

#include <libpq-fe.h>

typedef enum gi_prompt
{
	GI_PROMPT_AUTO,				/* ask when the server wants a password */
	GI_PROMPT_ALWAYS,			/* -W */
	GI_PROMPT_NEVER				/* -w */
} gi_prompt;

typedef struct gi_conn_opts
{
	const char *dbname;
	const char *host;
	const char *port;
	const char *user;
	gi_prompt	prompt;
	char	   *password;		/* once asked, reused for every connection */
} gi_conn_opts;

/* Connect (exit 3 with libpq's message when it fails) and register it for Ctrl-C. */
PGconn	   *gi_connect(gi_conn_opts *o);

/* Close a connection made by gi_connect. */
void		gi_disconnect(PGconn *conn);

/* Install the SIGINT/SIGTERM handler that cancels the registered connections. */
void		gi_cancel_install(void);

/* Has the user asked to stop? */
int			gi_interrupted(void);

/* Run a statement that returns no rows; exit 3 with the server's message on failure. */
void		gi_exec(PGconn *conn, const char *sql);

/* The server's message for a failed result: "message (DETAIL) [SQLSTATE]" (static buffer). */
const char *gi_result_message(const PGresult *res);

/* Exit 3 with what for context, the server's message, after a rollback attempt. */
void		gi_server_fatal(PGconn *conn, const PGresult *res, const char *what)
			__attribute__((noreturn));

#endif
