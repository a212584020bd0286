/*
 * model_cache.h - models loaded once per call site (model_cache.c).
 */
#ifndef GENRE_PG_MODEL_CACHE_H
#define GENRE_PG_MODEL_CACHE_H

#include "postgres.h"

#include "fmgr.h"

#include "base/status.h"
#include "ml/model.h"
#include "ml/model_kinds.h"

/*
 * A kind's loader: turn a validated payload into the in-memory object the
 * kind's functions use.  It allocates with genre_alloc (the call site's
 * memory context is current) and returns NULL with st filled on bad input.
 */
typedef void *(*genre_model_loader) (const unsigned char *payload, size_t len,
									 genre_status *st);

/*
 * Return the loaded model in argument argno, loading it only when it differs
 * from the one this call site loaded last (compared by length and checksum,
 * read from a header slice so an unchanged TOASTed model is not fetched
 * again).  Raises 22P03 on a corrupt model and 42809 on the wrong kind.
 */
void	   *genre_model_fetch(FunctionCallInfo fcinfo, int argno,
							  genre_model_kind kind, genre_model_loader load);

#endif
