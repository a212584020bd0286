-- roc_auc and plot_roc.  test/data/roc_cases.txt holds 9 seeded (actual, probability)
-- tables with scikit-learn 1.2's roc_auc_score (made by test/scripts/make_roc_cases.py
-- with /usr/bin/python3): ties, 2 to 10 classes, unbalanced, perfect and constant scores.
CREATE TABLE roc_rows (name text, kind text, actual text, value text);
\copy roc_rows FROM PROGRAM 'awk ''/^case /{c=$2; r=1; next} /^ovr /{print c "\tovr\t\\N\t" $2; r=0; next} /^ovo /{print c "\tovo\t\\N\t" $2; next} r==1 {j="{"; for (i = 2; i <= NF; i++) j = j (i > 2 ? ", " : "") "\"c" (i - 2) "\": " $i; print c "\trow\tc" $1 "\t" j "}"}'' "$PG_ABS_SRCDIR/test/data/roc_cases.txt"'
CREATE TABLE roc_in AS
SELECT name, actual, value::jsonb AS proba FROM roc_rows WHERE kind = 'row';
CREATE TABLE roc_sklearn AS
SELECT name, max(value::float8) FILTER (WHERE kind = 'ovr') AS ovr,
       max(value::float8) FILTER (WHERE kind = 'ovo') AS ovo
  FROM roc_rows WHERE kind IN ('ovr', 'ovo') GROUP BY name;
SELECT name, count(*) AS rows, (SELECT count(*) FROM jsonb_object_keys(min(proba::text)::jsonb)) AS classes
  FROM roc_in GROUP BY name ORDER BY name;

-- genre equals scikit-learn to 1e-12 (ovr and ovo, two-class cases are the binary AUC)
SELECT s.name, round(s.ovr::numeric, 12) AS sklearn_ovr, round(s.ovo::numeric, 12) AS sklearn_ovo,
       abs(g.ovr - s.ovr) <= 1e-12 AS ovr_equal, abs(g.ovo - s.ovo) <= 1e-12 AS ovo_equal
  FROM roc_sklearn s
  JOIN (SELECT name, genre.roc_auc(actual, proba) AS ovr, genre.roc_auc(actual, proba, 'ovo') AS ovo
          FROM roc_in GROUP BY name) g USING (name)
 ORDER BY s.name;
-- 'ovr' is the default
SELECT bool_and(a = b) AS default_is_ovr
  FROM (SELECT genre.roc_auc(actual, proba) AS a, genre.roc_auc(actual, proba, 'ovr') AS b
          FROM roc_in GROUP BY name) s;
-- row order and the parallel plan do not matter
SELECT bool_and(a = b) AS same_reordered
  FROM (SELECT genre.roc_auc(actual, proba, 'ovo' ORDER BY md5(proba::text)) AS a,
               genre.roc_auc(actual, proba, 'ovo' ORDER BY proba::text DESC) AS b
          FROM roc_in GROUP BY name) s;
CREATE TABLE roc_many AS SELECT r.*, i FROM roc_in r, generate_series(1, 30) i WHERE name = 'smooth10';
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE roc_many SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT genre.roc_auc(actual, proba, 'ovo') FROM roc_many;
CREATE TEMP TABLE roc_par AS SELECT genre.roc_auc(actual, proba, 'ovo') AS a FROM roc_many;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- 30 copies of each row: the same curve, the same AUC as the case itself
SELECT a = (SELECT ovo FROM roc_sklearn WHERE name = 'smooth10') OR abs(a - (SELECT ovo FROM roc_sklearn WHERE name = 'smooth10')) <= 1e-12 AS parallel_equal,
       a = (SELECT genre.roc_auc(actual, proba, 'ovo') FROM roc_many) AS parallel_is_serial
  FROM roc_par;

-- a model's probabilities: a forest on GTZAN folds 1-4, fold 0 scored; scikit-learn on
-- the same 181 exported probability objects: ovr 0.9639901395634374, ovo 0.964255774779983
-- and per class blues .988 classical .995 country .956 disco .942 hiphop .942 jazz .990
-- metal .991 pop .986 reggae .935 rock .915 (the legend of plot_roc below)
CREATE TABLE roc_model AS
SELECT genre.train_forest(f, label, '{"trees": 60, "seed": 1}') AS m FROM gtzan WHERE genre.fold(id, 5) <> 0;
SELECT round(ovr::numeric, 12) AS ovr, round(ovo::numeric, 12) AS ovo,
       abs(ovr - 0.9639901395634374) <= 1e-12 AS ovr_equal, abs(ovo - 0.964255774779983) <= 1e-12 AS ovo_equal
  FROM (SELECT genre.roc_auc(label, genre.predict_proba(m, f)) AS ovr,
               genre.roc_auc(label, genre.predict_proba(m, f), 'ovo') AS ovo
          FROM gtzan, roc_model WHERE genre.fold(id, 5) = 0) s;

-- by hand: positives score 0.9 and 0.4, negatives 0.6 and 0.4; of the 4 pairs 0.9 wins
-- twice, 0.4 loses to 0.6 and ties 0.4 (half): AUC = (1 + 1 + 0 + 0.5) / 4 = 0.625
SELECT genre.roc_auc(a, p) AS auc
  FROM (VALUES ('yes', '{"no": 0.1, "yes": 0.9}'::jsonb), ('yes', '{"no": 0.6, "yes": 0.4}'),
               ('no', '{"no": 0.4, "yes": 0.6}'), ('no', '{"no": 0.6, "yes": 0.4}')) v(a, p);
-- missing keys count 0 (two classes need not sum to 1); NULL rows are skipped; no rows: NULL
SELECT genre.roc_auc(a, p) AS auc
  FROM (VALUES ('yes', '{"yes": 0.9}'::jsonb), ('no', '{"no": 1}'), ('no', NULL), (NULL, '{"no": 1}')) v(a, p);
SELECT genre.roc_auc(a, p) IS NULL AS no_rows FROM (VALUES ('a', '{"a": 1}'::jsonb)) v(a, p) WHERE false;

-- plot_roc: one curve per class, AUCs in the legend, the chance line; well-formed XML
CREATE TEMP VIEW roc_svg AS
SELECT genre.plot_roc(label, genre.predict_proba(m, f), 'GTZAN fold 0 <forest>') AS svg
  FROM gtzan, roc_model WHERE genre.fold(id, 5) = 0;
SELECT left(svg, 38) AS head, xml_is_well_formed_document(svg) AS well_formed,
       regexp_count(svg, '<polyline class="roc"') AS curves, regexp_count(svg, 'class="chance"') AS chance,
       position('GTZAN fold 0 &lt;forest&gt;' IN svg) > 0 AS title_escaped, length(svg) < 40000 AS compact
  FROM roc_svg;
CREATE TEMP VIEW roc_legend AS
SELECT m[1] AS class, m[2]::float8 AS auc
  FROM roc_svg, regexp_matches(substring(svg FROM '<g class="legend">.*</g>'),
    '<text x="[0-9.]+" y="[0-9.]+" text-anchor="start">([^<]*)</text>\n<text x="[0-9.]+" y="[0-9.]+" text-anchor="end">([0-9.]+)</text>', 'g') m;
SELECT class, auc FROM roc_legend;
-- the legend's per-class AUCs average to roc_auc's macro one-vs-rest (0.964)
SELECT round(avg(auc)::numeric, 3) AS mean_of_legend FROM roc_legend;
-- the same SVG whatever the row order
SELECT md5(genre.plot_roc(actual, proba ORDER BY proba::text)) = md5(genre.plot_roc(actual, proba ORDER BY md5(proba::text)))
       AS order_free, position('font-weight="bold"' IN genre.plot_roc(actual, proba)) = 0 AS no_title
  FROM roc_in WHERE name = 'grid4_ties';

-- ERRORs
-- malformed probability objects (22023 naming the row and the key)
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": 1}'::jsonb), ('x', '[1, 0]')) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{}'::jsonb)) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": "0.5", "y": 0.5}'::jsonb)) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": -0.5, "y": 1.5}'::jsonb)) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.plot_roc(a, p) FROM (VALUES ('x', jsonb_build_object('x', 'NaN'::float8))) v(a, p)$$);
-- multi_class: unknown, NULL, not the same in every row
SELECT sqlstate_of($$SELECT genre.roc_auc(actual, proba, 'ovr_weighted') FROM roc_in$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(actual, proba, NULL) FROM roc_in$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(actual, proba, CASE WHEN actual = 'c0' THEN 'ovr' ELSE 'ovo' END) FROM roc_in WHERE name = 'grid3_ties'$$);
-- classes: an actual label without a probability, a class without rows, a single class
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": 0.5, "y": 0.5}'::jsonb), ('z', '{"x": 0.5, "y": 0.5}')) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": 0.5, "y": 0.25, "w": 0.25}'::jsonb), ('y', '{"x": 0.5, "y": 0.5}')) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": 1}'::jsonb), ('x', '{"x": 0.5}')) v(a, p)$$);
SELECT sqlstate_of($$SELECT genre.plot_roc(a, p) FROM (VALUES ('x', '{"x": 1}'::jsonb), ('x', '{"x": 0.5}')) v(a, p)$$);
-- three or more classes: each object must sum to 1 (scikit-learn: np.allclose)
SELECT sqlstate_of($$SELECT genre.roc_auc(a, p) FROM (VALUES ('x', '{"x": 0.5, "y": 0.25, "z": 0.25}'::jsonb), ('y', '{"x": 0.5, "y": 0.3, "z": 0.25}'), ('z', '{"z": 1}')) v(a, p)$$);
-- limits: an actual label over 4096 bytes, a title over 1024 bytes; the title is constant
SELECT sqlstate_of($$SELECT genre.roc_auc(repeat('a', 4097), '{"a": 1}')$$);
SELECT sqlstate_of($$SELECT genre.plot_roc(actual, proba, repeat('t', 1025)) FROM roc_in$$);
SELECT sqlstate_of($$SELECT genre.plot_roc(actual, proba, actual) FROM roc_in WHERE name = 'grid3_ties'$$);
-- the support functions: only for aggregates, not PUBLIC's; crafted states are 22P03
SELECT sqlstate_of($$SELECT genre.roc_auc_trans(NULL, 'a', '{"a": 1}')$$);
CREATE AGGREGATE roc_state(text, jsonb) (SFUNC = genre.roc_auc_trans, STYPE = bytea);
CREATE TABLE roc_st AS SELECT roc_state(actual, proba) AS s FROM roc_in WHERE name = 'binary_ties';
SELECT genre.roc_auc_final(s) = (SELECT ovr FROM roc_sklearn WHERE name = 'binary_ties') AS unedited FROM roc_st;
SELECT sqlstate_of($$SELECT genre.roc_auc_final('\x00')$$);
SELECT sqlstate_of($$SELECT genre.roc_auc_final(substring(s FROM 1 FOR 100)) FROM roc_st$$);
-- multi_class (the meta byte, 28) out of range; one row more than the rows (bytes 20-27)
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 28, 7)) FROM roc_st$$);
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 20, get_byte(s, 20) + 1)) FROM roc_st$$);
-- the first row's label length (bytes 36-39, after the meta padded to 8) made huge; its class count (after "c0") made 0
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 39, 1)) FROM roc_st$$);
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 42, 0)) FROM roc_st$$);
-- a probability made more than 1: the top byte of the first row's first value (bytes 52-59)
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 59, 64)) FROM roc_st$$);
-- the first row's actual label (bytes 40-41) or its first class (bytes 50-51) made invalid UTF-8
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 40, 255)) FROM roc_st$$);
SELECT sqlstate_of($$SELECT genre.roc_auc_final(set_byte(s, 51, 255)) FROM roc_st$$);
DROP AGGREGATE roc_state(text, jsonb);
CREATE ROLE genre_roc_user;
GRANT SELECT ON roc_in TO genre_roc_user;
SET ROLE genre_roc_user;
SELECT round(genre.roc_auc(actual, proba)::numeric, 6) AS as_user FROM roc_in WHERE name = 'grid3_ties';
SELECT sqlstate_of($$SELECT genre.roc_auc_final('\x00')$$);
SELECT sqlstate_of($$SELECT genre.plot_roc_final('\x00')$$);
RESET ROLE;
DROP OWNED BY genre_roc_user;
DROP ROLE genre_roc_user;
DROP VIEW roc_legend, roc_svg;
DROP TABLE roc_rows, roc_in, roc_sklearn, roc_many, roc_model, roc_st;
