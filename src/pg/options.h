/*
 * options.h - a jsonb options argument ({"name": value, ...}) read one
 * option at a time with typed getters.  Every failure is 22023 naming the
 * function and the option: "<fname>: option \"<name>\" must be <expect>".
 */
#ifndef GENRE_PG_OPTIONS_H
#define GENRE_PG_OPTIONS_H

#include "postgres.h"

#include "utils/jsonb.h"

typedef struct GenreOptions
{
	const char *fname;			/* SQL function named in errors */
	const char *valid;			/* "a, b and c": the hint for an unknown option */
	JsonbIterator *it;
	char	   *key;			/* current option's name (palloc'ed) */
	JsonbValue	value;			/* current option's value */
} GenreOptions;

/*
 * Start reading opts; raises 22023 unless it is a JSON object.  valid lists
 * the option names for the hint of genre_options_unknown.
 */
void		genre_options_begin(GenreOptions *o, Jsonb *opts, const char *fname,
								const char *valid);

/* Move to the next option (o->key, o->value); false after the last one. */
bool		genre_options_next(GenreOptions *o);

/* True when the current option is called name. */
bool		genre_option_is(const GenreOptions *o, const char *name);

/* Raise 22023: the current option must be <expect>. */
pg_attribute_noreturn() void genre_option_error(const GenreOptions *o, const char *expect);

/* Raise 22023: the current option is not one of o->valid. */
pg_attribute_noreturn() void genre_options_unknown(const GenreOptions *o);

/*
 * The current option as an integral number (10 and 10.0 alike) in [lo, hi],
 * exactly over the whole int64 range; else genre_option_error(expect), or
 * "an integer between lo and hi" when expect is NULL.
 */
int64		genre_option_int(const GenreOptions *o, int64 lo, int64 hi, const char *expect);

/* The current option as a number (float64); else genre_option_error("a number"). */
double		genre_option_number(const GenreOptions *o);

/* The current option as a boolean; else genre_option_error("a boolean"). */
bool		genre_option_bool(const GenreOptions *o);

/* True when the current option is the JSON string s. */
bool		genre_option_string_is(const GenreOptions *o, const char *s);

/* True when the current option is written as an integer (no '.', no exponent). */
bool		genre_option_is_integer_literal(const GenreOptions *o);

#endif
