-- genre.pca_fit / genre.pca_transform
-- hand data (2,0) (-2,0) (0,1) (0,-1): covariance (divisor n - 1 = 3) is diag(8/3, 2/3),
-- so the components are e1 and e2, explained variance 8/3 and 2/3, ratios 0.8 and 0.2
CREATE TEMP TABLE hand(v real[]);
INSERT INTO hand VALUES ('{2,0}'), ('{-2,0}'), ('{0,1}'), ('{0,-1}');
CREATE TEMP TABLE hp AS SELECT genre.pca_fit(v, 2) AS m FROM hand;
SELECT genre.model_info(m) FROM hp;
SELECT genre.pca_transform(m, '{3,-1}') AS projected FROM hp;
-- one component: the largest-variance direction only
SELECT genre.pca_transform(genre.pca_fit(v, 1), '{3,-1}') AS first_only FROM hand;

-- GTZAN, standardised: explained-variance ratios equal the eigenvalues of the correlation
-- matrix over their sum.  Expected values: numpy 1.24, np.linalg.eigvalsh(np.corrcoef(X.T))
-- of the 57 columns read as float32 (as gtzan.f stores them), descending, divided by their sum.
CREATE TEMP TABLE gz AS
SELECT g.id, genre.scale(s.m, g.f) AS z
  FROM gtzan g, (SELECT genre.scaler_fit(f) AS m FROM gtzan) s;
CREATE TEMP TABLE gp AS SELECT genre.pca_fit(z, 57) AS m FROM gz;
CREATE TEMP TABLE gp_info AS SELECT genre.model_info(m) AS j FROM gp;
WITH expected AS (
  SELECT ARRAY[0.2394956381,0.1692924816,0.1075002758,0.0760196220,0.0457807731,0.0343498247,0.0299444803,0.0259587625,0.0240318632,0.0187844718,0.0177461124,0.0161980109,0.0131527882,0.0128110953,0.0112894637,0.0097051269,0.0087662787,0.0081467169,0.0074030650,0.0071489648,0.0067571350,0.0066416909,0.0063472104,0.0058718877,0.0056084740,0.0052779080,0.0051826958,0.0050101544,0.0048209591,0.0046050757,0.0043599244,0.0041458378,0.0039609900,0.0037973468,0.0037259650,0.0034763739,0.0034253057,0.0031591460,0.0030574751,0.0029490392,0.0027616159,0.0025752116,0.0023483665,0.0021970743,0.0021108655,0.0020401443,0.0018837400,0.0017515795,0.0015551910,0.0015079724,0.0013184960,0.0009248360,0.0006380481,0.0004064973,0.0001402709,0.0000953612,0.0000383185]::float8[] AS r)
SELECT jsonb_array_length(j) AS n,
       max(abs((j->>(i - 1))::float8 - r[i])) < 1e-6 AS ratios_match,
       abs((SELECT sum(x::float8) FROM jsonb_array_elements_text(j) x) - 1) < 1e-9 AS sum_to_one
  FROM (SELECT j->'explained_variance_ratio' AS j FROM gp_info) g, expected,
       generate_series(1, 57) i
 GROUP BY j;
SELECT round((j->'explained_variance_ratio'->>0)::numeric, 6) AS pc1_ratio,
       -- largest eigenvalue of the correlation matrix times n / (n - 1) (numpy: 13.664916286)
       round((j->'explained_variance'->>0)::numeric, 5) AS pc1_variance
  FROM gp_info;
-- components are orthonormal
SELECT max(abs(dot - CASE WHEN a = b THEN 1 ELSE 0 END)) < 1e-12 AS orthonormal
  FROM (SELECT a, b, sum((c->a->>i)::float8 * (c->b->>i)::float8) AS dot
          FROM (SELECT j->'components' AS c FROM gp_info) s,
               generate_series(0, 4) a, generate_series(0, 4) b, generate_series(0, 56) i
         GROUP BY a, b) d;
-- the projections of the rows have the explained variances as their sample variance
WITH ev AS (SELECT j->'explained_variance' AS j FROM gp_info),
     proj AS (SELECT genre.pca_transform(gp.m, gz.z) AS p FROM gz, gp)
SELECT max(abs(var / (j->>(k - 1))::float8 - 1)) < 1e-5 AS projection_variance
  FROM (SELECT k, var_samp(p[k]::float8) AS var FROM proj, generate_series(1, 5) k GROUP BY k) v, ev;

-- a parallel plan gives the same model (up to float rounding of the pairwise merge)
CREATE TABLE explore_pca_par AS SELECT id, z FROM gz;
ANALYZE explore_pca_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT genre.pca_fit(z, 3) FROM explore_pca_par;
CREATE TEMP TABLE gp_par AS SELECT genre.pca_fit(z, 57) AS m FROM explore_pca_par;
RESET ALL;
SELECT max(abs((a.j->'explained_variance'->>i)::float8 - (b.j->'explained_variance'->>i)::float8)) < 1e-9 AS same_variances
  FROM gp_info a, (SELECT genre.model_info(m) AS j FROM gp_par OFFSET 0) b, generate_series(0, 56) i;
DROP TABLE explore_pca_par;
