/*
 * cluster_quality.c - how good a clustering is: the silhouette aggregate
 * (rows buffered in a bytea state: an int32 cluster then the float32
 * vector; scored in the final), and the finals of adjusted_rand_index and
 * normalized_mutual_info over the label-pair state (pg/contingency.h).
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/array.h"

#include "ml/agreement.h"
#include "ml/contingency.h"
#include "ml/silhouette.h"
#include "pg/agg_buffer.h"
#include "pg/contingency.h"
#include "pg/errors.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_silhouette_trans);
PG_FUNCTION_INFO_V1(genre_silhouette_combine);
PG_FUNCTION_INFO_V1(genre_silhouette_final);
PG_FUNCTION_INFO_V1(genre_adjusted_rand_index_final);
PG_FUNCTION_INFO_V1(genre_normalized_mutual_info_final);

static const GenreStateFamily silhouette_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'S', 'I', 'L'), 1, "silhouette");

Datum
genre_silhouette_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state;
	GenreRows	r = {0};
	const float *x;
	int			n;
	int32		cluster,
				dim;
	char	   *row;

	state = genre_rowbuf_arg0(fcinfo, &silhouette_state, "silhouette");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(state->datum);
	}
	if (state)
		genre_rowbuf_view(state, &r);
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), "silhouette", "features", r.nrows + 1, &n);
	cluster = PG_GETARG_INT32(2);
	if (state == NULL)
	{
		state = genre_rowbuf_create(fcinfo, &silhouette_state, &n, sizeof(int32));
		genre_rowbuf_view(state, &r);
	}
	if (r.meta_len != sizeof(int32))
		genre_error_bad_state("silhouette", "meta of %u bytes, expected 4", r.meta_len);
	memcpy(&dim, r.meta, sizeof(int32));
	if (n != dim)
		genre_error_length_vs_first("silhouette", "features", r.nrows + 1, n, dim);
	row = genre_rowbuf_add_row(state, sizeof(int32) + sizeof(float) * (Size) n, "silhouette");
	memcpy(row, &cluster, sizeof(int32));
	memcpy(row + sizeof(int32), x, sizeof(float) * (Size) n);
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_silhouette_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &silhouette_state, "silhouette", "features", NULL);
}

static int
cmp_row(const void *a, const void *b, void *arg)
{
	return memcmp(*(const char *const *) a, *(const char *const *) b, *(const Size *) arg);
}

Datum
genre_silhouette_final(PG_FUNCTION_ARGS)
{
	GenreRows	r;
	int32		dim;
	Size		rowlen;
	uint64		n;
	const char **order;
	float	   *x;
	int32	   *labels;
	double		score;
	genre_status st;

	genre_rowbuf_read(fcinfo, 0, &silhouette_state, "silhouette", &r);
	if (r.meta_len != sizeof(int32))
		genre_error_bad_state("silhouette", "meta of %u bytes, expected 4", r.meta_len);
	memcpy(&dim, r.meta, sizeof(int32));
	if (dim < 1 || dim > (int32) (MaxAllocSize / sizeof(float)))
		genre_error_bad_state("silhouette", "dimension %d", dim);
	rowlen = sizeof(int32) + sizeof(float) * (Size) dim;
	n = r.nrows;
	/* count x size against the bytes present, before any loop or allocation */
	if (n == 0 || n > r.rows_len / rowlen || n * rowlen != r.rows_len)
		genre_error_bad_state("silhouette", UINT64_FORMAT " rows of dimension %d in %zu bytes",
							  n, dim, r.rows_len);
	order = palloc_extended(n * sizeof(char *), MCXT_ALLOC_HUGE);
	for (uint64 i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		order[i] = r.rows + i * rowlen;
		genre_state_check_finite("silhouette", order[i] + sizeof(int32), dim, i + 1);
	}
	/* a canonical row order: the sums, and so the score, do not depend on the plan */
	qsort_arg(order, n, sizeof(char *), cmp_row, &rowlen);
	x = palloc_extended(n * sizeof(float) * (Size) dim, MCXT_ALLOC_HUGE);
	labels = palloc_extended(n * sizeof(int32), MCXT_ALLOC_HUGE);
	for (uint64 i = 0; i < n; i++)
	{
		memcpy(&labels[i], order[i], sizeof(int32));
		memcpy(x + i * dim, order[i] + sizeof(int32), sizeof(float) * (Size) dim);
	}
	pfree(order);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_silhouette(x, labels, n, dim, &score, &st));
	PG_RETURN_FLOAT8(score);
}

/* A final over the label-pair state whose result is the number score computes from it. */
static Datum
agreement_final(FunctionCallInfo fcinfo, const char *fname,
				genre_code (*score) (const genre_contingency *c, double *out, genre_status *st))
{
	genre_contingency c;
	genre_status st;
	double		v;

	genre_contingency_view(fcinfo, fname, 0, &c, &st);
	GENRE_CHECK(&st, score(&c, &v, &st));
	genre_contingency_free(&c);
	PG_RETURN_FLOAT8(v);
}

Datum
genre_adjusted_rand_index_final(PG_FUNCTION_ARGS)
{
	return agreement_final(fcinfo, "adjusted_rand_index", genre_adjusted_rand);
}

Datum
genre_normalized_mutual_info_final(PG_FUNCTION_ARGS)
{
	return agreement_final(fcinfo, "normalized_mutual_info", genre_normalized_mutual_info);
}
