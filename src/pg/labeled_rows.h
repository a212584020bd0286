/*
 * labeled_rows.h - (features real[], label text) rows buffered in a bytea
 * aggregate state (agg_buffer.h), shared by train_forest and smote.
 *
 * Row layout: u32 label length, label bytes padded to 4, d float32.
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
 * row: it is then created with meta (whose first u32 is overwritten with
 * the dimension of this row).
 */
GenreAggBuf *genre_labeled_rows_add(FunctionCallInfo fcinfo, const char *fname,
									GenreAggBuf *state, uint32 magic,
									int features_arg, int label_arg,
									void *meta, uint32 meta_len);

/* Rows of a state as core rows pointing into it (palloc'd array; the state is not modified). */
genre_labeled_row *genre_labeled_rows_decode(const GenreAggBuf *state, uint32 *d, size_t *n);

/*
 * Final-function step: read the state datum (magic; its meta must be
 * meta_len bytes, copied into meta) and build its rows into ds (release with
 * genre_dataset_free).  22P03 on a bad state; dataset failures raised.
 */
void		genre_labeled_rows_dataset(Datum state, uint32 magic, void *meta, uint32 meta_len,
									   genre_dataset *ds);

#endif
