/*
 * status.c - error reporting for the core.
 */
#include "base/status.h"

#include <stdio.h>
#include <string.h>

void
genre_status_clear(genre_status *st)
{
	st->code = GENRE_OK;
	st->message[0] = '\0';
	st->detail[0] = '\0';
}

genre_code
genre_fail(genre_status *st, genre_code code, const char *fmt,...)
{
	va_list		ap;

	st->code = code;
	st->detail[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(st->message, sizeof(st->message), fmt, ap);
	va_end(ap);
	return code;
}

void
genre_status_detail(genre_status *st, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(st->detail, sizeof(st->detail), fmt, ap);
	va_end(ap);
}

genre_code
genre_fail_nomem(genre_status *st)
{
	return genre_fail(st, GENRE_ENOMEM, "out of memory");
}

/* Process-wide host hook, installed once; no other state. */
static int	(*interrupt_check) (void) = NULL;

void
genre_set_interrupt_check(int (*fn) (void))
{
	interrupt_check = fn;
}

int
genre_interrupted(void)
{
	return interrupt_check ? interrupt_check() : 0;
}
