/*
 * csv.h - an RFC 4180 reader for manifests and label maps: comma-separated
 * fields, records ended by CRLF or LF, fields in double quotes may hold
 * commas, line breaks and doubled quotes.  A UTF-8 byte order mark at the
 * start and blank lines are skipped.
 */
#ifndef GENRE_IMPORT_CSV_H
#define GENRE_IMPORT_CSV_H

#include <stdio.h>

#include "import/util.h"

typedef struct gi_csv
{
	FILE	   *f;
	const char *name;			/* for messages */
	int			line;			/* line the current record started on */
	int			next_line;
	char	  **fields;			/* the current record; valid until the next call */
	int			nfields;
	int			cap;
	gi_buf		text;			/* every field of the record, NUL-separated */
	int			started;
} gi_csv;

/* Open path; 0 on success, -1 with errno set. */
int			gi_csv_open(gi_csv *c, const char *path);

/*
 * Read the next record into c->fields: 1 when there is one, 0 at the end,
 * -1 on a syntax error (message in err, naming the line).
 */
int			gi_csv_next(gi_csv *c, char *err, size_t errlen);

void		gi_csv_close(gi_csv *c);

#endif
