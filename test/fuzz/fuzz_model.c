/*
 * fuzz_model.c - libFuzzer target: a serialised model (genre.model bytes)
 * through the envelope, the model-kind table (model_info and the kind's
 * loader), then the loaded model used for prediction (fuzz_check.h).
 *
 * The raw input is opened as it is (envelope checks); then a copy gets its
 * header's length and checksum recomputed, so mutations of the payload reach
 * the loaders instead of all stopping at the checksum.
 */
#include "fuzz_check.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put_u64(unsigned char *dst, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		dst[i] = (unsigned char) (v >> (8 * i));
}

/* Open data whole: on success the payload must lie inside it. */
static int
open_model(const unsigned char *data, size_t size, const genre_model_kind_ops **ops,
		   const unsigned char **payload, size_t *plen)
{
	genre_status st;
	genre_code	rc;

	genre_status_clear(&st);
	rc = genre_model_kind_open(data, size, ops, payload, plen, &st);
	if (rc != GENRE_OK)
	{
		fuzz_expect_bad(rc, &st, "open failed without EBADDATA");
		return 0;
	}
	if (*payload != data + GENRE_MODEL_HEADER_SIZE || *plen != size - GENRE_MODEL_HEADER_SIZE)
		fuzz_fail("open: payload outside the input", &st);
	if (genre_model_kind_find((*ops)->kind) != *ops)
		fuzz_fail("open: kind not found under its own number", &st);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;
	unsigned char *copy;
	genre_status st;
	genre_writer w;
	genre_code	rc;
	int			loaded;

	(void) open_model(data, size, &ops, &payload, &plen);
	if (size < GENRE_MODEL_HEADER_SIZE)
		return 0;

	copy = malloc(size);
	memcpy(copy, data, size);
	put_u64(copy + 8, size - GENRE_MODEL_HEADER_SIZE);
	put_u64(copy + 16, genre_checksum(copy + GENRE_MODEL_HEADER_SIZE, size - GENRE_MODEL_HEADER_SIZE));
	if (genre_model_header_checksum(copy, size) !=
		genre_checksum(copy + GENRE_MODEL_HEADER_SIZE, size - GENRE_MODEL_HEADER_SIZE))
		fuzz_fail("header checksum does not read back", NULL);
	if (!open_model(copy, size, &ops, &payload, &plen))
	{
		free(copy);
		return 0;
	}

	loaded = fuzz_model_payload(ops->kind, payload, plen);

	/* model_info through the table agrees with the kind's own loader */
	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	rc = genre_model_describe(copy, size, &w, &st);
	if ((rc == GENRE_OK) != loaded)
		fuzz_fail("model_info and the loader disagree", &st);
	if (rc == GENRE_OK)
		fuzz_check_json(&w);
	else
		fuzz_expect_bad(rc, &st, "model_info failed without EBADDATA");
	genre_writer_free(&w);
	free(copy);
	return 0;
}
