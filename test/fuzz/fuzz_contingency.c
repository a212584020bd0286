/*
 * fuzz_contingency.c - libFuzzer target: any bytes as the packed pair table
 * of the contingency aggregates (ml/contingency.h), the state that comes
 * back from a bytea datum, unpacked into a table; an input that starts
 * with the flat table's magic ("GCT1") is taken as a flat table itself.
 * The table is counted, added to, merged into a fresh table and viewed
 * (both ways), and the view goes through everything that reads one:
 * margins, ARI, NMI, confusion JSON, classification report, SVG plot.
 *
 * Differential checks: when the view builds, merging the table into an
 * empty one, and packing it and unpacking the packed form, must succeed
 * and give the same labels, cells and total.
 */
#include "base/alloc.h"
#include "base/bytes.h"
#include "base/status.h"
#include "ml/agreement.h"
#include "ml/contingency.h"
#include "ml/report.h"
#include "plot/confusion.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail_value(const char *what, double v, const genre_status *st)
{
	fprintf(stderr, "fuzz_contingency: %s gave %.17g (code %d, \"%s\")\n", what, v,
			st->code, st->message);
	abort();
}

static void
fail(const char *what, const genre_status *st)
{
	fprintf(stderr, "fuzz_contingency: %s (code %d, \"%s\")\n", what,
			st ? (int) st->code : -1, st ? st->message : "");
	abort();
}

/* Everything that reads a view; rc of each must be OK or a documented refusal. */
/* Fail unless views a and b are the same. */
static void
same_view(const genre_contingency *a, const genre_contingency *b, const char *what)
{
	if (a->nrows != b->nrows || a->ncells != b->ncells || a->total != b->total)
		fail(what, NULL);
	for (uint32_t i = 0; i < a->ncells; i++)
		if (a->cell_row[i] != b->cell_row[i] || a->cell_col[i] != b->cell_col[i] ||
			a->cell_count[i] != b->cell_count[i])
			fail(what, NULL);
	for (uint32_t i = 0; i < a->nrows; i++)
		if (a->row_len[i] != b->row_len[i] ||
			memcmp(a->row_label[i], b->row_label[i], a->row_len[i]) != 0)
			fail(what, NULL);
}

static void
use_view(const genre_contingency *c, int shared)
{
	genre_status st;
	genre_writer w;
	uint64_t   *rs,
			   *cs,
				sum = 0;
	double		v;
	genre_code	rc;

	for (uint32_t i = 0; i < c->ncells; i++)
		if (c->cell_row[i] >= c->nrows || c->cell_col[i] >= c->ncols || c->cell_count[i] == 0 ||
			(i > 0 && (c->cell_row[i - 1] > c->cell_row[i] ||
					   (c->cell_row[i - 1] == c->cell_row[i] && c->cell_col[i - 1] >= c->cell_col[i]))))
			fail("view: cells out of range or order", NULL);
	genre_status_clear(&st);
	if (genre_contingency_margins(c, &rs, &cs, &st) != GENRE_OK)
		fail("margins failed", &st);
	for (uint32_t i = 0; i < c->nrows; i++)
		sum += rs[i];
	if (sum != c->total)
		fail("row margins do not sum to the total", NULL);
	genre_free(rs);
	genre_free(cs);

	/* as the SQL layer does: agreement scores on two labelings, reports on a shared view */
	if (shared)
		goto reports;
	genre_status_clear(&st);
	rc = genre_adjusted_rand(c, &v, &st);
	if (rc == GENRE_OK ? !(isfinite(v) && v >= -0.5 - 1e-9 && v <= 1 + 1e-9) : rc != GENRE_EINVAL)
		fail_value("adjusted_rand", v, &st);
	genre_status_clear(&st);
	rc = genre_normalized_mutual_info(c, &v, &st);
	if (rc == GENRE_OK ? !(isfinite(v) && v >= -1e-9 && v <= 1 + 1e-9) : rc != GENRE_EINVAL)
		fail_value("normalized_mutual_info", v, &st);
	return;

reports:
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	rc = genre_confusion_json(c, &w, &st);
	/* documented refusals: an empty table, too many classes */
	if (rc != GENRE_OK && rc != GENRE_EBADDATA && rc != GENRE_ELIMIT)
		fail("confusion_json", &st);
	genre_writer_free(&w);
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	rc = genre_report_json(c, &w, &st);
	/* ... and a class named like a summary row */
	if (rc != GENRE_OK && rc != GENRE_EBADDATA && rc != GENRE_ELIMIT && rc != GENRE_EINVAL)
		fail("report_json", &st);
	genre_writer_free(&w);
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	rc = genre_plot_confusion(c, &w, &st);
	if (rc != GENRE_OK && rc != GENRE_ELIMIT && rc != GENRE_EINVAL)
		fail("plot_confusion", &st);
	genre_writer_free(&w);
}

/* Build a view of buf; 1 when it built (then *c must be freed). */
static int
view(const void *buf, size_t size, int shared, genre_contingency *c)
{
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	rc = genre_contingency_build(buf, size, shared, c, &st);
	if (rc == GENRE_OK)
	{
		use_view(c, shared);
		return 1;
	}
	if ((rc != GENRE_EBADDATA && rc != GENRE_ELIMIT) || st.message[0] == '\0')
		fail("build failed without EBADDATA", &st);
	return 0;
}

/* Merge src (a table, or with packed set its packed form) into a new empty table, growing it as asked; NULL when refused. */
static unsigned char *
copy_into_new(const void *src, size_t src_size, int packed, size_t *out_size)
{
	size_t		size = genre_ctab_initial_size();
	uint32_t	slots = 16;

	for (int attempt = 0; attempt < 4; attempt++)
	{
		unsigned char *dst = malloc(size);
		uint32_t	ns = 0;
		size_t		need = 0;
		int			rc;

		genre_ctab_init(dst, size, slots);
		rc = packed ? genre_ctab_unpack(dst, size, src, src_size, &ns, &need)
			: genre_ctab_merge(dst, size, src, src_size, &ns, &need);
		if (rc == 1)
		{
			*out_size = size;
			return dst;
		}
		free(dst);
		if (rc == -1)
			return NULL;
		if (need <= size && ns <= slots)
			fail("merge asked for no more room", NULL);
		size = need;
		slots = ns;
	}
	fail("merge never fit", NULL);
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf;
	genre_contingency c,
				m;
	unsigned char *copy;
	size_t		copy_size;
	int			built;

	if (size >= 4 && memcmp(data, "GCT1", 4) == 0)
	{
		buf = malloc(size);
		memcpy(buf, data, size);
	}
	else if ((buf = copy_into_new(data, size, 1, &size)) == NULL)
		return 0;				/* a packed form genre_ctab_unpack refused */
	(void) genre_ctab_npairs(buf, size);

	built = view(buf, size, 1, &c);
	copy = copy_into_new(buf, size, 0, &copy_size);
	if (built)
	{
		size_t		psize = genre_ctab_packed_size(buf, size);
		unsigned char *packed = malloc(psize ? psize : 1);

		/* the combine step keeps every pair of a table whose view builds */
		if (copy == NULL || !view(copy, copy_size, 1, &m))
			fail("a table whose view builds does not merge", NULL);
		same_view(&c, &m, "merged table differs from its source");
		genre_contingency_free(&m);
		free(copy);
		/* so does shipping it: packed, then unpacked into a fresh table */
		if (psize == 0)
			fail("a table whose view builds has no packed form", NULL);
		genre_ctab_pack(buf, size, packed, psize);
		copy = copy_into_new(packed, psize, 1, &copy_size);
		if (copy == NULL || !view(copy, copy_size, 1, &m))
			fail("the packed form of a table whose view builds does not unpack", NULL);
		same_view(&c, &m, "unpacked table differs from its source");
		genre_contingency_free(&m);
		genre_contingency_free(&c);
		free(packed);
	}
	free(copy);
	if (view(buf, size, 0, &c))
		genre_contingency_free(&c);

	/* one more pair, taken from the input's tail, added in place */
	if (size >= 4)
	{
		uint32_t	ns;
		size_t		need;
		size_t		alen = buf[size - 1] % 8,
					blen = buf[size - 2] % 8;

		if (genre_ctab_add(buf, size, (const char *) buf, alen, (const char *) buf + 1, blen,
						   1, &ns, &need) == 1 &&
			view(buf, size, 1, &c))
			genre_contingency_free(&c);
	}
	free(buf);
	return 0;
}
