/*
 * options.c - typed getters over a jsonb options object (see options.h).
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include <errno.h>
#include <math.h>

#include "pg/options.h"

void
genre_options_begin(GenreOptions *o, Jsonb *opts, const char *fname, const char *valid)
{
	/* a scalar is stored as a one-element array: JB_ROOT_IS_OBJECT is false */
	if (!JB_ROOT_IS_OBJECT(opts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: options must be a JSON object", fname)));
	o->fname = fname;
	o->valid = valid;
	o->it = JsonbIteratorInit(&opts->root);
	o->key = NULL;
}

bool
genre_options_next(GenreOptions *o)
{
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&o->it, &o->value, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
			o->key = pnstrdup(o->value.val.string.val, o->value.val.string.len);
		else if (tok == WJB_VALUE)
			return true;
	}
	return false;
}

bool
genre_option_is(const GenreOptions *o, const char *name)
{
	return strcmp(o->key, name) == 0;
}

void
genre_option_error(const GenreOptions *o, const char *expect)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: option \"%s\" must be %s", o->fname, o->key, expect)));
}

void
genre_options_unknown(const GenreOptions *o)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown option \"%s\"", o->fname, o->key),
			 errhint("Valid options are %s.", o->valid)));
}

/* The current option's number as numeric_out writes it (plain decimal, no exponent). */
static char *
number_text(const GenreOptions *o, const char *expect)
{
	if (o->value.type != jbvNumeric)
		genre_option_error(o, expect);
	return DatumGetCString(DirectFunctionCall1(numeric_out,
											   NumericGetDatum(o->value.val.numeric)));
}

int64
genre_option_int(const GenreOptions *o, int64 lo, int64 hi, const char *expect)
{
	char	   *s,
			   *end;
	long long	x;

	if (expect == NULL)
		expect = psprintf("an integer between " INT64_FORMAT " and " INT64_FORMAT, lo, hi);
	s = number_text(o, expect);
	errno = 0;
	x = strtoll(s, &end, 10);
	/* 10.0 is the integer 10: only zeros may follow the point */
	if (*end == '.')
		while (*++end == '0')
			;
	if (errno != 0 || end == s || *end != '\0' || x < lo || x > hi)
		genre_option_error(o, expect);
	return (int64) x;
}

double
genre_option_number(const GenreOptions *o)
{
	double		d = strtod(number_text(o, "a number"), NULL);

	/* jsonb numbers are unbounded: past float64's range is no number to us */
	if (!isfinite(d))
		genre_option_error(o, "a finite number");
	return d;
}

bool
genre_option_bool(const GenreOptions *o)
{
	if (o->value.type != jbvBool)
		genre_option_error(o, "a boolean");
	return o->value.val.boolean;
}

bool
genre_option_string_is(const GenreOptions *o, const char *s)
{
	size_t		len = strlen(s);

	return o->value.type == jbvString && o->value.val.string.len == len &&
		memcmp(o->value.val.string.val, s, len) == 0;
}

bool
genre_option_is_integer_literal(const GenreOptions *o)
{
	return o->value.type == jbvNumeric &&
		strchr(number_text(o, "a number"), '.') == NULL;
}
