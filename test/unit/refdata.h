/*
 * refdata.h - test helpers: read the reference CSV tables and the loaded22k
 * WAV files (libsndfile's file API; tests only, the extension reads memory).
 */
#ifndef GENRE_TEST_REFDATA_H
#define GENRE_TEST_REFDATA_H

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF_MAX_COLS 256
#define REF_MAX_ROWS 64

typedef struct ref_table
{
	int			n_cols;
	int			n_rows;
	char	   *header[REF_MAX_COLS];
	char	   *cell[REF_MAX_ROWS][REF_MAX_COLS];
} ref_table;

/* Split one CSV line (double quotes allowed) into fields; returns the count. */
static inline int
ref_split(char *line, char **fields, int max)
{
	int			n = 0;
	char	   *p = line;

	while (n < max)
	{
		char	   *out = p;

		fields[n++] = p;
		if (*p == '"')
		{
			char	   *q = p + 1;

			while (*q && !(q[0] == '"' && q[1] != '"'))
			{
				if (q[0] == '"')
					q++;
				*out++ = *q++;
			}
			if (*q == '"')
				q++;
			p = q;
		}
		else
		{
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				*out++ = *p++;
		}
		if (*p == ',')
		{
			*out = '\0';
			p++;
			continue;
		}
		*out = '\0';
		break;
	}
	return n;
}

static inline ref_table *
ref_load(const char *path)
{
	FILE	   *f = fopen(path, "r");
	ref_table  *t;
	char	   *line = NULL;
	size_t		cap = 0;

	if (f == NULL)
		return NULL;
	t = calloc(1, sizeof(ref_table));
	if (getline(&line, &cap, f) > 0)
		t->n_cols = ref_split(strdup(line), t->header, REF_MAX_COLS);
	while (t->n_rows < REF_MAX_ROWS && getline(&line, &cap, f) > 0)
	{
		if (line[0] == '\n' || line[0] == '\0')
			continue;
		ref_split(strdup(line), t->cell[t->n_rows], REF_MAX_COLS);
		t->n_rows++;
	}
	free(line);
	fclose(f);
	return t;
}

/* Cell of a row by column name, NULL when the column is missing. */
static inline const char *
ref_get(const ref_table *t, int row, const char *col)
{
	int			i;

	for (i = 0; i < t->n_cols; i++)
		if (strcmp(t->header[i], col) == 0)
			return t->cell[row][i];
	return NULL;
}

static inline double
ref_num(const ref_table *t, int row, const char *col)
{
	const char *s = ref_get(t, row, col);

	return s && *s ? strtod(s, NULL) : NAN;
}

/* Mono float32 samples of a WAV file (malloc'ed), NULL on failure. */
static inline float *
load_wav(const char *path, size_t *n, int *sr)
{
	SF_INFO		info;
	SNDFILE    *sf;
	float	   *y;

	memset(&info, 0, sizeof(info));
	sf = sf_open(path, SFM_READ, &info);
	if (sf == NULL || info.channels != 1)
	{
		if (sf)
			sf_close(sf);
		return NULL;
	}
	y = malloc(sizeof(float) * (info.frames + 1));
	*n = (size_t) sf_readf_float(sf, y, info.frames);
	*sr = info.samplerate;
	sf_close(sf);
	return y;
}

#endif
