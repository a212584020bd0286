-- Random forest on the public GTZAN table: 5 folds by genre.fold(id), train
-- on folds 1-4, test on fold 0 (scikit-learn reaches about 0.72 here)
CREATE TABLE rf_models AS
SELECT genre.train_forest(f, label, '{"trees": 60, "seed": 1}') AS m
  FROM gtzan WHERE genre.fold(id, 5) <> 0;

SELECT count(*) AS test_rows,
       round(avg((genre.predict(m, f) = label)::int), 3) AS accuracy,
       avg((genre.predict(m, f) = label)::int) BETWEEN 0.62 AND 0.85 AS accuracy_plausible
  FROM gtzan, rf_models WHERE genre.fold(id, 5) = 0;

-- model_info: what was trained
SELECT i->'kind' AS kind, i->'classes' AS classes, i->'trees' AS trees,
       i->'n_features' AS n_features, i->'n_samples' AS n_samples,
       (i->>'depth')::int BETWEEN 8 AND 60 AS depth_ok,
       (i->>'oob_accuracy')::float8 BETWEEN 0.5 AND 0.85 AS oob_ok,
       jsonb_array_length(i->'importances') AS importances,
       i->'options' AS options
  FROM (SELECT genre.model_info(m) AS i FROM rf_models) s;

-- importances are normalised; the strongest features of this table by name
SELECT round(sum(importance)::numeric, 9) AS total, count(*) AS features,
       bool_and(importance >= 0) AS non_negative
  FROM rf_models, genre.feature_importance(m);
SELECT feature, importance > 0.01 AS matters
  FROM rf_models,
       genre.feature_importance(m, (SELECT array_agg(column_name::text ORDER BY ordinal_position)
                                      FROM information_schema.columns
                                     WHERE table_name = 'gtzan_csv'
                                       AND column_name NOT IN ('filename', 'length', 'label')))
 ORDER BY importance DESC LIMIT 5;
-- default names are f1 .. f57
SELECT feature FROM rf_models, genre.feature_importance(m) LIMIT 3;

-- predict_proba: one probability per class, summing to 1, argmax = predict
SELECT bool_and(abs(s - 1) < 1e-9) AS sums_to_one, bool_and(n = 10) AS ten_classes,
       bool_and(top = pred) AS argmax_is_predict
  FROM (SELECT (SELECT sum(value::float8) FROM jsonb_each_text(p)) AS s,
               (SELECT count(*) FROM jsonb_each_text(p)) AS n,
               (SELECT key FROM jsonb_each_text(p) ORDER BY value::float8 DESC, key LIMIT 1) AS top,
               pred
          FROM (SELECT genre.predict_proba(m, f) AS p, genre.predict(m, f) AS pred
                  FROM gtzan, rf_models WHERE genre.fold(id, 5) = 0) q) r;

-- determinism: the same rows in another physical order give the same bytes
CREATE TABLE gtzan_shuffled AS SELECT * FROM gtzan ORDER BY md5(id::text);
SELECT md5(m::text) = (SELECT md5(genre.train_forest(f, label, '{"trees": 60, "seed": 1}')::text)
                         FROM gtzan_shuffled WHERE genre.fold(id, 5) <> 0) AS same_model_shuffled
  FROM rf_models;
-- ... and so does a parallel plan (partial aggregates combined from workers)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT genre.train_forest(f, label, '{"trees": 60, "seed": 1}') FROM gtzan_shuffled WHERE genre.fold(id, 5) <> 0;
SELECT md5(m::text) = (SELECT md5(genre.train_forest(f, label, '{"trees": 60, "seed": 1}')::text)
                         FROM gtzan_shuffled WHERE genre.fold(id, 5) <> 0) AS same_model_parallel
  FROM rf_models;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- another seed gives another forest
SELECT md5(m::text) <> (SELECT md5(genre.train_forest(f, label, '{"trees": 60, "seed": 2}')::text)
                          FROM gtzan WHERE genre.fold(id, 5) <> 0) AS seed_matters
  FROM rf_models;

-- options: balanced class weights, depth limit, no bootstrap, feature fractions
SELECT i->'depth' AS depth, i->'oob_accuracy' AS oob, i->'features_per_split' AS per_split,
       i->'options' AS options
  FROM (SELECT genre.model_info(genre.train_forest(f, label,
          '{"trees": 5, "max_depth": 3, "bootstrap": false, "max_features": 0.5, "class_weight": "balanced", "min_samples_leaf": 4}')) AS i
          FROM gtzan) s;
SELECT (genre.model_info(genre.train_forest(f, label, '{"trees": 3, "max_features": "log2"}'))->'features_per_split') AS log2,
       (genre.model_info(genre.train_forest(f, label, '{"trees": 3, "max_features": 3}'))->'features_per_split') AS three,
       (genre.model_info(genre.train_forest(f, label, '{"trees": 3, "max_features": null}'))->'features_per_split') AS all_features
  FROM gtzan;

-- a tiny separable problem is learnt perfectly, with default options
CREATE TABLE tiny AS
SELECT ARRAY[i::real, (i % 7)::real] AS f, CASE WHEN i < 50 THEN 'low' ELSE 'high' END AS label
  FROM generate_series(0, 99) i;
SELECT count(*) FILTER (WHERE genre.predict(m, f) = label) AS correct, count(*) AS total
  FROM tiny, (SELECT genre.train_forest(f, label) AS m FROM tiny) t;
-- one class only: always that class
SELECT genre.predict(genre.train_forest(f, 'only'), ARRAY[5, 5]::real[]) FROM tiny;
-- no rows: NULL model
SELECT genre.train_forest(f, label) IS NULL AS empty FROM tiny WHERE false;

-- stored models: predict by name reads genre.models once per query
INSERT INTO genre.models(name, model) SELECT 'rf_gtzan', m FROM rf_models;
SELECT count(*) AS rows, count(*) FILTER (WHERE genre.predict('rf_gtzan', f) = genre.predict(m, f)) AS same
  FROM gtzan, rf_models WHERE genre.fold(id, 5) = 0;
-- the text form round-trips
SELECT (m::text)::genre.model::text = m::text AS text_roundtrip FROM rf_models;
DELETE FROM genre.models WHERE name = 'rf_gtzan';
DROP TABLE rf_models, gtzan_shuffled, tiny;
