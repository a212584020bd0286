/*
 * writer.h - what a core writer (base/bytes.h) holds, as a SQL value.
 */
#ifndef GENRE_PG_WRITER_H
#define GENRE_PG_WRITER_H

#include "postgres.h"

#include "base/bytes.h"

/*
 * The bytes of w as text: 53200 when the writer ran out of memory, 54000
 * (genre_error_over_value_limit naming fname and what, with hint) past
 * the 1 GB value limit.
 */
text	   *genre_writer_text(genre_writer *w, const char *fname, const char *what,
							  const char *hint);

/* The JSON text of w as a jsonb datum; 53200 when the writer ran out of memory. */
Datum		genre_writer_jsonb(genre_writer *w);

#endif
