/*
 * forest.c - the train_forest aggregate: (features, label) rows buffered
 * in a bytea state (pg/labeled_rows.h), the forest grown in the final.
 */
#include "postgres.h"

#include "utils/jsonb.h"

#include "ml/forest.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/labeled_rows.h"
#include "pg/model_type.h"
#include "pg/options.h"

PG_FUNCTION_INFO_V1(genre_train_forest_trans);
PG_FUNCTION_INFO_V1(genre_train_forest_combine);
PG_FUNCTION_INFO_V1(genre_train_forest_final);

#define FOREST_STATE_MAGIC 0x46524E47u	/* "GNRF" */

/* Meta of the aggregate state: dimension, then the parsed options (zeroed padding). */
typedef struct ForestMeta
{
	uint32		d;
	uint32		pad;
	genre_forest_options options;
} ForestMeta;

/* ---- options: jsonb -> genre_forest_options ---- */

static void
parse_options(Jsonb *jb, genre_forest_options *o)
{
	GenreOptions opt;

	genre_forest_options_default(o);
	if (jb == NULL)
		return;
	genre_options_begin(&opt, jb, "train_forest",
						"trees, max_depth, min_samples_leaf, max_features, class_weight, bootstrap and seed");
	while (genre_options_next(&opt))
	{
		if (genre_option_is(&opt, "trees"))
			o->trees = (uint32) genre_option_int(&opt, 1, GENRE_FOREST_MAX_TREES, NULL);
		else if (genre_option_is(&opt, "max_depth"))
			o->max_depth = opt.value.type == jbvNull ? 0 :
				(uint32) genre_option_int(&opt, 1, 100000, "null or an integer between 1 and 100000");
		else if (genre_option_is(&opt, "min_samples_leaf"))
			o->min_samples_leaf = (uint32) genre_option_int(&opt, 1, INT32_MAX, "a positive integer");
		else if (genre_option_is(&opt, "max_features"))
		{
			const char *expect = "\"sqrt\", \"log2\", null (all), a positive integer or a fraction in (0, 1]";

			if (opt.value.type == jbvNull)
				o->max_features = GENRE_MAXF_ALL;
			else if (genre_option_string_is(&opt, "sqrt"))
				o->max_features = GENRE_MAXF_SQRT;
			else if (genre_option_string_is(&opt, "log2"))
				o->max_features = GENRE_MAXF_LOG2;
			else if (opt.value.type != jbvNumeric)
				genre_option_error(&opt, expect);
			/* 2 is a count of features, 0.5 or 1.0 a fraction, as in scikit-learn */
			else if (genre_option_is_integer_literal(&opt))
			{
				o->max_features = GENRE_MAXF_COUNT;
				o->max_features_value = (double) genre_option_int(&opt, 1, 1000000000, expect);
			}
			else
			{
				double		f = genre_option_number(&opt);

				if (!(f > 0 && f <= 1))
					genre_option_error(&opt, expect);
				o->max_features = GENRE_MAXF_FRACTION;
				o->max_features_value = f;
			}
		}
		else if (genre_option_is(&opt, "class_weight"))
		{
			if (opt.value.type == jbvNull || genre_option_string_is(&opt, "none"))
				o->class_weight_balanced = 0;
			else if (genre_option_string_is(&opt, "balanced"))
				o->class_weight_balanced = 1;
			else
				genre_option_error(&opt, "\"none\" or \"balanced\"");
		}
		else if (genre_option_is(&opt, "bootstrap"))
			o->bootstrap = genre_option_bool(&opt) ? 1 : 0;
		else if (genre_option_is(&opt, "seed"))
			o->seed = (uint64) genre_option_int(&opt, INT64_MIN, INT64_MAX, "an integer");
		else
			genre_options_unknown(&opt);
	}
}

/* ---- the aggregate ---- */

Datum
genre_train_forest_trans(PG_FUNCTION_ARGS)
{
	GenreAggBuf *state;
	ForestMeta	meta;

	genre_require_aggregate(fcinfo, NULL);
	state = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), FOREST_STATE_MAGIC);
	memset(&meta, 0, sizeof(meta));
	/* options are read once per state: they are the same for every row of a group */
	if (state == NULL)
		parse_options(PG_NARGS() < 4 || PG_ARGISNULL(3) ? NULL : PG_GETARG_JSONB_P(3),
					  &meta.options);
	state = genre_labeled_rows_add(fcinfo, "train_forest", state, FOREST_STATE_MAGIC, 1, 2,
								   &meta, sizeof(meta));
	PG_RETURN_POINTER(state);
}

Datum
genre_train_forest_combine(PG_FUNCTION_ARGS)
{
	return genre_aggbuf_combine_args(fcinfo, FOREST_STATE_MAGIC, "train_forest", "features",
									 "options");
}

Datum
genre_train_forest_final(PG_FUNCTION_ARGS)
{
	ForestMeta	meta;
	genre_dataset ds;
	genre_writer w;
	genre_status st;
	bytea	   *result;

	genre_labeled_rows_dataset(PG_GETARG_DATUM(0), FOREST_STATE_MAGIC, &meta, sizeof(meta), &ds);
	genre_status_clear(&st);
	genre_writer_init(&w, 1 << 16);
	GENRE_CHECK(&st, genre_forest_train(&ds, &meta.options, &w, &st));
	result = genre_model_datum(&w);
	genre_writer_free(&w);
	genre_dataset_free(&ds);
	PG_RETURN_BYTEA_P(result);
}
