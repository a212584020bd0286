/*
 * contingency.c - the label-pair state that confusion_matrix,
 * classification_report, adjusted_rand_index, normalized_mutual_info and
 * plot_confusion share (contingency_trans, contingency_combine).
 *
 * Inside an aggregate the state is expanded (agg_state.h): the flat count
 * table of src/ml/contingency.h, updated in place with one hash lookup per
 * row and copied into a table twice as big when full.  Flattened, it is the
 * table's packed form (the pairs and their strings, no hash slots, no spare
 * capacity), validated whole by genre_ctab_unpack when it comes back.
 *
 * Rows where either label is NULL are skipped, like other SQL aggregates of
 * two arguments (corr, regr_*): count them apart if they matter.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "ml/contingency.h"
#include "pg/agg_state.h"
#include "pg/contingency.h"
#include "pg/errors.h"

PG_FUNCTION_INFO_V1(genre_contingency_trans);
PG_FUNCTION_INFO_V1(genre_contingency_combine);

/* The in-memory form: a flat table of size bytes (in the expanded state's context). */
typedef struct PairTable
{
	char	   *table;
	Size		size;
	MemoryContext cxt;
	Datum		datum;
} PairTable;

/* Bytes of the packed form of our table (a loop over the pairs that stops for a cancel). */
static Size
table_packed_size(const PairTable *t)
{
	Size		len = genre_ctab_packed_size(t->table, t->size);

	if (len == 0)
	{
		/* 0 is a cancel or a table we broke; it always has an 8-byte header */
		if (genre_interrupted())
			genre_state_canceled();
		elog(ERROR, "label-pair table is corrupt");
	}
	return len;
}

static Size
packed_size(void *mem)
{
	return table_packed_size(mem);
}

static void
write_packed(void *mem, char *body, Size len)
{
	PairTable  *t = mem;

	if (!genre_ctab_pack(t->table, t->size, body, len))
	{
		if (genre_interrupted())
			genre_state_canceled();
		elog(ERROR, "label-pair table does not pack into %zu bytes", len);
	}
}

static const GenreStateFamily pair_state = {
	GENRE_STATE_MAGIC('g', 'C', 'T', 'G'), 1,
	"label-pair",
	packed_size, write_packed
};

/* After growing to the size asked for, a table can only be full at its slot limit. */
static pg_attribute_noreturn() void
raise_too_many_pairs(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("more than 33554432 distinct label pairs in one group")));
}

/* The aggregate this call computes: "label-pair" would not say which one hit a limit. */
static const char *
aggregate_name(FunctionCallInfo fcinfo)
{
	return genre_aggregate_name(fcinfo, pair_state.name);
}

/* A new empty table of table_bytes and nslots slots in cxt; 54000 naming fname past the limit. */
static char *
table_new(MemoryContext cxt, Size table_bytes, uint32 nslots, const char *fname)
{
	char	   *t;

	if (table_bytes > MaxAllocSize)
		genre_error_over_state_limit(fname);
	t = genre_state_alloc0(cxt, table_bytes);
	genre_ctab_init(t, table_bytes, nslots);
	return t;
}

/* Copy t into a table of table_bytes and nslots slots. */
static void
table_regrow(PairTable *t, Size table_bytes, uint32 nslots, const char *fname)
{
	char	   *n = table_new(t->cxt, table_bytes, nslots, fname);
	int			rc = genre_ctab_copy(n, table_bytes, t->table, t->size);

	if (rc == GENRE_CTAB_CANCELED)
		genre_state_canceled();
	if (rc != 1)
		genre_error_bad_state(pair_state.name, "the table does not copy");
	pfree(t->table);
	t->table = n;
	t->size = table_bytes;
}

/* Add the pairs of a packed body to t, growing it as needed. */
static void
table_add_packed(PairTable *t, const char *body, Size len, const char *fname)
{
	uint32		nslots;
	size_t		need;
	int			rc = genre_ctab_unpack(t->table, t->size, body, len, &nslots, &need);

	if (rc == 0)
	{
		table_regrow(t, need, nslots, fname);
		rc = genre_ctab_unpack(t->table, t->size, body, len, &nslots, &need);
		if (rc == 0)
			raise_too_many_pairs();
	}
	if (rc == GENRE_CTAB_CANCELED)
		genre_state_canceled();
	if (rc != 1)
		genre_error_bad_state(fname, "the label pairs do not parse");
}

/* Add the pairs of table src to t, growing it as needed. */
static void
table_merge(PairTable *t, const PairTable *src, const char *fname)
{
	uint32		nslots;
	size_t		need;
	int			rc = genre_ctab_merge(t->table, t->size, src->table, src->size, &nslots, &need);

	if (rc == 0)
	{
		table_regrow(t, need, nslots, fname);
		rc = genre_ctab_merge(t->table, t->size, src->table, src->size, &nslots, &need);
		if (rc == 0)
			raise_too_many_pairs();
	}
	if (rc == GENRE_CTAB_CANCELED)
		genre_state_canceled();
	if (rc != 1)
		genre_error_bad_state(fname, "the table does not merge");
}

static void
check_limit(PairTable *t, const char *fname)
{
	if (table_packed_size(t) > genre_state_limit())
		genre_error_over_state_limit(fname);
}

/* A new expanded state with an empty table. */
static PairTable *
pairs_new(FunctionCallInfo fcinfo)
{
	MemoryContext cxt = genre_state_context(fcinfo);
	PairTable  *t = MemoryContextAlloc(cxt, sizeof(PairTable));

	t->cxt = cxt;
	t->size = genre_ctab_initial_size();
	t->table = table_new(cxt, t->size, 16, pair_state.name);
	t->datum = genre_state_expanded(cxt, &pair_state, t);
	return t;
}

/*
 * Argument 0 of the transition or combine function as a table to change:
 * NULL when it is NULL, our read/write state as it is, anything else
 * checked and copied into a new state.
 */
static PairTable *
pairs_arg0(FunctionCallInfo fcinfo)
{
	GenreStateArg a;
	PairTable  *t;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(0))
		return NULL;
	genre_state_read(fcinfo, 0, &pair_state, NULL, &a);
	if (a.mem && a.writable)
		return a.mem;
	t = pairs_new(fcinfo);
	if (a.mem)
		table_merge(t, a.mem, aggregate_name(fcinfo));
	else
		table_add_packed(t, a.body, a.len, aggregate_name(fcinfo));
	return t;
}

/* Label types of the function being called, from its own pg_proc entry. */
typedef struct LabelTypes
{
	Oid			fn_oid;
	Oid			type[2];
} LabelTypes;

/*
 * The declared types of arguments 1 and 2 of this overload.  Not from
 * fn_expr: Citus calls transition functions through an FmgrInfo that has
 * none.  Cached in fn_extra for the call site.
 */
static const Oid *
label_types(FunctionCallInfo fcinfo)
{
	LabelTypes *c = fcinfo->flinfo->fn_extra;
	HeapTuple	tp;
	Form_pg_proc proc;

	if (c && c->fn_oid == fcinfo->flinfo->fn_oid)
		return c->type;
	tp = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	proc = (Form_pg_proc) GETSTRUCT(tp);
	if (proc->pronargs != 3)
		elog(ERROR, "contingency_trans declared with %d arguments", proc->pronargs);
	c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(LabelTypes));
	c->fn_oid = fcinfo->flinfo->fn_oid;
	c->type[0] = proc->proargtypes.values[1];
	c->type[1] = proc->proargtypes.values[2];
	ReleaseSysCache(tp);
	fcinfo->flinfo->fn_extra = c;
	return c->type;
}

/* The label in argument argno (of the given type) as bytes: text as is, integers in decimal. */
static const char *
label_of(FunctionCallInfo fcinfo, int argno, Oid type, char *buf, size_t buflen, size_t *len)
{
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
	PairTable  *t = pairs_arg0(fcinfo);
	const Oid  *types;
	char		abuf[32],
				bbuf[32];
	const char *a,
			   *b;
	size_t		alen,
				blen,
				need;
	uint32		nslots;
	int			rc;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (t == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(t->datum);
	}
	types = label_types(fcinfo);
	a = label_of(fcinfo, 1, types[0], abuf, sizeof(abuf), &alen);
	b = label_of(fcinfo, 2, types[1], bbuf, sizeof(bbuf), &blen);
	if (t == NULL)
		t = pairs_new(fcinfo);

	rc = genre_ctab_add(t->table, t->size, a, alen, b, blen, 1, &nslots, &need);
	if (rc == 0)
	{
		const char *name = aggregate_name(fcinfo);

		table_regrow(t, need, nslots, name);
		rc = genre_ctab_add(t->table, t->size, a, alen, b, blen, 1, &nslots, &need);
		if (rc == 0)
			raise_too_many_pairs();
		check_limit(t, name);
	}
	if (rc != 1)
		genre_error_bad_state(pair_state.name, "the table does not take a pair");
	PG_RETURN_DATUM(t->datum);
}

Datum
genre_contingency_combine(PG_FUNCTION_ARGS)
{
	PairTable  *t;
	GenreStateArg src;
	const char *name;

	genre_require_aggregate(fcinfo, NULL);
	if (PG_ARGISNULL(1))
	{
		t = pairs_arg0(fcinfo);
		if (t == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(t->datum);
	}
	genre_state_read(fcinfo, 1, &pair_state, NULL, &src);
	t = pairs_arg0(fcinfo);
	if (t == NULL)
		t = pairs_new(fcinfo);
	if (src.mem == t)
		genre_error_bad_state(pair_state.name, "a state combined with itself");
	name = aggregate_name(fcinfo);
	if (src.mem)
		table_merge(t, src.mem, name);
	else
		table_add_packed(t, src.body, src.len, name);
	check_limit(t, name);
	PG_RETURN_DATUM(t->datum);
}

void
genre_contingency_view(FunctionCallInfo fcinfo, const char *fname, int shared,
					   genre_contingency *c, genre_status *st)
{
	GenreStateArg a;
	const char *table;
	Size		size;

	genre_state_read(fcinfo, 0, &pair_state, fname, &a);
	if (a.mem)
	{
		table = ((PairTable *) a.mem)->table;
		size = ((PairTable *) a.mem)->size;
	}
	else
	{
		/* a table of its own, read only by this call */
		PairTable	tmp;

		tmp.cxt = CurrentMemoryContext;
		tmp.size = genre_ctab_initial_size();
		tmp.table = table_new(tmp.cxt, tmp.size, 16, fname);
		table_add_packed(&tmp, a.body, a.len, fname);
		table = tmp.table;
		size = tmp.size;
	}
	genre_status_clear(st);
	GENRE_CHECK_STATE(st, fname, genre_contingency_build(table, size, shared, c, st));
	/* the labels come out in JSON, SVG and text: they must be text */
	for (uint32 i = 0; i < c->nrows; i++)
		genre_state_check_label(fname, c->row_label[i], c->row_len[i], 0);
	if (c->col_label != c->row_label)
		for (uint32 i = 0; i < c->ncols; i++)
			genre_state_check_label(fname, c->col_label[i], c->col_len[i], 0);
}
