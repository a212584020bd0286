/*
 * gtzan.h - the public GTZAN feature table (test/data) for the unit tests
 * and benchmarks: 1000 rows of 57 features, genre and track number.
 * Tests only: a malformed file makes gtzan_load return fewer rows.
 */
#ifndef GENRE_TEST_GTZAN_H
#define GENRE_TEST_GTZAN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GTZAN_CSV "test/data/gtzan_features_30_sec.csv"
#define GTZAN_MAX_ROWS 1000
#define GTZAN_COLS 57

static const char *const gtzan_genres[10] = {
	"blues", "classical", "country", "disco", "hiphop",
	"jazz", "metal", "pop", "reggae", "rock",
};

typedef struct gtzan_table
{
	int			n;
	char		names[GTZAN_COLS][40];	/* feature column names */
	double		x[GTZAN_MAX_ROWS][GTZAN_COLS];
	int			genre[GTZAN_MAX_ROWS];	/* index into gtzan_genres */
	int			track[GTZAN_MAX_ROWS];	/* the number in "blues.00042.wav" */
} gtzan_table;

/* Read path (GTZAN_CSV when NULL) into t; returns the row count. */
static inline int
gtzan_load(gtzan_table *t, const char *path)
{
	FILE	   *f = fopen(path ? path : GTZAN_CSV, "r");
	char		line[8192];
	int			col = 0;

	t->n = 0;
	if (f == NULL || fgets(line, sizeof(line), f) == NULL)
	{
		if (f)
			fclose(f);
		return 0;
	}
	/* header: filename, length, 57 features, label */
	for (char *tok = strtok(line, ",\r\n"); tok; tok = strtok(NULL, ",\r\n"), col++)
		if (col >= 2 && col < 2 + GTZAN_COLS)
			snprintf(t->names[col - 2], sizeof(t->names[0]), "%s", tok);
	while (t->n < GTZAN_MAX_ROWS && fgets(line, sizeof(line), f))
	{
		char	   *fields[GTZAN_COLS + 8];
		int			nf = 0;

		for (char *tok = strtok(line, ",\r\n"); tok && nf < GTZAN_COLS + 8; tok = strtok(NULL, ",\r\n"))
			fields[nf++] = tok;
		if (nf != GTZAN_COLS + 3)
			continue;
		for (int j = 0; j < GTZAN_COLS; j++)
			t->x[t->n][j] = strtod(fields[2 + j], NULL);
		t->track[t->n] = strchr(fields[0], '.') ? atoi(strchr(fields[0], '.') + 1) : 0;
		t->genre[t->n] = -1;
		for (int g = 0; g < 10; g++)
			if (strcmp(fields[nf - 1], gtzan_genres[g]) == 0)
				t->genre[t->n] = g;
		if (t->genre[t->n] >= 0)
			t->n++;
	}
	fclose(f);
	return t->n;
}

/* Index of a feature column by name, -1 if absent. */
static inline int
gtzan_column(const gtzan_table *t, const char *name)
{
	for (int j = 0; j < GTZAN_COLS; j++)
		if (strcmp(t->names[j], name) == 0)
			return j;
	return -1;
}

/*
 * Values of column name over the rows of genre g (all rows for g < 0);
 * returns their count.
 */
static inline int
gtzan_values(const gtzan_table *t, const char *name, int g, double *out)
{
	int			j = gtzan_column(t, name),
				k = 0;

	if (j < 0)
		return 0;
	for (int i = 0; i < t->n; i++)
		if (g < 0 || t->genre[i] == g)
			out[k++] = t->x[i][j];
	return k;
}

#endif
