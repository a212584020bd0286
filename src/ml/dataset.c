/*
 * dataset.c - canonical order and class table of labelled rows (see dataset.h).
 */
#include "ml/dataset.h"

#include "base/alloc.h"

#include <string.h>

static int
compare_rows(const genre_labeled_row *a, const genre_labeled_row *b, size_t row_bytes)
{
	uint32_t	m = a->label_len < b->label_len ? a->label_len : b->label_len;
	int			c = memcmp(a->label, b->label, m);

	if (c != 0)
		return c;
	if (a->label_len != b->label_len)
		return a->label_len < b->label_len ? -1 : 1;
	/* identical rows compare equal: swapping them changes nothing */
	return memcmp(a->x, b->x, row_bytes);
}

/*
 * Merge sort (qsort has no context argument and the core keeps no global
 * state); tmp has room for n rows.
 */
static void
sort_rows(genre_labeled_row *rows, genre_labeled_row *tmp, size_t n, size_t row_bytes)
{
	size_t		h,
				i,
				j,
				k;

	if (n < 2)
		return;
	if (n <= 8)
	{
		for (i = 1; i < n; i++)
		{
			genre_labeled_row v = rows[i];

			for (j = i; j > 0 && compare_rows(&rows[j - 1], &v, row_bytes) > 0; j--)
				rows[j] = rows[j - 1];
			rows[j] = v;
		}
		return;
	}
	h = n / 2;
	sort_rows(rows, tmp, h, row_bytes);
	sort_rows(rows + h, tmp, n - h, row_bytes);
	memcpy(tmp, rows, h * sizeof(*rows));
	i = 0;
	j = h;
	k = 0;
	while (i < h && j < n)
		rows[k++] = compare_rows(&rows[j], &tmp[i], row_bytes) < 0 ? rows[j++] : tmp[i++];
	while (i < h)
		rows[k++] = tmp[i++];
}

static int
same_label(const genre_labeled_row *a, const genre_labeled_row *b)
{
	return a->label_len == b->label_len && memcmp(a->label, b->label, a->label_len) == 0;
}

void
genre_dataset_free(genre_dataset *ds)
{
	if (ds->class_names)
		for (uint32_t c = 0; c < ds->n_classes; c++)
			genre_free(ds->class_names[c]);
	genre_free(ds->class_names);
	genre_free(ds->class_lens);
	genre_free(ds->y);
	genre_free(ds->x);
	genre_free(ds->class_count);
	memset(ds, 0, sizeof(*ds));
}

genre_code
genre_dataset_build(genre_labeled_row *rows, size_t n, uint32_t d,
					genre_dataset *ds, genre_status *st)
{
	size_t		xcount,
				row_bytes;
	uint32_t	nc = 0;
	genre_labeled_row *tmp;

	memset(ds, 0, sizeof(*ds));
	if (n == 0)
		return genre_fail(st, GENRE_EINVAL, "no training rows");
	if (d == 0)
		return genre_fail(st, GENRE_EINVAL, "feature vectors are empty");
	for (size_t i = 0; i < n; i++)
		if (memchr(rows[i].label, '\0', rows[i].label_len) != NULL)
			return genre_fail(st, GENRE_EINVAL, "label of row %zu contains a NUL byte", i + 1);

	row_bytes = (size_t) d * sizeof(float);
	tmp = genre_calloc(n / 2 + 1, sizeof(*rows));
	if (tmp == NULL)
		return genre_fail_nomem(st);
	sort_rows(rows, tmp, n, row_bytes);
	genre_free(tmp);

	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_label(&rows[i - 1], &rows[i]))
			nc++;
	if (nc > 65535)
		return genre_fail(st, GENRE_ELIMIT, "more than 65535 distinct labels");

	if (!genre_size_mul(n, d, &xcount))
		return genre_fail(st, GENRE_ELIMIT, "training data too large");
	ds->n = n;
	ds->d = d;
	ds->n_classes = nc;
	ds->class_names = genre_calloc(nc, sizeof(char *));
	ds->class_lens = genre_calloc(nc, sizeof(uint32_t));
	ds->class_count = genre_calloc(nc, sizeof(size_t));
	ds->y = genre_calloc(n, sizeof(uint32_t));
	ds->x = genre_calloc(xcount, sizeof(float));
	if (!ds->class_names || !ds->class_lens || !ds->class_count || !ds->y || !ds->x)
	{
		genre_dataset_free(ds);
		return genre_fail_nomem(st);
	}

	nc = 0;
	for (size_t i = 0; i < n; i++)
	{
		if (i > 0 && !same_label(&rows[i - 1], &rows[i]))
			nc++;
		if (ds->class_names[nc] == NULL)
		{
			char	   *name = genre_alloc((size_t) rows[i].label_len + 1);

			if (name == NULL)
			{
				genre_dataset_free(ds);
				return genre_fail_nomem(st);
			}
			memcpy(name, rows[i].label, rows[i].label_len);
			name[rows[i].label_len] = '\0';
			ds->class_names[nc] = name;
			ds->class_lens[nc] = rows[i].label_len;
		}
		ds->y[i] = nc;
		ds->class_count[nc]++;
		memcpy(ds->x + i * d, rows[i].x, row_bytes);
	}
	return GENRE_OK;
}
