-- Aggregate states under Citus (run by test/scripts/test-citus-states on the
-- coordinator of ../shared/tools/citus-cluster).  psql variable: data (the
-- GTZAN CSV).  Lines starting "check " are what the script counts.
\set ON_ERROR_STOP 0
\pset format unaligned
\pset tuples_only on
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS genre CASCADE;
DROP TABLE IF EXISTS st_csv, st_local, st_dist;
DROP FUNCTION IF EXISTS st_digest(text, text);
CREATE EXTENSION genre;
CREATE TABLE st_csv (line text);
-- psql variable data: the CSV file
\set copy_csv '\\copy st_csv FROM ' :'data'
:copy_csv
-- the public table: label and 57 features
CREATE TABLE st_local AS
SELECT row_number() OVER ()::int AS id, c[1] AS filename, c[array_length(c, 1)] AS label,
       c[3:59]::real[] AS f
  FROM (SELECT string_to_array(line, ',') AS c FROM st_csv OFFSET 1) s;
CREATE TABLE st_dist AS SELECT * FROM st_local;
SELECT create_distributed_table('st_dist', 'id');
SELECT 'check rows ' || ((SELECT count(*) FROM st_dist) = 1000);

-- issue 12 item 1: the label-pair aggregates through worker_partial_agg
SELECT 'check confusion_matrix distributed ' || (genre.confusion_matrix(label, label)->>'total' = '1000') FROM st_dist;

-- every aggregate: the distributed result equals the local one, bit for bit
CREATE TEMP TABLE st_q (agg text, q text);
INSERT INTO st_q VALUES
 ('scaler_fit', 'genre.scaler_fit(f)::text'),
 ('pca_fit', 'genre.pca_fit(f, 5)::text'),
 ('kmeans', $$genre.kmeans(f[1:8], 4, '{"n_init": 2, "seed": 3}')::text$$),
 ('silhouette', 'genre.silhouette(f[1:8], (id % 4)::int)::text'),
 ('kruskal_wallis', 'genre.kruskal_wallis(f[3], label)::text'),
 ('anova_f', 'genre.anova_f(f[3], label)::text'),
 ('train_forest', $$genre.train_forest(f, label, '{"trees": 4, "seed": 5}')::text$$),
 ('smote', $$genre.smote(f[1:4], CASE WHEN id % 5 = 0 THEN 'few' ELSE 'many' END)::text$$),
 ('confusion_matrix', 'genre.confusion_matrix(label, (id % 10)::text)::text'),
 ('classification_report', 'genre.classification_report(label, (id % 10)::text)::text'),
 ('adjusted_rand_index', 'genre.adjusted_rand_index(label, id % 7)::text'),
 ('normalized_mutual_info', 'genre.normalized_mutual_info(id % 3, label)::text'),
 ('plot_confusion', 'genre.plot_confusion(label, (id % 10)::text)'),
 ('plot_scatter', 'genre.plot_scatter(f[1], f[2], label)'),
 ('plot_line', 'genre.plot_line(f[1], f[2], label)');
CREATE FUNCTION st_digest(q text, tbl text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT md5(%s) FROM %I', q, tbl) INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT 'check ' || agg || ' distributed = local ' ||
       (st_digest(q, 'st_dist') = st_digest(q, 'st_local')) ||
       CASE WHEN st_digest(q, 'st_dist') = st_digest(q, 'st_local') THEN ''
            ELSE ' (' || st_digest(q, 'st_dist') || ')' END
  FROM st_q ORDER BY agg;
-- and again: identical runs give identical results
SELECT 'check ' || agg || ' distributed twice ' || (st_digest(q, 'st_dist') = st_digest(q, 'st_dist'))
  FROM st_q ORDER BY agg;

-- what a worker ships: the partial state as text, its used bytes only and the same every run
CREATE TEMP TABLE st_ship AS
SELECT 'train_forest' AS agg, length(worker_partial_agg('genre.train_forest(real[],text,jsonb)'::regprocedure,
                                      ROW(f, label, '{"trees": 4}'::jsonb))::text) AS hex_chars,
       md5(worker_partial_agg('genre.train_forest(real[],text,jsonb)'::regprocedure,
                              ROW(f, label, '{"trees": 4}'::jsonb))::text) AS digest,
       (SELECT sum(4 + ((octet_length(label) + 3) / 4) * 4 + 4 * cardinality(f)) FROM st_local) AS row_bytes
  FROM st_local;
SELECT 'measure train_forest state shipped: ' || hex_chars || ' hex chars for ' || row_bytes || ' bytes of rows' FROM st_ship;
SELECT 'check train_forest ships its used bytes ' || (hex_chars < 2 * row_bytes + 2 * 256) FROM st_ship;
SELECT 'check train_forest ships the same text twice ' ||
       (digest = md5(worker_partial_agg('genre.train_forest(real[],text,jsonb)'::regprocedure,
                                        ROW(f, label, '{"trees": 4}'::jsonb))::text))
  FROM st_ship, st_local GROUP BY digest;

-- privileges: a plain role needs EXECUTE on the support functions under Citus (README, Scale-out)
DROP ROLE IF EXISTS st_plain;
CREATE ROLE st_plain LOGIN;
GRANT SELECT ON st_dist, st_local, st_q TO st_plain;
SET ROLE st_plain;
SELECT 'check plain role without the grant gets 42501 ' ||
       (st_digest('genre.silhouette(f[1:8], (id % 4)::int)::text', 'st_dist') LIKE '42501: permission denied%');
RESET ROLE;
SELECT run_command_on_all_nodes($$
  DO $do$ DECLARE f regprocedure; BEGIN
    FOR f IN SELECT DISTINCT p FROM pg_aggregate a,
                    LATERAL (VALUES (aggtransfn), (aggcombinefn), (aggfinalfn)) v(p)
              WHERE a.aggfnoid::regproc::text LIKE 'genre.%' AND p <> 0 LOOP
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO st_plain', f);
    END LOOP; END $do$ $$) IS NOT NULL;
SET ROLE st_plain;
SELECT 'check plain role with the grant ' || agg || ' ' || (st_digest(q, 'st_dist') = st_digest(q, 'st_local'))
  FROM st_q WHERE agg IN ('silhouette', 'confusion_matrix', 'scaler_fit', 'train_forest') ORDER BY agg;
RESET ROLE;

-- the state limit under Citus: one shard holding 14000 rows of 10000 floats
-- (a 560 MB state on one worker, twice that as hex text) stops with 54000
-- naming the 511 MB limit, not XX000 "invalid memory alloc request size"
DROP TABLE IF EXISTS st_big;
CREATE TABLE st_big (k int, f real[], label text);
SELECT create_distributed_table('st_big', 'k') IS NOT NULL;
INSERT INTO st_big SELECT 1, array_fill(1.5::real, ARRAY[10000]), 'a' FROM generate_series(1, 14000);
SELECT 'check over the Citus state limit: 54000 ' ||
       (st_digest($$genre.train_forest(f, label, '{"trees": 1}')::text$$, 'st_big')
        LIKE '54000: train_forest: aggregate state exceeds the 511 MB limit of a state Citus sends between nodes%');
DROP TABLE st_big;
