/*
 * classify.c - models that know their input (ml/pipeline.h): pipeline()
 * stores a recipe with a classifier; classify() and classify_proba() apply
 * the whole recipe to audio (decode the recipe's window, features, each
 * step, the classifier, the vote over segments) in one call.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "audio/audio.h"
#include "features/summary.h"
#include "ml/pipeline.h"
#include "pg/audio_args.h"
#include "pg/backend_cache.h"
#include "pg/errors.h"
#include "pg/model_cache.h"
#include "pg/model_type.h"
#include "pg/options.h"
#include "pg/predict.h"

PG_FUNCTION_INFO_V1(genre_pipeline);
PG_FUNCTION_INFO_V1(genre_classify);
PG_FUNCTION_INFO_V1(genre_classify_by_name);
PG_FUNCTION_INFO_V1(genre_classify_proba);
PG_FUNCTION_INFO_V1(genre_classify_proba_by_name);

#define PIPELINE_OPTIONS "offset_s, duration_s, segment_s, vote and polynomial"

/*
 * pipeline(classifier, layout, options, steps): the recipe checked by the
 * core (widths, kinds, window) and stored with the models by value.
 */
Datum
genre_pipeline(PG_FUNCTION_ARGS)
{
	bytea	   *classifier = PG_GETARG_BYTEA_PP(0);
	char	   *layout = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Jsonb	   *opts = PG_GETARG_JSONB_P(2);
	ArrayType  *steps_a = PG_GETARG_ARRAYTYPE_P(3);
	genre_pipeline_spec spec;
	genre_pipeline_step_spec steps[GENRE_PIPELINE_MAX_STEPS + 1];
	GenreOptions o;
	int			polynomial = 0;
	bool		has_vote = false;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	genre_writer w;
	genre_status st;

	memset(&spec, 0, sizeof(spec));
	spec.layout = layout;
	spec.duration_s = -1.0;
	spec.vote = GENRE_VOTE_NONE;
	genre_options_begin(&o, opts, "pipeline", PIPELINE_OPTIONS);
	while (genre_options_next(&o))
	{
		if (genre_option_is(&o, "offset_s"))
			spec.offset_s = genre_option_number(&o);
		else if (genre_option_is(&o, "duration_s"))
			spec.duration_s = o.value.type == jbvNull ? -1.0 : genre_option_number(&o);
		else if (genre_option_is(&o, "segment_s"))
			spec.segment_s = genre_option_number(&o);
		else if (genre_option_is(&o, "vote"))
		{
			has_vote = true;
			if (genre_option_string_is(&o, "hard"))
				spec.vote = GENRE_VOTE_HARD;
			else if (genre_option_string_is(&o, "soft"))
				spec.vote = GENRE_VOTE_SOFT;
			else
				genre_option_error(&o, "\"hard\" or \"soft\"");
		}
		else if (genre_option_is(&o, "polynomial"))
			polynomial = (int) genre_option_int(&o, 1, 3, NULL);
		else
			genre_options_unknown(&o);
	}
	/* a vote needs segments; with segments the soft vote is the default */
	if (spec.segment_s > 0 && !has_vote)
		spec.vote = GENRE_VOTE_SOFT;
	if (spec.segment_s < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pipeline: option \"segment_s\" must be a number between %g and %g",
						GENRE_PIPELINE_MIN_SEGMENT, GENRE_PIPELINE_MAX_SEGMENT)));

	if (ARR_NDIM(steps_a) > 1)
		genre_error_not_one_dimensional("pipeline", "steps", 0, ARR_NDIM(steps_a));
	get_typlenbyvalalign(ARR_ELEMTYPE(steps_a), &typlen, &typbyval, &typalign);
	deconstruct_array(steps_a, ARR_ELEMTYPE(steps_a), typlen, typbyval, typalign,
					  &elems, &nulls, &n);
	if (n + (polynomial ? 1 : 0) > GENRE_PIPELINE_MAX_STEPS)
		genre_error_over_limit("pipeline", "steps", 0, n + (polynomial ? 1 : 0),
							   GENRE_PIPELINE_MAX_STEPS, "steps");
	for (int i = 0; i < n; i++)
	{
		bytea	   *m;

		if (nulls[i])
			genre_error_null_element("pipeline", "steps", 0, i + 1);
		m = DatumGetByteaPP(elems[i]);
		steps[i].type = GENRE_STEP_MODEL;
		steps[i].model = VARDATA_ANY(m);
		steps[i].model_len = VARSIZE_ANY_EXHDR(m);
	}
	/* the polynomial expansion comes after the model steps */
	if (polynomial)
	{
		steps[n].type = GENRE_STEP_POLYNOMIAL;
		steps[n].degree = polynomial;
		n++;
	}
	spec.n_steps = n;
	spec.steps = steps;
	spec.classifier = VARDATA_ANY(classifier);
	spec.classifier_len = VARSIZE_ANY_EXHDR(classifier);

	genre_status_clear(&st);
	genre_writer_init(&w, 0);
	GENRE_CHECK(&st, genre_pipeline_write(&spec, &w, &st));
	PG_RETURN_BYTEA_P(genre_model_datum(&w));
}

/*
 * Bytes the recipe holds for n samples: the features of the window, or
 * the whole window and one segment's features.
 */
static size_t
recipe_memory(const genre_pipeline_model *p, size_t n)
{
	size_t		segment = (size_t) (p->segment_s * GENRE_SAMPLE_RATE) + 1;

	if (p->segment_s > 0 && segment < n)
		return sizeof(float) * n + genre_features_memory(p->layout, segment);
	return genre_features_memory(p->layout, n);
}

/* The recipe applied to the audio in argument 0: class probabilities. */
static double *
classify_audio(const genre_pipeline_model *p, bytea *audio)
{
	GenreAudioWindow w;
	genre_signal sig;
	genre_status st;
	double	   *proba = palloc(p->inner.n_classes * sizeof(double));

	/* genre.max_memory from the header, before the decode */
	genre_pg_audio_window(audio, p->offset_s, p->duration_s >= 0, p->duration_s,
						  GENRE_SAMPLE_RATE, &w);
	genre_pg_audio_budget(&w, recipe_memory(p, w.samples), "classify's features");
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_audio_load(VARDATA_ANY(audio), VARSIZE_ANY_EXHDR(audio), p->offset_s,
									  p->duration_s, GENRE_SAMPLE_RATE, &sig, &st));
	genre_pg_signal_budget(&sig, recipe_memory(p, sig.n), "classify's features");
	GENRE_CHECK(&st, genre_pipeline_classify(p, genre_backend_cache(), sig.samples, sig.n,
											 sig.sample_rate, proba, NULL, &st));
	genre_signal_free(&sig);
	return proba;
}

Datum
genre_classify(PG_FUNCTION_ARGS)
{
	const genre_pipeline_model *p = genre_model_fetch(fcinfo, 1, GENRE_MODEL_PIPELINE, "classify");

	PG_RETURN_TEXT_P(genre_proba_label(&p->inner, classify_audio(p, PG_GETARG_BYTEA_PP(0))));
}

Datum
genre_classify_by_name(PG_FUNCTION_ARGS)
{
	const genre_pipeline_model *p = genre_model_fetch_by_name(fcinfo, PG_GETARG_TEXT_PP(1),
														GENRE_MODEL_PIPELINE, "classify");

	PG_RETURN_TEXT_P(genre_proba_label(&p->inner, classify_audio(p, PG_GETARG_BYTEA_PP(0))));
}

Datum
genre_classify_proba(PG_FUNCTION_ARGS)
{
	const genre_pipeline_model *p = genre_model_fetch(fcinfo, 1, GENRE_MODEL_PIPELINE, "classify_proba");

	PG_RETURN_JSONB_P(genre_proba_jsonb(&p->inner, classify_audio(p, PG_GETARG_BYTEA_PP(0))));
}

Datum
genre_classify_proba_by_name(PG_FUNCTION_ARGS)
{
	const genre_pipeline_model *p = genre_model_fetch_by_name(fcinfo, PG_GETARG_TEXT_PP(1),
														GENRE_MODEL_PIPELINE, "classify_proba");

	PG_RETURN_JSONB_P(genre_proba_jsonb(&p->inner, classify_audio(p, PG_GETARG_BYTEA_PP(0))));
}
