-- genre.kmeans / kmeans_assign / kmeans_distances
-- hand data on a line: {0,1,2} {10,11} {20}; the optimum has centres 1, 10.5, 20 and
-- inertia 1 + 0 + 1 + 0.25 + 0.25 + 0 = 2.5
CREATE TEMP TABLE line(v real[]);
INSERT INTO line VALUES ('{11}'), ('{0}'), ('{20}'), ('{2}'), ('{10}'), ('{1}'), (NULL);
CREATE TEMP TABLE lk AS SELECT genre.kmeans(v, 3) AS m FROM line;
SELECT (genre.model_info(m)->>'inertia')::float8 AS inertia,
       (SELECT array_agg(c ORDER BY c) FROM jsonb_array_elements_text(genre.model_info(m)->'centers') e,
               LATERAL (SELECT (e::jsonb->>0)::float8 AS c) x) AS centers,
       (SELECT array_agg(s::int ORDER BY s::int) FROM jsonb_array_elements_text(genre.model_info(m)->'cluster_sizes') s) AS sizes
  FROM lk;
-- 19 is nearest the centre 20; its distances are |19 - centre|
SELECT (genre.model_info(m)->'centers'->genre.kmeans_assign(m, '{19}')->>0)::float8 AS nearest_centre,
       (SELECT array_agg(d ORDER BY d) FROM unnest(genre.kmeans_distances(m, '{19}')) d) AS distances
  FROM lk;
-- options
SELECT (genre.model_info(genre.kmeans(v, 3, '{"n_init": 1, "max_iter": 50, "tol": 0, "seed": 42}'))->>'inertia')::float8 AS inertia_one_init
  FROM line;

-- GTZAN standardised, k = 10, n_init 10: scikit-learn 1.2's best of 10 inits is 30 236
CREATE TEMP TABLE gz AS
SELECT g.id, g.label, genre.scale(s.m, g.f) AS z
  FROM gtzan g, (SELECT genre.scaler_fit(f) AS m FROM gtzan) s;
CREATE TEMP TABLE gk AS SELECT genre.kmeans(z, 10) AS m FROM gz;
SELECT abs((genre.model_info(m)->>'inertia')::float8 / 30236 - 1) < 0.01 AS within_1pct_of_sklearn,
       round((genre.model_info(m)->>'inertia')::numeric) AS inertia,
       (SELECT sum(s::int) FROM jsonb_array_elements_text(genre.model_info(m)->'cluster_sizes') s) AS rows,
       (genre.model_info(m)->>'n_iter')::int BETWEEN 1 AND 300 AS n_iter_ok
  FROM gk;
-- kmeans_assign agrees with cluster_sizes; the distance to the own centre is the smallest;
-- the squared distances to the own centres sum to the inertia
SELECT bool_and(cnt = (genre.model_info(m)->'cluster_sizes'->>c)::int) AS sizes_match
  FROM (SELECT genre.kmeans_assign(gk.m, z) AS c, count(*) AS cnt FROM gz, gk GROUP BY 1) a, gk;
SELECT bool_and(d[c + 1] = (SELECT min(x) FROM unnest(d) x)) AS own_is_nearest,
       abs(sum(d[c + 1]::float8 ^ 2) / (SELECT (genre.model_info(m)->>'inertia')::float8 FROM gk) - 1) < 1e-5 AS inertia_matches
  FROM (SELECT genre.kmeans_assign(gk.m, z) AS c, genre.kmeans_distances(gk.m, z) AS d FROM gz, gk) t;
-- the silhouette of this clustering; 0.1164755 is scikit-learn 1.2's silhouette_score on
-- the same standardised rows with these labels (exported and scored offline)
SELECT round(genre.silhouette(z, genre.kmeans_assign(gk.m, z))::numeric, 6) AS silhouette FROM gz, gk;

-- same rows in another order, another seed, and a parallel plan
SELECT (SELECT m::text FROM gk) = (SELECT genre.kmeans(z, 10)::text FROM (SELECT z FROM gz ORDER BY md5(id::text)) s) AS shuffled_same,
       (SELECT m::text FROM gk) = (SELECT genre.kmeans(z, 10, '{"seed": 0}')::text FROM (SELECT z FROM gz ORDER BY id DESC) s) AS reversed_same,
       (SELECT m::text FROM gk) <> (SELECT genre.kmeans(z, 10, '{"seed": 7}')::text FROM gz) AS other_seed_differs;
CREATE TABLE explore_kmeans_par AS SELECT id, z FROM gz ORDER BY md5(id::text);
ANALYZE explore_kmeans_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT genre.kmeans(z, 10) FROM explore_kmeans_par;
CREATE TEMP TABLE gk_par AS SELECT genre.kmeans(z, 10) AS m FROM explore_kmeans_par;
CREATE TEMP TABLE sil_par AS SELECT genre.silhouette(z, (id % 3)::int) AS s FROM explore_kmeans_par;
RESET ALL;
SELECT (SELECT m::text FROM gk) = (SELECT m::text FROM gk_par) AS parallel_same;
SELECT abs((SELECT s FROM sil_par) - (SELECT genre.silhouette(z, (id % 3)::int) FROM gz)) < 1e-12 AS silhouette_parallel_same;
DROP TABLE explore_kmeans_par;

-- silhouette by hand: rows {0,1} {4,5} {10}: s = 7/9, 5/7, 5/7, 7/9 and 0 for the
-- singleton, mean 188/315 = 0.5968253968 (scikit-learn gives the same)
SELECT round(genre.silhouette(ARRAY[x]::real[], c)::numeric, 10) AS silhouette,
       round(188 / 315.0, 10) AS by_hand
  FROM (VALUES (0, 1), (1, 1), (4, 2), (5, 2), (10, 3)) t(x, c);
