-- Issue 12, 1: the contingency aggregates (confusion_matrix,
-- classification_report, adjusted_rand_index, normalized_mutual_info,
-- plot_confusion) when their transition function is called the way Citus's
-- worker_partial_agg calls it: through an FmgrInfo of its own, with no
-- fn_expr (get_fn_expr_argtype then knows nothing), inside the aggregate's
-- context.  test/pg/fmgr_probe.so (a test-only module) makes that call.
\getenv abs_srcdir PG_ABS_SRCDIR
\set probe :abs_srcdir '/test/pg/fmgr_probe.so'
CREATE FUNCTION pg_temp.fmgr_probe_trans(bytea, regprocedure, "any", "any") RETURNS bytea
    AS :'probe', 'fmgr_probe_trans' LANGUAGE C;
CREATE AGGREGATE pg_temp.no_fn_expr(regprocedure, "any", "any")
    (SFUNC = pg_temp.fmgr_probe_trans, STYPE = bytea);

CREATE TEMP TABLE pairs (actual text, predicted text, a int, b int);
INSERT INTO pairs VALUES
    ('rock', 'rock', 1, 1), ('rock', 'jazz', 1, 2), ('jazz', 'jazz', 2, 2),
    ('jazz', 'jazz', 2, 2), ('blues', 'rock', 3, 1), (NULL, 'rock', NULL, 1);

-- text labels: the matrix is the aggregate's own (NULL pairs skipped)
SELECT genre.confusion_matrix_final(
           pg_temp.no_fn_expr('genre.contingency_trans(bytea, text, text)', actual, predicted)) AS no_fn_expr,
       genre.confusion_matrix(actual, predicted) AS aggregate
  FROM pairs;

-- integer labels and mixed labels: the overload's declared types, from pg_proc
-- (scikit-learn: adjusted_rand_score 0.090909, normalized_mutual_info_score 0.458065)
SELECT round(genre.adjusted_rand_index_final(
           pg_temp.no_fn_expr('genre.contingency_trans(bytea, int, int)', a, b))::numeric, 6) AS ari_no_fn_expr,
       round(genre.adjusted_rand_index(a, b)::numeric, 6) AS ari,
       round(genre.normalized_mutual_info_final(
           pg_temp.no_fn_expr('genre.contingency_trans(bytea, int, text)', a, predicted))::numeric, 6) AS nmi_no_fn_expr,
       round(genre.normalized_mutual_info(a, predicted)::numeric, 6) AS nmi
  FROM pairs;
SELECT genre.classification_report_final(
           pg_temp.no_fn_expr('genre.contingency_trans(bytea, text, text)', actual, predicted))
       = genre.classification_report(actual, predicted) AS report_same,
       genre.plot_confusion_final(
           pg_temp.no_fn_expr('genre.contingency_trans(bytea, text, text)', actual, predicted))
       = genre.plot_confusion(actual, predicted) AS plot_same
  FROM pairs;

-- outside an aggregate the transition function still refuses to run
SELECT sqlstate_of($$SELECT genre.contingency_trans(NULL, 'a'::text, 'b'::text)$$);
