/*
 * boosted.c - the train_boosted aggregate: (features, label) rows buffered
 * in a bytea state (pg/labeled_rows.h, as train_forest), the gradient-boosted
 * trees grown in the final (ml/boost.h).
 */
#include "postgres.h"

#include "utils/jsonb.h"

#include "ml/boost.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/labeled_rows.h"
#include "pg/model_type.h"
#include "pg/options.h"

PG_FUNCTION_INFO_V1(genre_train_boosted_trans);
PG_FUNCTION_INFO_V1(genre_train_boosted_combine);
PG_FUNCTION_INFO_V1(genre_train_boosted_final);

static const GenreStateFamily boosted_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'B', 'S', 'T'), 1, "train_boosted");

#define VALID_OPTIONS "rounds, learning_rate, max_depth, max_leaves, min_samples_leaf, l2, " \
	"max_bins, subsample, colsample, class_weight, early_stopping and seed"

/* Meta of the aggregate state: dimension, then the parsed options (zeroed padding). */
typedef struct BoostedMeta
{
	uint32		d;
	uint32		pad;
	genre_boost_options options;
} BoostedMeta;

/* ---- options: jsonb -> genre_boost_options, the core's names and ranges ---- */

/* A number in (0, 1] (upper_open: (0, 1)), or genre_option_error(expect). */
static double
fraction(const GenreOptions *opt, bool upper_open, const char *expect)
{
	double		f = genre_option_number(opt);

	if (!(f > 0 && (upper_open ? f < 1 : f <= 1)))
		genre_option_error(opt, expect);
	return f;
}

/* "early_stopping": true, false, null or {"validation_fraction": f, "patience": n}. */
static void
parse_early_stopping(GenreOptions *opt, genre_boost_options *o)
{
	GenreOptions sub;
	Jsonb	   *obj;

	if (opt->value.type == jbvNull)
	{
		o->early_stopping = 0;
		return;
	}
	if (opt->value.type == jbvBool)
	{
		o->early_stopping = opt->value.val.boolean ? 1 : 0;
		return;
	}
	obj = opt->value.type == jbvBinary ? JsonbValueToJsonb(&opt->value) : NULL;
	if (obj == NULL || !JB_ROOT_IS_OBJECT(obj))
		genre_option_error(opt, "a boolean or an object of validation_fraction and patience");
	o->early_stopping = 1;
	genre_options_begin(&sub, obj, opt->fname,
						"early_stopping.validation_fraction and early_stopping.patience");
	while (genre_options_next(&sub))
	{
		bool		is_fraction = genre_option_is(&sub, "validation_fraction");
		bool		is_patience = genre_option_is(&sub, "patience");

		/* errors name the nested option by its path */
		sub.key = psprintf("early_stopping.%s", sub.key);
		if (is_fraction)
			o->validation_fraction = fraction(&sub, true, "a number in (0, 1)");
		else if (is_patience)
			o->patience = (uint32) genre_option_int(&sub, 1, GENRE_BOOST_MAX_ROUNDS, NULL);
		else
			genre_options_unknown(&sub);
	}
}

static void
parse_options(Jsonb *jb, genre_boost_options *o)
{
	GenreOptions opt;
	genre_status st;

	genre_boost_options_default(o);
	if (jb == NULL)
		return;
	genre_options_begin(&opt, jb, "train_boosted", VALID_OPTIONS);
	while (genre_options_next(&opt))
	{
		if (genre_option_is(&opt, "rounds"))
			o->rounds = (uint32) genre_option_int(&opt, 1, GENRE_BOOST_MAX_ROUNDS, NULL);
		else if (genre_option_is(&opt, "learning_rate"))
			o->learning_rate = fraction(&opt, false, "a number in (0, 1]");
		else if (genre_option_is(&opt, "max_depth"))
			o->max_depth = opt.value.type == jbvNull ? 0 :
				(uint32) genre_option_int(&opt, 1, GENRE_BOOST_MAX_DEPTH,
										  psprintf("null or an integer between 1 and %d",
												   GENRE_BOOST_MAX_DEPTH));
		else if (genre_option_is(&opt, "max_leaves"))
			o->max_leaves = opt.value.type == jbvNull ? 0 :
				(uint32) genre_option_int(&opt, 2, GENRE_BOOST_MAX_LEAVES,
										  psprintf("null or an integer between 2 and %d",
												   GENRE_BOOST_MAX_LEAVES));
		else if (genre_option_is(&opt, "min_samples_leaf"))
			o->min_samples_leaf = (uint32) genre_option_int(&opt, 1, INT32_MAX, "a positive integer");
		else if (genre_option_is(&opt, "l2"))
		{
			double		l2 = genre_option_number(&opt);

			if (!(l2 >= 0 && l2 <= 1e12))
				genre_option_error(&opt, "a number between 0 and 1e12");
			o->l2 = l2;
		}
		else if (genre_option_is(&opt, "max_bins"))
			o->max_bins = (uint32) genre_option_int(&opt, 2, 255, NULL);
		else if (genre_option_is(&opt, "subsample"))
			o->subsample = fraction(&opt, false, "a number in (0, 1]");
		else if (genre_option_is(&opt, "colsample"))
			o->colsample = fraction(&opt, false, "a number in (0, 1]");
		else if (genre_option_is(&opt, "class_weight"))
		{
			if (opt.value.type == jbvNull || genre_option_string_is(&opt, "none"))
				o->class_weight_balanced = 0;
			else if (genre_option_string_is(&opt, "balanced"))
				o->class_weight_balanced = 1;
			else
				genre_option_error(&opt, "\"none\" or \"balanced\"");
		}
		else if (genre_option_is(&opt, "early_stopping"))
			parse_early_stopping(&opt, o);
		else if (genre_option_is(&opt, "seed"))
			o->seed = (uint64) genre_option_int(&opt, INT64_MIN, INT64_MAX, "an integer");
		else
			genre_options_unknown(&opt);
	}
	/* what no single option decides (max_leaves and max_depth both null) */
	genre_status_clear(&st);
	if (genre_boost_options_check(o, &st) != GENRE_OK)
		genre_raise_in("train_boosted", &st);
}

/* ---- the aggregate ---- */

Datum
genre_train_boosted_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, &boosted_state, "train_boosted");
	BoostedMeta meta;

	memset(&meta, 0, sizeof(meta));
	/* options are read once per state: they are the same for every row of a group */
	if (state == NULL)
		parse_options(PG_NARGS() < 4 || PG_ARGISNULL(3) ? NULL : PG_GETARG_JSONB_P(3),
					  &meta.options);
	state = genre_labeled_rows_add(fcinfo, &boosted_state, "train_boosted", state, 1, 2,
								   &meta, sizeof(meta));
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_train_boosted_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &boosted_state, "train_boosted", "features",
									 "options");
}

Datum
genre_train_boosted_final(PG_FUNCTION_ARGS)
{
	BoostedMeta meta;
	genre_dataset ds;
	genre_writer w;
	genre_status st;
	bytea	   *result;

	genre_labeled_rows_dataset(fcinfo, &boosted_state, "train_boosted", &meta, sizeof(meta), &ds);
	genre_status_clear(&st);
	/* the transition function checked them: other options mean a crafted state */
	if (meta.pad != 0 || genre_boost_options_check(&meta.options, &st) != GENRE_OK)
		genre_error_bad_state("train_boosted", "options out of range");
	genre_writer_init(&w, 1 << 16);
	if (genre_boost_train(&ds, &meta.options, &w, &st) != GENRE_OK)
		genre_raise_in("train_boosted", &st);
	result = genre_model_datum(&w);
	genre_writer_free(&w);
	genre_dataset_free(&ds);
	PG_RETURN_BYTEA_P(result);
}
