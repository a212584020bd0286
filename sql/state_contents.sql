-- Finals check what a state holds (issue 13, findings 7 and 9): labels are
-- valid text in the database encoding, features and values finite, counts
-- against the bytes present.  The crafted states are real states (made by
-- an aggregate of the transition function alone) with a marker patched:
-- the label 'LABEL' becomes invalid UTF-8, the feature 1234.5 (float32) or
-- the value 12345.5 (float64) becomes NaN or infinity.
CREATE FUNCTION pg_temp.patch(s bytea, find bytea, repl bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    IF position(find IN s) = 0 THEN
        RAISE 'marker not found';
    END IF;
    WHILE position(find IN s) > 0 LOOP
        s := overlay(s PLACING repl FROM position(find IN s) FOR length(repl));
    END LOOP;
    RETURN s;
END $$;
-- bytes to find and to write
CREATE TEMP TABLE marks AS
SELECT convert_to('LABEL', 'UTF8') AS label, '\xfffefdfcfb'::bytea AS bad_label,
       '\x00509a44'::bytea AS f32, '\x0000c07f'::bytea AS f32_nan, '\x0000807f'::bytea AS f32_inf,
       '\x00000000c01cc840'::bytea AS f64, '\x000000000000f87f'::bytea AS f64_nan;

CREATE TEMP TABLE pts AS
SELECT i, ARRAY[i::real, (i % 3)::real, CASE WHEN i = 4 THEN 1234.5 ELSE i * 2 END::real] AS f,
       CASE WHEN i IN (4, 6) THEN 'zLABELz' ELSE 'c' || (i % 2) END AS label,
       CASE WHEN i = 4 THEN 12345.5 ELSE i END::float8 AS v
  FROM generate_series(1, 8) i;

-- the transition functions alone: the state as it leaves the aggregate
CREATE AGGREGATE pg_temp.forest_state(real[], text) (SFUNC = genre.train_forest_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.smote_state(real[], text) (SFUNC = genre.smote_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.pair_state(text, text) (SFUNC = genre.contingency_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.silhouette_state(real[], int) (SFUNC = genre.silhouette_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.kmeans_state(real[], int) (SFUNC = genre.kmeans_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.grouped_state(float8, text) (SFUNC = genre.grouped_values_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.scatter_state(float8, float8, text) (SFUNC = genre.plot_scatter_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.line_state(float8, float8, text) (SFUNC = genre.plot_line_trans, STYPE = bytea);
CREATE TEMP TABLE states AS
SELECT pg_temp.forest_state(f, label) AS forest, pg_temp.smote_state(f, label) AS smote,
       pg_temp.pair_state(label, label) AS pairs, pg_temp.silhouette_state(f, i % 2) AS silhouette,
       pg_temp.kmeans_state(f, 2) AS kmeans, pg_temp.grouped_state(v, label) AS grouped,
       pg_temp.scatter_state(v, i, label) AS scatter, pg_temp.line_state(i, v, label) AS line
  FROM pts;

-- the unpatched states are good: the finals give their results
SELECT genre.model_info(genre.train_forest_final(forest))->>'kind' AS forest,
       cardinality(genre.smote_final(smote)) AS smote_rows,
       genre.confusion_matrix_final(pairs)->'total' AS pairs_total,
       round(genre.silhouette_final(silhouette)::numeric, 6) AS silhouette,
       genre.model_info(genre.kmeans_final(kmeans))->>'kind' AS kmeans,
       round((genre.kruskal_wallis_final(grouped)).statistic::numeric, 6) AS h,
       length(genre.plot_scatter_final(scatter)) > 0 AS scatter,
       length(genre.plot_line_final(line)) > 0 AS line
  FROM states;

-- a label that is not UTF-8
SELECT f AS final, sqlstate_of(format('SELECT %s(pg_temp.patch(%L::bytea, %L, %L))', f, s, m.label, m.bad_label))
  FROM states, marks m,
       LATERAL (VALUES ('genre.train_forest_final', forest), ('genre.smote_final', smote),
                       ('genre.confusion_matrix_final', pairs), ('genre.classification_report_final', pairs),
                       ('genre.plot_confusion_final', pairs), ('genre.adjusted_rand_index_final', pairs),
                       ('genre.normalized_mutual_info_final', pairs), ('genre.kruskal_wallis_final', grouped),
                       ('genre.anova_f_final', grouped), ('genre.plot_scatter_final', scatter),
                       ('genre.plot_line_final', line)) v(f, s)
 ORDER BY 1;

-- a NaN or infinite feature
SELECT f AS final, sqlstate_of(format('SELECT %s(pg_temp.patch(%L::bytea, %L, %L))', f, s, m.f32, r)) AS nan_or_inf
  FROM states, marks m,
       LATERAL (VALUES ('genre.train_forest_final', forest, m.f32_nan), ('genre.train_forest_final', forest, m.f32_inf),
                       ('genre.smote_final', smote, m.f32_nan), ('genre.silhouette_final', silhouette, m.f32_nan),
                       ('genre.kmeans_final', kmeans, m.f32_inf)) v(f, s, r)
 ORDER BY 1, 2;

-- a NaN value or coordinate
SELECT f AS final, sqlstate_of(format('SELECT %s(pg_temp.patch(%L::bytea, %L, %L))', f, s, m.f64, m.f64_nan)) AS nan
  FROM states, marks m,
       LATERAL (VALUES ('genre.kruskal_wallis_final', grouped), ('genre.anova_f_final', grouped),
                       ('genre.plot_scatter_final', scatter), ('genre.plot_line_final', line)) v(f, s)
 ORDER BY 1;

-- finding 9: silhouette states in the layout before the common header whose row count
-- wraps n * rowlen (2^61 rows of dimension 1 in 0 bytes; 2^62 in 4): never
-- XX000 "invalid memory alloc request size", never a crash
SELECT sqlstate_of($$SELECT genre.silhouette_final('\x314c49530400000000000000040000000000000000000000000000200100000000'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.silhouette_final('\x314c495304000000000000000400000000000000000000000000004001000000'::bytea)$$);

-- finding 4: smote sized its neighbour list by k, not by the rows there are
-- (k = 2^31 - 1 asked for 16 GB up front); k past the rows is all the rows
SELECT cardinality(genre.smote(f, CASE WHEN i % 4 = 0 THEN 'few' ELSE 'many' END, 2147483647, 1)) AS rows_k_max,
       cardinality(genre.smote(f, CASE WHEN i % 4 = 0 THEN 'few' ELSE 'many' END, 1, 1)) AS rows_k_1
  FROM pts;

-- issue 12, 2: a state ships only its used bytes.  The header's used length is
-- the bytes present; by hand, the label-pair state of pts is 12 header bytes
-- (magic, version, used) + 8 + 3 pairs x 16 + the strings of (c1,c1), (c0,c0),
-- (zLABELz,zLABELz) = 90, the silhouette state 12 + 16 + meta 8 + 8 rows x
-- (4 + 3 x 4) = 164; states
-- made twice are byte-identical (no leftover memory in slack)
SELECT octet_length(pairs) AS pairs_bytes, octet_length(silhouette) AS silhouette_bytes,
       bool_and(get_byte(s, 8) + 256 * get_byte(s, 9) + 65536 * get_byte(s, 10)
                + 16777216 * get_byte(s, 11) = octet_length(s) - 12) AS used_is_present
  FROM states, LATERAL (VALUES (forest), (smote), (pairs), (silhouette), (kmeans), (grouped),
                               (scatter), (line)) v(s)
 GROUP BY pairs, silhouette;
SELECT s.forest = t.forest AND s.smote = t.smote AND s.pairs = t.pairs AND s.silhouette = t.silhouette
       AND s.kmeans = t.kmeans AND s.grouped = t.grouped AND s.scatter = t.scatter AND s.line = t.line
       AS identical_again
  FROM states s,
       (SELECT pg_temp.forest_state(f, label) AS forest, pg_temp.smote_state(f, label) AS smote,
               pg_temp.pair_state(label, label) AS pairs, pg_temp.silhouette_state(f, i % 2) AS silhouette,
               pg_temp.kmeans_state(f, 2) AS kmeans, pg_temp.grouped_state(v, label) AS grouped,
               pg_temp.scatter_state(v, i, label) AS scatter, pg_temp.line_state(i, v, label) AS line
          FROM pts) t;
