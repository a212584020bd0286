-- umap_fit / umap_transform on the standardised public GTZAN table.
-- Quality against umap-learn is measured by test/bench/umap (trustworthiness
-- and kNN accuracy side by side); here: the model, its determinism under
-- row order and a parallel plan, transform, model_info and every bad input.

CREATE TABLE umap_rows AS
SELECT g.id, g.label, genre.scale(s.m, g.f) AS f
  FROM gtzan g, (SELECT genre.scaler_fit(f) AS m FROM gtzan) s;

CREATE TABLE umap_model AS
SELECT genre.umap_fit(f, 2, '{"n_epochs": 50, "seed": 7}') AS m FROM umap_rows;
SELECT genre.model_info(m) - 'a' - 'b' AS info,
       round((genre.model_info(m)->>'a')::numeric, 4) AS a, round((genre.model_info(m)->>'b')::numeric, 4) AS b
  FROM umap_model;
-- umap-learn's find_ab_params(1.0, 0.1): a = 1.5769, b = 0.8951

-- byte-identical under another row order and in a parallel plan
SELECT md5(genre.umap_fit(f, 2, '{"n_epochs": 50, "seed": 7}' ORDER BY id DESC)::text)
       = (SELECT md5(m::text) FROM umap_model) AS order_free
  FROM umap_rows;
ANALYZE umap_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT genre.umap_fit(f, 2, '{"n_epochs": 50, "seed": 7}') FROM umap_rows;
SELECT md5(genre.umap_fit(f, 2, '{"n_epochs": 50, "seed": 7}')::text) = (SELECT md5(m::text) FROM umap_model) AS parallel_same
  FROM umap_rows;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- fitted rows map to their fitted coordinates (the same for a duplicate call);
-- a new row lands near its nearest fitted rows; another seed another map
SELECT count(*) AS rows, count(DISTINCT genre.umap_transform(m, f)) AS distinct_points,
       bool_and(cardinality(genre.umap_transform(m, f)) = 2) AS two_d,
       bool_and(genre.umap_transform(m, f) = genre.umap_transform(m, f)) AS stable
  FROM umap_rows, umap_model;
WITH p AS (SELECT g.id, genre.umap_transform(m, g.f) AS y FROM umap_rows g, umap_model),
     mid AS (SELECT genre.umap_transform(m, (SELECT array_agg(((a.v + b.v) / 2)::real ORDER BY a.i)
                                              FROM unnest((SELECT f FROM umap_rows WHERE id = 1)) WITH ORDINALITY a(v, i)
                                              JOIN unnest((SELECT f FROM umap_rows WHERE id = 2)) WITH ORDINALITY b(v, i) USING (i))) AS y
               FROM umap_model)
SELECT cardinality(mid.y) AS dims,
       (SELECT min(sqrt((p.y[1] - mid.y[1]) ^ 2 + (p.y[2] - mid.y[2]) ^ 2)) FROM p) < 5 AS lands_among_fitted
  FROM mid;
SELECT md5(genre.umap_fit(f, 2, '{"n_epochs": 50, "seed": 8}')::text) <> (SELECT md5(m::text) FROM umap_model) AS seed_matters
  FROM umap_rows;
-- three components, cosine metric
SELECT genre.model_info(genre.umap_fit(f, 3, '{"n_epochs": 20, "metric": "cosine", "n_neighbors": 10}'))
       ->> 'metric' AS metric,
       cardinality(genre.umap_transform(genre.umap_fit(f, 3, '{"n_epochs": 20, "metric": "cosine", "n_neighbors": 10}'),
                                        (SELECT f FROM umap_rows WHERE id = 5))) AS dims
  FROM umap_rows WHERE id <= 200;

-- bad input
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 0) FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 58) FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 2, '{"n_neighbors": 20}') FROM umap_rows WHERE id <= 20$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 2, '{"n_neighbors": 1}') FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 2, '{"metric": "manhattan"}') FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 2, '{"min_dist": 2}') FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 2, '{"neighbours": 5}') FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, 2, '{"n_epochs": -1}') FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f) FROM umap_rows WHERE id <= 2$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(CASE WHEN id = 3 THEN f || 'NaN'::real ELSE f END) FROM umap_rows WHERE id <= 5$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(CASE WHEN id = 3 THEN f[1:3] || 'NaN'::real || f[5:] ELSE f END) FROM umap_rows WHERE id <= 5$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, NULL) FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_fit(f, id::int % 2 + 1) FROM umap_rows$$);
SELECT sqlstate_of($$SELECT genre.umap_transform(m, '{1,2,3}') FROM umap_model$$);
SELECT sqlstate_of($$SELECT genre.umap_transform(m, (SELECT f[1:56] || 'Infinity'::real FROM umap_rows WHERE id = 1)) FROM umap_model$$);
SELECT sqlstate_of($$SELECT genre.umap_transform(genre.scaler_fit(f), f) FROM umap_rows GROUP BY f LIMIT 1$$);
SELECT sqlstate_of($$SELECT genre.kmeans_assign(m, '{1,2}') FROM umap_model$$);
SELECT sqlstate_of($$SELECT genre.predict(m, (SELECT f FROM umap_rows WHERE id = 1)) FROM umap_model$$);
SELECT sqlstate_of($$SELECT genre.umap_fit_final('\x0102'::bytea)$$);
