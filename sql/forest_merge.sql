-- merge_forests: forests trained per part of the data (here 4 parts of the
-- public GTZAN table's training folds), merged into one forest of all trees.
-- Held out: fold 0 of genre.fold(id, 5), as in forest_train.
CREATE TABLE fm_parts AS
SELECT id % 4 AS part, genre.train_forest(f, label, '{"trees": 15, "seed": 2}') AS m
  FROM gtzan WHERE genre.fold(id, 5) <> 0 GROUP BY id % 4;
CREATE TABLE fm_merged AS SELECT genre.merge_forests(m) AS m FROM fm_parts;

-- what the merged forest holds: the trees and samples of the parts, the
-- deepest part's depth, no out-of-bag estimate, the options of the parts
SELECT i->'trees' AS trees, i->'n_samples' AS n_samples,
       (i->'depth') = (SELECT max((genre.model_info(m)->'depth')::int)::text::jsonb FROM fm_parts) AS depth_is_max,
       i->'oob_accuracy' AS oob, i->'classes' = (SELECT genre.model_info(m)->'classes' FROM fm_parts WHERE part = 0) AS same_classes,
       i->'options'->'max_features' AS max_features
  FROM (SELECT genre.model_info(m) AS i FROM fm_merged) s;
SELECT sum((genre.model_info(m)->>'n_samples')::int) AS part_samples FROM fm_parts;

-- a prediction of the merged forest is the mean of the parts' leaf
-- probabilities (each part has 15 of the 60 trees): predict_proba of the
-- merged forest = the mean of the four parts' predict_proba, on every
-- held-out row and every class
SELECT count(*) AS probabilities, max(abs(merged - parts)) < 1e-12 AS mean_of_parts
  FROM (SELECT g.id, k.key, k.value::float8 AS merged,
               (SELECT avg((genre.predict_proba(p.m, g.f)->>k.key)::float8) FROM fm_parts p) AS parts
          FROM gtzan g, fm_merged, jsonb_each_text(genre.predict_proba(fm_merged.m, g.f)) k
         WHERE genre.fold(g.id, 5) = 0) q;

-- accuracy on the held-out fold: the merged forest beside one forest of 60
-- trees on all training rows (forest_train: about 0.7)
SELECT round(avg((genre.predict(m, f) = label)::int), 3) AS merged_accuracy,
       avg((genre.predict(m, f) = label)::int) BETWEEN 0.6 AND 0.85 AS merged_plausible
  FROM gtzan, fm_merged WHERE genre.fold(id, 5) = 0;

-- importances: the tree-weighted mean of the parts' (all parts have 15 trees)
SELECT max(abs(mi.importance - pi.mean)) < 1e-12 AS importances_are_the_mean
  FROM fm_merged, genre.feature_importance(fm_merged.m) mi
  JOIN (SELECT fi.feature, avg(fi.importance) AS mean
          FROM fm_parts, genre.feature_importance(fm_parts.m) fi GROUP BY fi.feature) pi
    ON pi.feature = mi.feature;

-- the result does not depend on the order the forests come in
SELECT count(DISTINCT md5(m::text)) AS distinct_models
  FROM (SELECT genre.merge_forests(m ORDER BY part) AS m FROM fm_parts
        UNION ALL SELECT genre.merge_forests(m ORDER BY part DESC) FROM fm_parts
        UNION ALL SELECT genre.merge_forests(m ORDER BY md5(m::text)) FROM fm_parts
        UNION ALL SELECT m FROM fm_merged) s;
-- merging merges: ((0,1),(2,3)) has the trees of (0,1,2,3) (in another
-- order: the probabilities agree to the last bits of the sum)
SELECT genre.model_info(mm)->'trees' AS trees,
       (SELECT max(abs((genre.predict_proba(mm, g.f)->>k.key)::float8 - k.value::float8)) < 1e-12
          FROM gtzan g, fm_merged, jsonb_each_text(genre.predict_proba(fm_merged.m, g.f)) k
         WHERE genre.fold(g.id, 5) = 0) AS same_probabilities
  FROM (SELECT genre.merge_forests(m) AS mm
          FROM (SELECT genre.merge_forests(m) AS m FROM fm_parts GROUP BY part < 2) s) t;
-- one forest merged with nothing predicts as itself
SELECT bool_and(genre.predict_proba(s.m, f) = genre.predict_proba(p.m, f)) AS single_same
  FROM (SELECT genre.merge_forests(m) AS m FROM fm_parts WHERE part = 1) s, fm_parts p, gtzan g
 WHERE p.part = 1 AND genre.fold(g.id, 5) = 0;
-- NULL models are skipped; no model gives NULL
SELECT md5(genre.merge_forests(m)::text) = (SELECT md5(m::text) FROM fm_merged) AS nulls_skipped
  FROM (SELECT m FROM fm_parts UNION ALL SELECT NULL) s;
SELECT genre.merge_forests(m) IS NULL AS no_model FROM fm_parts WHERE false;

-- the same SQL, parallel on one server: a partitioned table, one forest per
-- partition (GROUP BY the partition key), merged; same model as above
CREATE TABLE fm_part_tbl (part int, id int, label text, f real[]) PARTITION BY LIST (part);
CREATE TABLE fm_part_tbl_0 PARTITION OF fm_part_tbl FOR VALUES IN (0);
CREATE TABLE fm_part_tbl_1 PARTITION OF fm_part_tbl FOR VALUES IN (1);
CREATE TABLE fm_part_tbl_2 PARTITION OF fm_part_tbl FOR VALUES IN (2);
CREATE TABLE fm_part_tbl_3 PARTITION OF fm_part_tbl FOR VALUES IN (3);
INSERT INTO fm_part_tbl SELECT id % 4, id, label, f FROM gtzan WHERE genre.fold(id, 5) <> 0;
ANALYZE fm_part_tbl;
SET enable_partitionwise_aggregate = on;
-- the partitions' forests grow in parallel workers (costs set so that this
-- small table gets the plan a large one gets by default)
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
EXPLAIN (COSTS OFF)
SELECT genre.merge_forests(m) FROM
  (SELECT genre.train_forest(f, label, '{"trees": 15, "seed": 2}') AS m FROM fm_part_tbl GROUP BY part) s;
SELECT md5(genre.merge_forests(m)::text) = (SELECT md5(m::text) FROM fm_merged) AS partitionwise_same
  FROM (SELECT genre.train_forest(f, label, '{"trees": 15, "seed": 2}') AS m
          FROM fm_part_tbl GROUP BY part) s;
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;

-- errors: another kind (42809), different features, labels or options
-- (22023 naming the difference), bad bytes (22P03)
SELECT sqlstate_of($$SELECT genre.merge_forests(m) FROM (SELECT genre.kmeans(f[1:4], 2) AS m FROM gtzan) s$$);
SELECT sqlstate_of($$SELECT genre.merge_forests(m) FROM (SELECT m FROM fm_parts
    UNION ALL SELECT genre.train_forest(f[1:20], label, '{"trees": 2}') FROM gtzan) s$$);
SELECT sqlstate_of($$SELECT genre.merge_forests(m) FROM (SELECT m FROM fm_parts
    UNION ALL SELECT genre.train_forest(f, label, '{"trees": 2}') FROM gtzan WHERE label <> 'rock') s$$);
SELECT sqlstate_of($$SELECT genre.merge_forests(m) FROM (SELECT m FROM fm_parts
    UNION ALL SELECT genre.train_forest(f, label, '{"trees": 2, "max_depth": 3}') FROM gtzan) s$$);
SELECT sqlstate_of($$SELECT genre.merge_forests(m) FROM (SELECT m FROM fm_parts
    UNION ALL SELECT genre.train_forest(f, label, '{"trees": 2, "bootstrap": false}') FROM gtzan) s$$);
-- the transition function only works inside an aggregate (0A000)
SELECT sqlstate_of($$SELECT genre.merge_forests_trans(NULL, m) FROM fm_parts$$);
-- more trees than a forest may have (54000)
SELECT sqlstate_of($$SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f[1:2], label,
    '{"trees": 60000, "max_depth": 1}') AS m FROM gtzan WHERE id <= 4 GROUP BY id % 2) s$$);

-- crafted states (22P03), as the superuser may pass them to the final
SELECT sqlstate_of($$SELECT genre.merge_forests_final('\x00'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.merge_forests_final(
    decode('674d5246' || '01000000' || '18000000' ||
           '00000000' || '00000000' || '0100000000000000' || '10000000' || '00000000', 'hex'))$$);
-- ... and a whole model in it that is not a forest's bytes (22P03 from the loader)
SELECT sqlstate_of($$SELECT genre.merge_forests_final(
    decode('674d5246' || '01000000' || '1c000000' ||
           '00000000' || '00000000' || '0100000000000000' || '08000000' || '0000000000000000', 'hex'))$$);
-- ... and a whole valid model of another kind (only a crafted state holds one: 22P03, not 42809)
SELECT sqlstate_of($$WITH k AS (SELECT genre.model_send(genre.kmeans(f[1:4], 2)) AS b FROM gtzan),
     le AS (SELECT b, length(b) AS n FROM k)
SELECT genre.merge_forests_final('\x674d524601000000'::bytea
        || set_byte(set_byte('\x00000000'::bytea, 0, (n + 20) % 256), 1, (n + 20) / 256)
        || '\x00000000000000000100000000000000'::bytea
        || set_byte(set_byte('\x00000000'::bytea, 0, n % 256), 1, n / 256) || b) FROM le$$);
-- the support functions are not PUBLIC's; the aggregate is
SELECT p.oid::regprocedure AS support, has_function_privilege('public', p.oid, 'EXECUTE') AS public_may
  FROM pg_proc p WHERE p.proname LIKE 'merge_forests_%' ORDER BY 1::text;
SELECT has_function_privilege('public', 'genre.merge_forests(genre.model)', 'EXECUTE') AS public_may_aggregate;
