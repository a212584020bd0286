/*
 * npy.h - a tiny reader of numpy .npy files for the unit tests.
 *
 * Handles version 1/2 headers, little-endian <f4, <f8 and <i8 data, C or
 * Fortran order, up to 2 dimensions.  Values are returned as doubles in a
 * canonical layout: element (i, j) of a (rows x cols) array is at
 * [i * cols + j] whatever the file's order.  Tests only: aborts loudly.
 */
#ifndef GENRE_TEST_NPY_H
#define GENRE_TEST_NPY_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct npy_array
{
	int			ndim;
	long		rows;			/* shape[0] (1 for a 0-d array) */
	long		cols;			/* shape[1], or 1 for a 1-d array */
	double	   *v;				/* rows * cols values, row-major */
} npy_array;

static inline npy_array
npy_load(const char *path)
{
	npy_array	a = {0, 0, 0, NULL};
	FILE	   *f = fopen(path, "rb");
	unsigned char pre[12];
	char	   *hdr;
	size_t		hlen, esz, n, i;
	int			fortran, kind;
	char	   *p;
	unsigned char *raw;

	if (f == NULL || fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0)
	{
		fprintf(stderr, "npy: cannot read %s\n", path);
		exit(2);
	}
	if (pre[6] == 1)
		hlen = pre[8] | (pre[9] << 8);
	else
	{
		if (fread(pre + 10, 1, 2, f) != 2)
			exit(2);
		hlen = pre[8] | (pre[9] << 8) | ((size_t) pre[10] << 16) | ((size_t) pre[11] << 24);
	}
	hdr = calloc(hlen + 1, 1);
	if (fread(hdr, 1, hlen, f) != hlen)
		exit(2);
	if (strstr(hdr, "'<f4'"))
		kind = 'f', esz = 4;
	else if (strstr(hdr, "'<f8'"))
		kind = 'd', esz = 8;
	else if (strstr(hdr, "'<i8'"))
		kind = 'i', esz = 8;
	else
	{
		fprintf(stderr, "npy: unsupported dtype in %s: %s\n", path, hdr);
		exit(2);
	}
	fortran = strstr(hdr, "'fortran_order': True") != NULL;
	p = strstr(hdr, "'shape': (") + 10;
	a.rows = 1;
	a.cols = 1;
	if (*p != ')')
	{
		a.rows = strtol(p, &p, 10);
		a.ndim = 1;
		if (*p == ',' && p[1] == ' ' && p[2] != ')')
		{
			a.cols = strtol(p + 1, &p, 10);
			a.ndim = 2;
		}
	}
	n = (size_t) a.rows * a.cols;
	raw = malloc(n * esz + 1);
	a.v = malloc((n + 1) * sizeof(double));
	if (fread(raw, esz, n, f) != n)
	{
		fprintf(stderr, "npy: short data in %s\n", path);
		exit(2);
	}
	fclose(f);
	for (i = 0; i < n; i++)
	{
		double		x;
		size_t		dst;

		if (kind == 'f')
		{
			float		t;

			memcpy(&t, raw + i * 4, 4);
			x = t;
		}
		else if (kind == 'd')
			memcpy(&x, raw + i * 8, 8);
		else
		{
			long long	t;

			memcpy(&t, raw + i * 8, 8);
			x = (double) t;
		}
		/* file element i is (i % rows, i / rows) in Fortran order */
		dst = fortran ? (i % a.rows) * a.cols + i / a.rows : i;
		a.v[dst] = x;
	}
	free(raw);
	free(hdr);
	return a;
}

static inline void
npy_free(npy_array *a)
{
	free(a->v);
	a->v = NULL;
}

/* Copy into a float32 array transposed to frame-major (cols x rows). */
static inline float *
npy_frame_major_f32(const npy_array *a)
{
	float	   *out = malloc(sizeof(float) * a->rows * a->cols + 1);
	long		i, j;

	for (i = 0; i < a->rows; i++)
		for (j = 0; j < a->cols; j++)
			out[j * a->rows + i] = (float) a->v[i * a->cols + j];
	return out;
}

#endif
