/*
 * model_type.c - genre.model: text (base64) and binary I/O, model_info and
 * the datum of a newly trained model.
 */
#include "postgres.h"

#include "common/base64.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "pg/errors.h"
#include "ml/model_kinds.h"
#include "pg/model_type.h"
#include "pg/writer.h"

PG_FUNCTION_INFO_V1(genre_model_in);
PG_FUNCTION_INFO_V1(genre_model_out);
PG_FUNCTION_INFO_V1(genre_model_recv);
PG_FUNCTION_INFO_V1(genre_model_send);
PG_FUNCTION_INFO_V1(genre_model_info);

/*
 * Check a whole serialised model, as every use of it would: envelope,
 * checksum, kind and the kind's loader (whose object is dropped at once).
 * Raises on anything wrong, so a stored genre.model always loads.
 */
static void
validate_model(const char *data, size_t len)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "genre model check",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	const genre_model_kind_ops *ops;
	genre_status st;
	void	   *object;

	genre_status_clear(&st);
	if ((object = genre_model_load(data, len, &ops, &st)) == NULL)
		genre_raise(&st);
	ops->free(object);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}

static bytea *
bytes_to_datum(const char *data, size_t len)
{
	bytea	   *result;

	if (len > MaxAllocSize - VARHDRSZ)
		genre_error_over_value_limit(NULL, psprintf("model of %zu bytes", len), NULL, NULL);
	result = palloc(len + VARHDRSZ);
	SET_VARSIZE(result, len + VARHDRSZ);
	memcpy(VARDATA(result), data, len);
	return result;
}

bytea *
genre_model_datum(genre_writer *w)
{
	if (w->failed)
		genre_error_out_of_memory();
	return bytes_to_datum((const char *) w->data, w->len);
}

Datum
genre_model_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int			len = strlen(str);
	int			maxlen = pg_b64_dec_len(len);
	char	   *buf = palloc(maxlen + 1);
	int			n = pg_b64_decode(str, len, buf, maxlen);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type genre.model"),
				 errdetail("The text form of a model is base64.")));
	validate_model(buf, n);
	PG_RETURN_BYTEA_P(bytes_to_datum(buf, n));
}

Datum
genre_model_out(PG_FUNCTION_ARGS)
{
	bytea	   *m = PG_GETARG_BYTEA_PP(0);
	int			len = VARSIZE_ANY_EXHDR(m);
	int			outlen = pg_b64_enc_len(len);
	char	   *out = palloc(outlen + 1);
	int			n = pg_b64_encode(VARDATA_ANY(m), len, out, outlen);

	if (n < 0)
		elog(ERROR, "could not encode model as base64");
	out[n] = '\0';
	PG_RETURN_CSTRING(out);
}

Datum
genre_model_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const char *data = pq_getmsgbytes(buf, len);

	validate_model(data, len);
	PG_RETURN_BYTEA_P(bytes_to_datum(data, len));
}

Datum
genre_model_send(PG_FUNCTION_ARGS)
{
	bytea	   *m = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
genre_model_info(PG_FUNCTION_ARGS)
{
	bytea	   *m = PG_GETARG_BYTEA_PP(0);
	genre_status st;
	genre_writer w;

	genre_status_clear(&st);
	genre_writer_init(&w, 256);
	GENRE_CHECK(&st, genre_model_describe(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m), &w, &st));
	PG_RETURN_DATUM(genre_writer_jsonb(&w));
}
