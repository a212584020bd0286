-- Song-level votes over segments: hard with mode(), soft with proba_mean + proba_argmax.
-- proba_mean is exact: the mean of 0.1, 0.2, 0.3 is the float8 nearest to their exact
-- sum / 3, 0.2 (Python: float(sum(map(Fraction, xs)) / 3)), and of 0.7, 0.8, 0.9 0.8;
-- float8 sums in row order give 0.20000000000000004 and 0.7999999999999999
SELECT genre.proba_mean(p) AS mean
  FROM (VALUES ('{"a": 0.1, "b": 0.7}'::jsonb), ('{"a": 0.2, "b": 0.8}'), ('{"a": 0.3, "b": 0.9}')) v(p);
SELECT (0.1::float8 + 0.2::float8 + 0.3::float8) / 3 AS float_sum_a, (0.7::float8 + 0.8::float8 + 0.9::float8) / 3 AS float_sum_b;
-- a class missing from an object counts 0 there; NULL rows are skipped; no rows: NULL
SELECT genre.proba_mean(p) AS mean
  FROM (VALUES ('{"rock": 1}'::jsonb), ('{"jazz": 0.25, "rock": 0.75}'), (NULL)) v(p);
SELECT genre.proba_mean(p) IS NULL AS no_rows FROM (VALUES ('{"a": 1}'::jsonb)) v(p) WHERE false;
-- means print as the shortest decimal of the float8: 1/3 and 2/3
SELECT genre.proba_mean(p) AS thirds FROM (VALUES ('{"x": 1, "y": 0}'::jsonb), ('{"x": 0, "y": 1}'), ('{"x": 0, "y": 1}')) v(p);

-- arg-max: the class of highest probability, the lowest label (bytes) on ties
SELECT genre.proba_argmax('{"rock": 0.2, "jazz": 0.5, "blues": 0.3}') AS top,
       genre.proba_argmax('{"b": 0.5, "a": 0.5}') AS tie,
       genre.proba_argmax('{"b": 0.5, "ab": 0.5}') AS tie_bytes,   -- jsonb keeps "b" first; "ab" < "b"
       genre.proba_argmax('{"a": 0.5, "B": 0.5}') AS tie_case,     -- "B" (0x42) < "a" (0x61)
       genre.proba_argmax('{"only": 0}') AS single;

-- order and plan do not matter: 20000 random objects over 7 classes, shuffled, parallel
CREATE TABLE pm AS
SELECT i, jsonb_object_agg('c' || c, round((random() * 1000)::numeric) / 1000) AS p
  FROM generate_series(1, 20000) i, generate_series(1, 7) c GROUP BY i;
CREATE TABLE pm_mean AS SELECT genre.proba_mean(p) AS m FROM pm;
SELECT (SELECT genre.proba_mean(p ORDER BY md5(i::text)) FROM pm) = m AS same_shuffled,
       (SELECT genre.proba_mean(p ORDER BY i DESC) FROM pm) = m AS same_reversed
  FROM pm_mean;
-- agrees with numeric averages of the same decimals to the last place of a float8
-- (one ulp, at most 2^-52 of the value: the exact mean is of the float8 nearest
-- each decimal, so it may round to the neighbour of the decimals' mean)
SELECT bool_and(abs((m->>key)::float8 - avg) <= 2.220446049250313e-16 * avg) AS equals_numeric_avg, count(*) AS classes
  FROM pm_mean, (SELECT key, avg(value::numeric)::float8 AS avg FROM pm, jsonb_each_text(p) GROUP BY key) a;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE pm SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT genre.proba_mean(p) FROM pm;
SELECT (SELECT genre.proba_mean(p) FROM pm) = m AS same_parallel FROM pm_mean;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- The whole segment workflow on the bundled real music: a model trained on the
-- public 30 s table (gtzan layout), applied to 3 s segments of 40 s of each clip,
-- then one vote per track
CREATE TABLE vote_models AS
SELECT genre.train_forest(f, label, '{"trees": 50, "seed": 3}') AS rf,
       genre.train_boosted(f, label, '{"rounds": 30, "learning_rate": 0.2}') AS gb
  FROM gtzan;
CREATE TABLE seg AS
SELECT c.name AS track, s.segment, s.features
  FROM clips c, genre.segments(c.loaded22k, 3, 'gtzan') s
 WHERE c.name LIKE '%@45+40';
CREATE TABLE seg_pred AS
SELECT track, segment, genre.predict(gb, features) AS predicted, genre.predict_proba(gb, features) AS proba
  FROM seg, vote_models;
WITH votes AS (
  SELECT track, count(*) AS segments, mode() WITHIN GROUP (ORDER BY predicted) AS hard_vote,
         genre.proba_mean(proba) AS mean
    FROM seg_pred GROUP BY track)
SELECT track, segments, hard_vote, genre.proba_argmax(mean) AS soft_vote,
       round((mean->>genre.proba_argmax(mean))::numeric, 3) AS soft_p,
       (SELECT string_agg(key || ' ' || round(value::numeric, 2), ', ' ORDER BY value::numeric DESC, key)
          FROM (SELECT * FROM jsonb_each_text(mean) ORDER BY value::numeric DESC, key LIMIT 3) t) AS top3
  FROM votes ORDER BY track;
-- the forest votes too (another model, same segments)
SELECT track, mode() WITHIN GROUP (ORDER BY genre.predict(rf, features)) AS hard_vote,
       genre.proba_argmax(genre.proba_mean(genre.predict_proba(rf, features))) AS soft_vote
  FROM seg, vote_models GROUP BY track ORDER BY track;

-- ERRORs: malformed probability objects (22023 naming the row and the key)
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": 1}'::jsonb), ('[0.5, 0.5]')) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('0.5'::jsonb)) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": 1}'::jsonb), ('{}')) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": 0.5, "rock": "high"}'::jsonb)) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": null}'::jsonb)) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": {"b": 1}}'::jsonb)) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": 1}'::jsonb), ('{"a": 1}'), ('{"jazz": -0.1}')) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES (jsonb_build_object('pop', 'NaN'::float8))) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": 1.5}'::jsonb)) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (VALUES ('{"a": 1e400}'::jsonb)) v(p)$$);
SELECT sqlstate_of($$SELECT genre.proba_argmax('[1]')$$);
SELECT sqlstate_of($$SELECT genre.proba_argmax('{}')$$);
SELECT sqlstate_of($$SELECT genre.proba_argmax('{"a": "0.5"}')$$);
SELECT sqlstate_of($$SELECT genre.proba_argmax('{"a": -1}')$$);
SELECT sqlstate_of($$SELECT genre.proba_argmax(jsonb_build_object('a', 'Infinity'::float8))$$);
-- a tiny probability is a probability
SELECT genre.proba_argmax('{"a": 1e-400, "b": 0}') AS underflow;
-- limits (54000): a label over 4096 bytes, more than 65535 classes
SELECT sqlstate_of($$SELECT genre.proba_argmax(jsonb_build_object(repeat('x', 4097), 1))$$);
SELECT sqlstate_of($$SELECT genre.proba_mean(p) FROM (SELECT jsonb_object_agg('c' || i, 0) AS p FROM generate_series(1, 65536) i) v$$);
-- states are untrusted (22P03); the support functions are not PUBLIC's
SELECT sqlstate_of($$SELECT genre.proba_mean_final('\x00')$$);
CREATE AGGREGATE pm_state(jsonb) (SFUNC = genre.proba_mean_trans, STYPE = bytea);
CREATE TABLE pm_st AS SELECT pm_state(p) AS s FROM (VALUES ('{"a": 0.25, "b": 0.75}'::jsonb), ('{"a": 1}')) v(p);
SELECT genre.proba_mean_final(s) AS unedited FROM pm_st;
-- the common state header (bytes 0-11: magic, version, body length), then
-- the body: rows (bytes 12-19), classes (20-23), per class its label's
-- length, bytes and sum ("a" at byte 28, "b" at 57)
SELECT get_byte(s, 8) AS body_bytes, length(s) AS bytes FROM pm_st;
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(s, 0, 0)) FROM pm_st$$);
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(s, 4, 2)) FROM pm_st$$);
SELECT sqlstate_of($$SELECT genre.proba_mean_final(substring(s FROM 1 FOR length(s) - 1)) FROM pm_st$$);
SELECT sqlstate_of($$SELECT genre.proba_mean_final(s || '\x00'::bytea) FROM pm_st$$);
-- one byte short with a header that says so: the body reader finds it
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(substring(s FROM 1 FOR length(s) - 1), 8, 69)) FROM pm_st$$);
-- rows set to 1: the sum of "a" (1.25) is more than the rows
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(s, 12, 1)) FROM pm_st$$);
-- 2^31 + 2 classes in 70 body bytes
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(s, 23, 128)) FROM pm_st$$);
-- label "a" made 0xff: not UTF-8 in this database... and out of order with "b"
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(s, 28, 255)) FROM pm_st$$);
-- label "b" made 0xff: sorted, but not valid UTF-8
SELECT sqlstate_of($$SELECT genre.proba_mean_final(set_byte(s, 57, 255)) FROM pm_st$$);
-- a crafted state through the aggregate's combine (a user aggregate over it)
CREATE AGGREGATE pm_comb(bytea) (SFUNC = genre.proba_mean_combine, STYPE = bytea,
                                 FINALFUNC = genre.proba_mean_final);
SELECT pm_comb(s) AS combined_twice FROM (SELECT s FROM pm_st UNION ALL SELECT s FROM pm_st) t;
SELECT sqlstate_of($$SELECT pm_comb(set_byte(s, 12, 1)) FROM pm_st$$);
DROP AGGREGATE pm_comb(bytea);
DROP AGGREGATE pm_state(jsonb);
CREATE ROLE genre_vote_user;
SET ROLE genre_vote_user;
SELECT genre.proba_argmax(genre.proba_mean(p)) AS as_user FROM (VALUES ('{"a": 0.25, "b": 0.75}'::jsonb)) v(p);
SELECT sqlstate_of($$SELECT genre.proba_mean_final('\x00')$$);
RESET ROLE;
DROP ROLE genre_vote_user;
DROP TABLE pm, pm_mean, pm_st, vote_models, seg, seg_pred;
