-- Gradient-boosted trees on the public GTZAN table: 5 folds by genre.fold(id),
-- train on folds 1-4, test on fold 0 (the forest of forest_train.sql: 0.69 here)
CREATE TABLE gb_models AS
SELECT genre.train_boosted(f, label, '{"rounds": 40, "learning_rate": 0.2, "subsample": 0.8, "colsample": 0.7, "seed": 1}') AS m
  FROM gtzan WHERE genre.fold(id, 5) <> 0;

SELECT count(*) AS test_rows,
       round(avg((genre.predict(m, f) = label)::int), 3) AS accuracy
  FROM gtzan, gb_models WHERE genre.fold(id, 5) = 0;

-- model_info: what was trained, with the options and the rounds used
SELECT i->'kind' AS kind, i->'classes' AS classes, i->'rounds' AS rounds,
       i->'rounds_trained' AS rounds_trained, i->'best_iteration' AS best_iteration,
       i->'trees' AS trees, i->'trees_per_round' AS per_round,
       i->'n_features' AS n_features, i->'n_samples' AS n_samples, i->'validation' AS validation,
       jsonb_array_length(i->'importances') AS importances, jsonb_array_length(i->'baseline') AS baseline
  FROM (SELECT genre.model_info(m) AS i FROM gb_models) s;
SELECT jsonb_pretty(genre.model_info(m)->'options') AS options FROM gb_models;

-- importances (gain) are normalised; the strongest features by name
SELECT round(sum(importance)::numeric, 9) AS total, count(*) AS features,
       bool_and(importance >= 0) AS non_negative
  FROM gb_models, genre.feature_importance(m);
SELECT feature, importance > 0.02 AS matters
  FROM gb_models,
       genre.feature_importance(m, (SELECT array_agg(column_name::text ORDER BY ordinal_position)
                                      FROM information_schema.columns
                                     WHERE table_name = 'gtzan_csv'
                                       AND column_name NOT IN ('filename', 'length', 'label')))
 ORDER BY importance DESC LIMIT 5;

-- predict_proba: one probability per class, summing to 1, argmax = predict
SELECT bool_and(abs(s - 1) < 1e-9) AS sums_to_one, bool_and(n = 10) AS ten_classes,
       bool_and(top = pred) AS argmax_is_predict
  FROM (SELECT (SELECT sum(value::float8) FROM jsonb_each_text(p)) AS s,
               (SELECT count(*) FROM jsonb_each_text(p)) AS n,
               (SELECT key FROM jsonb_each_text(p) ORDER BY value::float8 DESC, key LIMIT 1) AS top,
               pred
          FROM (SELECT genre.predict_proba(m, f) AS p, genre.predict(m, f) AS pred
                  FROM gtzan, gb_models WHERE genre.fold(id, 5) = 0) q) r;

-- determinism: the same rows in another physical order give the same bytes
CREATE TABLE gtzan_shuffled AS SELECT * FROM gtzan ORDER BY md5(id::text);
SELECT md5(m::text) = (SELECT md5(genre.train_boosted(f, label, '{"rounds": 40, "learning_rate": 0.2, "subsample": 0.8, "colsample": 0.7, "seed": 1}')::text)
                         FROM gtzan_shuffled WHERE genre.fold(id, 5) <> 0) AS same_model_shuffled
  FROM gb_models;
-- ... and so does a parallel plan (partial aggregates combined from workers)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE gtzan_shuffled SET (parallel_workers = 2);
EXPLAIN (COSTS OFF)
SELECT genre.train_boosted(f, label, '{"rounds": 40}') FROM gtzan_shuffled WHERE genre.fold(id, 5) <> 0;
SELECT md5(m::text) = (SELECT md5(genre.train_boosted(f, label, '{"rounds": 40, "learning_rate": 0.2, "subsample": 0.8, "colsample": 0.7, "seed": 1}')::text)
                         FROM gtzan_shuffled WHERE genre.fold(id, 5) <> 0) AS same_model_parallel
  FROM gb_models;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- another seed draws other row and feature subsets
SELECT md5(m::text) <> (SELECT md5(genre.train_boosted(f, label, '{"rounds": 40, "learning_rate": 0.2, "subsample": 0.8, "colsample": 0.7, "seed": 2}')::text)
                          FROM gtzan WHERE genre.fold(id, 5) <> 0) AS seed_matters
  FROM gb_models;

-- early stopping: validation rows held out, the best round kept, its score in model_info
SELECT i->'rounds' AS rounds, i->'rounds_trained' AS trained, i->'best_iteration' AS best,
       i->'n_samples' AS fitted, i->'validation'->'rows' AS validation_rows,
       round((i->'validation'->>'accuracy')::numeric, 3) AS validation_accuracy,
       round((i->'validation'->>'loss')::numeric, 3) AS validation_loss,
       i->'options'->'early_stopping' AS early_stopping
  FROM (SELECT genre.model_info(genre.train_boosted(f, label,
          '{"rounds": 300, "learning_rate": 0.3, "max_leaves": 8, "early_stopping": {"validation_fraction": 0.2, "patience": 5}}')) AS i
          FROM gtzan) s;
SELECT genre.model_info(genre.train_boosted(f, label, '{"rounds": 2, "early_stopping": true}'))->'options'->'early_stopping' AS defaults
  FROM gtzan;

-- options: depth limit instead of leaves, balanced weights, bins, l2
SELECT i->'depth' AS depth, i->'trees' AS trees, i->'options' AS options
  FROM (SELECT genre.model_info(genre.train_boosted(f, label,
          '{"rounds": 3, "max_depth": 2, "max_leaves": null, "class_weight": "balanced", "max_bins": 16, "l2": 1.5, "min_samples_leaf": 5}')) AS i
          FROM gtzan) s;

-- two classes: one tree per round (logistic loss); a separable problem is learnt
CREATE TABLE tiny AS
SELECT ARRAY[i::real, (i % 7)::real] AS f, CASE WHEN i < 50 THEN 'low' ELSE 'high' END AS label
  FROM generate_series(0, 99) i;
SELECT (SELECT count(*) FILTER (WHERE genre.predict(m, f) = label) FROM tiny) AS correct,
       genre.model_info(m)->'trees_per_round' AS per_round, genre.model_info(m)->'trees' AS trees
  FROM (SELECT genre.train_boosted(f, label) AS m FROM tiny) t;
SELECT genre.predict_proba(m, '{10, 3}') AS low_side, genre.predict_proba(m, '{90, 3}') AS high_side
  FROM (SELECT genre.train_boosted(f, label, '{"rounds": 10}') AS m FROM tiny) t;
-- no rows: NULL model
SELECT genre.train_boosted(f, label) IS NULL AS empty FROM tiny WHERE false;

-- stored models: predict by name, the text form round-trips
INSERT INTO genre.models(name, model) SELECT 'gb_gtzan', m FROM gb_models;
SELECT count(*) AS rows, count(*) FILTER (WHERE genre.predict('gb_gtzan', f) = genre.predict(m, f)) AS same
  FROM gtzan, gb_models WHERE genre.fold(id, 5) = 0;
SELECT (m::text)::genre.model::text = m::text AS text_roundtrip FROM gb_models;
DELETE FROM genre.models WHERE name = 'gb_gtzan';

-- an ordinary role trains and predicts; the support functions are not PUBLIC's
CREATE ROLE genre_gb_user LOGIN;
GRANT SELECT ON tiny TO genre_gb_user;
SET ROLE genre_gb_user;
SELECT genre.predict(genre.train_boosted(f, label, '{"rounds": 5}'), '{10, 3}') AS as_user FROM tiny;
SELECT sqlstate_of($$SELECT genre.train_boosted_final('\x00')$$);
SELECT sqlstate_of($$SELECT genre.train_boosted_trans(NULL, '{1}', 'a')$$);
RESET ROLE;
DROP OWNED BY genre_gb_user;
DROP ROLE genre_gb_user;

-- ERRORs: options (22023 naming the option)
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"round": 5}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"rounds": 0}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"rounds": 100001}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"rounds": 2.5}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"learning_rate": 0}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"learning_rate": 1.5}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"learning_rate": "fast"}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"max_depth": 0}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"max_depth": 65}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"max_leaves": 1}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"max_leaves": null}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"min_samples_leaf": 0}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"l2": -1}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"l2": 1e400}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"max_bins": 256}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"max_bins": 1}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"subsample": 0}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"colsample": 1.01}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"class_weight": "auto"}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"early_stopping": 1}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"early_stopping": [0.1]}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"early_stopping": {"validation_fraction": 1}}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"early_stopping": {"patience": 0}}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"early_stopping": {"rounds": 3}}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"seed": "x"}') FROM tiny$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '[1, 2]') FROM tiny$$);
-- ... past the limit of a million trees (rounds x classes: 100000 x 11)
SELECT sqlstate_of($$SELECT genre.train_boosted(ARRAY[i]::real[], 'c' || i % 11, '{"rounds": 100000}') FROM generate_series(1, 50) i$$);
-- rows: NULL features or label, differing lengths, NaN, one class (22023)
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), (NULL, 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{1,2}', NULL)) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{1,2,3}', 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{1,NaN}', 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_boosted(f, 'only') FROM tiny$$);
-- early stopping needs validation rows of every fitted size
SELECT sqlstate_of($$SELECT genre.train_boosted(f, label, '{"early_stopping": {"validation_fraction": 0.001}}') FROM tiny$$);
-- the transition function is only for the aggregate
SELECT sqlstate_of($$SELECT genre.train_boosted_trans(NULL, '{1}', 'a', '{}')$$);
-- states are untrusted: the real state of tiny (an aggregate without final), then edited
CREATE AGGREGATE gb_state(real[], text, jsonb) (SFUNC = genre.train_boosted_trans, STYPE = bytea);
CREATE TABLE gb_state AS SELECT gb_state(f, label, '{"rounds": 3}') AS s FROM tiny;
SELECT genre.model_info(genre.train_boosted_final(s))->'trees' AS unedited_trees FROM gb_state;
SELECT sqlstate_of($$SELECT genre.train_boosted_final('\x0102030405060708090a0b0c0d0e0f10')$$);
SELECT sqlstate_of($$SELECT genre.train_boosted_final(substring(s FROM 1 FOR 60)) FROM gb_state$$);
-- row count (bytes 20-27 of the header) one too many, another aggregate's magic (bytes 0-3)
SELECT sqlstate_of($$SELECT genre.train_boosted_final(set_byte(s, 20, get_byte(s, 20) + 1)) FROM gb_state$$);
SELECT sqlstate_of($$SELECT genre.train_boosted_final(set_byte(s, 0, 70)) FROM gb_state$$);
-- options in the state out of range (rounds, at byte 8 of the meta from byte 28, set to 0)
SELECT sqlstate_of($$SELECT genre.train_boosted_final(set_byte(s, 36, 0)) FROM gb_state$$);
DROP AGGREGATE gb_state(real[], text, jsonb);
DROP TABLE gb_state;
-- prediction with the wrong input, and the boosted model where another kind is needed (42809)
SELECT sqlstate_of($$SELECT genre.predict(m, '{1,2,3}') FROM gb_models$$);
SELECT sqlstate_of($$SELECT genre.predict_proba(m, '{NaN,2}') FROM gb_models$$);
SELECT sqlstate_of($$SELECT genre.kmeans_assign(m, '{1,2}') FROM gb_models$$);
SELECT sqlstate_of($$SELECT genre.scale(m, '{1,2}') FROM gb_models$$);

-- cancel: a statement timeout stops the training (57014; how fast: doc/classification.md)
SET statement_timeout = '300ms';
SELECT genre.train_boosted(f, label, '{"rounds": 5000, "min_samples_leaf": 1}') FROM gtzan;
RESET statement_timeout;
DROP TABLE gb_models, gtzan_shuffled, tiny;
