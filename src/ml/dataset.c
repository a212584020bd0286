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

/* The sort's work counter: a cancel check every CHECK_ROWS rows moved. */
#define CHECK_ROWS ((size_t) 1 << 16)
/* bytes of features copied between cancel checks */
#define CHECK_BYTES ((size_t) 1 << 20)

typedef struct sorter
{
	genre_labeled_row *tmp;		/* room for n / 2 + 1 rows */
	size_t		row_bytes;
	size_t		moved;
} sorter;

static genre_code
count_moves(sorter *s, size_t rows, genre_status *st)
{
	s->moved += rows;
	if (s->moved >= CHECK_ROWS)
	{
		s->moved = 0;
		GENRE_CHECK_CANCEL(st);
	}
	return GENRE_OK;
}

/*
 * Merge sort (qsort has no context argument and the core keeps no global
 * state), checking for a cancel as rows move: 2 M rows of 57 features took
 * 6.5 s.  Equal rows are byte-identical, so any stable or unstable order of
 * them gives the same dataset.
 */
static genre_code
sort_rows(genre_labeled_row *rows, size_t n, sorter *s, genre_status *st)
{
	genre_labeled_row *tmp = s->tmp;
	size_t		h,
				i,
				j,
				k;
	genre_code	rc;

	if (n < 2)
		return GENRE_OK;
	if (n <= 8)
	{
		for (i = 1; i < n; i++)
		{
			genre_labeled_row v = rows[i];

			for (j = i; j > 0 && compare_rows(&rows[j - 1], &v, s->row_bytes) > 0; j--)
				rows[j] = rows[j - 1];
			rows[j] = v;
		}
		return count_moves(s, n, st);
	}
	h = n / 2;
	if ((rc = sort_rows(rows, h, s, st)) != GENRE_OK ||
		(rc = sort_rows(rows + h, n - h, s, st)) != GENRE_OK)
		return rc;
	memcpy(tmp, rows, h * sizeof(*rows));
	i = 0;
	j = h;
	k = 0;
	while (i < h && j < n)
	{
		rows[k++] = compare_rows(&rows[j], &tmp[i], s->row_bytes) < 0 ? rows[j++] : tmp[i++];
		if ((k & (CHECK_ROWS - 1)) == 0 && (rc = count_moves(s, CHECK_ROWS, st)) != GENRE_OK)
			return rc;
	}
	while (i < h)
		rows[k++] = tmp[i++];
	return count_moves(s, n & (CHECK_ROWS - 1), st);
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
	size_t		xbytes,
				row_bytes;
	uint32_t	nc = 0;
	size_t		copied = 0;
	sorter		srt;
	genre_code	rc;

	memset(ds, 0, sizeof(*ds));
	if (n == 0)
		return genre_fail(st, GENRE_EINVAL, "no training rows");
	if (d == 0)
		return genre_fail(st, GENRE_EINVAL, "feature vectors are empty");
	for (size_t i = 0; i < n; i++)
		if (memchr(rows[i].label, '\0', rows[i].label_len) != NULL)
			return genre_fail(st, GENRE_EINVAL, "label of row %zu contains a NUL byte", i + 1);

	row_bytes = (size_t) d * sizeof(float);
	srt.tmp = genre_alloc((n / 2 + 1) * sizeof(*rows));
	srt.row_bytes = row_bytes;
	srt.moved = 0;
	if (srt.tmp == NULL)
		return genre_fail_nomem(st);
	rc = sort_rows(rows, n, &srt, st);
	genre_free(srt.tmp);
	if (rc != GENRE_OK)
		return rc;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_label(&rows[i - 1], &rows[i]))
			nc++;
	if (nc > 65535)
		return genre_fail(st, GENRE_ELIMIT, "more than 65535 distinct labels");

	if (!genre_size_mul(n, d, &xbytes) || !genre_size_mul(xbytes, sizeof(float), &xbytes))
		return genre_fail(st, GENRE_ELIMIT, "training data too large");
	ds->n = n;
	ds->d = d;
	ds->n_classes = nc;
	ds->class_names = genre_calloc(nc, sizeof(char *));
	ds->class_lens = genre_calloc(nc, sizeof(uint32_t));
	ds->class_count = genre_calloc(nc, sizeof(size_t));
	ds->y = genre_alloc(n * sizeof(uint32_t));
	/* every row is copied below, with checks: no zeroing pass over n * d floats */
	ds->x = genre_alloc(xbytes);
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
		copied += row_bytes;
		if (copied >= CHECK_BYTES)
		{
			copied = 0;
			if (genre_interrupted())
			{
				genre_dataset_free(ds);
				return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			}
		}
	}
	return GENRE_OK;
}
