/*
 * contingency.c - the label-pair state that confusion_matrix,
 * classification_report, adjusted_rand_index, normalized_mutual_info and
 * plot_confusion share (contingency_trans, contingency_combine): one bytea
 * state, the flat count table of src/ml/contingency.h, updated in place
 * (one hash lookup per row).
 *
 * Rows where either label is NULL are skipped, like other SQL aggregates of
 * two arguments (corr, regr_*): count them apart if they matter.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "base/bytes.h"
#include "ml/contingency.h"
#include "pg/agg_buffer.h"
#include "pg/contingency.h"
#include "pg/errors.h"

PG_FUNCTION_INFO_V1(genre_contingency_trans);
PG_FUNCTION_INFO_V1(genre_contingency_combine);

/* varlena header plus padding: the table starts 8 bytes in */
#define STATE_HDR 8

static inline char *
table_of(bytea *s)
{
	return (char *) s + STATE_HDR;
}

static inline size_t
table_size(const bytea *s)
{
	return VARSIZE(s) - STATE_HDR;
}

static bytea *
state_new(size_t table_bytes, uint32 nslots)
{
	bytea	   *s;

	if (table_bytes > MaxAllocSize - STATE_HDR)
		genre_error_over_value_limit(NULL, "the table of label pairs",
									 "The distinct (a, b) pairs of one group and their labels are kept in one value.",
									 NULL);
	s = palloc(STATE_HDR + table_bytes);
	SET_VARSIZE(s, STATE_HDR + table_bytes);
	memset(VARDATA(s), 0, STATE_HDR - VARHDRSZ);
	genre_ctab_init(table_of(s), table_bytes, nslots);
	return s;
}

/* After growing to the size asked for, a table can only be full at its slot limit. */
static pg_attribute_noreturn() void
raise_too_many_pairs(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("more than 33554432 distinct label pairs in one group")));
}

/* A state read from a datum: detoasted and at least as long as its header. */
static bytea *
state_from_datum(Datum d)
{
	bytea	   *s = (bytea *) PG_DETOAST_DATUM(d);

	if (VARSIZE(s) < STATE_HDR + 32)
		genre_error_bad_state();
	return s;
}

/* A copy of src in a table of table_bytes and nslots slots. */
static bytea *
state_regrow(bytea *src, size_t table_bytes, uint32 nslots)
{
	bytea	   *dst = state_new(table_bytes, nslots);

	if (genre_ctab_copy(table_of(dst), table_size(dst), table_of(src), table_size(src)) != 1)
		genre_error_bad_state();
	return dst;
}

/* The label in argument argno as bytes: text as is, integers in decimal. */
static const char *
label_of(FunctionCallInfo fcinfo, int argno, char *buf, size_t buflen, size_t *len)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, argno);
	const char *s;

	switch (type)
	{
		case INT4OID:
			*len = (size_t) snprintf(buf, buflen, "%d", PG_GETARG_INT32(argno));
			return buf;
		case INT8OID:
			*len = (size_t) snprintf(buf, buflen, INT64_FORMAT, PG_GETARG_INT64(argno));
			return buf;
		case INT2OID:
			*len = (size_t) snprintf(buf, buflen, "%d", (int) PG_GETARG_INT16(argno));
			return buf;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			{
				text	   *t = PG_GETARG_TEXT_PP(argno);

				s = VARDATA_ANY(t);
				*len = VARSIZE_ANY_EXHDR(t);
				break;
			}
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("labels must be text or integers")));
	}
	/* shared by several aggregates that name their labels differently */
	if (*len > GENRE_CTAB_MAX_LABEL)
		genre_error_over_limit(NULL, "label", 0, *len, GENRE_CTAB_MAX_LABEL, "bytes");
	return s;
}

Datum
genre_contingency_trans(PG_FUNCTION_ARGS)
{
	bytea	   *state;
	char		abuf[32],
				bbuf[32];
	const char *a,
			   *b;
	size_t		alen,
				blen,
				need;
	uint32		nslots;
	int			rc;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = label_of(fcinfo, 1, abuf, sizeof(abuf), &alen);
	b = label_of(fcinfo, 2, bbuf, sizeof(bbuf), &blen);
	if (PG_ARGISNULL(0))
		state = state_new(genre_ctab_initial_size(), 16);
	else
		state = state_from_datum(PG_GETARG_DATUM(0));

	rc = genre_ctab_add(table_of(state), table_size(state), a, alen, b, blen, 1,
						&nslots, &need);
	if (rc == 0)
	{
		state = state_regrow(state, need, nslots);
		rc = genre_ctab_add(table_of(state), table_size(state), a, alen, b, blen, 1,
							&nslots, &need);
		if (rc == 0)
			raise_too_many_pairs();
	}
	if (rc != 1)
		genre_error_bad_state();
	PG_RETURN_BYTEA_P(state);
}

Datum
genre_contingency_combine(PG_FUNCTION_ARGS)
{
	bytea	   *s1,
			   *s2;
	size_t		need;
	uint32		nslots;
	int			rc;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s2 = state_from_datum(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
	{
		/* a fresh copy: state2 belongs to someone else; copying also checks it */
		uint32		n = genre_ctab_npairs(table_of(s2), table_size(s2));

		nslots = 16;
		while (nslots / 2 < n)
			nslots *= 2;
		PG_RETURN_BYTEA_P(state_regrow(s2, genre_ctab_size(nslots, table_size(s2)), nslots));
	}
	s1 = state_from_datum(PG_GETARG_DATUM(0));
	rc = genre_ctab_merge(table_of(s1), table_size(s1), table_of(s2), table_size(s2),
						  &nslots, &need);
	if (rc == 0)
	{
		s1 = state_regrow(s1, need, nslots);
		rc = genre_ctab_merge(table_of(s1), table_size(s1), table_of(s2), table_size(s2),
							  &nslots, &need);
		if (rc == 0)
			raise_too_many_pairs();
	}
	if (rc != 1)
		genre_error_bad_state();
	PG_RETURN_BYTEA_P(s1);
}

void
genre_contingency_view(FunctionCallInfo fcinfo, int shared, genre_contingency *c, genre_status *st)
{
	bytea	   *s = state_from_datum(PG_GETARG_DATUM(0));

	genre_status_clear(st);
	GENRE_CHECK(st, genre_contingency_build(table_of(s), table_size(s), shared, c, st));
}
