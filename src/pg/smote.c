/*
 * smote.c - the genre.smote aggregate: buffered labelled rows in, an
 * array of genre.smote_row (label, features) synthetic rows out.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "ml/smote.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/labeled_rows.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_smote_trans);
PG_FUNCTION_INFO_V1(genre_smote_combine);
PG_FUNCTION_INFO_V1(genre_smote_final);

#define SMOTE_STATE_MAGIC 0x534D4F54u	/* "SMOT" */

typedef struct SmoteMeta
{
	uint32		d;
	uint32		k;
	int64		seed;
} SmoteMeta;

Datum
genre_smote_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;
	SmoteMeta	meta;

	genre_require_aggregate(fcinfo, NULL);
	state = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), SMOTE_STATE_MAGIC);
	memset(&meta, 0, sizeof(meta));
	if (state == NULL && PG_NARGS() < 5)
	{
		meta.k = 5;				/* the defaults of imbalanced-learn */
		meta.seed = 0;
	}
	else if (state == NULL)
	{
		if (PG_ARGISNULL(3))
			genre_error_null_argument("smote", "k", 1);
		if (PG_GETARG_INT32(3) < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("smote: k must be a positive integer, not %d", PG_GETARG_INT32(3))));
		if (PG_ARGISNULL(4))
			genre_error_null_argument("smote", "seed", 1);
		meta.k = (uint32) PG_GETARG_INT32(3);
		meta.seed = PG_GETARG_INT32(4);
	}
	state = genre_labeled_rows_add(fcinfo, "smote", state, SMOTE_STATE_MAGIC, 1, 2,
								   &meta, sizeof(meta));
	PG_RETURN_POINTER(state);
}

Datum
genre_smote_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, SMOTE_STATE_MAGIC, "smote", "features",
									 "k and seed");
}

/* The row type genre.smote_row. */
static TupleDesc
smote_row_desc(Oid *typid)
{
	Oid			nsp = get_namespace_oid("genre", false);

	*typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							 CStringGetDatum("smote_row"), ObjectIdGetDatum(nsp));
	if (!OidIsValid(*typid))
		elog(ERROR, "type genre.smote_row is missing");
	return lookup_rowtype_tupdesc_copy(*typid, -1);
}

Datum
genre_smote_final(PG_FUNCTION_ARGS)
{
	SmoteMeta	meta;
	uint32		d;
	genre_dataset ds;
	genre_smote_result res;
	genre_status st;
	Oid			rowtype;
	TupleDesc	desc;
	Datum	   *elems;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	ArrayType  *result;

	genre_labeled_rows_dataset(PG_GETARG_DATUM(0), SMOTE_STATE_MAGIC, &meta, sizeof(meta), &ds);
	d = ds.d;
	genre_status_clear(&st);
	/* the result is one array value: keep it well under the 1 GB limit */
	GENRE_CHECK(&st, genre_smote(&ds, meta.k, (uint64) meta.seed,
								 (MaxAllocSize / 2) / ((size_t) d * sizeof(float) + 64),
								 &res, &st));

	desc = smote_row_desc(&rowtype);
	elems = palloc_extended(Max(res.n, 1) * sizeof(Datum), MCXT_ALLOC_HUGE);
	for (size_t i = 0; i < res.n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		ArrayType  *fx = genre_real_array(res.x + i * d, d);

		values[0] = PointerGetDatum(cstring_to_text_with_len(ds.class_names[res.y[i]],
															 ds.class_lens[res.y[i]]));
		values[1] = PointerGetDatum(fx);
		elems[i] = HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
		pfree(fx);
	}
	get_typlenbyvalalign(rowtype, &typlen, &typbyval, &typalign);
	result = construct_array(elems, (int) res.n, rowtype, typlen, typbyval, typalign);
	genre_smote_result_free(&res);
	genre_dataset_free(&ds);
	PG_RETURN_ARRAYTYPE_P(result);
}
