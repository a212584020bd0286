/*
 * status.h - how the core reports errors: a code plus a message buffer.
 *
 * Core functions return a genre_code and fill a genre_status; src/pg/errors.c
 * maps each code to a SQLSTATE.  Nothing here longjmps.
 */
#ifndef GENRE_BASE_STATUS_H
#define GENRE_BASE_STATUS_H

#include <stdarg.h>

typedef enum genre_code
{
	GENRE_OK = 0,
	GENRE_EBADDATA,				/* undecodable audio, corrupt model: 22P03 */
	GENRE_EINVAL,				/* bad argument or option: 22023 */
	GENRE_EKIND,				/* wrong model kind for the function: 42809 */
	GENRE_ELIMIT,				/* over a size limit: 54000 */
	GENRE_ENOMEM,				/* allocation failed: 53200 */
	GENRE_ECANCEL,				/* interrupted by the host (cancel, timeout) */
	GENRE_EINTERNAL				/* a bug: XX000 */
} genre_code;

#define GENRE_MSG_LEN 256

typedef struct genre_status
{
	genre_code	code;
	char		message[GENRE_MSG_LEN];	/* lower case, no trailing period */
	char		detail[GENRE_MSG_LEN];	/* optional, "" when absent */
} genre_status;

/* Reset to GENRE_OK with empty texts. */
void		genre_status_clear(genre_status *st);

/* Set code and message (printf-style); returns code for "return genre_fail(...)". */
genre_code	genre_fail(genre_status *st, genre_code code, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* Add a detail line to a failed status (printf-style). */
void		genre_status_detail(genre_status *st, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* Shorthand for the out-of-memory failure. */
genre_code	genre_fail_nomem(genre_status *st);

/*
 * Cancellation: the host installs a callback that says whether the user asked
 * to stop; long loops call genre_interrupted() and return GENRE_ECANCEL.
 */
void		genre_set_interrupt_check(int (*fn) (void));
int			genre_interrupted(void);

/* Return GENRE_ECANCEL from the enclosing function when the host asks to stop. */
#define GENRE_CHECK_CANCEL(st) \
	do { \
		if (genre_interrupted()) \
			return genre_fail((st), GENRE_ECANCEL, "canceling statement due to user request"); \
	} while (0)

#endif
