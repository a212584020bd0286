/*
 * import.c - batches: drop present paths, COPY into staging, check, move.
 */
#include "import/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/conn.h"
#include "import/output.h"
#include "import/util.h"

#define STAGE "pg_temp.genre_import_stage"

/* a bytea value holds at most 1 GB; COPY needs a little room beside it */
#define MAX_FILE_BYTES (((int64_t) 1 << 30) - 1024)

/* flush COPY data to the server beyond this */
#define COPY_CHUNK (8 << 20)

static const char copy_signature[11] = "PGCOPY\n\377\r\n";

/* "{"a","b\"c"}" for $1::text[] */
static char *
text_array(gi_file *const *files, int n)
{
	gi_buf		b = {0};

	gi_buf_puts(&b, "{");
	for (int i = 0; i < n; i++)
	{
		if (i)
			gi_buf_puts(&b, ",");
		gi_buf_puts(&b, "\"");
		for (const char *p = files[i]->path; *p; p++)
		{
			if (*p == '"' || *p == '\\')
				gi_buf_puts(&b, "\\");
			gi_buf_append(&b, p, 1);
		}
		gi_buf_puts(&b, "\"");
	}
	gi_buf_append(&b, "}", 2);
	return b.data;
}

/* Mark the files of the batch whose path is in the table already. */
static void
drop_present(PGconn *conn, const gi_target *t, gi_inputs *in, gi_file **batch, int n,
			 int dry_run)
{
	char	   *arr = text_array(batch, n);
	const char *params[1] = {arr};
	char	   *sql = gi_printf("SELECT p FROM unnest($1::text[]) p"
								" WHERE EXISTS (SELECT FROM %s t WHERE t.path = p)", t->qname);
	PGresult   *res = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
	gi_map		present = {0};

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "looking for paths already imported");
	for (int i = 0; i < PQntuples(res); i++)
		gi_map_put(&present, PQgetvalue(res, i, 0), (void *) 1);
	for (int i = 0; i < n; i++)
		if (gi_map_has(&present, batch[i]->path))
		{
			gi_file_skip(in, batch[i], GI_SKIP_PRESENT, NULL);
			if (dry_run)
				printf("skip    %s (already in the table)\n", batch[i]->path);
		}
	gi_map_free(&present);
	PQclear(res);
	free(sql);
	free(arr);
}

static void
put_text(gi_buf *b, const char *s)
{
	if (s == NULL)
		gi_buf_int32(b, -1);
	else
	{
		size_t		len = strlen(s);

		gi_buf_int32(b, (int32_t) len);
		gi_buf_append(b, s, len);
	}
}

/*
 * Append the file's bytes as a bytea field.  Returns NULL, or the reason it
 * cannot be (with the message in msg); the buffer is unchanged then.
 */
static const char *
put_file(gi_buf *b, const gi_file *f, int64_t *bytes, char *msg, size_t msglen)
{
	size_t		start = b->len;
	size_t		len = 0;
	FILE	   *fp = fopen(f->open_path, "rb");

	if (fp == NULL)
	{
		snprintf(msg, msglen, "%s", strerror(errno));
		return errno == ENOENT ? "no such file" : "cannot read the file";
	}
	gi_buf_int32(b, 0);			/* the length, set below */
	for (;;)
	{
		size_t		want = 1 << 16;
		size_t		got;

		if (len + want > (size_t) MAX_FILE_BYTES)
			want = (size_t) MAX_FILE_BYTES + 1 - len;
		got = fread(gi_buf_reserve(b, want), 1, want, fp);
		b->len += got;
		len += got;
		if (got < want)
			break;
		if (len > (size_t) MAX_FILE_BYTES)
			break;
	}
	if (ferror(fp))
	{
		snprintf(msg, msglen, "read error: %s", strerror(errno));
		fclose(fp);
		b->len = start;
		return "cannot read the file";
	}
	fclose(fp);
	if (len > (size_t) MAX_FILE_BYTES)
	{
		snprintf(msg, msglen, "larger than 1 GB, the most a bytea value holds");
		b->len = start;
		return "larger than 1 GB";
	}
	if (len == 0)
	{
		snprintf(msg, msglen, "empty file (0 bytes)");
		b->len = start;
		return "empty file";
	}
	{
		uint32_t	u = (uint32_t) len;
		unsigned char *p = (unsigned char *) b->data + start;

		p[0] = u >> 24, p[1] = u >> 16, p[2] = u >> 8, p[3] = u;
	}
	*bytes = (int64_t) len;
	return NULL;
}

static void
send_copy(PGconn *conn, gi_buf *b)
{
	if (b->len > 0 && PQputCopyData(conn, b->data, (int) b->len) != 1)
		gi_server_fatal(conn, NULL, "sending COPY data");
	b->len = 0;
}

/*
 * COPY the batch into the staging table (row n = index in batch).  Files that
 * cannot be read are skipped here.  Returns how many rows were staged.
 */
static int
stage_batch(PGconn *conn, gi_inputs *in, gi_file **batch, int n, gi_progress *prog)
{
	gi_buf		b = {0};
	gi_buf		sql = {0};
	PGresult   *res;
	int			staged = 0;
	char		msg[300];

	gi_buf_puts(&sql, "COPY " STAGE " (n, path, label");
	for (int i = 0; i < in->nmeta; i++)
		gi_buf_printf(&sql, ", m%d", i + 1);
	gi_buf_puts(&sql, ", audio) FROM STDIN (FORMAT binary)");
	gi_buf_append(&sql, "", 1);
	res = PQexec(conn, sql.data);
	gi_buf_free(&sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		gi_server_fatal(conn, res, "starting COPY");
	PQclear(res);

	gi_buf_append(&b, copy_signature, sizeof(copy_signature));
	gi_buf_int32(&b, 0);		/* flags */
	gi_buf_int32(&b, 0);		/* header extension length */
	for (int i = 0; i < n; i++)
	{
		gi_file    *f = batch[i];
		size_t		row_start = b.len;
		int64_t		bytes = 0;
		const char *why;

		if (f->skip)
			continue;
		if (gi_interrupted())
		{
			PQputCopyEnd(conn, "interrupted");
			gi_server_fatal(conn, NULL, "reading files for COPY");
		}
		gi_buf_int16(&b, (int16_t) (4 + in->nmeta));
		gi_buf_int32(&b, 4);
		gi_buf_int32(&b, i);
		put_text(&b, f->path);
		put_text(&b, f->label);
		for (int m = 0; m < in->nmeta; m++)
			put_text(&b, f->meta[m]);
		why = put_file(&b, f, &bytes, msg, sizeof(msg));
		gi_progress_add(prog, 0, f->size);
		if (why)
		{
			b.len = row_start;
			gi_file_skip(in, f, why, msg);
			continue;
		}
		f->size = bytes;		/* what was read, should the file have changed */
		staged++;
		if (b.len >= COPY_CHUNK)
			send_copy(conn, &b);
	}
	gi_buf_int16(&b, -1);
	send_copy(conn, &b);
	gi_buf_free(&b);
	if (PQputCopyEnd(conn, NULL) != 1)
		gi_server_fatal(conn, NULL, "ending COPY");
	res = PQgetResult(conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		gi_server_fatal(conn, res, "COPY into the staging table");
	PQclear(res);
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
	return staged;
}

/*
 * The server decodes (or probes) every staged file with genre.audio_check,
 * which answers with the reason instead of raising: one statement a batch.
 */
static void
check_batch(PGconn *conn, gi_check check)
{
	gi_exec(conn, check == GI_CHECK_DECODE
			? "UPDATE " STAGE " SET reason = genre.audio_check(audio, true)"
			: "UPDATE " STAGE " SET reason = genre.audio_check(audio, false)");
}

/*
 * Skip the staged files the check rejected: printed with the full reason,
 * counted under its message without the detail, numbers masked.
 */
static void
collect_rejects(PGconn *conn, gi_inputs *in, gi_file **batch, int n)
{
	PGresult   *res = PQexec(conn, "SELECT n, reason FROM " STAGE
							 " WHERE reason IS NOT NULL ORDER BY n");

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "reading the check's results");
	for (int r = 0; r < PQntuples(res); r++)
	{
		int			i = atoi(PQgetvalue(res, r, 0));
		const char *reason = PQgetvalue(res, r, 1);
		char	   *message = gi_strdup(reason);
		char	   *key;

		message[strcspn(message, "(")] = '\0';
		while (*message && message[strlen(message) - 1] == ' ')
			message[strlen(message) - 1] = '\0';
		key = gi_reason_mask(message);
		if (i >= 0 && i < n)
			gi_file_skip(in, batch[i], key, reason);
		free(key);
		free(message);
	}
	PQclear(res);
}

/* Move the staged files that passed into the table; returns the bytes moved. */
static int64_t
move_batch(PGconn *conn, const gi_target *t, gi_inputs *in, gi_file **batch, int n,
		   int64_t *moved)
{
	gi_buf		sql = {0};
	gi_map		index = {0};
	PGresult   *res;
	int64_t		bytes = 0;
	int			i;

	gi_buf_printf(&sql, "INSERT INTO %s (path", t->qname);
	if (t->has_label)
		gi_buf_puts(&sql, ", label");
	for (i = 0; i < in->nmeta; i++)
	{
		char	   *q = PQescapeIdentifier(conn, in->meta_names[i], strlen(in->meta_names[i]));

		gi_buf_printf(&sql, ", %s", q);
		PQfreemem(q);
	}
	if (t->has_info)
		gi_buf_puts(&sql, ", format, sample_rate, channels, duration_s");
	gi_buf_puts(&sql, ", audio)\nSELECT s.path");
	if (t->has_label)
		gi_buf_puts(&sql, ", s.label");
	for (i = 0; i < in->nmeta; i++)
		gi_buf_printf(&sql, ", s.m%d", i + 1);
	if (t->has_info)
		gi_buf_puts(&sql, ", i.format, i.sample_rate, i.channels, i.duration_s");
	gi_buf_puts(&sql, ", s.audio\n  FROM " STAGE " s");
	if (t->has_info)
		gi_buf_puts(&sql, " CROSS JOIN LATERAL genre.audio_info(s.audio) i");
	gi_buf_puts(&sql, "\n WHERE s.reason IS NULL ORDER BY s.n\nON CONFLICT (path) DO NOTHING RETURNING path");
	gi_buf_append(&sql, "", 1);
	res = PQexec(conn, sql.data);
	gi_buf_free(&sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "moving the batch into the table");

	for (i = 0; i < n; i++)
		if (!batch[i]->skip)
			gi_map_put(&index, batch[i]->path, batch[i]);
	for (int r = 0; r < PQntuples(res); r++)
	{
		gi_file    *f = gi_map_get(&index, PQgetvalue(res, r, 0));

		if (f)
		{
			bytes += f->size;
			(*moved)++;
			gi_map_put(&index, f->path, NULL);
		}
	}
	/* what is left was inserted by someone else since drop_present looked */
	for (i = 0; i < n; i++)
		if (!batch[i]->skip && gi_map_get(&index, batch[i]->path) != NULL)
			gi_file_skip(in, batch[i], GI_SKIP_PRESENT, NULL);
	gi_map_free(&index);
	PQclear(res);
	return bytes;
}

static void
create_stage(PGconn *conn, const gi_inputs *in)
{
	gi_buf		sql = {0};

	gi_buf_puts(&sql, "CREATE TEMP TABLE genre_import_stage (n int, path text, label text");
	for (int i = 0; i < in->nmeta; i++)
		gi_buf_printf(&sql, ", m%d text", i + 1);
	gi_buf_puts(&sql, ", audio bytea, reason text) ON COMMIT DELETE ROWS;"
				" ALTER TABLE " STAGE " ALTER COLUMN audio SET STORAGE EXTERNAL");
	gi_buf_append(&sql, "", 1);
	gi_exec(conn, sql.data);
	gi_buf_free(&sql);
}

/*
 * Names the server would refuse are skipped up front, or the whole batch
 * would fail.  Text is checked in the client encoding, or in the server's
 * when the client's is SQL_ASCII (no conversion: the server checks its own);
 * only UTF-8 is checked here, single-byte encodings take any byte.
 */
static void
check_names(PGconn *conn, gi_inputs *in)
{
	const char *enc = pg_encoding_to_char(PQclientEncoding(conn));
	const char *server = PQparameterStatus(conn, "server_encoding");

	if (strcmp(enc, "SQL_ASCII") == 0 && server)
		enc = server;
	if (strcmp(enc, "UTF8") != 0)
		return;
	for (size_t i = 0; i < in->n; i++)
	{
		gi_file    *f = &in->files[i];
		int			ok;

		if (f->skip)
			continue;
		ok = gi_utf8_valid(f->path) && (f->label == NULL || gi_utf8_valid(f->label));
		for (int m = 0; ok && m < in->nmeta; m++)
			ok = f->meta[m] == NULL || gi_utf8_valid(f->meta[m]);
		if (!ok)
			gi_file_skip(in, f, "name or label not valid UTF-8",
						 "its path, label or metadata is not valid UTF-8");
	}
}

void
gi_import_run(PGconn *conn, const gi_target *t, gi_inputs *in, const gi_import_opts *o,
			  gi_import_stats *stats)
{
	gi_file   **cand = gi_malloc(sizeof(gi_file *) * (in->n + 1));
	size_t		ncand = 0,
				next = 0;
	int64_t		total_bytes = 0;
	gi_progress prog;
	int			batch_no = 0;
	double		start = gi_now();

	check_names(conn, in);
	for (size_t i = 0; i < in->n; i++)
		if (!in->files[i].skip)
		{
			cand[ncand++] = &in->files[i];
			total_bytes += in->files[i].size;
		}
	stats->files = (int64_t) in->n;
	if (!o->dry_run && ncand > 0)
		create_stage(conn, in);

	gi_progress_start(&prog, "import", "files", (int64_t) ncand, total_bytes);
	while (next < ncand)
	{
		size_t		first = next;
		int64_t		bytes = 0;
		int64_t		moved = 0,
					moved_bytes;
		int			n;
		int64_t		skipped_before = in->reasons->total;

		/* a batch: up to batch_files files and about batch_bytes (at least one file) */
		while (next < ncand && next - first < (size_t) o->batch_files &&
			   (next == first || bytes + cand[next]->size <= o->batch_bytes))
			bytes += cand[next++]->size;
		n = (int) (next - first);
		batch_no++;

		if (t->exists)
		{
			drop_present(conn, t, in, cand + first, n, o->dry_run);
			for (int i = 0; i < n && !o->dry_run; i++)
				if (cand[first + i]->skip)
					gi_progress_add(&prog, 0, cand[first + i]->size);
		}
		if (o->dry_run)
		{
			for (int i = 0; i < n; i++)
			{
				gi_file    *f = cand[first + i];
				char		size[32];

				if (f->skip)
					continue;
				printf("import  %s  label=%s%s  %s\n", f->path, f->label ? f->label : "(none)",
					   t->has_label || !f->label ? "" : " (not stored: no label column)",
					   gi_size(f->size, size, sizeof(size)));
				stats->imported++;
				stats->bytes += f->size;
			}
			gi_progress_add(&prog, n, bytes);
			continue;
		}

		moved_bytes = 0;
		for (int i = 0; i < n; i++)
			if (!cand[first + i]->skip)
			{
				/* something to send: one transaction for the batch */
				gi_exec(conn, "BEGIN");
				if (stage_batch(conn, in, cand + first, n, &prog) > 0)
				{
					check_batch(conn, o->check);
					collect_rejects(conn, in, cand + first, n);
					moved_bytes = move_batch(conn, t, in, cand + first, n, &moved);
					stats->imported += moved;
					stats->bytes += moved_bytes;
				}
				gi_exec(conn, "COMMIT");
				break;
			}
		gi_progress_add(&prog, n, 0);
		{
			char		size[32];

			gi_progress_line(&prog, "batch %d: %lld of %d files imported (%s), %lld skipped",
							 batch_no, (long long) moved, n,
							 gi_size(moved_bytes, size, sizeof(size)),
							 (long long) (in->reasons->total - skipped_before));
		}
	}
	gi_progress_end(&prog);
	stats->seconds = gi_now() - start;
	free(cand);
}
