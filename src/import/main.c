/*
 * main.c - genre-import: load a music folder (or a manifest) into a table
 * for the genre extension, then optionally compute features on every core.
 * See doc/genre-import.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "import/conn.h"
#include "import/features.h"
#include "import/import.h"
#include "import/inputs.h"
#include "import/output.h"
#include "import/report.h"
#include "import/target.h"
#include "import/util.h"

#ifndef GENRE_VERSION
#define GENRE_VERSION "unknown"
#endif

static void
usage(void)
{
	printf("genre-import loads audio files into a PostgreSQL table for the genre extension\n"
		   "and computes their features.\n\n"
		   "Usage:\n"
		   "  genre-import [OPTION]... FOLDER|FILE...     every file below the folders\n"
		   "  genre-import [OPTION]... --manifest=FILE    the files a CSV lists\n"
		   "  genre-import [OPTION]... --features         features of the rows stored already\n\n"
		   "The label of a file is the name of the folder it is in (genre/track.wav).\n\n"
		   "Input:\n"
		   "  -m, --manifest=FILE      CSV with a header: path[,label][,column...] (RFC 4180);\n"
		   "                           relative paths are read from the manifest's folder\n"
		   "      --map=FILE           relabel: CSV rows old,new (an empty new drops the label)\n"
		   "  -e, --ext=LIST           only files with these extensions, e.g. wav,flac,mp3\n"
		   "                           (default: every file; names starting with a dot are skipped)\n\n"
		   "Import:\n"
		   "  -t, --table=NAME         table to fill, created when missing (default: tracks)\n"
		   "      --check=decode|header  the server decodes every file to the end (default)\n"
		   "                           or reads its header only\n"
		   "      --batch-files=N      at most N files per transaction (default: 50)\n"
		   "      --batch-mb=MB        about MB megabytes per transaction (default: 64)\n"
		   "  -n, --dry-run            list what would be done; change nothing\n\n"
		   "Features:\n"
		   "  -F, --features[=LAYOUT]  genre.features() into column features for every row\n"
		   "                           where it is NULL (layout genre or gtzan; default genre)\n"
		   "      --offset=SECONDS     start of the analysed window (default: 0)\n"
		   "      --duration=SECONDS   length of the window (default: to the end)\n"
		   "  -j, --jobs=N             connections computing features at once (default: 1)\n\n"
		   "Output:\n"
		   "  -q, --quiet              no progress display (a bar on a terminal, else a line per batch)\n\n"
		   "Connection options:\n"
		   "  -d, --dbname=DBNAME      database name or connection string (key=value or URI)\n"
		   "  -h, --host=HOSTNAME      database server host or socket directory\n"
		   "  -p, --port=PORT          database server port\n"
		   "  -U, --username=USERNAME  database user name\n"
		   "  -w, --no-password        never prompt for password\n"
		   "  -W, --password           force password prompt\n"
		   "PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, ~/.pgpass, PGSERVICE and the\n"
		   "other libpq variables apply as in psql.\n\n"
		   "Other:\n"
		   "  -V, --version            output version information, then exit\n"
		   "  -?, --help               show this help, then exit\n\n"
		   "Exit status:\n"
		   "  0  done; every file imported or already in the table\n"
		   "  1  done, but some files (or rows, for features) were skipped for a problem\n"
		   "  2  bad options, manifest, label map or table; nothing written\n"
		   "  3  connection or server error, or interrupted; committed batches stay\n");
}

static void
bad_usage(const char *fmt,...) __attribute__((format(printf, 1, 2), noreturn));

static void
bad_usage(const char *fmt,...)
{
	va_list		ap;

	fputs("genre-import: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"genre-import --help\" for more information.\n", stderr);
	exit(GI_EXIT_USAGE);
}

static long
int_arg(const char *name, const char *s, long lo, long hi)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		bad_usage("%s must be an integer between %ld and %ld, not \"%s\"", name, lo, hi, s);
	return v;
}

static double
seconds_arg(const char *name, const char *s, int allow_zero)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 || (!allow_zero && v == 0))
		bad_usage("%s must be a number of seconds %s, not \"%s\"", name,
				  allow_zero ? ">= 0" : "> 0", s);
	return v;
}

/* "wav,.FLAC" -> {"wav", "flac", NULL} */
static char **
ext_list(const char *s)
{
	char	   *copy = gi_strdup(s);
	char	  **list = gi_malloc(sizeof(char *) * (strlen(s) + 2));
	int			n = 0;

	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
	{
		while (*tok == '.')
			tok++;
		if (*tok)
			list[n++] = gi_strdup(tok);
	}
	list[n] = NULL;
	free(copy);
	if (n == 0)
		bad_usage("--ext needs at least one extension");
	return list;
}

/* The extension, at a version with genre.audio_check (1.1). */
static void
check_extension(PGconn *conn)
{
	PGresult   *res = PQexec(conn, "SELECT extversion,"
							 " to_regprocedure('genre.audio_check(bytea, boolean)') IS NOT NULL"
							 " FROM pg_extension WHERE extname = 'genre'");

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		gi_server_fatal(conn, res, "looking for the genre extension");
	if (PQntuples(res) == 0)
		gi_fatal(GI_EXIT_SERVER, "the genre extension is not installed in database \"%s\" (run CREATE EXTENSION genre)",
				 PQdb(conn));
	if (strcmp(PQgetvalue(res, 0, 1), "t") != 0)
		gi_fatal(GI_EXIT_SERVER, "genre %s in database \"%s\" has no genre.audio_check: genre-import needs 1.1 (run ALTER EXTENSION genre UPDATE)",
				 PQgetvalue(res, 0, 0), PQdb(conn));
	PQclear(res);
}

static void
window_text(const gi_features_opts *f, char *out, size_t len)
{
	if (f->duration_s < 0)
		snprintf(out, len, "from %g s to the end", f->offset_s);
	else
		snprintf(out, len, "%g s from %g s", f->duration_s, f->offset_s);
}

int
main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{"manifest", required_argument, NULL, 'm'},
		{"map", required_argument, NULL, 1},
		{"ext", required_argument, NULL, 'e'},
		{"table", required_argument, NULL, 't'},
		{"check", required_argument, NULL, 2},
		{"batch-files", required_argument, NULL, 3},
		{"batch-mb", required_argument, NULL, 4},
		{"dry-run", no_argument, NULL, 'n'},
		{"features", optional_argument, NULL, 'F'},
		{"offset", required_argument, NULL, 5},
		{"duration", required_argument, NULL, 6},
		{"jobs", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"dbname", required_argument, NULL, 'd'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"no-password", no_argument, NULL, 'w'},
		{"password", no_argument, NULL, 'W'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 7},
		{NULL, 0, NULL, 0}
	};
	gi_conn_opts co = {0};
	gi_import_opts io = {50, (int64_t) 64 << 20, GI_CHECK_DECODE, 0};
	gi_features_opts fo = {NULL, 0, -1, 1, 0};
	gi_import_stats is = {0};
	gi_features_stats fs = {0};
	gi_reasons import_reasons = {0},
				feature_reasons = {0};
	gi_inputs	in = {0};
	gi_target	t;
	gi_map		labels = {0};
	const char *manifest = NULL,
			   *map_file = NULL,
			   *table = "tracks";
	int			quiet = 0,
				c,
				have_inputs;
	size_t		relabelled = 0;
	char		err[1024];
	PGconn	   *conn;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0))
	{
		usage();
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0))
	{
		puts("genre-import (genre) " GENRE_VERSION);
		return 0;
	}
	opterr = 0;					/* messages of our own, in one style */
	while ((c = getopt_long(argc, argv, ":m:e:t:nF::j:qd:h:p:U:wWV", long_opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'm':
				manifest = optarg;
				break;
			case 1:
				map_file = optarg;
				break;
			case 'e':
				in.exts = ext_list(optarg);
				break;
			case 't':
				table = optarg;
				break;
			case 2:
				if (strcmp(optarg, "decode") == 0)
					io.check = GI_CHECK_DECODE;
				else if (strcmp(optarg, "header") == 0)
					io.check = GI_CHECK_HEADER;
				else
					bad_usage("--check must be decode or header, not \"%s\"", optarg);
				break;
			case 3:
				io.batch_files = (int) int_arg("--batch-files", optarg, 1, 100000);
				break;
			case 4:
				io.batch_bytes = (int64_t) int_arg("--batch-mb", optarg, 1, 1 << 20) << 20;
				break;
			case 'n':
				io.dry_run = fo.dry_run = 1;
				break;
			case 'F':
				fo.layout = optarg ? optarg : "genre";
				break;
			case 5:
				fo.offset_s = seconds_arg("--offset", optarg, 1);
				break;
			case 6:
				fo.duration_s = seconds_arg("--duration", optarg, 0);
				break;
			case 'j':
				fo.jobs = (int) int_arg("--jobs", optarg, 1, 200);
				break;
			case 'q':
				quiet = 1;
				break;
			case 'd':
				co.dbname = optarg;
				break;
			case 'h':
				co.host = optarg;
				break;
			case 'p':
				co.port = optarg;
				break;
			case 'U':
				co.user = optarg;
				break;
			case 'w':
				co.prompt = GI_PROMPT_NEVER;
				break;
			case 'W':
				co.prompt = GI_PROMPT_ALWAYS;
				break;
			case 'V':
				puts("genre-import (genre) " GENRE_VERSION);
				return 0;
			case 7:
				usage();
				return 0;
			case ':':
				bad_usage("option %s needs a value", argv[optind - 1]);
			default:
				if (optopt == '?')
				{
					/* -? anywhere, as in psql */
					usage();
					return 0;
				}
				if (strncmp(argv[optind - 1], "--", 2) == 0)
				{
					const char *arg = argv[optind - 1];

					/* glibc: optopt names a known option given a value it does not take */
					if (optopt && strchr(arg, '='))
						bad_usage("option %.*s takes no value", (int) (strchr(arg, '=') - arg), arg);
					bad_usage("unknown option %s", arg);
				}
				bad_usage("unknown option -%c", optopt);
		}
	}
	have_inputs = manifest != NULL || optind < argc;
	if (!have_inputs && fo.layout == NULL)
		bad_usage("nothing to do: give folders or files, --manifest, or --features");
	if (fo.layout == NULL && (fo.jobs != 1 || fo.offset_s != 0 || fo.duration_s >= 0))
		bad_usage("--jobs, --offset and --duration apply to --features");

	/* every input is read before connecting: a bad manifest writes nothing */
	gi_output_init(quiet);
	in.reasons = &import_reasons;
	if (manifest && gi_inputs_manifest(&in, manifest, err, sizeof(err)) != 0)
		gi_fatal(GI_EXIT_USAGE, "%s", err);
	for (int i = optind; i < argc; i++)
		if (gi_inputs_walk(&in, argv[i], err, sizeof(err)) != 0)
			gi_fatal(GI_EXIT_USAGE, "%s", err);
	if (map_file)
	{
		if (gi_label_map_load(&labels, map_file, err, sizeof(err)) != 0)
			gi_fatal(GI_EXIT_USAGE, "%s", err);
		relabelled = gi_inputs_relabel(&in, &labels);
	}

	conn = gi_connect(&co);
	gi_cancel_install();
	check_extension(conn);
	gi_target_resolve(conn, &t, table);
	if (t.exists)
		gi_target_check(conn, &t, &in);
	else if (!have_inputs)
		gi_fatal(GI_EXIT_USAGE, "table %s does not exist (import files into it first)", t.qname);
	else if (io.dry_run)
	{
		char	   *sql = gi_target_create_sql(conn, &t, &in);

		printf("would create table:\n%s\n", sql);
		free(sql);
	}
	else
		gi_target_create(conn, &t, &in);
	if (t.exists && !t.has_label && have_inputs)
		gi_warn("table %s has no label column: labels are not stored", t.qname);
	if (fo.layout && t.exists && !t.has_features)
	{
		if (io.dry_run)
			printf("would add column features real[] to %s\n", t.qname);
		else
			gi_target_add_features(conn, &t);
	}

	if (have_inputs)
		gi_import_run(conn, &t, &in, &io, &is);
	if (fo.layout)
		gi_features_run(conn, &co, &t, &fo, is.imported, &fs, &feature_reasons);

	/* summary */
	if (have_inputs)
	{
		char		size[32];

		printf("%s%lld files: %lld %s (%s), %lld skipped, %.1f s\n",
			   io.dry_run ? "dry run: " : "", (long long) is.files, (long long) is.imported,
			   io.dry_run ? "to send (the server checks them when importing)" : "imported",
			   gi_size(is.bytes, size, sizeof(size)), (long long) import_reasons.total,
			   is.seconds);
		gi_reasons_print(&import_reasons, stdout, "  ");
		if (map_file)
			printf("  labels mapped by %s: %zu files\n", map_file, relabelled);
	}
	if (fo.layout)
	{
		char		window[80];

		window_text(&fo, window, sizeof(window));
		if (fo.dry_run)
			printf("dry run: features (layout %s, %s) would be computed for %lld rows\n",
				   fo.layout, window, (long long) fs.rows);
		else
		{
			printf("features (layout %s, %s): %lld of %lld rows, %lld failed, %.1f s",
				   fo.layout, window, (long long) fs.done, (long long) fs.rows,
				   (long long) feature_reasons.total, fs.seconds);
			if (fs.rows > 0)
				printf(" with %d connection%s (%.2f rows/s)", fs.jobs, fs.jobs == 1 ? "" : "s",
					   fs.seconds > 0 ? fs.done / fs.seconds : 0.0);
			putchar('\n');
			gi_reasons_print(&feature_reasons, stdout, "  ");
		}
	}
	gi_disconnect(conn);
	return import_reasons.problems + feature_reasons.problems > 0 ? GI_EXIT_SKIPPED : GI_EXIT_OK;
}
