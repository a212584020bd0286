/*
 * fuzz_contingency.c - libFuzzer target: any bytes as the flat pair table of
 * the contingency aggregates (ml/contingency.h), the state that comes back
 * from a bytea datum.  It is counted, added to, merged into a fresh table
 * and viewed (both ways), and the view goes through everything that reads
 * one: margins, ARI, NMI, confusion JSON, classification report, SVG plot.
 *
 * Differential check: when the input's view builds, merging it into an
 * empty table must succeed and give the same labels, cells and total.
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

/* Merge src into a new empty table, growing it as asked; NULL when refused. */
static unsigned char *
merged_copy(const void *src, size_t src_size, size_t *out_size)
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
		rc = genre_ctab_merge(dst, size, src, src_size, &ns, &need);
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
	unsigned char *buf = malloc(size ? size : 1);
	genre_contingency c,
				m;
	unsigned char *copy;
	size_t		copy_size;
	int			built;

	memcpy(buf, data, size);
	(void) genre_ctab_npairs(buf, size);

	built = view(buf, size, 1, &c);
	copy = merged_copy(buf, size, &copy_size);
	if (built)
	{
		/* the combine step keeps every pair of a table whose view builds */
		if (copy == NULL || !view(copy, copy_size, 1, &m))
			fail("a table whose view builds does not merge", NULL);
		if (m.nrows != c.nrows || m.ncells != c.ncells || m.total != c.total)
			fail("merged table differs from its source", NULL);
		for (uint32_t i = 0; i < c.ncells; i++)
			if (m.cell_row[i] != c.cell_row[i] || m.cell_col[i] != c.cell_col[i] ||
				m.cell_count[i] != c.cell_count[i])
				fail("merged cell differs from its source", NULL);
		genre_contingency_free(&m);
		genre_contingency_free(&c);
	}
	free(copy);
	if (view(buf, size, 0, &c))
		genre_contingency_free(&c);

	/* one more pair, taken from the input's tail, added in place */
	if (size >= 4)
	{
		uint32_t	ns;
		size_t		need;
		size_t		alen = data[size - 1] % 8,
					blen = data[size - 2] % 8;

		if (genre_ctab_add(buf, size, (const char *) data, alen, (const char *) data + 1, blen,
						   1, &ns, &need) == 1 &&
			view(buf, size, 1, &c))
			genre_contingency_free(&c);
	}
	free(buf);
	return 0;
}
