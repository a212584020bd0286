/*
 * errors.c - the one place that maps core error codes to SQLSTATEs
 * (DESIGN.md, "Errors").
 */
#include "postgres.h"

#include "miscadmin.h"

#include "pg/errors.h"

static int
sqlstate_of(genre_code code)
{
	switch (code)
	{
		case GENRE_EBADDATA:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case GENRE_EINVAL:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case GENRE_EKIND:
			return ERRCODE_WRONG_OBJECT_TYPE;
		case GENRE_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case GENRE_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case GENRE_ECANCEL:
			return ERRCODE_QUERY_CANCELED;
		case GENRE_OK:
		case GENRE_EINTERNAL:
			break;
	}
	return ERRCODE_INTERNAL_ERROR;
}

void
genre_raise(const genre_status *st)
{
	/* a cancel the core noticed: let PostgreSQL report it its own way */
	if (st->code == GENRE_ECANCEL)
		CHECK_FOR_INTERRUPTS();

	ereport(ERROR,
			(errcode(sqlstate_of(st->code)),
			 errmsg_internal("%s", st->message[0] ? st->message : "unknown genre error"),
			 st->detail[0] ? errdetail_internal("%s", st->detail) : 0));
	pg_unreachable();
}
