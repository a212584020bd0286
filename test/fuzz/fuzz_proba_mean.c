/*
 * fuzz_proba_mean.c - libFuzzer target: any bytes as the body of a
 * proba_mean aggregate state (ml/proba_mean.h), which comes back from a
 * bytea datum: what src/pg's common state validator (agg_state.h: magic,
 * version, used length) hands the core reader.  A body that reads must
 * write back to the same bytes, give means
 * in [0, 1] and an arg-max in range, and merge into a fresh state and with
 * itself (unless twice its rows pass the row limit, ELIMIT): a state merged
 * with itself has twice the rows and sums, so the very same means (the
 * sums are exact and the mean is rounded once).
 */
#include "base/alloc.h"
#include "base/bytes.h"
#include "base/status.h"
#include "ml/proba_mean.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const genre_status *st)
{
	fprintf(stderr, "fuzz_proba_mean: %s (code %d, \"%s\")\n", what,
			st ? (int) st->code : -1, st ? st->message : "");
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	genre_proba_mean m,
				copy;
	genre_status st;
	genre_writer w;
	int64_t		best;

	genre_status_clear(&st);
	if (genre_proba_mean_read(data, size, &m, &st) != GENRE_OK)
	{
		if (st.code != GENRE_EBADDATA || st.message[0] == '\0')
			fail("read failed without EBADDATA", &st);
		return 0;
	}
	genre_writer_init(&w, 0);
	genre_proba_mean_write(&m, &w);
	if (w.failed || w.len != size || memcmp(w.data, data, size) != 0)
		fail("a state that reads does not write back to the same bytes", NULL);
	genre_writer_free(&w);
	for (uint32_t c = 0; c < m.n_classes; c++)
	{
		double		v = genre_proba_mean_value(&m, c);

		if (!(v >= 0 && v <= 1))
			fail("mean out of [0, 1]", NULL);
	}
	best = genre_proba_mean_argmax(&m);
	if ((m.n_classes == 0) != (best < 0) || best >= (int64_t) m.n_classes)
		fail("arg-max out of range", NULL);

	genre_proba_mean_init(&copy);
	if (genre_proba_mean_merge(&copy, &m, &st) != GENRE_OK)
		fail("a valid state does not merge into an empty one", &st);
	if (genre_proba_mean_merge(&copy, &m, &st) != GENRE_OK)
	{
		/* twice a huge row count is past the limit of the rows: the one refusal allowed */
		if (st.code != GENRE_ELIMIT || m.rows <= (UINT64_MAX / 2) / 2)
			fail("a valid state does not merge with itself", &st);
		genre_proba_mean_free(&copy);
		genre_proba_mean_free(&m);
		return 0;
	}
	if (copy.rows != 2 * m.rows || copy.n_classes != m.n_classes)
		fail("merged counts", NULL);
	for (uint32_t c = 0; c < m.n_classes; c++)
		if (copy.lens[c] != m.lens[c] || memcmp(copy.labels[c], m.labels[c], m.lens[c]) != 0 ||
			genre_proba_mean_value(&copy, c) != genre_proba_mean_value(&m, c))
			fail("a state merged with itself changed a label or a mean", NULL);
	if (genre_proba_mean_argmax(&copy) != best)
		fail("a state merged with itself changed the arg-max", NULL);
	genre_proba_mean_free(&copy);
	genre_proba_mean_free(&m);
	return 0;
}
