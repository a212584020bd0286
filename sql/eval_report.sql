-- confusion_matrix and classification_report.  Expected values are
-- scikit-learn 1.2.1's (test/scripts/sklearn-eval-values.py), checked for
-- bit-for-bit equality as float8.

-- a small example, checked by hand:
--   actual  cat cat cat cat dog dog dog bird bird fish
--   predict cat cat dog bird dog dog cat bird dog  cat
-- labels sorted: bird cat dog fish; rows actual, columns predicted
CREATE TABLE small(actual text, predicted text);
INSERT INTO small VALUES
  ('cat','cat'),('cat','cat'),('cat','dog'),('cat','bird'),('dog','dog'),
  ('dog','dog'),('dog','cat'),('bird','bird'),('bird','dog'),('fish','cat');

SELECT genre.confusion_matrix(actual, predicted) FROM small;
-- the input order does not matter
SELECT genre.confusion_matrix(actual, predicted ORDER BY actual DESC, predicted DESC)
     = genre.confusion_matrix(actual, predicted ORDER BY actual, predicted) AS order_free
  FROM small;

-- by hand: dog: tp 2, predicted 4, actual 3 -> p 1/2, r 2/3, f1 = 2pr/(p+r) = 4/7;
-- fish is never predicted right -> 0 (zero_division = 0); accuracy 5/10;
-- macro p = (0.5 + 0.5 + 0.5 + 0) / 4; weighted p = (0.5*2 + 0.5*4 + 0.5*3 + 0*1) / 10
SELECT jsonb_pretty(genre.classification_report(actual, predicted)) FROM small;

CREATE TABLE sk_small(k text, p float8, r float8, f1 float8, s int);
INSERT INTO sk_small VALUES
  ('bird', 0.5, 0.5, 0.5, 2),
  ('cat', 0.5, 0.5, 0.5, 4),
  ('dog', 0.5, 0.6666666666666666, 0.5714285714285715, 3),
  ('fish', 0.0, 0.0, 0.0, 1),
  ('macro avg', 0.375, 0.41666666666666663, 0.3928571428571429, 10),
  ('weighted avg', 0.45, 0.5, 0.4714285714285714, 10);
WITH r AS (SELECT genre.classification_report(actual, predicted) AS j FROM small)
SELECT k, (j->k->>'precision')::float8 = p AS precision_ok,
          (j->k->>'recall')::float8 = r AS recall_ok,
          (j->k->>'f1-score')::float8 = f1 AS f1_ok,
          (j->k->>'support')::int = s AS support_ok
  FROM r, sk_small ORDER BY k;
SELECT (genre.classification_report(actual, predicted)->>'accuracy')::float8 = 0.5 AS accuracy_ok
  FROM small;

-- the GTZAN-style example: the public table's 10 genres x 100 tracks and
-- rule-made predictions (track number n: n % 5 = 0 -> the next genre,
-- n % 7 = 0 -> rock, pop with n % 13 = 0 -> disco)
CREATE TABLE gtzan_pred AS
SELECT label AS actual,
       CASE WHEN n % 5 = 0 THEN (ARRAY['classical','country','disco','hiphop','jazz','metal',
                                       'pop','reggae','rock','blues'])[g]
            WHEN n % 7 = 0 THEN 'rock'
            WHEN n % 13 = 0 AND label = 'pop' THEN 'disco'
            ELSE label END AS predicted
  FROM (SELECT label, split_part(filename, '.', 2)::int AS n,
               array_position(ARRAY['blues','classical','country','disco','hiphop','jazz',
                                    'metal','pop','reggae','rock'], label) AS g
          FROM gtzan) t;

SELECT m->'labels' AS labels, jsonb_array_elements(m->'matrix') AS row_actual_by_predicted
  FROM (SELECT genre.confusion_matrix(actual, predicted) AS m FROM gtzan_pred) s;
SELECT m->'total' AS total, m->'correct' AS correct
  FROM (SELECT genre.confusion_matrix(actual, predicted) AS m FROM gtzan_pred) s;

CREATE TABLE sk_gtzan(k text, p float8, r float8, f1 float8, s int);
INSERT INTO sk_gtzan VALUES
  ('blues', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('classical', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('country', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('disco', 0.7311827956989247, 0.68, 0.7046632124352332, 100),
  ('hiphop', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('jazz', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('metal', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('pop', 0.7590361445783133, 0.63, 0.6885245901639344, 100),
  ('reggae', 0.7727272727272727, 0.68, 0.7234042553191491, 100),
  ('rock', 0.38461538461538464, 0.8, 0.5194805194805195, 100),
  -- numpy's pairwise sums: the two averages differ in the last digits
  ('macro avg', 0.7283925233983533, 0.687, 0.6976498109313731, 1000),
  ('weighted avg', 0.7283925233983531, 0.687, 0.6976498109313729, 1000);
WITH r AS (SELECT genre.classification_report(actual, predicted) AS j FROM gtzan_pred)
SELECT k, round((j->k->>'precision')::numeric, 4) AS precision,
          round((j->k->>'recall')::numeric, 4) AS recall,
          round((j->k->>'f1-score')::numeric, 4) AS f1,
          (j->k->>'support')::int AS support,
          (j->k->>'precision')::float8 = p AND (j->k->>'recall')::float8 = r
          AND (j->k->>'f1-score')::float8 = f1 AND (j->k->>'support')::int = s AS same_as_sklearn
  FROM r, sk_gtzan ORDER BY k;
SELECT (genre.classification_report(actual, predicted)->>'accuracy')::float8 = 0.687 AS accuracy_ok
  FROM gtzan_pred;

-- parallel partial aggregation (combine function) gives the same report
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE gtzan_pred SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT genre.classification_report(actual, predicted) FROM gtzan_pred;
SELECT genre.classification_report(actual, predicted) =
       (SELECT genre.classification_report(actual, predicted ORDER BY actual) FROM gtzan_pred)
       AS parallel_same
  FROM gtzan_pred;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- per group: one report per fold
SELECT n % 2 AS half, (genre.classification_report(actual, predicted)->>'accuracy')::float8 AS accuracy
  FROM (SELECT *, row_number() OVER (ORDER BY actual, predicted) AS n FROM small) s
 GROUP BY 1 ORDER BY 1;

-- rows with a NULL label are skipped (like corr(x, y)); no rows at all -> NULL
SELECT genre.confusion_matrix(a, p)
  FROM (VALUES ('x', 'x'), ('x', NULL), (NULL, 'y'), ('y', 'x')) v(a, p);
SELECT genre.confusion_matrix(a, p) IS NULL AS empty_is_null,
       genre.classification_report(a, p) IS NULL AS report_null
  FROM (VALUES (NULL::text, NULL::text)) v(a, p);
SELECT genre.classification_report(a, p) IS NULL AS no_rows_null FROM small v(a, p) WHERE false;

-- labels are bytes sorted in code point order, JSON-escaped, UTF-8 kept
SELECT genre.confusion_matrix(a, p)
  FROM (VALUES ('é', 'é'), ('"q"', 'z'), ('Z', 'é'), ('a\b', 'a\b')) v(a, p);

-- one class only: precision and recall are 1
SELECT genre.classification_report(a, a) FROM (VALUES ('x'), ('x')) v(a);
-- a class never in actual (support 0) gets recall 0, like zero_division = 0
SELECT genre.classification_report(a, p)->'ghost' AS ghost
  FROM (VALUES ('x', 'x'), ('x', 'ghost')) v(a, p);

-- errors
-- class names that are keys of the report itself
SELECT sqlstate_of($$SELECT genre.classification_report(a, a) FROM (VALUES ('accuracy')) v(a)$$);
SELECT sqlstate_of($$SELECT genre.classification_report('macro avg', 'x')$$);
-- labels over 4096 bytes
SELECT sqlstate_of($$SELECT genre.confusion_matrix(repeat('x', 5000), 'y')$$);
-- more than 1000 classes for a dense matrix
SELECT sqlstate_of($$SELECT genre.confusion_matrix(i::text, i::text) FROM generate_series(1, 1001) i$$);
-- state functions outside an aggregate
SELECT sqlstate_of($$SELECT genre.contingency_trans(NULL::bytea, 'a'::text, 'b'::text)$$);
SELECT sqlstate_of($$SELECT genre.contingency_combine(NULL::bytea, NULL::bytea)$$);
-- a final function fed garbage: too short, and a header whose entry points outside its strings
SELECT sqlstate_of($$SELECT genre.confusion_matrix_final('\x0102'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.classification_report_final(
  decode('00000000' || '47435431' || '10000000' || '01000000' || '00000000'
         || '0800000000000000' || '0800000000000000'
         || '01000000' || repeat('00', 60)
         || '0100000000000000' || '04000000' || '04000000' || '04000000' || '00000000'
         || repeat('00', 168) || repeat('41', 8), 'hex'))$$);
-- an aggregate of one's own with a crafted initial state cannot crash the transition
CREATE AGGREGATE crafted_confusion(text, text) (
    SFUNC = genre.contingency_trans, STYPE = bytea,
    FINALFUNC = genre.confusion_matrix_final, INITCOND = '\x0000000047435431ffffffff');
SELECT sqlstate_of($$SELECT crafted_confusion(a, a) FROM (VALUES ('x')) v(a)$$);
DROP AGGREGATE crafted_confusion(text, text);
