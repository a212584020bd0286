/*
 * errors.h - turn core status codes into PostgreSQL errors, and one helper
 * (one wording) per error condition of the bridge.
 *
 * Messages say where the value came from: "<fname>: <arg>" or, inside an
 * aggregate, "<fname>: <arg> of row <row>".  fname is the SQL function (the
 * aggregate, for its support functions; NULL for support functions shared
 * by several aggregates), arg the argument's SQL name ("features" for an
 * unnamed feature vector).  row is 1-based and counts the rows the state
 * has taken (rows the aggregate skips are not counted; in a parallel plan
 * each partial state counts its own); 0 outside aggregates.
 */
#ifndef GENRE_PG_ERRORS_H
#define GENRE_PG_ERRORS_H

#include "postgres.h"

#include "fmgr.h"

#include "base/status.h"

/* ereport(ERROR) with the SQLSTATE of st->code; never returns. */
extern void genre_raise(const genre_status *st) pg_attribute_noreturn();

/*
 * genre_raise with "<fname>: " before the core's message (a core that does
 * not know which SQL function called it); a cancel is raised unchanged.
 */
extern void genre_raise_in(const char *fname, const genre_status *st) pg_attribute_noreturn();

/* Raise when a core call did not return GENRE_OK. */
#define GENRE_CHECK(st, call) \
	do { \
		if ((call) != GENRE_OK) \
			genre_raise(st); \
	} while (0)

/*
 * GENRE_CHECK for a core call that reads an aggregate state: its
 * GENRE_EBADDATA becomes genre_error_bad_state(fname, <the core's message>).
 */
#define GENRE_CHECK_STATE(st, fname, call) \
	do { \
		if ((call) != GENRE_OK) \
			genre_raise_state(st, fname); \
	} while (0)
extern void genre_raise_state(const genre_status *st, const char *fname) pg_attribute_noreturn();

/*
 * "<fname>: <arg>" or "<fname>: <arg> of row <row>" (no "<fname>: " when
 * fname is NULL), palloc'ed: the start of every message below, for a
 * condition of a caller's own.
 */
extern char *genre_error_where(const char *fname, const char *arg, uint64 row);

/*
 * 0A000 "genre.<function> called in non-aggregate context" unless fcinfo is
 * an aggregate's call; *aggcxt (when not NULL) gets the aggregate context.
 */
extern void genre_require_aggregate(FunctionCallInfo fcinfo, MemoryContext *aggcxt);

/*
 * The aggregate a support function is computing, for the messages of a
 * state several aggregates share (a catalog lookup: call it when raising,
 * or once per call site); fallback outside an aggregate.  Two aggregates
 * of the same arguments in one query share one transition, and PostgreSQL
 * then gives one of them; an aggregate whose transition or combine
 * function is not this one (a wrapper such as Citus's worker_partial_agg)
 * gives fallback.
 */
extern const char *genre_aggregate_name(FunctionCallInfo fcinfo, const char *fallback);

/*
 * 22023: a vector of length len where the first row had first ("<where>
 * has length 3, but the first row has length 2"); row 0 (a combine
 * function, which sees no row): "<fname>: <arg> has length len in some
 * rows, but length first in others".
 */
extern void genre_error_length_vs_first(const char *fname, const char *arg, uint64 row,
										int64 len, int64 first) pg_attribute_noreturn();

/* 22023: "<fname>: <arg> has length len, but the model expects length want". */
extern void genre_error_length_vs_model(const char *fname, const char *arg, int64 len,
										int64 want) pg_attribute_noreturn();

/*
 * 22023, for a model that knows its input (a pipeline): "<fname>: <arg>
 * has len values, but model "<name>" expects want (<recipe>)"; "the
 * model" when name is NULL.
 */
extern void genre_error_length_vs_recipe(const char *fname, const char *arg, int64 len,
										 int64 want, const char *name,
										 const char *recipe) pg_attribute_noreturn();

/*
 * 22023: a NaN or infinite value: element (1-based) of an array argument
 * ("<where> has NaN at element 2"), or the scalar argument itself when
 * element is 0 ("<where> is NaN").
 */
extern void genre_error_non_finite(const char *fname, const char *arg, uint64 row,
								   int element, double value) pg_attribute_noreturn();

/* 22023: "<where> has a NULL at element <element>" (1-based). */
extern void genre_error_null_element(const char *fname, const char *arg, uint64 row,
									 int element) pg_attribute_noreturn();

/* 22023: "<where> must be one-dimensional, not <ndim>-dimensional". */
extern void genre_error_not_one_dimensional(const char *fname, const char *arg, uint64 row,
											int ndim) pg_attribute_noreturn();

/* 22023: "<where> must not be NULL". */
extern void genre_error_null_argument(const char *fname, const char *arg,
									  uint64 row) pg_attribute_noreturn();

/* 22023: "<fname>: <what> must be the same in every row" (k, options, a title). */
extern void genre_error_not_constant(const char *fname, const char *what) pg_attribute_noreturn();

/* 54000: "<where> has <n> <unit>, over the limit of <limit> <unit>". */
extern void genre_error_over_limit(const char *fname, const char *arg, uint64 row,
								   uint64 n, uint64 limit, const char *unit) pg_attribute_noreturn();

/*
 * 54000: "<fname>: <what> exceeds the 1 GB limit of a PostgreSQL value"
 * (fname may be NULL), with an optional detail and hint (NULL: none).
 */
extern void genre_error_over_value_limit(const char *fname, const char *what,
										 const char *detail, const char *hint) pg_attribute_noreturn();

/* 42809: "<fname> needs a <want> model, not a <got> model". */
extern void genre_error_wrong_kind(const char *fname, const char *want,
								   const char *got) pg_attribute_noreturn();

/*
 * 22P03: "invalid <fname> state: <reason>", a state that is not what our
 * functions write (fname: the aggregate, or the state family's name).
 */
extern void genre_error_bad_state(const char *fname, const char *fmt,...)
			pg_attribute_printf(2, 3) pg_attribute_noreturn();

/* 53200: "out of memory" (a core writer that could not grow). */
extern void genre_error_out_of_memory(void) pg_attribute_noreturn();

#endif
