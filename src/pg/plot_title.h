/*
 * plot_title.h - the state of a plot aggregate with an optional title
 * (plot_scatter, plot_means, plot_qq, plot_roc): a row buffer whose meta
 * is the title, which must be the same in every row.
 *
 *   meta: u8 1 when there is a title (else 0), then the title's bytes
 */
#ifndef GENRE_PG_PLOT_TITLE_H
#define GENRE_PG_PLOT_TITLE_H

#include "postgres.h"

#include "fmgr.h"

#include "pg/agg_buffer.h"

/* Longest title, in bytes (54000 beyond). */
#define GENRE_PLOT_MAX_TITLE 1024

/*
 * The transition step's state: argument 0 (NULL on the first row: created
 * here with the title of argument title_arg, absent or NULL meaning none),
 * checked against this row's title (genre_error_not_constant naming
 * fname).  The caller appends the row.
 */
GenreRowBuf *genre_plot_title_state(FunctionCallInfo fcinfo, int title_arg,
									const GenreStateFamily *fam, const char *fname);

/*
 * The title of a state read in a final function (NULL when none, *len its
 * bytes); 22P03 naming fname when the meta is not a title in the database
 * encoding.
 */
const char *genre_plot_title_of(const GenreRows *r, const char *fname, size_t *len);

#endif
