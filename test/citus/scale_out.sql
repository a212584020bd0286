-- Scale-out on Citus (run by test/scripts/test-citus on the coordinator of
-- ../shared/tools/citus-cluster): real audio in a distributed table, its
-- features computed on the workers, every aggregate against the same query
-- on a local table, forests trained per shard and merged, predictions
-- joined with genre.models as a reference table.  psql variables: audio_tsv
-- (path and base64 of each clip), csv (the GTZAN CSV).  Lines starting "check " are counted.
\set ON_ERROR_STOP 0
\pset format unaligned
\pset tuples_only on
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS genre CASCADE;
DROP TABLE IF EXISTS so_files, so_local, so_dist, so_csv, so_gtzan, so_gtzan_dist, so_agg;
DROP FUNCTION IF EXISTS so_digest(text, text);
DROP FUNCTION IF EXISTS so_plan(text);
CREATE EXTENSION genre;

-- the audio fixtures (path, base64), listed by test/scripts/test-citus
CREATE TABLE so_files (path text, b64 text);
\set copy_files '\\copy so_files FROM ' :'audio_tsv'
:copy_files
CREATE TABLE so_local AS
SELECT path, split_part(path, '/', 2) AS source, decode(b64, 'base64') AS audio, NULL::real[] AS f
  FROM so_files WHERE path NOT LIKE '%short_0.05s%';
CREATE TABLE so_dist AS SELECT * FROM so_local;
SELECT create_distributed_table('so_dist', 'path') IS NOT NULL;
SELECT 'check audio rows ' || ((SELECT count(*) FROM so_dist) = (SELECT count(*) FROM so_local)
                               AND (SELECT count(*) FROM so_local) >= 15);

-- features on the workers: the UPDATE is one task per shard, run there
CREATE FUNCTION so_plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; l text;
BEGIN
    r := '';
    FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP r := r || l || E'\n'; END LOOP;
    RETURN r;
END $$;
SELECT 'check features UPDATE runs on the shards ' ||
       (p LIKE '%Task Count: 32%' AND p LIKE '%Update on public.so_dist_%' AND p LIKE '%genre.features(audio%')
  FROM so_plan('UPDATE so_dist SET f = genre.features(audio)') p;
UPDATE so_dist SET f = genre.features(audio);
UPDATE so_local SET f = genre.features(audio);
SELECT 'check features distributed = local, bit for bit ' ||
       ((SELECT md5(string_agg(f::text, ';' ORDER BY path)) FROM so_dist) =
        (SELECT md5(string_agg(f::text, ';' ORDER BY path)) FROM so_local)) ||
       ' (' || (SELECT count(*) FROM so_dist WHERE f IS NOT NULL) || ' clips)';

-- every aggregate on the audio features: distributed = local, bit for bit
CREATE TABLE so_agg (agg text, q text);
INSERT INTO so_agg VALUES
 ('scaler_fit', 'genre.scaler_fit(f)::text'),
 ('pca_fit', 'genre.pca_fit(f, 3)::text'),
 ('kmeans', $$genre.kmeans(f, 3, '{"n_init": 2, "seed": 1}')::text$$),
 ('silhouette', 'genre.silhouette(f, length(path) % 3)::text'),
 ('kruskal_wallis', 'genre.kruskal_wallis(f[1], source)::text'),
 ('anova_f', 'genre.anova_f(f[1], source)::text'),
 ('train_forest', $$genre.train_forest(f, source, '{"trees": 8, "seed": 4}')::text$$),
 ('smote', 'genre.smote(f[1:6], source)::text'),
 ('confusion_matrix', 'genre.confusion_matrix(source, (length(path) % 2)::text)::text'),
 ('classification_report', 'genre.classification_report(source, source)::text'),
 ('adjusted_rand_index', 'genre.adjusted_rand_index(source, length(path) % 3)::text'),
 ('normalized_mutual_info', 'genre.normalized_mutual_info(length(path) % 3, source)::text'),
 ('plot_confusion', 'genre.plot_confusion(source, (length(path) % 2)::text)'),
 ('plot_scatter', 'genre.plot_scatter(f[1], f[2], source)'),
 ('plot_line', 'genre.plot_line(f[1], f[2], source)');
CREATE FUNCTION so_digest(q text, tbl text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT md5(%s) FROM %I', q, tbl) INTO r;
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT 'check audio ' || agg || ' distributed = local ' ||
       (so_digest(q, 'so_dist') = so_digest(q, 'so_local') AND so_digest(q, 'so_local') ~ '^[0-9a-f]{32}$') ||
       CASE WHEN so_digest(q, 'so_dist') = so_digest(q, 'so_local') AND so_digest(q, 'so_local') ~ '^[0-9a-f]{32}$'
            THEN '' ELSE ' (' || so_digest(q, 'so_dist') || ' / ' || so_digest(q, 'so_local') || ')' END
  FROM so_agg ORDER BY agg;
-- each aggregate is split: a partial aggregate on the shards, combined on the coordinator
SELECT 'check ' || agg || ' planned as worker_partial_agg + coord_combine_agg ' ||
       (p LIKE '%worker_partial_agg%' AND p LIKE '%coord_combine_agg%')
  FROM so_agg, LATERAL so_plan(format('SELECT %s FROM so_dist', q)) p ORDER BY agg;

-- forests trained where the rows are: the public table distributed by a
-- part key, one forest per part (GROUP BY the distribution column: the
-- whole aggregate runs on the shard), merged on the coordinator
CREATE TABLE so_csv (line text);
\set copy_csv '\\copy so_csv FROM ' :'csv'
:copy_csv
CREATE TABLE so_gtzan AS
SELECT id, id % 8 AS part, label, f
  FROM (SELECT row_number() OVER ()::int AS id, c[array_length(c, 1)] AS label, c[3:59]::real[] AS f
          FROM (SELECT string_to_array(line, ',') AS c FROM so_csv OFFSET 1) s) t;
CREATE TABLE so_gtzan_dist AS SELECT * FROM so_gtzan;
SELECT create_distributed_table('so_gtzan_dist', 'part') IS NOT NULL;
SELECT 'check parts live on both workers ' ||
       (count(DISTINCT nodeport) = 2)
  FROM (SELECT DISTINCT part FROM so_gtzan) p,
       LATERAL (SELECT nodeport FROM citus_shards
                 WHERE shardid = get_shard_id_for_distribution_column('so_gtzan_dist', p.part)) n;
SELECT 'check train_forest per part runs whole on the shards ' ||
       (p LIKE '%genre.train_forest(%GROUP BY so_gtzan_dist.part%' AND p NOT LIKE '%worker_partial_agg(''genre.train_forest%'
        AND p LIKE '%coord_combine_agg%')
  FROM so_plan($$SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f, label, '{"trees": 5, "seed": 3}') AS m
                  FROM so_gtzan_dist WHERE id % 5 <> 0 GROUP BY part) s$$) p;
CREATE TEMP TABLE so_forests AS
SELECT (SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f, label, '{"trees": 5, "seed": 3}') AS m
          FROM so_gtzan_dist WHERE id % 5 <> 0 GROUP BY part) s) AS dist,
       (SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f, label, '{"trees": 5, "seed": 3}') AS m
          FROM so_gtzan WHERE id % 5 <> 0 GROUP BY part) s) AS local;
SELECT 'check merged forest distributed = local, bit for bit ' || (md5(dist::text) = md5(local::text)) ||
       ' (' || (genre.model_info(dist)->>'trees') || ' trees)'
  FROM so_forests;
SELECT 'check merged forest twice ' ||
       (md5(dist::text) = (SELECT md5(genre.merge_forests(m)::text) FROM
          (SELECT genre.train_forest(f, label, '{"trees": 5, "seed": 3}') AS m
             FROM so_gtzan_dist WHERE id % 5 <> 0 GROUP BY part) s))
  FROM so_forests;
SELECT 'measure merged forest held-out accuracy ' ||
       round(avg((genre.predict(dist, f) = label)::int), 3) ||
       ' (one forest of 40 trees on all training rows: ' ||
       (SELECT round(avg((genre.predict(m1, f) = label)::int), 3)
          FROM (SELECT genre.train_forest(f, label, '{"trees": 40, "seed": 3}') AS m1
                  FROM so_gtzan WHERE id % 5 <> 0) o, so_gtzan WHERE id % 5 = 0) || ')'
  FROM so_forests, so_gtzan WHERE id % 5 = 0;

-- predictions on the workers, the model joined from genre.models as a reference table
INSERT INTO genre.models (name, model) SELECT 'so_merged', dist FROM so_forests;
SELECT create_reference_table('genre.models') IS NOT NULL;
SELECT 'check predict joined with the reference models table runs on the shards ' ||
       ((p LIKE '%Task Count: 8%' OR p LIKE '%Task Count: 32%') AND p LIKE '%genre.predict(%')
  FROM so_plan($$SELECT count(*) FROM so_gtzan_dist t JOIN genre.models m ON m.name = 'so_merged'
                  WHERE genre.predict(m.model, t.f) = t.label$$) p;
SELECT 'check predict joined distributed = local ' ||
       ((SELECT string_agg(t.id || ':' || genre.predict(m.model, t.f), ',' ORDER BY t.id)
           FROM so_gtzan_dist t JOIN genre.models m ON m.name = 'so_merged') =
        (SELECT string_agg(id || ':' || genre.predict(dist, f), ',' ORDER BY id) FROM so_gtzan, so_forests));
-- predict by name in a distributed query: a clear ERROR with the join form
SELECT 'check predict by name on the workers: 0A000 with the join form ' ||
       (so_digest($$count(genre.predict('so_merged', f))::text$$, 'so_gtzan_dist')
        LIKE '0A000: predict: model "so_merged" cannot be looked up by name on a Citus worker%');
SELECT 'measure ' || so_digest($$count(genre.predict('so_merged', f))::text$$, 'so_gtzan_dist');
-- ... and by name on the coordinator, on a local table, as before
SELECT 'check predict by name on the coordinator ' ||
       (count(genre.predict('so_merged', f)) = 1000) FROM so_gtzan;
DROP TABLE so_files, so_local, so_dist, so_csv, so_gtzan, so_gtzan_dist, so_agg;
