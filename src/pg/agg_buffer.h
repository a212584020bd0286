/*
 * agg_buffer.h - the row-buffer states: aggregates that keep their rows
 * for the final function (silhouette, kmeans, kruskal_wallis/anova_f, the
 * plots, train_forest, smote).  A state of the common header
 * (agg_state.h) whose body is
 *
 *   uint32 meta_len, uint32 0, uint64 nrows,
 *   meta   what every row shares (dimension, options), meta_len bytes
 *          zero-padded to a multiple of 8; two states combine only with
 *          equal metas
 *   rows   the rows, back to back, in the family's own layout
 *
 * Inside an aggregate the state is expanded (agg_state.h): rows are
 * appended in place, amortised O(1), and a flattened state carries only
 * the bytes in use.  Readers get a GenreRows view of either form and
 * validate the rows themselves (counts x sizes against rows_len first).
 */
#ifndef GENRE_PG_AGG_BUFFER_H
#define GENRE_PG_AGG_BUFFER_H

#include "postgres.h"

#include "fmgr.h"

#include "pg/agg_state.h"

/* The in-memory form of a row-buffer state (the expanded state's mem). */
typedef GenreStateBuf GenreRowBuf;

/* A row-buffer state as read (either form). */
typedef struct GenreRows
{
	const char *meta;
	uint32		meta_len;
	const char *rows;
	Size		rows_len;
	uint64		nrows;			/* checked <= rows_len: every row has a byte */
} GenreRows;

/* The family of a row-buffer state: GENRE_ROWBUF_FAMILY(magic, version, "silhouette"). */
#define GENRE_ROWBUF_FAMILY(magic, version, name) GENRE_STATEBUF_FAMILY(magic, version, name)

/* Argument argno (not NULL) as a row view; 22P03 naming fname on a bad state. */
extern void genre_rowbuf_read(FunctionCallInfo fcinfo, int argno, const GenreStateFamily *fam,
							  const char *fname, GenreRows *r);

/*
 * Argument 0 of a transition function, to append to: NULL when it is NULL,
 * our expanded state as it is, a flat one (an INITCOND) checked and copied
 * into a new expanded state.
 */
extern GenreRowBuf *genre_rowbuf_arg0(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
									  const char *fname);

/* A new empty state with this meta (the transition function's first row). */
extern GenreRowBuf *genre_rowbuf_create(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
										const void *meta, uint32 meta_len);

/* The view of a buffer being built. */
extern void genre_rowbuf_view(const GenreRowBuf *b, GenreRows *r);

/*
 * Room for one more row of len bytes at the end (the caller fills them);
 * 54000 naming fname past the state limit.
 */
extern char *genre_rowbuf_add_row(GenreRowBuf *b, Size len, const char *fname);

/*
 * The whole body of a combine function over states of fam: checks the
 * aggregate context, reads arguments 0 and 1 (either may be NULL) and
 * appends the rows of 1 to 0 (to a new state when 0 is NULL: state 1 is
 * not ours to change); a NULL result when both are NULL.  Their metas must
 * be equal: when dim_arg is not NULL the meta starts with the length (32
 * bit) of that vector argument, and different lengths raise
 * genre_error_length_vs_first; any other difference is
 * genre_error_not_constant(fname, constant), or a bad state when constant
 * is NULL (nothing in the meta may differ).
 */
extern Datum genre_rowbuf_combine_args(FunctionCallInfo fcinfo, const GenreStateFamily *fam,
									   const char *fname, const char *dim_arg,
									   const char *constant);

#endif
