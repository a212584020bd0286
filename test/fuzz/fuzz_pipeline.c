/*
 * fuzz_pipeline.c - libFuzzer target: any bytes as a pipeline model payload
 * (what follows the envelope), straight into its loader (which loads every
 * embedded model) and describer, then used as a classifier with vectors of
 * its recipe's length (fuzz_check.h).
 */
#include "fuzz_check.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_model_payload(GENRE_MODEL_PIPELINE, data, size);
	return 0;
}
