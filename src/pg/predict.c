/*
 * predict.c - prediction with a trained classifier of any kind (the
 * classifier view of ml/model_kinds.h): predict, predict_proba, predict by
 * model name (read from genre.models once per call site) and
 * feature_importance.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_predict);
PG_FUNCTION_INFO_V1(genre_predict_proba);
PG_FUNCTION_INFO_V1(genre_predict_by_name);
PG_FUNCTION_INFO_V1(genre_feature_importance);

static text *
predict_text(const genre_classifier *c, ArrayType *a, const char *fname)
{
	const float *x = genre_model_input(a, fname, "features", c->n_features);
	double		small[64];
	double	   *scratch = c->n_classes <= 64 ? small : palloc(c->n_classes * sizeof(double));
	uint32		k = genre_classifier_predict(c, x, scratch);

	return cstring_to_text_with_len(c->class_names[k], c->class_lens[k]);
}

Datum
genre_predict(PG_FUNCTION_ARGS)
{
	const genre_classifier *c = genre_classifier_fetch(fcinfo, 0, "predict");

	PG_RETURN_TEXT_P(predict_text(c, PG_GETARG_ARRAYTYPE_P(1), "predict"));
}

Datum
genre_predict_by_name(PG_FUNCTION_ARGS)
{
	const genre_classifier *c = genre_classifier_fetch_by_name(fcinfo, PG_GETARG_TEXT_PP(0),
															   "predict");

	PG_RETURN_TEXT_P(predict_text(c, PG_GETARG_ARRAYTYPE_P(1), "predict"));
}

Datum
genre_predict_proba(PG_FUNCTION_ARGS)
{
	const genre_classifier *c = genre_classifier_fetch(fcinfo, 0, "predict_proba");
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "predict_proba", "features",
									   c->n_features);
	double	   *p = palloc(c->n_classes * sizeof(double));
	JsonbParseState *ps = NULL;
	JsonbValue *res;

	c->proba(c->model, x, p);
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (uint32 k = 0; k < c->n_classes; k++)
	{
		JsonbValue	key,
					v;

		key.type = jbvString;
		key.val.string.val = c->class_names[k];
		key.val.string.len = c->class_lens[k];
		pushJsonbValue(&ps, WJB_KEY, &key);
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(p[k])));
		pushJsonbValue(&ps, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

Datum
genre_feature_importance(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const genre_classifier *c;
	Datum	   *names = NULL;
	bool	   *nulls = NULL;
	int			nnames = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	c = genre_classifier_fetch(fcinfo, 0, "feature_importance");
	if (!PG_ARGISNULL(1))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(1);

		if (ARR_NDIM(a) > 1)
			genre_error_not_one_dimensional("feature_importance", "names", 0, ARR_NDIM(a));
		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &nnames);
		if ((uint32) nnames != c->n_features)
			genre_error_length_vs_model("feature_importance", "names", nnames, c->n_features);
		for (int i = 0; i < nnames; i++)
			if (nulls[i])
				genre_error_null_element("feature_importance", "names", 0, i + 1);
	}
	for (uint32 i = 0; i < c->n_features; i++)
	{
		Datum		values[2];
		bool		isnull[2] = {false, false};

		values[0] = names ? names[i] : PointerGetDatum(cstring_to_text(psprintf("f%u", i + 1)));
		values[1] = Float8GetDatum(c->importances[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, isnull);
	}
	return (Datum) 0;
}
