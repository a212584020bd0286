/*
 * test_base.c - byte reader/writer, model envelope and the model-kind table.
 */
#include "harness.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "ml/model.h"
#include "ml/model_kinds.h"

#include <string.h>

static void
test_roundtrip_numbers(void)
{
	genre_writer w;
	genre_reader r;

	genre_writer_init(&w, 0);
	genre_put_u8(&w, 7);
	genre_put_u16(&w, 65535);
	genre_put_i32(&w, -5);
	genre_put_u64(&w, 1234567890123ull);
	genre_put_f32(&w, 0.25f);
	genre_put_f64(&w, -1.5);
	CHECK(!w.failed);
	CHECK(w.len == 1 + 2 + 4 + 8 + 4 + 8);
	genre_reader_init(&r, w.data, w.len);
	CHECK(genre_get_u8(&r) == 7);
	CHECK(genre_get_u16(&r) == 65535);
	CHECK(genre_get_i32(&r) == -5);
	CHECK(genre_get_u64(&r) == 1234567890123ull);
	CHECK(genre_get_f32(&r) == 0.25f);
	CHECK(genre_get_f64(&r) == -1.5);
	CHECK(!r.failed);
	CHECK(genre_reader_remaining(&r) == 0);
	genre_writer_free(&w);
}

static void
test_reader_never_overreads(void)
{
	unsigned char buf[3] = {1, 2, 3};
	genre_reader r;

	genre_reader_init(&r, buf, sizeof(buf));
	CHECK(genre_get_u32(&r) == 0);
	CHECK(r.failed);
	/* sticky: even a read that would fit fails now */
	CHECK(genre_get_u8(&r) == 0);
	genre_reader_init(&r, buf, sizeof(buf));
	CHECK(genre_reader_can_read(&r, 3, 1));
	CHECK(!genre_reader_can_read(&r, 4, 1));
	CHECK(!genre_reader_can_read(&r, UINT64_MAX, 8));
}

static void
test_json_text(void)
{
	genre_writer w;

	genre_writer_init(&w, 0);
	genre_put_json_string(&w, "a\"b\\c\n", 6);
	genre_put_text(&w, ",");
	genre_put_json_number(&w, NAN);
	genre_put_text(&w, ",");
	genre_put_json_number(&w, 0.5);
	CHECK(genre_writer_cstring(&w));
	CHECK(strcmp((char *) w.data, "\"a\\\"b\\\\c\\u000a\",null,0.5") == 0);
	genre_writer_free(&w);
}

static void
test_model_envelope(void)
{
	genre_writer w;
	genre_status st;
	genre_model_kind kind;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;

	genre_writer_init(&w, 0);
	genre_model_begin(&w, GENRE_MODEL_SCALER);
	genre_put_u32(&w, 42);
	genre_model_finish(&w);
	genre_status_clear(&st);
	CHECK(genre_model_open(w.data, w.len, &kind, &payload, &plen, &st) == GENRE_OK);
	CHECK(kind == GENRE_MODEL_SCALER && plen == 4);
	CHECK(genre_model_kind_open(w.data, w.len, &ops, &payload, &plen, &st) == GENRE_OK);
	CHECK(ops->kind == GENRE_MODEL_SCALER && strcmp(ops->name, "scaler") == 0);

	/*
	 * every truncation and every single flipped bit is refused: by the
	 * envelope, or (a kind flipped into another known kind, which the
	 * checksum does not cover) by that kind's loader
	 */
	for (size_t n = 0; n < w.len; n++)
		CHECK(genre_model_kind_open(w.data, n, &ops, &payload, &plen, &st) == GENRE_EBADDATA);
	for (size_t i = 0; i < w.len; i++)
		for (int bit = 0; bit < 8; bit++)
		{
			w.data[i] ^= (unsigned char) (1 << bit);
			if (genre_model_kind_open(w.data, w.len, &ops, &payload, &plen, &st) == GENRE_OK)
			{
				CHECK(ops->kind != GENRE_MODEL_SCALER);
				CHECK(genre_model_load(w.data, w.len, &ops, &st) == NULL && st.code == GENRE_EBADDATA);
			}
			w.data[i] ^= (unsigned char) (1 << bit);
		}

	/* a number no kind has passes the envelope, not the table */
	w.data[6] = 9;
	CHECK(genre_model_open(w.data, w.len, &kind, &payload, &plen, &st) == GENRE_OK && kind == 9);
	genre_status_clear(&st);
	CHECK(genre_model_kind_open(w.data, w.len, &ops, &payload, &plen, &st) == GENRE_EBADDATA);
	CHECK(strcmp(st.message, "invalid model: unknown kind 9") == 0);
	CHECK(genre_model_load(w.data, w.len, &ops, &st) == NULL && st.code == GENRE_EBADDATA);
	genre_writer_free(&w);
}

/* Every kind is in the table once, under its own number, with every operation. */
static void
test_model_kinds_table(void)
{
	static const genre_model_kind kinds[] = {
		GENRE_MODEL_FOREST, GENRE_MODEL_KMEANS, GENRE_MODEL_PCA, GENRE_MODEL_SCALER,
		GENRE_MODEL_BOOSTED, GENRE_MODEL_UMAP, GENRE_MODEL_PIPELINE
	};
	static const char *const names[] = {"forest", "kmeans", "pca", "scaler", "boosted", "umap", "pipeline"};

	for (int i = 0; i < 7; i++)
	{
		const genre_model_kind_ops *ops = genre_model_kind_find(kinds[i]);

		CHECK(ops != NULL && ops->kind == kinds[i]);
		if (ops == NULL)
			continue;
		CHECK(strcmp(ops->name, names[i]) == 0 && strcmp(genre_model_kind_name(kinds[i]), names[i]) == 0);
		CHECK(ops->load && ops->free && ops->describe && ops->size);
		/* the tree models classify, and a pipeline through its classifier */
		CHECK((ops->classifier != NULL) ==
			  (kinds[i] == GENRE_MODEL_FOREST || kinds[i] == GENRE_MODEL_BOOSTED ||
			   kinds[i] == GENRE_MODEL_PIPELINE));
	}
	CHECK(genre_model_kind_find(0) == NULL && genre_model_kind_find(8) == NULL);
	CHECK(strcmp(genre_model_kind_name(0), "unknown") == 0);
}

static void
test_rng_deterministic(void)
{
	genre_rng	a,
				b;
	int			counts[3] = {0, 0, 0};

	genre_rng_seed(&a, 42);
	genre_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		CHECK(genre_rng_next(&a) == genre_rng_next(&b));
	/* splitmix64(0) is the published first output 0xe220a8397b1dcdaf */
	genre_rng_seed(&a, 0);
	CHECK(a.s[0] == 0xe220a8397b1dcdafull);
	for (int i = 0; i < 30000; i++)
	{
		double		d = genre_rng_double(&a);

		CHECK(d >= 0.0 && d < 1.0);
		counts[genre_rng_below(&a, 3)]++;
	}
	/* each of three values about 10000 times (binomial sd ~82) */
	for (int i = 0; i < 3; i++)
		CHECK(counts[i] > 9500 && counts[i] < 10500);
}

int
main(void)
{
	RUN(test_roundtrip_numbers);
	RUN(test_reader_never_overreads);
	RUN(test_json_text);
	RUN(test_model_envelope);
	RUN(test_model_kinds_table);
	RUN(test_rng_deterministic);
	HARNESS_END();
}
