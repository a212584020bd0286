/*
 * model_type.h - the genre.model SQL type.
 */
#ifndef GENRE_PG_MODEL_TYPE_H
#define GENRE_PG_MODEL_TYPE_H

#include "postgres.h"

#include "base/bytes.h"

/* Wrap a finished writer (genre_model_finish done) as a genre.model datum. */
bytea	   *genre_model_datum(genre_writer *w);

#endif
