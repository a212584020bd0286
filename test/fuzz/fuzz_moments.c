/*
 * fuzz_moments.c - libFuzzer target: the moments accumulator of scaler_fit
 * and pca_fit (ml/moments.h), which comes back from a bytea state, through
 * the combine step and the final functions that fit and serialise a model.
 *
 * Input: byte 0 dimension (1..6), byte 1 flags (bit 0 full covariance, bit 1
 * combine with a second state, bit 2 build the state from float32 rows the
 * trusted way instead), byte 2 n_components, then the doubles of the state
 * (or the rows).  A final function that succeeds must produce a model its
 * own loader accepts and that transforms vectors to finite values.
 */
#include "fuzz_check.h"
#include "ml/moments.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* n doubles from the input at *pos (zeros past its end). */
static void
take(double *v, size_t n, const uint8_t *data, size_t size, size_t *pos)
{
	size_t		want = n * sizeof(double),
				have = *pos < size ? size - *pos : 0;

	memset(v, 0, want);
	memcpy(v, data + *pos, have < want ? have : want);
	*pos += want;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			dim,
				full,
				nc;
	size_t		len,
				pos = 3;
	double	   *a,
			   *b,
			   *cov;
	genre_writer w;
	genre_status st;
	genre_code	rc;
	genre_model_kind kind;
	const unsigned char *payload;
	size_t		plen;

	if (size < 3)
		return 0;
	dim = 1 + data[0] % 6;
	full = data[1] & 1;
	nc = data[2] % (dim + 2);	/* 0 and dim + 1 are out of range */
	len = genre_moments_len(dim, full);
	a = malloc(len * sizeof(double));
	b = malloc(len * sizeof(double));
	cov = malloc((size_t) dim * dim * sizeof(double));
	if (data[1] & 4)
	{
		/* trusted path: finite float32 rows, as the transition function adds them */
		genre_moments_init(a, dim, full);
		for (; pos + (size_t) dim * 4 <= size; pos += (size_t) dim * 4)
		{
			float		x[6];

			memcpy(x, data + pos, (size_t) dim * 4);
			for (int i = 0; i < dim; i++)
				if (!isfinite(x[i]))
					x[i] = 0;
			genre_moments_add(a, dim, full, x);
		}
	}
	else
	{
		take(a, len, data, size, &pos);
		if (data[1] & 2)
		{
			take(b, len, data, size, &pos);
			genre_moments_merge(a, b, dim, full);
		}
	}
	if (a[0] > 1)
		genre_moments_covariance(a, dim, full, 1, cov);

	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	rc = full ? genre_pca_write(a, dim, nc, &w, &st) : genre_scaler_write(a, dim, &w, &st);
	if (rc == GENRE_OK)
	{
		genre_status_clear(&st);
		if (genre_model_open(w.data, w.len, &kind, &payload, &plen, &st) != GENRE_OK ||
			kind != (full ? GENRE_MODEL_PCA : GENRE_MODEL_SCALER))
			fuzz_fail("final function wrote a model that does not open", &st);
		if (!fuzz_model_payload(kind, payload, plen))
			fuzz_fail("final function wrote a model its loader refuses", &fuzz_load_status);
	}
	else if ((rc != GENRE_EINVAL && rc != GENRE_EBADDATA) || st.message[0] == '\0')
		fuzz_fail("final function failed without EINVAL or EBADDATA", &st);
	genre_writer_free(&w);
	free(a);
	free(b);
	free(cov);
	return 0;
}
