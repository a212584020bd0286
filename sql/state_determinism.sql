-- Results are byte-identical whatever the plan and the row order (issue 12
-- item 2, issue 13 finding 10): exact moment sums for scaler_fit/pca_fit,
-- a canonical row order in the finals that buffer rows.  Every aggregate
-- runs on three physical orders of the GTZAN table, serially, in parallel
-- plans (with and without the leader taking rows) and with an ORDER BY
-- inside the aggregate; the md5 of each result must be one value.
CREATE TABLE det_fwd AS SELECT * FROM gtzan ORDER BY id;
CREATE TABLE det_rev AS SELECT * FROM gtzan ORDER BY id DESC;
CREATE TABLE det_shuf AS SELECT * FROM gtzan ORDER BY md5(filename);
CREATE TABLE det_result (variant text, agg text, digest text);

CREATE FUNCTION pg_temp.run_all(variant text, tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        INSERT INTO det_result
        SELECT %L, a, md5(r) FROM (
            SELECT genre.scaler_fit(f)::text AS scaler_fit,
                   genre.pca_fit(f, 5)::text AS pca_fit,
                   genre.silhouette(f[1:8], (id %% 4)::int)::text AS silhouette,
                   genre.anova_f(f[3], label)::text AS anova_f,
                   genre.kruskal_wallis(f[3], label)::text AS kruskal_wallis,
                   genre.kmeans(f[1:8], 4, '{"n_init": 2, "seed": 3}')::text AS kmeans,
                   genre.train_forest(f, label, '{"trees": 4, "seed": 5}')::text AS train_forest,
                   genre.classification_report(label, (id %% 10)::text)::text AS classification_report,
                   genre.normalized_mutual_info(label, id %% 7)::text AS nmi,
                   md5(genre.plot_scatter(f[1], f[2], label)) AS plot_scatter
              FROM %I) s,
        LATERAL (VALUES ('scaler_fit', scaler_fit), ('pca_fit', pca_fit), ('silhouette', silhouette),
                        ('anova_f', anova_f), ('kruskal_wallis', kruskal_wallis), ('kmeans', kmeans),
                        ('train_forest', train_forest), ('classification_report', classification_report),
                        ('normalized_mutual_info', nmi), ('plot_scatter', plot_scatter)) v(a, r)
    $q$, variant, tbl);
END $$;

SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.run_all('serial ' || t, t) FROM unnest(ARRAY['det_fwd', 'det_rev', 'det_shuf']) t;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT genre.scaler_fit(f), genre.silhouette(f[1:8], (id % 4)::int) FROM det_rev;
SELECT pg_temp.run_all('parallel ' || t, t) FROM unnest(ARRAY['det_fwd', 'det_rev', 'det_shuf']) t;
SET parallel_leader_participation = off;
SELECT pg_temp.run_all('parallel, workers only ' || t, t) FROM unnest(ARRAY['det_fwd', 'det_rev', 'det_shuf']) t;
RESET parallel_leader_participation;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- rows fed in an explicit order
INSERT INTO det_result
SELECT 'ordered', a, md5(r) FROM (
    SELECT genre.scaler_fit(f ORDER BY md5(filename) DESC)::text AS s,
           genre.pca_fit(f, 5 ORDER BY label, id DESC)::text AS p,
           genre.silhouette(f[1:8], (id % 4)::int ORDER BY f[2])::text AS sil,
           genre.anova_f(f[3], label ORDER BY filename DESC)::text AS an
      FROM det_fwd) s,
LATERAL (VALUES ('scaler_fit', s), ('pca_fit', p), ('silhouette', sil), ('anova_f', an)) v(a, r);

SELECT agg, count(*) AS runs, count(DISTINCT digest) AS distinct_results
  FROM det_result GROUP BY agg ORDER BY agg;

-- the numbers themselves stay scikit-learn's (sql/explore_scaler.sql and
-- explore_pca.sql check them to 1e-6); here the first mean and variance
SELECT round((genre.model_info(genre.scaler_fit(f))->'mean'->>0)::numeric, 6) AS mean0,
       round((genre.model_info(genre.scaler_fit(f))->'var'->>0)::numeric, 8) AS var0
  FROM det_fwd;

DROP TABLE det_fwd, det_rev, det_shuf, det_result;
