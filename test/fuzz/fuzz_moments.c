/*
 * fuzz_moments.c - libFuzzer target: the moments of scaler_fit and pca_fit
 * (ml/moments.h): the exact-sums accumulator that comes back from a bytea
 * state, its combine step, the summary made from it and the final functions
 * that fit and serialise a model.
 *
 * Input: byte 0 dimension (1..6), byte 1 flags, byte 2 n_components, then:
 *  - flag 8: an accumulator (untrusted, as from a datum): checked; when it
 *    passes, merged into one built from fixed rows (flag 2) and summarised;
 *  - flag 4: float32 rows, added the trusted way;
 *  - else: the doubles of a summary.
 * Flag 1 is the full (covariance) form.  A final function that succeeds
 * must produce a model its own loader accepts and that transforms vectors
 * to finite values.
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

/* Make room in *buf for row x (or accumulator other) and add it. */
static void
add_row(void **buf, int dim, int full, const float *x)
{
	genre_msum_layout l;

	if (!genre_msum_fits_row(*buf, x, &l))
	{
		void	   *n = malloc(genre_msum_size(dim, full, &l, SIZE_MAX));

		genre_msum_relayout(n, &l, *buf);
		free(*buf);
		*buf = n;
	}
	genre_msum_add(*buf, x);
}

static void *
empty_sums(int dim, int full)
{
	genre_msum_layout l = {0, 0, 0, 0};
	void	   *buf = malloc(genre_msum_size(dim, full, &l, SIZE_MAX));

	genre_msum_init(buf, dim, full);
	return buf;
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
			   *cov;
	void	   *sums = NULL;
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
	cov = malloc((size_t) dim * dim * sizeof(double));
	if (data[1] & 8)
	{
		/* untrusted accumulator: whatever passes the check must merge and summarise */
		genre_msum_header h;

		/* aligned, as a state's body is */
		sums = malloc(size - 3 + 1);
		memcpy(sums, data + 3, size - 3);
		genre_status_clear(&st);
		if (genre_msum_check(sums, size - 3, 6, &st) != GENRE_OK)
		{
			if (st.code != GENRE_EBADDATA || st.message[0] == '\0')
				fuzz_fail("check failed without EBADDATA", &st);
			goto done;
		}
		memcpy(&h, sums, sizeof(h));
		dim = (int) h.dim;
		full = (int) h.full;
		nc = data[2] % (dim + 2);
		len = genre_moments_len(dim, full);
		a = realloc(a, len * sizeof(double));
		cov = realloc(cov, (size_t) dim * dim * sizeof(double));
		if (data[1] & 2)
		{
			void	   *t = empty_sums(dim, full);
			float		row[6] = {1.5f, -2.0f, 1e-30f, 3e38f, 0.0f, -7.25f};
			genre_msum_layout l;

			add_row(&t, dim, full, row);
			if (!genre_msum_fits_merge(t, sums, &l))
			{
				void	   *n = malloc(genre_msum_size(dim, full, &l, SIZE_MAX));

				genre_msum_relayout(n, &l, t);
				free(t);
				t = n;
			}
			genre_status_clear(&st);
			rc = genre_msum_merge(t, sums, &st);
			free(sums);
			sums = t;
			if (rc != GENRE_OK)
			{
				if ((rc != GENRE_EBADDATA && rc != GENRE_ELIMIT) || st.message[0] == '\0')
					fuzz_fail("merge failed without EBADDATA or ELIMIT", &st);
				goto done;
			}
		}
		genre_status_clear(&st);
		if (genre_msum_moments(sums, a, &st) != GENRE_OK)
		{
			if (st.code != GENRE_EBADDATA || st.message[0] == '\0')
				fuzz_fail("summary failed without EBADDATA", &st);
			goto done;
		}
	}
	else if (data[1] & 4)
	{
		/* trusted path: finite float32 rows, as the transition function adds them */
		genre_status_clear(&st);
		sums = empty_sums(dim, full);
		for (; pos + (size_t) dim * 4 <= size; pos += (size_t) dim * 4)
		{
			float		x[6];

			memcpy(x, data + pos, (size_t) dim * 4);
			for (int i = 0; i < dim; i++)
				if (!isfinite(x[i]))
					x[i] = 0;
			add_row(&sums, dim, full, x);
		}
		if (genre_msum_moments(sums, a, &st) != GENRE_OK)
		{
			/* only an accumulator without rows has no summary */
			genre_msum_header h;

			memcpy(&h, sums, sizeof(h));
			if (h.count != 0 || st.code != GENRE_EBADDATA)
				fuzz_fail("summary of trusted rows failed", &st);
			goto done;
		}
	}
	else
		take(a, len, data, size, &pos);
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
done:
	free(sums);
	free(a);
	free(cov);
	return 0;
}
