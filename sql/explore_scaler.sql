-- genre.scaler_fit / genre.scale: StandardScaler (mean, population std; constant slot -> scale 1)
-- hand data: slot 1 = 1,2,3,4 (mean 2.5, population variance 1.25), slot 2 constant 7
CREATE TEMP TABLE hand(v real[]);
INSERT INTO hand VALUES ('{1,7}'), ('{2,7}'), ('{3,7}'), ('{4,7}'), (NULL);
SELECT genre.model_info(genre.scaler_fit(v)) FROM hand;
-- (4 - 2.5) / sqrt(1.25) = 1.3416408; the constant slot maps to 0
SELECT genre.scale(m, '{4,7}') AS scaled, genre.scale(m, '{0,100}') AS far
  FROM (SELECT genre.scaler_fit(v) AS m FROM hand) s;
-- no rows: NULL model
SELECT genre.scaler_fit(v) IS NULL AS empty_is_null FROM hand WHERE false;

-- GTZAN (1000 x 57): the model's mean and scale are SQL's avg and stddev_pop of each column
CREATE TEMP TABLE gsc AS SELECT genre.scaler_fit(f) AS m FROM gtzan;
WITH info AS MATERIALIZED (SELECT genre.model_info(m) AS j FROM gsc),
     cols AS (SELECT i, avg(f[i]::float8) AS mean, stddev_pop(f[i]::float8) AS sd
                FROM gtzan, generate_series(1, 57) i GROUP BY i)
SELECT (j->>'n_features')::int AS n_features, (j->>'n_samples')::int AS n_samples,
       max(abs((j->'mean'->>(i - 1))::float8 - mean) / greatest(abs(mean), 1e-30)) < 1e-9 AS mean_ok,
       max(abs((j->'scale'->>(i - 1))::float8 - sd) / sd) < 1e-9 AS scale_ok
  FROM info, cols GROUP BY j;
-- standardised columns have mean 0 and population std 1 (to float32 rounding)
CREATE TEMP TABLE gz AS SELECT g.id, g.label, genre.scale(s.m, g.f) AS z FROM gtzan g, gsc s;
SELECT max(abs(mean)) < 1e-6 AS centred, max(abs(sd - 1)) < 1e-6 AS unit_std
  FROM (SELECT i, avg(z[i]::float8) AS mean, stddev_pop(z[i]::float8) AS sd
          FROM gz, generate_series(1, 57) i GROUP BY i) c;

-- parallel plan: partial moments merged by the combine function give the same model
CREATE TABLE explore_gtzan_par AS SELECT id, f FROM gtzan;
ANALYZE explore_gtzan_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT genre.scaler_fit(f) FROM explore_gtzan_par;
CREATE TEMP TABLE gsc_par AS SELECT genre.scaler_fit(f) AS m FROM explore_gtzan_par;
RESET ALL;
SELECT max(abs((a.j->'mean'->>i)::float8 - (b.j->'mean'->>i)::float8)) < 1e-9 AS same_mean,
       max(abs((a.j->'scale'->>i)::float8 / (b.j->'scale'->>i)::float8 - 1)) < 1e-12 AS same_scale
  FROM (SELECT genre.model_info(m) AS j FROM gsc OFFSET 0) a, (SELECT genre.model_info(m) AS j FROM gsc_par OFFSET 0) b,
       generate_series(0, 56) i;
DROP TABLE explore_gtzan_par;
