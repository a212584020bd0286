/*
 * models.h - the genre.models table: the one lookup rule for a model name
 * (genre.find_model, predict(name, ...)) and genre.drop_model.
 *
 * Rows belong to their owner (row-level security): everyone reads every
 * row, only the owner writes.  A name means the caller's own model of that
 * name; failing that, "owner.name" (split at the first dot) means that
 * role's model.  No other role can make a name mean something else.
 */
#ifndef GENRE_PG_MODELS_H
#define GENRE_PG_MODELS_H

#include "postgres.h"

/*
 * The lookup rule as one query: $1 (text) is the name; at most one row,
 * column 1 the model.  Run it as the caller (SPI, read-only).  Operators
 * and functions are schema-qualified so the caller's search_path cannot
 * change what it means.
 */
#define GENRE_MODELS_LOOKUP_SQL \
	"SELECT m.model FROM genre.models m" \
	" WHERE (m.owner OPERATOR(pg_catalog.=) CURRENT_USER" \
	"        AND m.name OPERATOR(pg_catalog.=) $1)" \
	"    OR (pg_catalog.strpos($1, '.') OPERATOR(pg_catalog.>) 0" \
	"        AND m.owner OPERATOR(pg_catalog.=) pg_catalog.split_part($1, '.', 1)" \
	"        AND m.name OPERATOR(pg_catalog.=)" \
	"            pg_catalog.substr($1, pg_catalog.strpos($1, '.') OPERATOR(pg_catalog.+) 1))" \
	" ORDER BY m.name OPERATOR(pg_catalog.=) $1 DESC LIMIT 1"

/* 42704: "model "<name>" does not exist in genre.models", with the lookup rule as hint. */
extern void genre_error_model_not_found(const char *name) pg_attribute_noreturn();

#endif
