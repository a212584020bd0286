/*
 * target.h - the table genre-import fills: found by name (search_path
 * applies, schema-qualified names work), created when missing, checked for
 * the columns an import or a features pass needs.
 */
#ifndef GENRE_IMPORT_TARGET_H
#define GENRE_IMPORT_TARGET_H

#include <libpq-fe.h>

#include "import/inputs.h"

typedef struct gi_target
{
	const char *name;			/* as given to --table */
	char	   *qname;			/* quoted, possibly qualified, for SQL text */
	int			exists;
	/* optional columns an existing table has (all of them when created) */
	int			has_label;
	int			has_info;		/* format, sample_rate, channels, duration_s */
	int			has_features;
} gi_target;

/* Find the table; exit 2 when the name is not a valid SQL name. */
void		gi_target_resolve(PGconn *conn, gi_target *t, const char *name);

/*
 * Check an existing table: path and audio (bytea) columns, the manifest's
 * metadata columns, features real[] if present.  Exits 2 naming what is
 * missing.
 */
void		gi_target_check(PGconn *conn, gi_target *t, const gi_inputs *in);

/* CREATE TABLE with every column genre-import knows and the manifest's metadata columns. */
void		gi_target_create(PGconn *conn, gi_target *t, const gi_inputs *in);

/* ALTER TABLE ... ADD COLUMN features real[] (for --features on a table without it). */
void		gi_target_add_features(PGconn *conn, gi_target *t);

/* The SQL text of the CREATE TABLE statement (caller frees). */
char	   *gi_target_create_sql(PGconn *conn, const gi_target *t, const gi_inputs *in);

#endif
