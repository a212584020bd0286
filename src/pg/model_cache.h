/*
 * model_cache.h - loaded models, shared by every call site of the backend.
 *
 * A model is loaded (envelope, checksum, the kind's full validation, see
 * ml/model_kinds.h) once and kept in one cache per backend: several
 * models at once, least recently used evicted first, the whole cache within
 * genre.model_cache_size.  Entries are keyed by content, so they never go
 * stale: a stored model by its TOAST pointer (a TOAST value never changes),
 * any other by its bytes (compared in full before first use).  Each call
 * site also remembers the last few models it was given, so the model of a
 * row is found without a hash lookup and, for a TOASTed one, without
 * reading it.
 */
#ifndef GENRE_PG_MODEL_CACHE_H
#define GENRE_PG_MODEL_CACHE_H

#include "postgres.h"

#include "fmgr.h"

#include "ml/model.h"
#include "ml/model_kinds.h"

/* genre.model_cache_size, in kB. */
extern int	genre_model_cache_size;

/* Define genre.model_cache_size (from _PG_init). */
void		genre_model_cache_init(void);

/*
 * The loaded model in argument argno, which must be of kind want (42809
 * naming fname otherwise); 22P03 on a corrupt model, 54000 when it alone
 * needs more than genre.model_cache_size.  Valid until the next fetch.
 */
void	   *genre_model_fetch(FunctionCallInfo fcinfo, int argno, genre_model_kind want,
							  const char *fname);

/* The loaded model in argument argno, of any kind, and its kind (fname for errors). */
void	   *genre_model_fetch_any(FunctionCallInfo fcinfo, int argno,
								  const genre_model_kind_ops **ops, const char *fname);

/*
 * What predict and predict_proba use of a classifier: its view, and its
 * class labels as text values (checked valid in the database encoding,
 * 22P03 otherwise) to copy into results.
 */
typedef struct genre_cached_classifier
{
	genre_classifier view;
	text	  **labels;			/* view.n_classes */
	uint32	   *jsonb_order;	/* the classes in jsonb's key order (length, then bytes) */
} genre_cached_classifier;

/*
 * The classifier in argument argno, whatever classifier kind it is (42809
 * naming fname for other kinds), fetched as genre_model_fetch does.
 */
const genre_cached_classifier *genre_classifier_fetch(FunctionCallInfo fcinfo, int argno,
													  const char *fname);

/*
 * The classifier stored under name in genre.models (42704 when there is
 * none): the table is read once per call site and name, the model comes
 * from the cache.
 */
const genre_cached_classifier *genre_classifier_fetch_by_name(FunctionCallInfo fcinfo,
															  text *name, const char *fname);

/*
 * A pointer the calling function may keep for its own per call site (in
 * fn_mcxt), beside what the cache keeps there; NULL at first.
 */
void	  **genre_model_site_extra(FunctionCallInfo fcinfo);

/*
 * The loaded model of kind want stored under name in genre.models, read
 * once per call site and name (42704 when there is none, 42809 naming
 * fname for another kind).
 */
void	   *genre_model_fetch_by_name(FunctionCallInfo fcinfo, text *name, genre_model_kind want,
									  const char *fname);

#endif
