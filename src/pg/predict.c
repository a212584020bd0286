/*
 * predict.c - prediction with a trained forest: predict, predict_proba,
 * predict by model name (read from genre.models once per call site) and
 * feature_importance.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "ml/forest.h"
#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_predict);
PG_FUNCTION_INFO_V1(genre_predict_proba);
PG_FUNCTION_INFO_V1(genre_predict_by_name);
PG_FUNCTION_INFO_V1(genre_feature_importance);

/* genre_model_loader for forests: also checks labels are valid in the database encoding. */
static void *
load_forest(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_forest *f = genre_forest_load(payload, len, st);

	if (f == NULL)
		return NULL;
	for (uint32 c = 0; c < f->n_classes; c++)
		if (!pg_verifymbstr(f->class_names[c], f->class_lens[c], true))
		{
			genre_forest_free(f);
			genre_fail(st, GENRE_EBADDATA, "invalid forest model: class label is not valid in the database encoding");
			return NULL;
		}
	return f;
}

static text *
predict_text(const genre_forest *f, ArrayType *a, const char *fname)
{
	const float *x = genre_model_input(a, fname, "features", f->n_features);
	double		small[64];
	double	   *scratch = f->n_classes <= 64 ? small : palloc(f->n_classes * sizeof(double));
	uint32		c = genre_forest_predict(f, x, scratch);

	return cstring_to_text_with_len(f->class_names[c], f->class_lens[c]);
}

Datum
genre_predict(PG_FUNCTION_ARGS)
{
	genre_forest *f = genre_model_fetch(fcinfo, 0, GENRE_MODEL_FOREST, load_forest);

	PG_RETURN_TEXT_P(predict_text(f, PG_GETARG_ARRAYTYPE_P(1), "predict"));
}

Datum
genre_predict_proba(PG_FUNCTION_ARGS)
{
	genre_forest *f = genre_model_fetch(fcinfo, 0, GENRE_MODEL_FOREST, load_forest);
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "predict_proba", "features",
									   f->n_features);
	double	   *p = palloc(f->n_classes * sizeof(double));
	JsonbParseState *ps = NULL;
	JsonbValue *res;

	genre_forest_proba(f, x, p);
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (uint32 c = 0; c < f->n_classes; c++)
	{
		JsonbValue	k,
					v;

		k.type = jbvString;
		k.val.string.val = f->class_names[c];
		k.val.string.len = f->class_lens[c];
		pushJsonbValue(&ps, WJB_KEY, &k);
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(p[c])));
		pushJsonbValue(&ps, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

/* What predict(model_name, ...) keeps per call site. */
typedef struct NamedCache
{
	char	   *name;
	genre_forest *forest;
	MemoryContext mcxt;
} NamedCache;

static genre_forest *
lookup_named(FunctionCallInfo fcinfo, text *name_t)
{
	NamedCache *cache = (NamedCache *) fcinfo->flinfo->fn_extra;
	char	   *name = text_to_cstring(name_t);
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	bool		isnull;
	Datum		d;
	bytea	   *m;
	MemoryContext old;
	genre_status st;
	const genre_model_kind_ops *ops;
	const unsigned char *payload;
	size_t		plen;
	genre_forest *f;

	if (cache && cache->forest && strcmp(cache->name, name) == 0)
		return cache->forest;
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(NamedCache));
		cache->mcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "genre named model",
											ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = cache;
	}
	cache->forest = NULL;
	MemoryContextReset(cache->mcxt);

	values[0] = PointerGetDatum(name_t);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT model FROM genre.models WHERE name = $1",
							  1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read genre.models");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("model \"%s\" does not exist in genre.models", name)));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("model \"%s\" in genre.models is NULL", name)));
	old = MemoryContextSwitchTo(cache->mcxt);
	m = PG_DETOAST_DATUM_COPY(d);
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_model_kind_open(VARDATA_ANY(m), VARSIZE_ANY_EXHDR(m), &ops,
										   &payload, &plen, &st));
	if (ops->kind != GENRE_MODEL_FOREST)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("model is a %s model, not a forest model", ops->name)));
	f = load_forest(payload, plen, &st);
	if (f == NULL)
		genre_raise(&st);
	cache->name = pstrdup(name);
	pfree(m);
	MemoryContextSwitchTo(old);
	SPI_finish();
	cache->forest = f;
	return f;
}

Datum
genre_predict_by_name(PG_FUNCTION_ARGS)
{
	genre_forest *f = lookup_named(fcinfo, PG_GETARG_TEXT_PP(0));

	PG_RETURN_TEXT_P(predict_text(f, PG_GETARG_ARRAYTYPE_P(1), "predict"));
}

Datum
genre_feature_importance(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	genre_forest *f;
	Datum	   *names = NULL;
	bool	   *nulls = NULL;
	int			nnames = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	f = genre_model_fetch(fcinfo, 0, GENRE_MODEL_FOREST, load_forest);
	if (!PG_ARGISNULL(1))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(1);

		if (ARR_NDIM(a) > 1)
			genre_error_not_one_dimensional("feature_importance", "names", 0, ARR_NDIM(a));
		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &nnames);
		if ((uint32) nnames != f->n_features)
			genre_error_length_vs_model("feature_importance", "names", nnames, f->n_features);
		for (int i = 0; i < nnames; i++)
			if (nulls[i])
				genre_error_null_element("feature_importance", "names", 0, i + 1);
	}
	for (uint32 i = 0; i < f->n_features; i++)
	{
		Datum		values[2];
		bool		isnull[2] = {false, false};

		values[0] = names ? names[i] : PointerGetDatum(cstring_to_text(psprintf("f%u", i + 1)));
		values[1] = Float8GetDatum(f->importances[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, isnull);
	}
	return (Datum) 0;
}
