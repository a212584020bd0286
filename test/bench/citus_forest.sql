-- Distributed forest training (test/bench/citus-forest, on the coordinator
-- of ../shared/tools/citus-cluster).  The public GTZAN table's training
-- folds (genre.fold(id, 5) <> 0, 819 rows) copied 250 times with +-0.5 %
-- multiplicative jitter: 204 750 rows; held out: the 181 rows of fold 0.
-- psql variables: csv, trees (of the one forest), parts.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS genre CASCADE;
DROP TABLE IF EXISTS bf_csv, bf_src, bf_local, bf_dist, bf_part, bf_times;
CREATE EXTENSION genre;
CREATE TABLE bf_csv (line text);
\set copy_csv '\\copy bf_csv FROM ' :'csv'
:copy_csv
CREATE TABLE bf_src AS
SELECT row_number() OVER ()::int AS id, c[array_length(c, 1)] AS label, c[3:59]::real[] AS f
  FROM (SELECT string_to_array(line, ',') AS c FROM bf_csv OFFSET 1) s;
SELECT setseed(0.25);
CREATE TABLE bf_local AS
SELECT n, n % :parts AS part, label, f
  FROM (SELECT row_number() OVER (ORDER BY c, id)::int AS n, label,
               (SELECT array_agg(x * (1 + 0.01 * (random() - 0.5)) ORDER BY i)::real[]
                  FROM unnest(f) WITH ORDINALITY u(x, i)) AS f
          FROM bf_src, generate_series(1, 250) c WHERE genre.fold(id, 5) <> 0) s;
CREATE TABLE bf_dist AS SELECT * FROM bf_local;
SELECT create_distributed_table('bf_dist', 'part') IS NOT NULL;
-- the same rows in a partitioned table on the coordinator alone
CREATE TABLE bf_part (n int, part int, label text, f real[]) PARTITION BY LIST (part);
SELECT format('CREATE TABLE bf_part_%s PARTITION OF bf_part FOR VALUES IN (%s)', p, p)
  FROM generate_series(0, :parts - 1) p \gexec
INSERT INTO bf_part SELECT * FROM bf_local;
ANALYZE bf_local; ANALYZE bf_part;
SELECT 'rows ' || count(*) || ', parts ' || count(DISTINCT part) FROM bf_local;
CREATE TABLE bf_times (how text, seconds float8, model genre.model);

-- 1. one forest of :trees trees on all rows, in one coordinator backend
\set opts1 '{"trees": ' :trees ', "seed": 1}'
\set optsp '{"trees": ' :trees_per_part ', "seed": 1}'
CREATE FUNCTION bf_time(how text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; m genre.model;
BEGIN
    t0 := clock_timestamp();
    EXECUTE q INTO m;
    INSERT INTO bf_times VALUES (how, extract(epoch FROM clock_timestamp() - t0), m);
END $$;
SELECT bf_time('one forest, coordinator only',
               format($$SELECT genre.train_forest(f, label, %L) FROM bf_local$$, :'opts1'));
-- 2. one forest per part on the workers, merged on the coordinator
SELECT bf_time('per part on the Citus workers, merged',
               format($$SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f, label, %L) AS m
                        FROM bf_dist GROUP BY part) s$$, :'optsp'));
-- 3. the same SQL on a local table, serial (the gain of smaller forests alone)
SET max_parallel_workers_per_gather = 0;
SELECT bf_time('per part, coordinator only, serial',
               format($$SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f, label, %L) AS m
                        FROM bf_local GROUP BY part) s$$, :'optsp'));
-- 4. the same SQL on the partitioned table, partitionwise and parallel
SET max_parallel_workers_per_gather = 2;
SET enable_partitionwise_aggregate = on;
SELECT bf_time('per part, partitioned table, parallel workers',
               format($$SELECT genre.merge_forests(m) FROM (SELECT genre.train_forest(f, label, %L) AS m
                        FROM bf_part GROUP BY part) s$$, :'optsp'));
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;

SELECT 'result ' || how || ': ' || round(seconds::numeric, 2) || ' s, ' ||
       round(seconds::numeric / (SELECT seconds FROM bf_times WHERE how LIKE 'one forest%')::numeric, 3) ||
       ' of coordinator-only, ' || (genre.model_info(model)->>'trees') || ' trees, held-out accuracy ' ||
       (SELECT round(avg((genre.predict(model, f) = label)::int), 3) FROM bf_src WHERE genre.fold(id, 5) = 0)
  FROM bf_times ORDER BY seconds DESC;
SELECT 'check distributed model = partitioned model = local per-part model ' ||
       (count(DISTINCT md5(model::text)) = 1) FROM bf_times WHERE how LIKE 'per part%';
DROP TABLE bf_csv, bf_src, bf_local, bf_dist, bf_part, bf_times;
DROP FUNCTION bf_time(text, text);
