/*
 * proba_object.c - jsonb probability objects read and checked (see
 * proba_object.h).
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "ml/proba_mean.h"
#include "pg/errors.h"
#include "pg/proba_object.h"

static const char *
json_type_name(enum jbvType t)
{
	switch (t)
	{
		case jbvNull:
			return "null";
		case jbvString:
			return "a string";
		case jbvBool:
			return "a boolean";
		case jbvBinary:
			return "an array or object";
		default:
			return "not a number";
	}
}

static void
bad_value(const char *where, const JsonbValue *key, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: \"%.*s\" must be a probability in [0, 1], not %s", where,
					Min(key->val.string.len, 64), key->val.string.val, what)));
}

void
genre_proba_object(Jsonb *jb, const char *fname, const char *arg, uint64 row,
				   GenreProbaObject *out)
{
	JsonbIterator *it;
	JsonbIteratorToken tok;
	JsonbValue	v,
				key;
	int			n;

	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a JSON object of class probabilities",
						genre_error_where(fname, arg, row))));
	n = JB_ROOT_COUNT(jb);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is an empty object: it needs at least one class",
						genre_error_where(fname, arg, row))));
	out->k = 0;
	out->labels = palloc(n * sizeof(char *));
	out->lens = palloc(n * sizeof(uint32));
	out->p = palloc(n * sizeof(double));
	memset(&key, 0, sizeof(key));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			key = v;
			if (key.val.string.len > GENRE_PROBA_MAX_LABEL)
				genre_error_over_limit(fname, psprintf("class label in %s", arg), row,
									   key.val.string.len, GENRE_PROBA_MAX_LABEL, "bytes");
		}
		else if (tok == WJB_VALUE)
		{
			double		p;

			if (v.type != jbvNumeric)
				bad_value(genre_error_where(fname, arg, row), &key, json_type_name(v.type));
			/* numeric_out and strtod: exact rounding, no error on underflow */
			p = strtod(DatumGetCString(DirectFunctionCall1(numeric_out,
														   NumericGetDatum(v.val.numeric))), NULL);
			if (!(p >= 0 && p <= 1))
				bad_value(genre_error_where(fname, arg, row), &key, psprintf("%g", p));
			if (out->k >= n)
				elog(ERROR, "jsonb object holds more pairs than its count");
			out->labels[out->k] = key.val.string.val;
			out->lens[out->k] = key.val.string.len;
			out->p[out->k] = p;
			out->k++;
		}
	}
}
