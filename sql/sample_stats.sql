-- mean_ci, normal_test, plot_means, plot_qq against scipy 1.10 on fixed data.
-- scipy's values (/usr/bin/python3, scipy.stats) are pasted into the queries;
-- each query shows whether the difference stays below the stated bound.
-- scipy's t.ppf (stdtrit) is itself ~1e-10 off the exact quantile, so the
-- intervals are held to 1e-12 of the exact ones (mpmath, 40 digits, with
-- numpy's mean and scipy's sem) and to 1e-9 of scipy's; the mean is numpy's
-- pairwise sum of the sorted values (1 ulp from np.mean of another order).

-- ten values of our own
CREATE TABLE stats_ten(x float8);
INSERT INTO stats_ten VALUES (2.5), (-1.0), (0.3), (4.2), (1.1), (0.0), (3.3), (-0.7), (2.2), (1.9);

-- t.interval(0.9, 9, loc=mean, scale=sem): scipy (0.37640903434106243, 2.383590965658937),
-- exact (0.37640903433963752, 2.3835909656603623)
SELECT (r).n, abs((r).mean - 1.38) < 1e-15 AS mean_1e15,
       abs((r).ci_low - 0.37640903433963752) < 1e-12 AS low_1e12,
       abs((r).ci_high - 2.3835909656603623) < 1e-12 AS high_1e12,
       abs((r).ci_low - 0.37640903434106243) < 1e-9 AS low_scipy_1e9,
       abs((r).ci_high - 2.383590965658937) < 1e-9 AS high_scipy_1e9
  FROM (SELECT genre.mean_ci(x, 0.9) AS r FROM stats_ten) s;

-- normaltest(x): statistic 0.7294611771902244, p 0.6943837005684887 (scipy warns: n < 20)
SELECT abs((r).statistic - 0.7294611771902244) < 1e-10 AS statistic_1e10,
       abs((r).p_value - 0.6943837005684887) < 1e-10 AS p_1e10
  FROM (SELECT genre.normal_test(x) AS r FROM stats_ten) s;

-- GTZAN's tempo column (f[17], float32 as in the CSV) by genre, 100 tracks each,
-- mean, scipy's t.interval and the exact one:
-- blues 120.74220699310303 (114.43403991815953, 127.05037406804652) (114.4340399179124, 127.05037406829365)
-- classical 127.92095184326172 (121.23421801981505, 134.6076856667084) (121.23421801955308, 134.60768566697036)
-- country 110.85883987426757 (104.97766850458221, 116.74001124395294) (104.97766850435181, 116.74001124418334)
SELECT label, (r).n, abs((r).mean - m) < 1e-12 AS mean_1e12,
       abs((r).ci_low - lo) < 1e-12 AS low_1e12, abs((r).ci_high - hi) < 1e-12 AS high_1e12,
       abs((r).ci_low - slo) < 1e-9 AS low_scipy_1e9, abs((r).ci_high - shi) < 1e-9 AS high_scipy_1e9
  FROM (SELECT label, genre.mean_ci(f[17]::float8) AS r FROM gtzan GROUP BY label) s
  JOIN (VALUES ('blues', 120.74220699310303, 114.43403991815953, 127.05037406804652, 114.4340399179124, 127.05037406829365),
               ('classical', 127.92095184326172, 121.23421801981505, 134.6076856667084, 121.23421801955308, 134.60768566697036),
               ('country', 110.85883987426757, 104.97766850458221, 116.74001124395294, 104.97766850435181, 116.74001124418334))
       AS ref(lbl, m, slo, shi, lo, hi) ON lbl = label
 ORDER BY label;

-- normaltest of all 1000 tempos: (60.35953989715783, 7.817942037304576e-14);
-- of the blues ones: (3.54455430215965, 0.16994555616474327)
SELECT abs((r).statistic - 60.35953989715783) < 1e-10 AS statistic_1e10,
       abs((r).p_value - 7.817942037304576e-14) < 1e-20 AS p_1e20
  FROM (SELECT genre.normal_test(f[17]::float8) AS r FROM gtzan) s;
SELECT abs((r).statistic - 3.54455430215965) < 1e-10 AS statistic_1e10,
       abs((r).p_value - 0.16994555616474327) < 1e-10 AS p_1e10
  FROM (SELECT genre.normal_test(f[17]::float8) AS r FROM gtzan WHERE label = 'blues') s;

-- the same bits in any row order and in a parallel plan
SELECT genre.mean_ci(f[17]::float8 ORDER BY id) = genre.mean_ci(f[17]::float8 ORDER BY id DESC) AS ci_order_free,
       genre.normal_test(f[17]::float8 ORDER BY id) = genre.normal_test(f[17]::float8 ORDER BY f[3]) AS test_order_free
  FROM gtzan;
CREATE TEMP TABLE serial AS
SELECT genre.mean_ci(f[17]::float8)::text AS ci, genre.normal_test(f[17]::float8)::text AS nt,
       md5(genre.plot_means(f[17]::float8, label)) AS means, md5(genre.plot_qq(f[17]::float8)) AS qq
  FROM gtzan;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT genre.mean_ci(f[17]::float8), genre.normal_test(f[17]::float8),
       genre.plot_means(f[17]::float8, label), genre.plot_qq(f[17]::float8) FROM gtzan;
SELECT genre.mean_ci(f[17]::float8)::text = ci AS ci_parallel, genre.normal_test(f[17]::float8)::text = nt AS nt_parallel,
       md5(genre.plot_means(f[17]::float8, label)) = means AS means_parallel,
       md5(genre.plot_qq(f[17]::float8)) = qq AS qq_parallel
  FROM gtzan, serial GROUP BY ci, nt, means, qq;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- NULLs are skipped; one value has a mean but no interval; no value gives NULL
SELECT genre.mean_ci(x) FROM (VALUES (NULL::float8), (5.0), (NULL)) v(x);
SELECT genre.mean_ci(x) IS NULL AS no_rows, genre.normal_test(x) IS NULL AS no_rows_test,
       genre.plot_qq(x) IS NULL AS no_plot
  FROM stats_ten WHERE x > 100;

-- plots: well-formed SVG, one error bar per genre, probplot's R^2 (r = 0.9900793204137838)
SELECT xml_is_well_formed_document(svg) AS well_formed, length(svg) < 20000 AS small,
       position('GTZAN tempo by genre' IN svg) > 0 AS titled
  FROM (SELECT genre.plot_means(f[17]::float8, label, 'GTZAN tempo by genre') AS svg FROM gtzan) s;
SELECT xml_is_well_formed_document(svg) AS well_formed,
       regexp_count(svg, '<circle ') AS points,
       substring(svg FROM 'R² = [0-9.]+, n = [0-9]+') AS r2
  FROM (SELECT genre.plot_qq(x, 'stats_ten <values>') AS svg FROM stats_ten) s;
SELECT position('stats_ten &lt;values&gt;' IN genre.plot_qq(x, 'stats_ten <values>')) > 0 AS title_escaped FROM stats_ten;

-- bad input
SELECT sqlstate_of($$SELECT genre.mean_ci(x) FROM (VALUES (1.0::float8), ('NaN')) v(x)$$);
SELECT sqlstate_of($$SELECT genre.mean_ci(x, 1.0) FROM stats_ten$$);
SELECT sqlstate_of($$SELECT genre.mean_ci(x, NULL) FROM stats_ten$$);
SELECT sqlstate_of($$SELECT genre.mean_ci(x, CASE WHEN x > 1 THEN 0.9 ELSE 0.8 END) FROM stats_ten$$);
SELECT sqlstate_of($$SELECT genre.normal_test(x) FROM stats_ten WHERE x > 1$$);
SELECT sqlstate_of($$SELECT genre.normal_test(x) FROM (SELECT 1.0::float8 FROM generate_series(1, 9)) v(x)$$);
SELECT sqlstate_of($$SELECT genre.normal_test(x) FROM (VALUES ('Infinity'::float8)) v(x)$$);
SELECT sqlstate_of($$SELECT genre.plot_qq(x) FROM stats_ten WHERE x > 4$$);
SELECT sqlstate_of($$SELECT genre.plot_qq(x, x::text) FROM stats_ten$$);
SELECT sqlstate_of($$SELECT genre.plot_means(x, 'a') FROM (VALUES ('-Infinity'::float8)) v(x)$$);
SELECT sqlstate_of($$SELECT genre.plot_means(g, g::text) FROM generate_series(1, 201) g$$);
-- crafted states are refused
SELECT sqlstate_of($$SELECT genre.mean_ci_final('\x00'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.plot_qq_final(genre.normal_test_trans(NULL, 1.0))$$);
