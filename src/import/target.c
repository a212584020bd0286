/*
 * target.c - finding, checking and creating the target table.
 */
#include "import/target.h"

#include <stdlib.h>
#include <string.h>

#include "import/conn.h"
#include "import/output.h"
#include "import/util.h"

void
gi_target_resolve(PGconn *conn, gi_target *t, const char *name)
{
	const char *params[1] = {name};
	PGresult   *res;

	memset(t, 0, sizeof(*t));
	t->name = name;
	/* parse_ident accepts exactly what SQL does: tracks, music.tracks, "My Tracks" */
	res = PQexecParams(conn,
					   "SELECT to_regclass($1) IS NOT NULL,"
					   " array_to_string(ARRAY(SELECT quote_ident(p) FROM unnest(parse_ident($1)) p), '.')",
					   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		if (state && strncmp(state, "22", 2) == 0)
			gi_fatal(GI_EXIT_USAGE, "--table \"%s\": %s", name,
					 PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
		gi_server_fatal(conn, res, "finding the table");
	}
	t->exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	t->qname = gi_strdup(PQgetvalue(res, 0, 1));
	PQclear(res);
	if (!t->exists)
		t->has_label = t->has_info = t->has_features = 1;
}

void
gi_target_check(PGconn *conn, gi_target *t, const gi_inputs *in)
{
	const char *params[1] = {t->name};
	PGresult   *res;
	gi_map		types = {0};
	int			i;
	int			info = 0;
	static const char *const info_cols[] = {"format", "sample_rate", "channels", "duration_s"};

	res = PQexecParams(conn,
					   "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
					   " WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
					   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "reading the table's columns");
	for (i = 0; i < PQntuples(res); i++)
		gi_map_put(&types, PQgetvalue(res, i, 0), gi_strdup(PQgetvalue(res, i, 1)));
	PQclear(res);

	if (!gi_map_has(&types, "path"))
		gi_fatal(GI_EXIT_USAGE, "table %s has no column \"path\" (genre-import needs path text UNIQUE and audio bytea)",
				 t->qname);
	if (!gi_map_has(&types, "audio") || strcmp(gi_map_get(&types, "audio"), "bytea") != 0)
		gi_fatal(GI_EXIT_USAGE, "table %s has no column \"audio\" of type bytea", t->qname);
	/* ON CONFLICT (path) needs a unique index on exactly that column */
	res = PQexecParams(conn,
					   "SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
					   " AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass($1)"
					   " AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL"
					   " AND i.indexprs IS NULL AND a.attname = 'path'",
					   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "reading the table's indexes");
	if (PQntuples(res) == 0)
		gi_fatal(GI_EXIT_USAGE, "table %s has no unique index on path (re-runs skip the paths present: ALTER TABLE %s ADD UNIQUE (path))",
				 t->qname, t->qname);
	PQclear(res);
	for (i = 0; i < in->nmeta; i++)
		if (!gi_map_has(&types, in->meta_names[i]))
			gi_fatal(GI_EXIT_USAGE,
					 "table %s has no column \"%s\" for the manifest's column of that name (add it: ALTER TABLE %s ADD COLUMN ... text)",
					 t->qname, in->meta_names[i], t->qname);
	t->has_label = gi_map_has(&types, "label");
	for (i = 0; i < 4; i++)
		info += gi_map_has(&types, info_cols[i]);
	t->has_info = info == 4;
	t->has_features = gi_map_has(&types, "features");
	if (t->has_features && strcmp(gi_map_get(&types, "features"), "real[]") != 0)
		gi_fatal(GI_EXIT_USAGE, "column \"features\" of table %s is %s, not real[]", t->qname,
				 (char *) gi_map_get(&types, "features"));
	for (size_t j = 0; j < types.cap; j++)
		free(types.values[j]);
	gi_map_free(&types);
}

char *
gi_target_create_sql(PGconn *conn, const gi_target *t, const gi_inputs *in)
{
	gi_buf		b = {0};

	gi_buf_printf(&b,
				  "CREATE TABLE %s (\n"
				  "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
				  "    path text NOT NULL UNIQUE,\n"
				  "    label text,\n", t->qname);
	for (int i = 0; i < in->nmeta; i++)
	{
		char	   *q = PQescapeIdentifier(conn, in->meta_names[i], strlen(in->meta_names[i]));

		if (q == NULL)
			gi_fatal(GI_EXIT_USAGE, "manifest column \"%s\": %s", in->meta_names[i], PQerrorMessage(conn));
		gi_buf_printf(&b, "    %s text,\n", q);
		PQfreemem(q);
	}
	gi_buf_printf(&b,
				  "    format text,\n"
				  "    sample_rate int,\n"
				  "    channels int,\n"
				  "    duration_s float8,\n"
				  "    audio bytea NOT NULL,\n"
				  "    features real[],\n"
				  "    imported_at timestamptz NOT NULL DEFAULT now()\n"
				  ")");
	gi_buf_append(&b, "", 1);
	return b.data;
}

void
gi_target_create(PGconn *conn, gi_target *t, const gi_inputs *in)
{
	char	   *sql = gi_target_create_sql(conn, t, in);
	char	   *more;

	gi_exec(conn, "BEGIN");
	gi_exec(conn, sql);
	/* audio formats are compressed already: pglz would spend time for nothing */
	more = gi_printf("ALTER TABLE %s ALTER COLUMN audio SET STORAGE EXTERNAL;"
					 " COMMENT ON TABLE %s IS 'audio files imported by genre-import'",
					 t->qname, t->qname);
	gi_exec(conn, more);
	gi_exec(conn, "COMMIT");
	free(more);
	free(sql);
	t->exists = 1;
	t->has_label = t->has_info = t->has_features = 1;
}

void
gi_target_add_features(PGconn *conn, gi_target *t)
{
	char	   *sql = gi_printf("ALTER TABLE %s ADD COLUMN features real[]", t->qname);

	gi_exec(conn, sql);
	free(sql);
	t->has_features = 1;
}
