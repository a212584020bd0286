/*
 * fuzz_umap.c - libFuzzer target: any bytes as a umap model payload (what
 * follows the envelope), straight into its loader and describer, then the
 * loaded model used to transform vectors of its length (fuzz_check.h).
 */
#include "fuzz_check.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_model_payload(GENRE_MODEL_UMAP, data, size);
	return 0;
}
