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

/* test/data as seen from the binary argv0 (test/unit/bin/...). */
static void
test_data_dir(const char *argv0, char *dir, size_t size)
{
	char		self[4096];

	snprintf(self, sizeof(self), "%s", argv0);
	snprintf(dir, size, "%s/../../data", dirname(self));
}

#endif
