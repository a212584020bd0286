/*
 * labeled_rows.h - (features real[], label text) rows buffered in a bytea
 * aggregate state (agg_buffer.h), shared by train_forest and smote.
 *
 * Row layout: u32 label length, label bytes zero-padded to 4, d float32.
 * The meta of the state starts with the dimension d (u32); each aggregate
 * appends its own options after it.
 */
#ifndef GENRE_PG_LABELED_ROWS_H
#define GENRE_PG_LABELED_ROWS_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

#include "ml/dataset.h"
#include "pg/agg_buffer.h"

/*
 * Transition step of aggregate fname: validate the row (NULL features or
 * label, a length different from the first row's, NaN/Inf -> 22023 naming
 * the argument and the row) and append it.  state is NULL on the first
 * row (genre_rowbuf_arg0): it is then created with meta (whose first u32 is
 * overwritten with the dimension of this row).  Returns the state.
 */
GenreRowBuf *genre_labeled_rows_add(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
									const char *fname, GenreRowBuf *state,
									int features_arg, int label_arg,
									void *meta, uint32 meta_len);

/*
 * Final-function step: read the state in argument 0 (its meta must be
 * meta_len bytes, copied into meta; every row whole, its label valid text,
 * its features finite) and build its rows into ds (release with
 * genre_dataset_free).  22P03 naming fname on a bad state; dataset
 * failures raised.
 */
void		genre_labeled_rows_dataset(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
									   const char *fname, void *meta, uint32 meta_len,
									   genre_dataset *ds);

#endif
