/*
 * writer.c - core writer output as text or jsonb (see writer.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "pg/errors.h"
#include "pg/writer.h"

text *
genre_writer_text(genre_writer *w, const char *fname, const char *what, const char *hint)
{
	if (w->failed)
		genre_error_out_of_memory();
	if (w->len > MaxAllocSize - VARHDRSZ)
		genre_error_over_value_limit(fname, what, NULL, hint);
	return cstring_to_text_with_len((const char *) w->data, (int) w->len);
}

Datum
genre_writer_jsonb(genre_writer *w)
{
	if (w->failed || !genre_writer_cstring(w))
		genre_error_out_of_memory();
	return DirectFunctionCall1(jsonb_in, CStringGetDatum((char *) w->data));
}
