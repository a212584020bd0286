-- adjusted_rand_index and normalized_mutual_info over two labelings.
-- Expected values: scikit-learn 1.2.1 adjusted_rand_score and
-- normalized_mutual_info_score (arithmetic), test/scripts/sklearn-eval-values.py,
-- matched to 1e-12 (the values are shown to 12 places).

CREATE FUNCTION agree(a int[], b int[], OUT ari numeric, OUT nmi numeric) LANGUAGE sql AS $$
  SELECT round(genre.adjusted_rand_index(x, y)::numeric, 12),
         round(genre.normalized_mutual_info(x, y)::numeric, 12)
    FROM unnest(a, b) u(x, y) $$;

-- sklearn: ari 0.4444444444444444, nmi 0.7396673768007591
SELECT * FROM agree('{0,0,1,1,2,2}', '{0,0,1,2,2,2}');
-- sklearn's docstring example: ari -0.5, nmi 0
SELECT * FROM agree('{0,0,1,1}', '{0,1,0,1}');
-- one cluster against singletons and back: 0, 0
SELECT * FROM agree('{0,0,0,0}', '{0,1,2,3}');
SELECT * FROM agree('{0,1,2,3}', '{0,0,0,0}');
-- both labelings a single cluster, and a single row: 1, 1
SELECT * FROM agree('{5,5,5}', '{7,7,7}');
SELECT * FROM agree('{1}', '{2}');
-- sklearn: ari 0.1111111111111111, nmi 0.4206198357143052
SELECT * FROM agree('{1,1,1,2,2,2,3,3,3}', '{1,1,2,2,2,3,3,3,1}');

-- identical labelings and renamed labels give 1
SELECT genre.adjusted_rand_index(label, label) AS ari_same,
       genre.normalized_mutual_info(label, label) AS nmi_same,
       genre.adjusted_rand_index(label, upper(reverse(label))) AS ari_renamed,
       genre.normalized_mutual_info(label, upper(reverse(label))) AS nmi_renamed,
       genre.adjusted_rand_index(label, array_position(ARRAY['rock','pop','metal','jazz',
           'hiphop','disco','country','classical','blues','reggae'], label)) AS ari_text_int
  FROM gtzan;
-- symmetric in its two arguments
SELECT genre.adjusted_rand_index(a, b) = genre.adjusted_rand_index(b, a) AS ari_symmetric,
       abs(genre.normalized_mutual_info(a, b) - genre.normalized_mutual_info(b, a)) < 1e-15
         AS nmi_symmetric
  FROM unnest('{1,1,1,2,2,2,3,3,3}'::int[], '{1,1,2,2,2,3,3,3,1}'::int[]) u(a, b);

-- the public GTZAN labels against a made-up clustering (int) and rule-made
-- predictions (text), with every overload: (text,int), (int,text), (int,int), (text,text)
CREATE TABLE gtzan_clu AS
SELECT label, (length(label) * 3 + (n % 4 = 0)::int) % 8 AS cluster,
       CASE WHEN n % 5 = 0 THEN (ARRAY['classical','country','disco','hiphop','jazz','metal',
                                       'pop','reggae','rock','blues'])[g]
            WHEN n % 7 = 0 THEN 'rock'
            WHEN n % 13 = 0 AND label = 'pop' THEN 'disco'
            ELSE label END AS predicted, g
  FROM (SELECT label, split_part(filename, '.', 2)::int AS n,
               array_position(ARRAY['blues','classical','country','disco','hiphop','jazz',
                                    'metal','pop','reggae','rock'], label) AS g
          FROM gtzan) t;
-- sklearn: ari 0.4156711884996963, nmi 0.6514434119918588
SELECT abs(genre.adjusted_rand_index(label, cluster) - 0.4156711884996963) < 1e-12 AS ari_text_int,
       abs(genre.adjusted_rand_index(cluster, label) - 0.4156711884996963) < 1e-12 AS ari_int_text,
       abs(genre.adjusted_rand_index(g, cluster) - 0.4156711884996963) < 1e-12 AS ari_int_int,
       abs(genre.normalized_mutual_info(label, cluster) - 0.6514434119918588) < 1e-12 AS nmi_text_int,
       abs(genre.normalized_mutual_info(g, cluster) - 0.6514434119918588) < 1e-12 AS nmi_int_int
  FROM gtzan_clu;
-- sklearn: ari 0.4349552364288581, nmi 0.6367290523618444
SELECT round(genre.adjusted_rand_index(label, predicted)::numeric, 12) AS ari,
       round(genre.normalized_mutual_info(label, predicted)::numeric, 12) AS nmi,
       abs(genre.adjusted_rand_index(label, predicted) - 0.4349552364288581) < 1e-12 AS ari_ok,
       abs(genre.normalized_mutual_info(label, predicted) - 0.6367290523618444) < 1e-12 AS nmi_ok
  FROM gtzan_clu;

-- parallel partial aggregation gives the same values
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE gtzan_clu SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT genre.normalized_mutual_info(label, cluster) FROM gtzan_clu;
SELECT abs(genre.adjusted_rand_index(label, cluster) - 0.4156711884996963) < 1e-12 AS ari_parallel,
       abs(genre.normalized_mutual_info(label, cluster) - 0.6514434119918588) < 1e-12 AS nmi_parallel
  FROM gtzan_clu;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- many distinct labels: the state grows (50 000 rows, 10 000 x 7 labels)
SELECT round(genre.adjusted_rand_index(i % 10000, i % 7)::numeric, 12) AS ari_independent,
       genre.adjusted_rand_index(i % 10000, (i % 10000)::text) AS ari_same_partition,
       genre.normalized_mutual_info(i % 10000, (i % 10000) + 1) AS nmi_shifted
  FROM generate_series(1, 50000) i;

-- NULL labels are skipped: the same as without those rows
SELECT genre.adjusted_rand_index(a, b) = 0.4444444444444444 AS ari_nulls_skipped
  FROM unnest('{0,0,1,1,2,2,NULL,3}'::int[], '{0,0,1,2,2,2,5,NULL}'::int[]) u(a, b);
SELECT genre.adjusted_rand_index(a, b) IS NULL AS no_rows_null,
       genre.normalized_mutual_info(a, b) IS NULL AS nmi_no_rows_null
  FROM (VALUES (NULL::int, 1)) v(a, b);

-- per group
SELECT label IN ('blues', 'rock') AS br, round(genre.normalized_mutual_info(label, cluster)::numeric, 6) AS nmi
  FROM gtzan_clu GROUP BY 1 ORDER BY 1;

-- errors: garbage states
SELECT sqlstate_of($$SELECT genre.adjusted_rand_index_final('\x00'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.normalized_mutual_info_final(decode(repeat('00', 64), 'hex'))$$);
-- errors: a label over the 4096-byte limit (54000), from the aggregates themselves
SELECT sqlstate_of($$SELECT genre.adjusted_rand_index(repeat('x', 5000), 'a')$$);
SELECT sqlstate_of($$SELECT genre.normalized_mutual_info(1, repeat('y', 5000))$$);
