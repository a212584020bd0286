/*
 * roc.c - ROC-AUC and ROC curves of (actual class, probability object)
 * rows: the roc_auc and plot_roc aggregates (ml/roc.h, plot/roc.h).
 *
 * Rows are buffered in an agg_buffer state (rows with a NULL actual or
 * proba are skipped):
 *   u32 actual length, actual bytes, u32 k, k x (u32 length, label bytes, f64 p)
 * The final takes the classes from the probability objects (sorted by
 * bytes; a class missing from an object has probability 0 there), as
 * scikit-learn takes the columns of y_score, and every actual label must
 * be one of them.  The meta is the multi_class choice (roc_auc) or the
 * title (plot_roc).
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/jsonb.h"

#include "ml/proba_mean.h"
#include "ml/roc.h"
#include "pg/agg_buffer.h"
#include "pg/errors.h"
#include "pg/plot_title.h"
#include "pg/proba_object.h"
#include "pg/writer.h"
#include "plot/roc.h"

PG_FUNCTION_INFO_V1(genre_roc_auc_trans);
PG_FUNCTION_INFO_V1(genre_roc_auc_combine);
PG_FUNCTION_INFO_V1(genre_roc_auc_final);
PG_FUNCTION_INFO_V1(genre_plot_roc_trans);
PG_FUNCTION_INFO_V1(genre_plot_roc_combine);
PG_FUNCTION_INFO_V1(genre_plot_roc_final);

static const GenreStateFamily roc_auc_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'A', 'U', 'C'), 1, "roc_auc");
static const GenreStateFamily plot_roc_state =
	GENRE_ROWBUF_FAMILY(GENRE_STATE_MAGIC('g', 'R', 'O', 'C'), 1, "plot_roc");

/* ---- rows ---- */

/* Append the row of arguments 1 (actual) and 2 (proba) to state. */
static void
append_row(GenreRowBuf *state, FunctionCallInfo fcinfo, const char *fname)
{
	GenreRows	view;
	uint64		rowno;
	text	   *actual = PG_GETARG_TEXT_PP(1);
	uint32		alen = VARSIZE_ANY_EXHDR(actual);
	GenreProbaObject o;
	size_t		len;
	char	   *p;
	uint32		k;

	genre_rowbuf_view(state, &view);
	rowno = view.nrows + 1;
	if (alen > GENRE_PROBA_MAX_LABEL)
		genre_error_over_limit(fname, "actual", rowno, alen, GENRE_PROBA_MAX_LABEL, "bytes");
	genre_proba_object(PG_GETARG_JSONB_P(2), fname, "proba", rowno, &o);
	len = 4 + (size_t) alen + 4;
	for (int j = 0; j < o.k; j++)
		len += 4 + (size_t) o.lens[j] + 8;
	p = genre_rowbuf_add_row(state, len, fname);
	memcpy(p, &alen, 4);
	memcpy(p + 4, VARDATA_ANY(actual), alen);
	p += 4 + alen;
	k = (uint32) o.k;
	memcpy(p, &k, 4);
	p += 4;
	for (int j = 0; j < o.k; j++)
	{
		memcpy(p, &o.lens[j], 4);
		memcpy(p + 4, o.labels[j], o.lens[j]);
		memcpy(p + 4 + o.lens[j], &o.p[j], 8);
		p += 4 + o.lens[j] + 8;
	}
}

typedef struct RocLabel
{
	const char *s;
	uint32		len;
} RocLabel;

typedef struct RocRows
{
	size_t		n;
	uint32		n_classes;
	RocLabel   *classes;		/* sorted, unique */
	uint32	   *actual;			/* n */
	double	   *proba;			/* n x n_classes */
} RocRows;

static int
label_cmp(const void *a, const void *b)
{
	const RocLabel *x = a,
			   *y = b;
	int			c = memcmp(x->s, y->s, Min(x->len, y->len));

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* Read a u32 and a label of that length at rows[*pos..len); false when they do not fit. */
static bool
read_label(const char *rows, size_t len, size_t *pos, RocLabel *l)
{
	uint32		n;

	if (len - *pos < 4)
		return false;
	memcpy(&n, rows + *pos, 4);
	*pos += 4;
	if (n > GENRE_PROBA_MAX_LABEL || n > len - *pos)
		return false;
	l->s = rows + *pos;
	l->len = n;
	*pos += n;
	return true;
}

static uint32
class_index(const RocRows *r, const RocLabel *l)
{
	RocLabel   *hit = bsearch(l, r->classes, r->n_classes, sizeof(RocLabel), label_cmp);

	return hit ? (uint32) (hit - r->classes) : UINT32_MAX;
}

/*
 * Decode the rows of state into r: the classes (keys of every object), the
 * class index of each actual label and the probability matrix.  22P03 for
 * rows that do not parse (a crafted state); 22023 naming the label for an
 * actual class no object has, or a class no row is of.
 */
static void
decode_rows(const GenreRows *state, const char *fname, RocRows *r)
{
	size_t		len,
				pos = 0,
				nkeys = 0,
				cap = 64;
	const char *rows = state->rows;
	RocLabel   *keys;
	size_t	   *count;
	size_t		nv;

	memset(r, 0, sizeof(*r));
	len = state->rows_len;
	if (state->nrows > len / 8)
		genre_error_bad_state(fname, "rows do not parse");
	/* pass 1: check the layout and collect every key */
	keys = palloc_extended(cap * sizeof(RocLabel), MCXT_ALLOC_HUGE);
	for (uint64 i = 0; i < state->nrows; i++)
	{
		RocLabel	a;
		uint32		k;

		if (!read_label(rows, len, &pos, &a) || len - pos < 4)
			genre_error_bad_state(fname, "rows do not parse");
		genre_state_check_label(fname, a.s, a.len, i + 1);
		memcpy(&k, rows + pos, 4);
		pos += 4;
		if (k == 0 || k > GENRE_PROBA_MAX_CLASSES)
			genre_error_bad_state(fname, "rows do not parse");
		for (uint32 j = 0; j < k; j++)
		{
			double		p;

			if (nkeys == cap)
			{
				if (cap > MaxAllocHugeSize / (2 * sizeof(RocLabel)))
					genre_error_bad_state(fname, "rows do not parse");
				cap *= 2;
				keys = repalloc_huge(keys, cap * sizeof(RocLabel));
			}
			if (!read_label(rows, len, &pos, &keys[nkeys]) || len - pos < 8)
				genre_error_bad_state(fname, "rows do not parse");
			memcpy(&p, rows + pos, 8);
			pos += 8;
			if (!(p >= 0 && p <= 1))
				genre_error_bad_state(fname, "rows do not parse");
			nkeys++;
		}
		if ((i & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
	}
	if (pos != len)
		genre_error_bad_state(fname, "rows do not parse");
	r->n = state->nrows;
	if (r->n == 0)
		return;

	/* the classes: distinct keys in byte order */
	qsort(keys, nkeys, sizeof(RocLabel), label_cmp);
	for (size_t i = 0; i < nkeys; i++)
		if (r->n_classes == 0 || label_cmp(&keys[r->n_classes - 1], &keys[i]) != 0)
		{
			if (r->n_classes == GENRE_PROBA_MAX_CLASSES)
				genre_error_over_limit(fname, "proba", 0, (uint64) r->n_classes + 1,
									   GENRE_PROBA_MAX_CLASSES, "classes");
			keys[r->n_classes++] = keys[i];
		}
	/* as proba_mean's final checks its labels: the same message */
	for (uint32 c = 0; c < r->n_classes; c++)
		genre_state_check_label(fname, keys[c].s, keys[c].len, 0);
	r->classes = keys;

	/* pass 2: class indices and the probability matrix (missing classes 0) */
	if (r->n > MaxAllocHugeSize / sizeof(double) / r->n_classes)
		genre_error_over_value_limit(fname, "the probability matrix", NULL, NULL);
	nv = r->n * r->n_classes;
	r->actual = palloc_extended(r->n * sizeof(uint32), MCXT_ALLOC_HUGE);
	r->proba = palloc_extended(nv * sizeof(double), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	count = palloc0(r->n_classes * sizeof(size_t));
	pos = 0;
	for (size_t i = 0; i < r->n; i++)
	{
		RocLabel	a,
					l;
		uint32		k;

		read_label(rows, len, &pos, &a);
		if ((r->actual[i] = class_index(r, &a)) == UINT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: actual class \"%.*s\" of row %zu is not a class of the probability objects",
							fname, (int) Min(a.len, 64), a.s, i + 1),
					 errhint("Every actual label needs a probability: pass predict_proba of a model trained on all the classes.")));
		count[r->actual[i]]++;
		memcpy(&k, rows + pos, 4);
		pos += 4;
		for (uint32 j = 0; j < k; j++)
		{
			read_label(rows, len, &pos, &l);
			memcpy(&r->proba[i * r->n_classes + class_index(r, &l)], rows + pos, 8);
			pos += 8;
		}
		if ((i & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
	}
	for (uint32 c = 0; c < r->n_classes; c++)
		if (count[c] == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: class \"%.*s\" has probabilities but no row of it in actual",
							fname, (int) Min(r->classes[c].len, 64), r->classes[c].s),
					 errdetail("ROC-AUC is defined when every class of the probabilities is among the actual labels (scikit-learn's roc_auc_score)."),
					 errhint("Filter the probability objects to the classes present, or evaluate on rows of every class.")));
	pfree(count);
}

/* ---- roc_auc(actual, proba [, multi_class]) ---- */

/* The multi_class argument: 'ovr' or 'ovo'. */
static char
multi_class_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *t;
	const char *s;
	int			n;

	if (PG_NARGS() <= argno)
		return GENRE_ROC_OVR;
	if (PG_ARGISNULL(argno))
		genre_error_null_argument("roc_auc", "multi_class", 0);
	t = PG_GETARG_TEXT_PP(argno);
	s = VARDATA_ANY(t);
	n = VARSIZE_ANY_EXHDR(t);
	if (n == 3 && memcmp(s, "ovr", 3) == 0)
		return GENRE_ROC_OVR;
	if (n == 3 && memcmp(s, "ovo", 3) == 0)
		return GENRE_ROC_OVO;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("roc_auc: multi_class must be 'ovr' or 'ovo', not \"%.*s\"", Min(n, 64), s)));
	pg_unreachable();
}

Datum
genre_roc_auc_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, &roc_auc_state, "roc_auc");
	char		multi;

	multi = multi_class_arg(fcinfo, 3);
	if (state == NULL)
		state = genre_rowbuf_create(fcinfo, &roc_auc_state, &multi, 1);
	else
	{
		GenreRows	r;

		genre_rowbuf_view(state, &r);
		if (r.meta_len != 1)
			genre_error_bad_state("roc_auc", "meta of %u bytes, expected 1", r.meta_len);
		if (r.meta[0] != multi)
			genre_error_not_constant("roc_auc", "multi_class");
	}
	if (!(PG_ARGISNULL(1) || PG_ARGISNULL(2)))
		append_row(state, fcinfo, "roc_auc");
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_roc_auc_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &roc_auc_state, "roc_auc", NULL, "multi_class");
}

Datum
genre_roc_auc_final(PG_FUNCTION_ARGS)
{
	GenreRows	state;
	RocRows		r;
	genre_status st;
	double		auc;
	char		multi;

	genre_rowbuf_read(fcinfo, 0, &roc_auc_state, "roc_auc", &state);
	if (state.meta_len != 1)
		genre_error_bad_state("roc_auc", "meta of %u bytes, expected 1", state.meta_len);
	multi = state.meta[0];
	if (multi != GENRE_ROC_OVR && multi != GENRE_ROC_OVO)
		genre_error_bad_state("roc_auc", "multi_class %d", (int) multi);
	decode_rows(&state, "roc_auc", &r);
	if (r.n == 0)
		PG_RETURN_NULL();
	genre_status_clear(&st);
	if (genre_roc_auc(r.actual, r.proba, r.n, r.n_classes, (genre_roc_multi) multi, &auc,
					  &st) != GENRE_OK)
		genre_raise_in("roc_auc", &st);
	PG_RETURN_FLOAT8(auc);
}

/* ---- plot_roc(actual, proba [, title]): a titled state (pg/plot_title.h) ---- */

Datum
genre_plot_roc_trans(PG_FUNCTION_ARGS)
{
	GenreRowBuf *state = genre_plot_title_state(fcinfo, 3, &plot_roc_state, "plot_roc");

	if (!(PG_ARGISNULL(1) || PG_ARGISNULL(2)))
		append_row(state, fcinfo, "plot_roc");
	PG_RETURN_DATUM(state->datum);
}

Datum
genre_plot_roc_combine(PG_FUNCTION_ARGS)
{
	return genre_rowbuf_combine_args(fcinfo, &plot_roc_state, "plot_roc", NULL, "title");
}

Datum
genre_plot_roc_final(PG_FUNCTION_ARGS)
{
	GenreRows	state;
	size_t		tlen;
	const char *title;
	RocRows		r;
	genre_status st;
	genre_writer w;
	genre_roc_curve *curves;
	genre_plot_roc_class *cl;

	genre_rowbuf_read(fcinfo, 0, &plot_roc_state, "plot_roc", &state);
	title = genre_plot_title_of(&state, "plot_roc", &tlen);
	decode_rows(&state, "plot_roc", &r);
	if (r.n == 0)
		PG_RETURN_NULL();
	if (r.n_classes < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("plot_roc: ROC curves need at least two classes, the probabilities have one")));
	if (r.n_classes > GENRE_PLOT_ROC_MAX_CLASSES)
		genre_error_over_limit("plot_roc", "proba", 0, r.n_classes, GENRE_PLOT_ROC_MAX_CLASSES,
							   "classes");
	genre_status_clear(&st);
	curves = palloc0(r.n_classes * sizeof(genre_roc_curve));
	cl = palloc(r.n_classes * sizeof(genre_plot_roc_class));
	for (uint32 c = 0; c < r.n_classes; c++)
	{
		CHECK_FOR_INTERRUPTS();
		if (genre_roc_curve_of(r.actual, r.proba, r.n, r.n_classes, c, &curves[c], &st) != GENRE_OK)
			genre_raise_in("plot_roc", &st);
		cl[c].label = r.classes[c].s;
		cl[c].label_len = r.classes[c].len;
		cl[c].curve = &curves[c];
	}
	genre_writer_init(&w, 8192);
	GENRE_CHECK(&st, genre_plot_roc(cl, r.n_classes, title, tlen, &w, &st));
	PG_RETURN_TEXT_P(genre_writer_text(&w, "plot_roc", "plot", "Plot a sample of the rows."));
}
