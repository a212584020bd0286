-- The backend's cache of loaded models (src/pg/model_cache.c): several models
-- through one call site, its limit, and never a stale model.
CREATE FUNCTION pg_temp.loads() RETURNS bigint LANGUAGE sql AS
  $$ SELECT loads FROM genre.model_cache_info() $$;
SELECT entries, bytes, limit_bytes, loads, evictions FROM genre.model_cache_info();
SHOW genre.model_cache_size;

-- one 10-tree forest per fold of 3, and the 1000 rows in id order: the fold
-- changes from row to row, so a hash join feeds the models interleaved
CREATE TABLE mc_folds AS
  SELECT k, (SELECT genre.train_forest(f, label, jsonb_build_object('trees', 10, 'seed', k))
               FROM gtzan WHERE genre.fold(id, 3) <> k) AS m
    FROM generate_series(0, 2) k;
CREATE TABLE mc_rows AS SELECT id, label, f, genre.fold(id, 3) AS k FROM gtzan ORDER BY id;
ANALYZE mc_folds, mc_rows;
SELECT count(*) AS rows, sum(changed) AS fold_changes
  FROM (SELECT (k IS DISTINCT FROM lag(k) OVER (ORDER BY id))::int AS changed FROM mc_rows) c;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT genre.predict(m.m, r.f) FROM mc_rows r JOIN mc_folds m USING (k);
-- through one call site, interleaved: each model is loaded once
SELECT pg_temp.loads() AS loads_before \gset
CREATE TEMP TABLE interleaved AS
  SELECT r.id, genre.predict(m.m, r.f) AS p, genre.predict_proba(m.m, r.f) AS pp
    FROM mc_rows r JOIN mc_folds m USING (k);
SELECT pg_temp.loads() - :loads_before AS models_loaded;
-- each fold's model one at a time: the held-out hits per fold, and the same
-- answers as interleaved
CREATE TEMP TABLE one_at_a_time AS
  SELECT r.id, genre.predict((SELECT m FROM mc_folds WHERE k = 0), r.f) AS p,
         genre.predict_proba((SELECT m FROM mc_folds WHERE k = 0), r.f) AS pp
    FROM mc_rows r WHERE r.k = 0
  UNION ALL
  SELECT r.id, genre.predict((SELECT m FROM mc_folds WHERE k = 1), r.f),
         genre.predict_proba((SELECT m FROM mc_folds WHERE k = 1), r.f)
    FROM mc_rows r WHERE r.k = 1
  UNION ALL
  SELECT r.id, genre.predict((SELECT m FROM mc_folds WHERE k = 2), r.f),
         genre.predict_proba((SELECT m FROM mc_folds WHERE k = 2), r.f)
    FROM mc_rows r WHERE r.k = 2;
SELECT r.k, count(*) AS rows, sum((o.p = r.label)::int) AS correct
  FROM one_at_a_time o JOIN mc_rows r USING (id) GROUP BY r.k ORDER BY r.k;
SELECT count(*) AS rows, count(*) FILTER (WHERE i.p IS DISTINCT FROM o.p) AS predict_differs,
       count(*) FILTER (WHERE i.pp IS DISTINCT FROM o.pp) AS proba_differs
  FROM interleaved i JOIN one_at_a_time o USING (id);
-- again, in a new statement: nothing is loaded, the cache has them
SELECT pg_temp.loads() AS loads_before \gset
SELECT count(*) FILTER (WHERE genre.predict(m.m, r.f) = r.label) AS correct
  FROM mc_rows r JOIN mc_folds m USING (k);
SELECT pg_temp.loads() - :loads_before AS models_loaded;
-- models made in the query (in memory, not TOASTed), interleaved the same way
SELECT count(*) FILTER (WHERE i.p IS DISTINCT FROM x.p) AS differs
  FROM (WITH ms AS MATERIALIZED (
          SELECT k, (SELECT genre.train_forest(f, label, jsonb_build_object('trees', 10, 'seed', k))
                       FROM gtzan WHERE genre.fold(id, 3) <> k) AS m
            FROM generate_series(0, 2) k)
        SELECT r.id, genre.predict(ms.m, r.f) AS p FROM mc_rows r JOIN ms USING (k)) x
  JOIN interleaved i USING (id);
-- predict, predict_proba and model_info of one model share one entry
SELECT pg_temp.loads() AS loads_before \gset
SELECT count(genre.predict(m, f)) AS n, count(genre.predict_proba(m, f)) AS np,
       count(DISTINCT genre.model_info(m)) AS infos
  FROM (SELECT genre.train_forest(f, label, '{"trees": 5, "seed": 7}') AS m FROM gtzan) s, gtzan;
SELECT pg_temp.loads() - :loads_before AS models_loaded;
RESET enable_mergejoin;
RESET enable_nestloop;

-- the limit: a model that alone needs more than genre.model_cache_size is an error
-- naming the setting (a forest's size is known from its payload, before loading)
CREATE TABLE mc_big AS SELECT genre.train_forest(f, label, '{"trees": 30}') AS m FROM gtzan;
SET genre.model_cache_size = '64kB';
SELECT sqlstate_of($$SELECT genre.predict(m, (SELECT f FROM gtzan WHERE id = 1)) FROM mc_big$$);
SELECT sqlstate_of($$SELECT genre.predict_proba(m, (SELECT f FROM gtzan WHERE id = 1)) FROM mc_big$$);
SELECT sqlstate_of($$SELECT genre.model_info(m) FROM mc_big$$);
-- a k-means model: its size too is read from its payload (200 centres of 57), same error
SELECT sqlstate_of($$SELECT genre.kmeans_assign(genre.kmeans(f, 200), (SELECT f FROM gtzan WHERE id = 1)) FROM gtzan$$);
-- a pipeline holding that forest: its size is known from its payload too (the
-- forest's 214 kB and the recipe's own), so it is refused before loading
CREATE TABLE mc_pipe AS SELECT genre.pipeline(m, 'gtzan') AS p FROM mc_big;
SELECT sqlstate_of($$SELECT genre.predict(p, (SELECT f FROM gtzan WHERE id = 1)) FROM mc_pipe$$);
SELECT sqlstate_of($$SELECT genre.classify_proba(c.audio, p) FROM mc_pipe, clips c WHERE c.name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT genre.model_info(p) FROM mc_pipe$$);
-- lowering the setting evicted down to it, the errors left no half entry, and
-- a model that fits still works
SELECT entries, bytes <= limit_bytes AS within_limit, limit_bytes FROM genre.model_cache_info();
SELECT genre.predict(m, (SELECT f FROM gtzan WHERE id = 1)) FROM mc_folds WHERE k = 0;
SELECT entries, bytes <= limit_bytes AS within_limit FROM genre.model_cache_info();
-- under a limit that holds two of the three fold models, the interleaved join
-- evicts and reloads, and still gives every answer right
SET genre.model_cache_size = '160kB';
SELECT evictions AS evictions_before FROM genre.model_cache_info() \gset
SELECT count(*) AS rows, count(*) FILTER (WHERE x.p IS DISTINCT FROM o.p) AS differs
  FROM (SELECT r.id, genre.predict(m.m, r.f) AS p FROM mc_rows r JOIN mc_folds m USING (k)) x
  JOIN one_at_a_time o USING (id);
SELECT entries <= 2 AS at_most_two, bytes <= limit_bytes AS within_limit,
       evictions > :evictions_before AS evicted
  FROM genre.model_cache_info();
RESET genre.model_cache_size;
SELECT pg_size_pretty(limit_bytes) AS default_limit FROM genre.model_cache_info();
-- the setting's bounds
SELECT sqlstate_of($$SET genre.model_cache_size = '8kB'$$);
SELECT sqlstate_of($$SET genre.model_cache_size = -1$$);
-- above its size the pipeline loads, and predicts what its forest predicts
SET genre.model_cache_size = '512kB';
SELECT count(*) AS rows, count(*) FILTER (WHERE genre.predict(p, f) IS DISTINCT FROM genre.predict(m, f)) AS differs
  FROM mc_pipe, mc_big, gtzan;
SELECT entries, bytes <= limit_bytes AS within_limit FROM genre.model_cache_info();
RESET genre.model_cache_size;

-- never stale: two forests of 100 stumps, the same length and different bytes
CREATE TABLE mc_stumps AS
  SELECT s, genre.train_forest(f, label, jsonb_build_object('trees', 100, 'max_depth', 1, 'seed', s)) AS m
    FROM gtzan, generate_series(1, 2) s GROUP BY s;
SELECT count(DISTINCT octet_length(decode(m::text, 'base64'))) AS lengths,
       min(octet_length(decode(m::text, 'base64'))) > 8192 AS above_full_compare,
       count(DISTINCT m::text) AS different
  FROM mc_stumps;
-- what each predicts for the first rows
SELECT s, array_agg(genre.predict(m, f) ORDER BY id) AS predictions
  FROM mc_stumps, (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g GROUP BY s ORDER BY s;
-- one plpgsql variable holds one, then the other (same length: same place in
-- memory), and one call site predicts with it after each switch
CREATE FUNCTION pg_temp.switching() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    m genre.model;
    x real[];
    out text[] := '{}';
BEGIN
    FOR i IN 1 .. 4 LOOP
        m := (SELECT mc_stumps.m FROM mc_stumps WHERE s = 2 - i % 2);
        FOR x IN SELECT f FROM gtzan ORDER BY id LIMIT 12 LOOP
            out := out || genre.predict(m, x);
        END LOOP;
    END LOOP;
    RETURN out;
END $$;
SELECT (SELECT pg_temp.switching()) = (SELECT a || b || a || b
          FROM (SELECT array_agg(genre.predict(m, f) ORDER BY id) FILTER (WHERE s = 1) AS a,
                       array_agg(genre.predict(m, f) ORDER BY id) FILTER (WHERE s = 2) AS b
                  FROM mc_stumps, (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g) ab) AS never_stale;
-- a stored model replaced under its name is read afresh by the next statement
INSERT INTO genre.models(name, model) SELECT 'mc_switch', m FROM mc_stumps WHERE s = 1;
SELECT array_agg(genre.predict('mc_switch', f) ORDER BY id) AS predictions
  FROM (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g;
UPDATE genre.models SET model = (SELECT m FROM mc_stumps WHERE s = 2) WHERE name = 'mc_switch';
SELECT array_agg(genre.predict('mc_switch', f) ORDER BY id) AS predictions
  FROM (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g;
-- replaced mid-transaction, inside one plpgsql call: each statement reads the
-- name afresh (stump 2 now, stump 1 after the UPDATE), the cache keeps both
CREATE FUNCTION pg_temp.replace_between() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    before_update text[];
BEGIN
    before_update := (SELECT array_agg(genre.predict('mc_switch', f) ORDER BY id)
                        FROM (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g);
    UPDATE genre.models SET model = (SELECT m FROM mc_stumps WHERE s = 1) WHERE name = 'mc_switch';
    RETURN before_update || (SELECT array_agg(genre.predict('mc_switch', f) ORDER BY id)
                               FROM (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g);
END $$;
SELECT pg_temp.replace_between() = (SELECT b || a
          FROM (SELECT array_agg(genre.predict(m, f) ORDER BY id) FILTER (WHERE s = 1) AS a,
                       array_agg(genre.predict(m, f) ORDER BY id) FILTER (WHERE s = 2) AS b
                  FROM mc_stumps, (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g) ab) AS not_stale;
-- the same name owned by another role, in the same backend: a bare name is
-- the caller's own model, owner.name the other's, whatever the cache holds
CREATE ROLE genre_mc_bob;
GRANT SELECT ON gtzan, mc_stumps TO genre_mc_bob;
SET ROLE genre_mc_bob;
INSERT INTO genre.models(name, model) SELECT 'mc_switch', m FROM mc_stumps WHERE s = 2;
SELECT array_agg(genre.predict('mc_switch', f) ORDER BY id) AS own
  FROM (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g;
RESET ROLE;
SELECT array_agg(genre.predict('mc_switch', f) ORDER BY id) AS own,
       array_agg(genre.predict('genre_mc_bob.mc_switch', f) ORDER BY id) AS bobs
  FROM (SELECT id, f FROM gtzan ORDER BY id LIMIT 12) g;
DELETE FROM genre.models WHERE name = 'mc_switch' AND owner = 'genre_mc_bob';
DELETE FROM genre.models WHERE name = 'mc_switch';
SELECT sqlstate_of($$SELECT genre.predict('mc_switch', f) FROM gtzan LIMIT 1$$);
-- a wrong kind found in the cache is still refused
SELECT sqlstate_of($$SELECT genre.kmeans_assign(m, (SELECT f FROM gtzan WHERE id = 1)) FROM mc_folds WHERE k = 0$$);

-- predict_proba writes its object in jsonb's layout directly: the same as
-- jsonb builds it, key lookups work, with 40 classes too (beyond 16 pairs
-- jsonb stores every 32nd entry as an offset)
CREATE TABLE mc_many AS
  SELECT genre.train_forest(f, label || id % 4, '{"trees": 20, "min_samples_leaf": 3}') AS m FROM gtzan;
SELECT count(*) AS rows, min(n) AS classes, max(n) AS classes_max,
       bool_and(p = rebuilt AND p::text = rebuilt::text) AS same_as_jsonb,
       bool_and(abs(s - 1) < 1e-6) AS sums_to_one,   -- mixed leaves hold float32
       bool_and((p ->> top)::float8 = best) AS lookup_by_key
  FROM (SELECT p, (SELECT jsonb_object_agg(key, value) FROM jsonb_each(p)) AS rebuilt,
               (SELECT count(*) FROM jsonb_object_keys(p)) AS n,
               (SELECT sum(value::float8) FROM jsonb_each_text(p)) AS s,
               (SELECT key FROM jsonb_each_text(p) ORDER BY value::float8 DESC, key LIMIT 1) AS top,
               (SELECT max(value::float8) FROM jsonb_each_text(p)) AS best
          FROM (SELECT genre.predict_proba(m, f) AS p FROM mc_many, gtzan) q) r;
SELECT genre.predict_proba(m, (SELECT f FROM gtzan WHERE id = 1)) -> 'blues1' AS blues1,
       genre.predict_proba(m, (SELECT f FROM gtzan WHERE id = 1)) ? 'rock3' AS has_rock3
  FROM mc_many;
DROP TABLE mc_folds, mc_rows, mc_big, mc_pipe, mc_stumps, mc_many;
REVOKE SELECT ON gtzan FROM genre_mc_bob;
DROP ROLE genre_mc_bob;
