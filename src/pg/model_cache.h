/*
 * model_cache.h - models loaded through the model-kind table
 * (ml/model_kinds.h) once per call site, not once per row.
 */
#ifndef GENRE_PG_MODEL_CACHE_H
#define GENRE_PG_MODEL_CACHE_H

#include "postgres.h"

#include "fmgr.h"

#include "ml/model.h"
#include "ml/model_kinds.h"

/*
 * The loaded model in argument argno, which must be of kind want (42809
 * naming fname otherwise); 22P03 on a corrupt model.  It is loaded only
 * when it is not the one this call site loaded last: the same on-disk
 * TOAST value, or the same bytes (compared in full, or by their header when
 * a large model comes again from the place its bytes were compared; see
 * model_cache.c), so a model is checked in full before its first use.
 */
void	   *genre_model_fetch(FunctionCallInfo fcinfo, int argno, genre_model_kind want,
							  const char *fname);

/*
 * The classifier view of the model in argument argno, whatever classifier
 * kind it is (42809 naming fname for other kinds), cached as
 * genre_model_fetch does.  Its class labels are checked to be valid in the
 * database encoding (22P03).
 */
const genre_classifier *genre_classifier_fetch(FunctionCallInfo fcinfo, int argno,
											   const char *fname);

/*
 * The classifier stored under name in genre.models, read once per call
 * site and name (42704 when there is none).
 */
const genre_classifier *genre_classifier_fetch_by_name(FunctionCallInfo fcinfo, text *name,
													   const char *fname);

#endif
