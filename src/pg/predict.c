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

/* The predicted label as a new text value: a copy of the one the cache made. */
static text *
predict_text(const genre_cached_classifier *cc, ArrayType *a, const char *fname)
{
	const genre_classifier *c = &cc->view;
	const float *x = genre_model_input(a, fname, "features", c->n_features);
	double		small[64];
	double	   *scratch = c->n_classes <= 64 ? small : palloc(c->n_classes * sizeof(double));
	uint32		k = genre_classifier_predict(c, x, scratch);
	const text *label = cc->labels[k];
	text	   *result = palloc(VARSIZE(label));

	memcpy(result, label, VARSIZE(label));
	return result;
}

Datum
genre_predict(PG_FUNCTION_ARGS)
{
	const genre_cached_classifier *c = genre_classifier_fetch(fcinfo, 0, "predict");

	PG_RETURN_TEXT_P(predict_text(c, PG_GETARG_ARRAYTYPE_P(1), "predict"));
}

Datum
genre_predict_by_name(PG_FUNCTION_ARGS)
{
	const genre_cached_classifier *c = genre_classifier_fetch_by_name(fcinfo, PG_GETARG_TEXT_PP(0),
																	  "predict");

	PG_RETURN_TEXT_P(predict_text(c, PG_GETARG_ARRAYTYPE_P(1), "predict"));
}

/*
 * Probabilities as jsonb numerics, remembered per call site: a forest's
 * probabilities are few distinct values (k / trees for pure leaves), and
 * float8_numeric (a printf) was most of predict_proba's time.
 */
#define PROBA_NUMERICS 1024

typedef struct ProbaSite
{
	uint64		bits[PROBA_NUMERICS];
	Numeric		value[PROBA_NUMERICS];
} ProbaSite;

/*
 * The numeric of p; a value it displaces goes to *displaced (freed by the
 * caller once the row's jsonb is built: the row may still point to it).
 */
static Numeric
proba_numeric(ProbaSite *ps, double p, MemoryContext mcxt, Numeric *displaced)
{
	uint64		bits;
	uint32		slot;
	MemoryContext old;

	memcpy(&bits, &p, sizeof(bits));
	slot = (uint32) ((bits * UINT64CONST(0x9E3779B97F4A7C15)) >> 54);
	*displaced = NULL;
	if (ps->value[slot] == NULL || ps->bits[slot] != bits)
	{
		*displaced = ps->value[slot];
		old = MemoryContextSwitchTo(mcxt);
		ps->value[slot] = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(p)));
		MemoryContextSwitchTo(old);
		ps->bits[slot] = bits;
	}
	return ps->value[slot];
}

/*
 * The jsonb object {label: probability} in jsonb's on-disk layout
 * (utils/jsonb.h; what JsonbValueToJsonb makes of it): the container
 * header, n key then n value JEntries (a length, or every
 * JB_OFFSET_STRIDE-th the end offset), the key bytes, then each numeric
 * aligned to 4 bytes (the padding counted in its entry).  Keys come in
 * jsonb's order (length, then bytes) and are unique, as the format wants.
 * NULL when the object would be too large for a JEntry: the generic path
 * then says so.
 */
static Jsonb *
proba_object(const genre_cached_classifier *cc, Numeric *values)
{
	const genre_classifier *c = &cc->view;
	uint32		n = c->n_classes;
	Size		head = VARHDRSZ + sizeof(uint32) + 2 * (Size) n * sizeof(JEntry);
	Size		size = head;
	Jsonb	   *jb;
	char	   *data;
	uint32		off = 0;

	for (uint32 i = 0; i < n; i++)
		size += c->class_lens[i];
	for (uint32 i = 0; i < n; i++)
		size = INTALIGN(size) + VARSIZE_ANY(values[i]);
	if (size - head > JENTRY_OFFLENMASK)
		return NULL;
	jb = palloc0(size);
	SET_VARSIZE(jb, size);
	jb->root.header = n | JB_FOBJECT;
	data = (char *) jb + head;
	for (uint32 i = 0; i < n; i++)
	{
		uint32		k = cc->jsonb_order[i];
		uint32		len = c->class_lens[k];

		memcpy(data + off, c->class_names[k], len);
		off += len;
		jb->root.children[i] = (i % JB_OFFSET_STRIDE) == 0 ? (off | JENTRY_HAS_OFF) : len;
	}
	for (uint32 i = 0; i < n; i++)
	{
		uint32		pad = INTALIGN(head + off) - (head + off);
		uint32		len = pad + VARSIZE_ANY(values[i]);

		memcpy(data + off + pad, values[i], VARSIZE_ANY(values[i]));
		off += len;
		jb->root.children[n + i] = JENTRY_ISNUMERIC |
			(((n + i) % JB_OFFSET_STRIDE) == 0 ? (off | JENTRY_HAS_OFF) : len);
	}
	Assert(head + off == size);
	return jb;
}

Datum
genre_predict_proba(PG_FUNCTION_ARGS)
{
	const genre_cached_classifier *cc = genre_classifier_fetch(fcinfo, 0, "predict_proba");
	const genre_classifier *c = &cc->view;
	const float *x = genre_model_input(PG_GETARG_ARRAYTYPE_P(1), "predict_proba", "features",
									   c->n_features);
	void	  **extra = genre_model_site_extra(fcinfo);
	double	   *p = palloc(c->n_classes * sizeof(double));
	Numeric    *values = palloc(c->n_classes * sizeof(Numeric));
	Numeric    *displaced = palloc(c->n_classes * sizeof(Numeric));
	Jsonb	   *result;

	if (*extra == NULL)
		*extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ProbaSite));
	c->proba(c->model, x, p);
	for (uint32 i = 0; i < c->n_classes; i++)
		values[i] = proba_numeric(*extra, p[cc->jsonb_order[i]], fcinfo->flinfo->fn_mcxt,
								  &displaced[i]);
	if ((result = proba_object(cc, values)) == NULL)
	{
		JsonbPair  *pairs = palloc(c->n_classes * sizeof(JsonbPair));
		JsonbValue	obj;

		for (uint32 i = 0; i < c->n_classes; i++)
		{
			pairs[i].key.type = jbvString;
			pairs[i].key.val.string.val = c->class_names[cc->jsonb_order[i]];
			pairs[i].key.val.string.len = c->class_lens[cc->jsonb_order[i]];
			pairs[i].value.type = jbvNumeric;
			pairs[i].value.val.numeric = values[i];
			pairs[i].order = i;
		}
		obj.type = jbvObject;
		obj.val.object.nPairs = c->n_classes;
		obj.val.object.pairs = pairs;
		result = JsonbValueToJsonb(&obj);
	}
	for (uint32 i = 0; i < c->n_classes; i++)
		if (displaced[i])
			pfree(displaced[i]);
	PG_RETURN_JSONB_P(result);
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
	c = &genre_classifier_fetch(fcinfo, 0, "feature_importance")->view;
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
