/*
 * inputs.c - folder walks, manifests and label maps.
 */
#include "import/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "import/csv.h"

/* columns genre-import fills itself: a manifest may not name them */
static const char *const reserved_columns[] = {
	"id", "format", "sample_rate", "channels", "duration_s", "audio", "features",
	"imported_at", NULL
};

void
gi_file_skip(gi_inputs *in, gi_file *f, const char *reason, const char *detail)
{
	f->skip = gi_reasons_add(in->reasons, reason, f->path, detail);
}

static gi_file *
add_file(gi_inputs *in, const char *path, const char *open_path, const char *label)
{
	gi_file    *f;

	if (in->n == in->cap)
	{
		in->cap = in->cap ? 2 * in->cap : 256;
		in->files = gi_realloc(in->files, sizeof(gi_file) * in->cap);
	}
	f = &in->files[in->n++];
	memset(f, 0, sizeof(*f));
	f->path = gi_strdup(path);
	f->open_path = gi_strdup(open_path);
	f->label = label && *label ? gi_strdup(label) : NULL;
	if (!gi_map_put(&in->seen, path, (void *) 1))
		gi_file_skip(in, f, GI_SKIP_DUPLICATE, "listed twice in the input (the first is imported)");
	return f;
}

/* Fill size from stat(open_path), or skip the file saying why. */
static void
stat_file(gi_inputs *in, gi_file *f)
{
	struct stat st;
	char		msg[300];

	if (f->skip)
		return;
	if (stat(f->open_path, &st) != 0)
	{
		int			e = errno;

		snprintf(msg, sizeof(msg), "%s", strerror(e));
		gi_file_skip(in, f, e == ENOENT ? "no such file" : "cannot read the file", msg);
	}
	else if (!S_ISREG(st.st_mode))
		gi_file_skip(in, f, "not a regular file", "not a regular file");
	else if (st.st_size == 0)
		gi_file_skip(in, f, "empty file", "empty file (0 bytes)");
	else
		f->size = st.st_size;
}

static int
wanted(const gi_inputs *in, const char *name)
{
	const char *dot = strrchr(name, '.');

	if (in->exts == NULL)
		return 1;
	if (dot == NULL)
		return 0;
	for (char **e = in->exts; *e; e++)
		if (strcasecmp(dot + 1, *e) == 0)
			return 1;
	return 0;
}

/* The last component of a path ("/a/b/" -> "b"). */
static char *
last_name(const char *path)
{
	size_t		len = strlen(path);
	const char *start;

	while (len > 1 && path[len - 1] == '/')
		len--;
	start = path + len;
	while (start > path && start[-1] != '/')
		start--;
	return gi_printf("%.*s", (int) (path + len - start), start);
}

/* The name of the folder a path is in, resolving "." and ".." through realpath. */
static char *
folder_name(const char *dir)
{
	char		real[PATH_MAX];

	if (realpath(dir, real) != NULL)
		return last_name(real);
	return last_name(dir);
}

/* The folder part of a path ("a/b.wav" -> "a", "/b.wav" -> "/"), NULL when it has none. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return NULL;
	return gi_printf("%.*s", (int) (slash - path + (slash == path)), path);
}

/* The name of the folder a file is in: its label by default. */
static char *
parent_name(const char *file)
{
	char	   *dir = dir_of(file);
	char	   *name = folder_name(dir ? dir : ".");

	free(dir);
	return name;
}

/* "a/b" + "c" -> "a/b/c"; "" + "c" -> "c" */
static char *
join(const char *dir, const char *name)
{
	if (*dir == '\0')
		return gi_strdup(name);
	if (dir[strlen(dir) - 1] == '/')
		return gi_printf("%s%s", dir, name);
	return gi_printf("%s/%s", dir, name);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Has this folder been walked already (a symbolic link loop or a second link)? */
static int
walked(gi_inputs *in, const struct stat *st)
{
	char		key[64];

	snprintf(key, sizeof(key), "%llu:%llu", (unsigned long long) st->st_dev,
			 (unsigned long long) st->st_ino);
	return !gi_map_put(&in->dirs, key, (void *) 1);
}

/* dir: the path prefix ("" for the current folder); label: its folder's name */
static void
walk_dir(gi_inputs *in, const char *dir, const char *label)
{
	DIR		   *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	char	  **names = NULL;
	size_t		n = 0,
				cap = 0,
				i;

	if (d == NULL)
	{
		gi_file    *f = add_file(in, *dir ? dir : ".", *dir ? dir : ".", NULL);

		if (!f->skip)
			gi_file_skip(in, f, "cannot open the folder", strerror(errno));
		return;
	}
	while ((e = readdir(d)) != NULL)
	{
		if (e->d_name[0] == '.')
			continue;
		if (n == cap)
		{
			cap = cap ? 2 * cap : 64;
			names = gi_realloc(names, sizeof(char *) * cap);
		}
		names[n++] = gi_strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), by_name);

	for (i = 0; i < n; i++)
	{
		char	   *path = join(dir, names[i]);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		{
			if (!walked(in, &st))
				walk_dir(in, path, names[i]);
		}
		else if (wanted(in, names[i]))
			stat_file(in, add_file(in, path, path, label));
		free(path);
		free(names[i]);
	}
	free(names);
}

/* Drop "./" prefixes and trailing slashes: "./rock/" -> "rock", "." -> "". */
static char *
tidy(const char *arg)
{
	char	   *s;
	size_t		len;

	while (arg[0] == '.' && arg[1] == '/')
	{
		arg += 2;
		while (*arg == '/')
			arg++;
	}
	if (strcmp(arg, ".") == 0)
		arg = "";
	s = gi_strdup(arg);
	len = strlen(s);
	while (len > 1 && s[len - 1] == '/')
		s[--len] = '\0';
	return s;
}

int
gi_inputs_walk(gi_inputs *in, const char *arg, char *err, size_t errlen)
{
	struct stat st;
	char	   *path,
			   *label;

	if (stat(arg, &st) != 0)
	{
		snprintf(err, errlen, "cannot access \"%s\": %s", arg, strerror(errno));
		return -1;
	}
	path = tidy(arg);
	if (S_ISDIR(st.st_mode))
	{
		label = folder_name(arg);
		if (!walked(in, &st))
			walk_dir(in, path, label);
	}
	else
	{
		label = parent_name(path);
		stat_file(in, add_file(in, path, path, label));
	}
	free(label);
	free(path);
	return 0;
}

static int
reserved(const char *name)
{
	for (int i = 0; reserved_columns[i]; i++)
		if (strcmp(name, reserved_columns[i]) == 0)
			return 1;
	return 0;
}

int
gi_inputs_manifest(gi_inputs *in, const char *manifest, char *err, size_t errlen)
{
	gi_csv		csv;
	int			rc,
				ncols,
				path_col = -1,
				label_col = -1,
				i;
	int		   *meta_col;
	char	   *base = NULL;

	if (gi_csv_open(&csv, manifest) != 0)
	{
		snprintf(err, errlen, "cannot open manifest \"%s\": %s", manifest, strerror(errno));
		return -1;
	}
	rc = gi_csv_next(&csv, err, errlen);
	if (rc <= 0)
	{
		if (rc == 0)
			snprintf(err, errlen, "%s: empty manifest (a header line path,label,... comes first)", manifest);
		gi_csv_close(&csv);
		return -1;
	}
	ncols = csv.nfields;
	meta_col = gi_malloc(sizeof(int) * ncols);
	in->meta_names = gi_malloc(sizeof(char *) * ncols);
	in->nmeta = 0;
	for (i = 0; i < ncols; i++)
	{
		const char *name = csv.fields[i];

		for (int j = 0; j < i; j++)
			if (strcmp(csv.fields[j], name) == 0)
			{
				snprintf(err, errlen, "%s:%d: column \"%s\" appears twice in the header", manifest, csv.line, name);
				goto fail;
			}
		if (strcmp(name, "path") == 0)
			path_col = i;
		else if (strcmp(name, "label") == 0)
			label_col = i;
		else if (*name == '\0' || reserved(name))
		{
			snprintf(err, errlen, "%s:%d: header column %d %s", manifest, csv.line, i + 1,
					 *name ? "names a column genre-import fills itself" : "is empty");
			goto fail;
		}
		else
		{
			meta_col[in->nmeta] = i;
			in->meta_names[in->nmeta++] = gi_strdup(name);
		}
	}
	if (path_col < 0)
	{
		snprintf(err, errlen, "%s:%d: the header has no \"path\" column (expected path,label[,column...])",
				 manifest, csv.line);
		goto fail;
	}
	base = dir_of(manifest);

	while ((rc = gi_csv_next(&csv, err, errlen)) == 1)
	{
		const char *path = csv.fields[path_col];
		char	   *open_path;
		char	   *label = NULL;
		gi_file    *f;

		if (csv.nfields != ncols)
		{
			snprintf(err, errlen, "%s:%d: %d fields, the header has %d", manifest, csv.line,
					 csv.nfields, ncols);
			goto fail;
		}
		if (*path == '\0')
		{
			snprintf(err, errlen, "%s:%d: empty path", manifest, csv.line);
			goto fail;
		}
		open_path = (path[0] == '/' || base == NULL) ? gi_strdup(path) : join(base, path);
		label = label_col >= 0 ? gi_strdup(csv.fields[label_col]) : parent_name(open_path);
		f = add_file(in, path, open_path, label);
		f->meta = gi_malloc(sizeof(char *) * (in->nmeta + 1));
		for (i = 0; i < in->nmeta; i++)
		{
			const char *v = csv.fields[meta_col[i]];

			f->meta[i] = *v ? gi_strdup(v) : NULL;
		}
		stat_file(in, f);
		free(label);
		free(open_path);
	}
	if (rc < 0)
		goto fail;
	free(meta_col);
	free(base);
	gi_csv_close(&csv);
	return 0;

fail:
	free(meta_col);
	free(base);
	gi_csv_close(&csv);
	return -1;
}

int
gi_label_map_load(gi_map *map, const char *file, char *err, size_t errlen)
{
	gi_csv		csv;
	int			rc,
				first = 1;

	if (gi_csv_open(&csv, file) != 0)
	{
		snprintf(err, errlen, "cannot open label map \"%s\": %s", file, strerror(errno));
		return -1;
	}
	while ((rc = gi_csv_next(&csv, err, errlen)) == 1)
	{
		const char *old,
				   *new;

		if (csv.nfields != 2)
		{
			snprintf(err, errlen, "%s:%d: %d fields, a label map row is old,new", file, csv.line,
					 csv.nfields);
			rc = -1;
			break;
		}
		old = csv.fields[0];
		new = csv.fields[1];
		if (first && strcmp(old, "old") == 0 && strcmp(new, "new") == 0)
		{
			first = 0;
			continue;
		}
		first = 0;
		if (gi_map_has(map, old))
		{
			if (strcmp(gi_map_get(map, old), new) == 0)
				continue;
			snprintf(err, errlen, "%s:%d: label \"%s\" is mapped twice", file, csv.line, old);
			rc = -1;
			break;
		}
		gi_map_put(map, old, gi_strdup(new));
	}
	gi_csv_close(&csv);
	return rc < 0 ? -1 : 0;
}

size_t
gi_inputs_relabel(gi_inputs *in, const gi_map *map)
{
	size_t		changed = 0;

	for (size_t i = 0; i < in->n; i++)
	{
		gi_file    *f = &in->files[i];
		const char *new;

		if (f->label == NULL || !gi_map_has(map, f->label))
			continue;
		new = gi_map_get(map, f->label);
		free(f->label);
		f->label = *new ? gi_strdup(new) : NULL;
		changed++;
	}
	return changed;
}
