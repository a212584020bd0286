/*
 * import.h - moving files into the target table in batches.
 *
 * Per batch, one transaction: the paths already in the table are dropped;
 * the rest go by binary COPY into a temporary staging table; the server
 * checks every staged file with genre's own decoder and notes the reason of
 * each one it cannot read; the readable ones move into the table in one
 * INSERT ... SELECT.  A file is imported whole or not at all.
 */
#ifndef GENRE_IMPORT_IMPORT_H
#define GENRE_IMPORT_IMPORT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "import/inputs.h"
#include "import/target.h"

typedef enum gi_check
{
	GI_CHECK_DECODE,			/* decode every file to the end (genre.audio_check) */
	GI_CHECK_HEADER				/* read the container header only (genre.audio_info) */
} gi_check;

typedef struct gi_import_opts
{
	int			batch_files;	/* at most this many files per batch */
	int64_t		batch_bytes;	/* and about this many bytes (a larger file goes alone) */
	gi_check	check;
	int			dry_run;		/* list what would happen; write nothing */
} gi_import_opts;

typedef struct gi_import_stats
{
	int64_t		files;			/* files considered (after --ext) */
	int64_t		imported;
	int64_t		bytes;			/* bytes imported */
	double		seconds;
} gi_import_stats;

/* Import every candidate of in; skipped files are counted in in->reasons. */
void		gi_import_run(PGconn *conn, const gi_target *t, gi_inputs *in,
						  const gi_import_opts *o, gi_import_stats *stats);

#endif
