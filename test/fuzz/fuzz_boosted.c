/*
 * fuzz_boosted.c - libFuzzer target: any bytes as a boosted model payload
 * (what follows the envelope), straight into its loader and describer, then
 * the loaded model used with vectors of its length (fuzz_check.h).
 */
#include "fuzz_check.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_model_payload(GENRE_MODEL_BOOSTED, data, size);
	return 0;
}
