/*
 * cluster_quality.c - how good a clustering is: the silhouette aggregate
 * (rows buffered in a bytea state: an int32 cluster then the float32
 * vector; scored in the final), and the finals of adjusted_rand_index and
 * normalized_mutual_info over the label-pair state (pg/contingency.h).
 */
#include "postgres.h"

#include "fmgr.h"
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

#define SILHOUETTE_MAGIC 0x53494C31u	/* "SIL1" */

Datum
genre_silhouette_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;
	const float *x;
	int			n;
	int32		cluster,
				dim;
	char	   *row;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	state = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), SILHOUETTE_MAGIC);
	x = genre_real_vector(PG_GETARG_ARRAYTYPE_P(1), "silhouette", "features",
						  state ? state->nrows + 1 : 1, &n);
	cluster = PG_GETARG_INT32(2);
	if (state == NULL)
		state = genre_aggbuf_create(SILHOUETTE_MAGIC, &n, sizeof(int32));
	if (state->meta_len != sizeof(int32))
		genre_error_bad_state();
	memcpy(&dim, genre_aggbuf_meta(state), sizeof(int32));
	if (n != dim)
		genre_error_length_vs_first("silhouette", "features", state->nrows + 1, n, dim);
	row = palloc(sizeof(int32) + sizeof(float) * (size_t) n);
	memcpy(row, &cluster, sizeof(int32));
	memcpy(row + sizeof(int32), x, sizeof(float) * (size_t) n);
	state = genre_aggbuf_append(state, row, sizeof(int32) + sizeof(float) * (size_t) n);
	pfree(row);
	PG_RETURN_POINTER(state);
}

Datum
genre_silhouette_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, SILHOUETTE_MAGIC, "silhouette", "features", NULL);
}

Datum
genre_silhouette_final(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state = genre_aggbuf_from_datum(PG_GETARG_DATUM(0), SILHOUETTE_MAGIC);
	int32		dim;
	size_t		len,
				rowlen,
				n = state->nrows;
	const char *rows = genre_aggbuf_rows(state, &len);
	float	   *x;
	int32	   *labels;
	double		score;
	genre_status st;

	if (state->meta_len != sizeof(int32))
		genre_error_bad_state();
	memcpy(&dim, genre_aggbuf_meta(state), sizeof(int32));
	rowlen = sizeof(int32) + sizeof(float) * (size_t) dim;
	if (dim < 1 || len != n * rowlen)
		genre_error_bad_state();
	x = palloc_extended(n * sizeof(float) * (size_t) dim + 1, MCXT_ALLOC_HUGE);
	labels = palloc_extended(n * sizeof(int32) + 1, MCXT_ALLOC_HUGE);
	for (size_t i = 0; i < n; i++)
	{
		memcpy(&labels[i], rows + i * rowlen, sizeof(int32));
		memcpy(x + i * dim, rows + i * rowlen + sizeof(int32), sizeof(float) * (size_t) dim);
	}
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_silhouette(x, labels, n, dim, &score, &st));
	PG_RETURN_FLOAT8(score);
}

/* A final over the label-pair state whose result is the number score computes from it. */
static Datum
agreement_final(FunctionCallInfo fcinfo,
				genre_code (*score) (const genre_contingency *c, double *out, genre_status *st))
{
	genre_contingency c;
	genre_status st;
	double		v;

	genre_contingency_view(fcinfo, 0, &c, &st);
	GENRE_CHECK(&st, score(&c, &v, &st));
	genre_contingency_free(&c);
	PG_RETURN_FLOAT8(v);
}

Datum
genre_adjusted_rand_index_final(PG_FUNCTION_ARGS)
{
	return agreement_final(fcinfo, genre_adjusted_rand);
}

Datum
genre_normalized_mutual_info_final(PG_FUNCTION_ARGS)
{
	return agreement_final(fcinfo, genre_normalized_mutual_info);
}
