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
#include "pg/predict.h"
#include "pg/real_vector.h"

PG_FUNCTION_INFO_V1(genre_predict);
PG_FUNCTION_INFO_V1(genre_predict_proba);
PG_FUNCTION_INFO_V1(genre_predict_by_name);
PG_FUNCTION_INFO_V1(genre_feature_importance);

const float *
genre_classifier_input(const genre_classifier *c, ArrayType *a, const char *fname,
					   const char *model_name)
{
	int			n;
	const float *x;

	if (c->input == NULL)
		return genre_model_input(a, fname, "features", c->n_features);
	x = genre_real_vector(a, fname, "features", 0, &n);
	if ((uint32) n != c->n_features)
		genre_error_length_vs_recipe(fname, "features", n, c->n_features, model_name, c->input);
	return x;
}

void
genre_classifier_run(const genre_classifier *c, const float *x, double *p)
{
	genre_status st;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_classifier_proba(c, x, p, &st));
}

/* The most probable class (ties: the lowest index). */
static uint32
most_probable(const genre_classifier *c, const double *p)
{
	uint32		k = 0;

	for (uint32 j = 1; j < c->n_classes; j++)
		if (p[j] > p[k])
			k = j;
	return k;
}

text *
genre_proba_label(const genre_classifier *c, const double *p)
{
	uint32		k = most_probable(c, p);

	return cstring_to_text_with_len(c->class_names[k], c->class_lens[k]);
}

/* The predicted label as a new text value: a copy of the one the cache made. */
static text *
predict_text(const genre_cached_classifier *cc, ArrayType *a, const char *fname,
			 const char *model_name)
{
	const genre_classifier *c = &cc->view;
	const float *x = genre_classifier_input(c, a, fname, model_name);
	double		small[64];
	double	   *p = c->n_classes <= 64 ? small : palloc(c->n_classes * sizeof(double));
	const text *label;
	text	   *result;

	genre_classifier_run(c, x, p);
	label = cc->labels[most_probable(c, p)];
	result = palloc(VARSIZE(label));
	memcpy(result, label, VARSIZE(label));
	return result;
}

Datum
genre_predict(PG_FUNCTION_ARGS)
{
	const genre_cached_classifier *c = genre_classifier_fetch(fcinfo, 0, "predict");

	PG_RETURN_TEXT_P(predict_text(c, PG_GETARG_ARRAYTYPE_P(1), "predict", NULL));
}

Datum
genre_predict_by_name(PG_FUNCTION_ARGS)
{
	const genre_cached_classifier *c = genre_classifier_fetch_by_name(fcinfo, PG_GETARG_TEXT_PP(0),
																	  "predict");

	PG_RETURN_TEXT_P(predict_text(c, PG_GETARG_ARRAYTYPE_P(1), "predict",
								  text_to_cstring(PG_GETARG_TEXT_PP(0))));
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
	const float *x = genre_classifier_input(c, PG_GETARG_ARRAYTYPE_P(1), "predict_proba", NULL);
	void	  **extra = genre_model_site_extra(fcinfo);
	double	   *p = palloc(c->n_classes * sizeof(double));
	Numeric    *values = palloc(c->n_classes * sizeof(Numeric));
	Numeric    *displaced = palloc(c->n_classes * sizeof(Numeric));
	Jsonb	   *result;

	if (*extra == NULL)
		*extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ProbaSite));
	genre_classifier_run(c, x, p);
	for (uint32 i = 0; i < c->n_classes; i++)
		values[i] = proba_numeric(*extra, p[cc->jsonb_order[i]], fcinfo->flinfo->fn_mcxt,
								  &displaced[i]);
	if ((result = proba_object(cc, values)) == NULL)
		result = genre_proba_jsonb(c, p);
	for (uint32 i = 0; i < c->n_classes; i++)
		if (displaced[i])
			pfree(displaced[i]);
	PG_RETURN_JSONB_P(result);
}

/* The generic form: what proba_object builds directly, and what it falls back to. */
Jsonb *
genre_proba_jsonb(const genre_classifier *c, const double *p)
{
	JsonbParseState *ps = NULL;
	JsonbValue *res;

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
	return JsonbValueToJsonb(res);
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
