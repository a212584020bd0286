/*
 * files.h - test helpers: whole files into memory, and the path of
 * test/data seen from a test binary (test/unit/bin/test_x -> test/data).
 */
#ifndef GENRE_TEST_FILES_H
#define GENRE_TEST_FILES_H

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

/* The bytes of a file (malloc'ed), NULL when it cannot be read. */
static unsigned char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	unsigned char *buf;
	long		n;

	*len = 0;
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? n : 1);
	if (buf && fread(buf, 1, n, f) != (size_t) n)
	{
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = buf ? (size_t) n : 0;
	return buf;
}

/* test/data, set from the binary's path by test_data_dir() */
static char data_dir[4096];

/* test/data as seen from the binary argv0 (test/unit/bin/...), into data_dir. */
static void
test_data_dir(const char *argv0)
{
	char		self[4096];

	snprintf(self, sizeof(self), "%s", argv0);
	snprintf(data_dir, sizeof(data_dir), "%s/../../data", dirname(self));
}

/* A file under test/data (malloc'ed), NULL when it cannot be read. */
static unsigned char *
read_data(const char *rel, size_t *len)
{
	char		path[8192];

	snprintf(path, sizeof(path), "%s/%s", data_dir, rel);
	return read_file(path, len);
}

#endif
