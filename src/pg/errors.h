/*
 * errors.h - turn core status codes into PostgreSQL errors.
 */
#ifndef GENRE_PG_ERRORS_H
#define GENRE_PG_ERRORS_H

#include "postgres.h"

#include "base/status.h"

/* ereport(ERROR) with the SQLSTATE of st->code; never returns. */
extern void genre_raise(const genre_status *st) pg_attribute_noreturn();

/* Raise when a core call did not return GENRE_OK. */
#define GENRE_CHECK(st, call) \
	do { \
		if ((call) != GENRE_OK) \
			genre_raise(st); \
	} while (0)

#endif
