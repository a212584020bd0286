/*
 * votes.c - the soft vote over segments of a track: the proba_mean
 * aggregate (exact mean of predict_proba objects, ml/proba_mean.h) and
 * proba_argmax, the most probable class of one object.  The hard vote needs
 * nothing of ours: mode() WITHIN GROUP (ORDER BY predicted).
 *
 * The state is a flat state of the common header (agg_state.h) whose body
 * is the core's serialised accumulator (a few dozen bytes per class), read,
 * updated and written per row; its sums are exact, so the mean does not
 * depend on the row order or the parallel plan.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "ml/proba_mean.h"
#include "pg/agg_state.h"
#include "pg/errors.h"
#include "pg/proba_object.h"

PG_FUNCTION_INFO_V1(genre_proba_mean_trans);
PG_FUNCTION_INFO_V1(genre_proba_mean_combine);
PG_FUNCTION_INFO_V1(genre_proba_mean_final);
PG_FUNCTION_INFO_V1(genre_proba_argmax);

/* flat: a few dozen bytes per class, rewritten whole per row */
static const GenreStateFamily proba_mean_state = {
	GENRE_STATE_MAGIC('g', 'P', 'M', 'N'), 1, "proba_mean"
};

/*
 * Read state argument argno into m: the common header checked, then the
 * body by the core; 22P03 "invalid proba_mean state: ..." otherwise.
 */
static void
state_read(FunctionCallInfo fcinfo, int argno, genre_proba_mean *m)
{
	GenreStateArg a;
	genre_status st;

	genre_state_read(fcinfo, argno, &proba_mean_state, NULL, &a);
	genre_status_clear(&st);
	GENRE_CHECK_STATE(&st, proba_mean_state.name, genre_proba_mean_read(a.body, a.len, m, &st));
}

static bytea *
state_datum(const genre_proba_mean *m)
{
	genre_writer w;
	bytea	   *b;

	genre_writer_init(&w, 64 + (size_t) m->n_classes * 48);
	genre_proba_mean_write(m, &w);
	if (w.failed)
		genre_error_out_of_memory();
	b = genre_state_flat_new(&proba_mean_state, w.len, NULL);
	memcpy((char *) b + GENRE_STATE_HDRSZ, w.data, w.len);
	genre_writer_free(&w);
	return b;
}

/* Add one checked probability object to m; fname names the SQL function for errors. */
static void
add_object(genre_proba_mean *m, Jsonb *jb, const char *fname, uint64 row)
{
	GenreProbaObject o;
	genre_status st;

	genre_proba_object(jb, fname, "proba", row, &o);
	genre_status_clear(&st);
	if (genre_proba_mean_add(m, o.labels, o.lens, o.p, (uint32) o.k, &st) != GENRE_OK)
		genre_raise_in(fname, &st);
}

Datum
genre_proba_mean_trans(PG_FUNCTION_ARGS)
{
	genre_proba_mean m;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		genre_proba_mean_init(&m);
	else
		state_read(fcinfo, 0, &m);
	add_object(&m, PG_GETARG_JSONB_P(1), "proba_mean", m.rows + 1);
	PG_RETURN_BYTEA_P(state_datum(&m));
}

Datum
genre_proba_mean_combine(PG_FUNCTION_ARGS)
{
	genre_proba_mean a,
				b;
	genre_status st;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
		genre_proba_mean_init(&a);
	else
		state_read(fcinfo, 0, &a);
	if (!PG_ARGISNULL(1))
	{
		state_read(fcinfo, 1, &b);
		genre_status_clear(&st);
		if (genre_proba_mean_merge(&a, &b, &st) != GENRE_OK)
			genre_raise_in("proba_mean", &st);
	}
	PG_RETURN_BYTEA_P(state_datum(&a));
}

Datum
genre_proba_mean_final(PG_FUNCTION_ARGS)
{
	genre_proba_mean m;
	JsonbParseState *ps = NULL;
	JsonbValue *res;

	state_read(fcinfo, 0, &m);
	if (m.rows == 0)
		PG_RETURN_NULL();
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (uint32 c = 0; c < m.n_classes; c++)
	{
		JsonbValue	key,
					v;

		/* labels come from jsonb keys, but a state is untrusted */
		genre_state_check_label("proba_mean", m.labels[c], m.lens[c], 0);
		key.type = jbvString;
		key.val.string.val = m.labels[c];
		key.val.string.len = m.lens[c];
		pushJsonbValue(&ps, WJB_KEY, &key);
		/* the shortest decimal that reads back as the same float8 */
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in,
															CStringGetDatum(float8out_internal(genre_proba_mean_value(&m, c))),
															ObjectIdGetDatum(InvalidOid),
															Int32GetDatum(-1)));
		pushJsonbValue(&ps, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

Datum
genre_proba_argmax(PG_FUNCTION_ARGS)
{
	genre_proba_mean m;
	int64		best;

	/* the arg-max of the mean of one object: the same tie rule as the soft vote */
	genre_proba_mean_init(&m);
	add_object(&m, PG_GETARG_JSONB_P(0), "proba_argmax", 0);
	best = genre_proba_mean_argmax(&m);
	if (best < 0)
		elog(ERROR, "proba_argmax: no class in a checked object");
	PG_RETURN_TEXT_P(cstring_to_text_with_len(m.labels[best], m.lens[best]));
}
