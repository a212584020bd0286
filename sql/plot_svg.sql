-- plot_scatter, plot_line, plot_confusion: standalone SVG text.  Every SVG is
-- checked to be a well-formed XML document (PostgreSQL's libxml parser).

CREATE TABLE pts(x float8, y float8, label text);
INSERT INTO pts VALUES
  (0.5, 1.0, 'rock'), (1.5, 2.5, 'rock'), (2.0, 0.2, 'jazz'),
  (3.2, 4.1, '<b>&"''</b>'), (-1.0, 3.3, 'jazz');

CREATE TEMP VIEW scatter AS
SELECT genre.plot_scatter(x, y, label, 'PCA of <genres> & "more"') AS svg FROM pts;
SELECT left(svg, 38) AS head, svg LIKE '%<svg xmlns="http://www.w3.org/2000/svg"%' AS svg_root,
       right(svg, 7) = '</svg>' || E'\n' AS closed,
       xml_is_well_formed_document(svg) AS well_formed
  FROM scatter;
-- one circle per point (r 3.5) and one per legend entry (r 5), one group per label
SELECT regexp_count(svg, '<circle [^>]*r="3.5"/>') AS point_circles,
       regexp_count(svg, '<circle [^>]*r="5"') AS legend_circles,
       regexp_count(svg, '<g fill="#') AS label_groups
  FROM scatter;
-- labels and title are escaped, never raw
SELECT position('&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;' IN svg) > 0 AS label_escaped,
       position('<b>' IN svg) = 0 AS no_raw_tag,
       position('PCA of &lt;genres&gt; &amp; &quot;more&quot;' IN svg) > 0 AS title_escaped
  FROM scatter;
-- labels sorted byte-wise get the palette in order: "<b>..." first, then jazz, rock
SELECT (regexp_matches(svg, '<g fill="(#[0-9a-f]{6})">', 'g'))[1] AS colour FROM scatter;
SELECT (regexp_matches(svg, '<text x="[0-9.]+" y="[0-9.]+" text-anchor="start">([^<]*)</text>', 'g'))[1]
       AS legend FROM scatter;
-- nice ticks, about 6 intervals of 1, 2 or 5 x 10^k: x from -1 to 3.2 -> -1 ... 4 by 1;
-- y from 0.2 to 4.1 -> 0 ... 5 by 1
SELECT string_agg(m[1], ' ') AS x_ticks
  FROM scatter, regexp_matches(svg, '<text x="[0-9.]+" y="442" text-anchor="middle">([^<]*)</text>', 'g') m;
SELECT string_agg(m[1], ' ') AS y_ticks
  FROM scatter, regexp_matches(svg, '<text x="64" y="[0-9.]+" text-anchor="end">([^<]*)</text>', 'g') m;

-- deterministic: the same SVG whatever the input order, and without a title no title text
SELECT md5(genre.plot_scatter(x, y, label ORDER BY x)) = md5(genre.plot_scatter(x, y, label ORDER BY y DESC))
       AS order_free,
       position('font-weight="bold"' IN genre.plot_scatter(x, y, label)) = 0 AS no_title
  FROM pts;

-- 10 000 points in 7 labels
SELECT regexp_count(svg, '<circle [^>]*r="1.8"/>') AS circles, xml_is_well_formed_document(svg) AS well_formed,
       length(svg) < 600000 AS compact
  FROM (SELECT genre.plot_scatter(sin(i) * i, cos(i) * i, 'cluster ' || i % 7, 'spiral') AS svg
          FROM generate_series(1, 10000) i) s;

-- parallel partial aggregation: the same SVG
CREATE TABLE many AS SELECT sin(i) * i AS x, cos(i) * i AS y, 'c' || i % 5 AS label
  FROM generate_series(1, 20000) i;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE many SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT genre.plot_scatter(x, y, label) FROM many;
CREATE TEMP TABLE par AS SELECT md5(genre.plot_scatter(x, y, label, 't')) AS h FROM many;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT h = (SELECT md5(genre.plot_scatter(x, y, label, 't' ORDER BY x)) FROM many) AS parallel_same FROM par;

-- NULL coordinates or labels are skipped; nothing left -> NULL
SELECT regexp_count(genre.plot_scatter(x, y, l), '<circle [^>]*r="3.5"/>') AS points
  FROM (VALUES (1.0, 2.0, 'a'), (NULL, 1.0, 'a'), (1.0, NULL, 'a'), (2.0, 2.0, NULL), (3.0, 1.0, 'b')) v(x, y, l);
SELECT genre.plot_scatter(x, y, 'a') IS NULL AS all_null
  FROM (VALUES (NULL::float8, 1.0::float8)) v(x, y);
-- one point only: the axes are widened around it
SELECT xml_is_well_formed_document(genre.plot_scatter(5, 5, 'only')) AS one_point;

-- bad input: NaN and infinite coordinates, titles that change, labels over 4096 bytes
SELECT sqlstate_of($$SELECT genre.plot_scatter(x, 1, 'a') FROM (VALUES (1.0::float8), ('NaN')) v(x)$$);
SELECT sqlstate_of($$SELECT genre.plot_scatter(1, y, 'a') FROM (VALUES ('-Infinity'::float8)) v(y)$$);
SELECT sqlstate_of($$SELECT genre.plot_line(x, 1, 'a') FROM (VALUES ('Infinity'::float8)) v(x)$$);
SELECT sqlstate_of($$SELECT genre.plot_scatter(1, 1, 'a', t) FROM (VALUES ('one'), ('two')) v(t)$$);
SELECT sqlstate_of($$SELECT genre.plot_scatter(1, 1, repeat('x', 5000))$$);
SELECT sqlstate_of($$SELECT genre.plot_scatter_final('\x00'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.plot_scatter_trans(NULL, 1, 1, 'a')$$);

-- plot_line: an elbow curve and a silhouette curve, rows in any order
CREATE TABLE curves(k int, v float8, series text);
INSERT INTO curves VALUES
  (5, 410, 'inertia'), (2, 980, 'inertia'), (3, 700, 'inertia'), (4, 520, 'inertia'),
  (6, 380, 'inertia'), (2, 310, 'silhouette x 1000'), (4, 270, 'silhouette x 1000'),
  (3, 350, 'silhouette x 1000'), (5, 220, 'silhouette x 1000'), (6, 205, 'silhouette x 1000');
CREATE TEMP VIEW line AS SELECT genre.plot_line(k, v, series) AS svg FROM curves;
SELECT xml_is_well_formed_document(svg) AS well_formed,
       regexp_count(svg, '<polyline ') AS polylines,
       regexp_count(svg, '<circle ') AS markers,
       regexp_count(svg, '<line [^>]*stroke-width="2"/>') AS legend_lines
  FROM line;
-- each polyline joins its points in increasing x: x pixels strictly increase
SELECT bool_and(xs = (SELECT array_agg(v ORDER BY v) FROM unnest(xs) v)) AS sorted_by_x
  FROM (SELECT (SELECT array_agg(split_part(p, ',', 1)::float8)
                  FROM unnest(string_to_array(m[1], ' ')) p) AS xs
          FROM line, regexp_matches(svg, 'points="([^"]*)"', 'g') m) s;
SELECT string_agg(m[1], ' ') AS y_ticks
  FROM line, regexp_matches(svg, '<text x="64" y="[0-9.]+" text-anchor="end">([^<]*)</text>', 'g') m;
SELECT md5(genre.plot_line(k, v, series ORDER BY k)) = md5(genre.plot_line(k, v, series ORDER BY v))
       AS order_free FROM curves;
SELECT position('&lt;&amp;&gt;' IN genre.plot_line(x, x, '<&>')) > 0 AS series_escaped
  FROM generate_series(1, 3) x;

-- plot_confusion: 3 classes -> 9 cells with their counts as tooltips, escaped class names
CREATE TEMP VIEW conf AS
SELECT genre.plot_confusion(a, p) AS svg
  FROM (VALUES ('rock', 'rock'), ('rock', 'rock'), ('rock', 'jazz'), ('jazz', 'jazz'),
               ('<i>', 'rock'), ('<i>', '<i>'), ('<i>', '<i>'), ('<i>', '<i>')) v(a, p);
SELECT xml_is_well_formed_document(svg) AS well_formed,
       regexp_count(svg, '<title>') AS cells,
       (SELECT string_agg(m[1], ' ') FROM regexp_matches(svg, '<title>([0-9]+)</title>', 'g') m) AS counts_row_major,
       regexp_count(svg, '&lt;i&gt;') AS escaped_class_names,
       position('<i>' IN svg) = 0 AS no_raw_tag,
       position('accuracy = 75.0%' IN svg) > 0 AS accuracy_in_title,
       position('url(#genre-confusion-scale)' IN svg) > 0 AS colour_scale
  FROM conf;
-- the largest count gets the darkest colour, zero the lightest
SELECT (regexp_matches(svg, 'fill="(#[0-9a-f]{6})"><title>3</title>'))[1] AS darkest,
       (regexp_matches(svg, 'fill="(#[0-9a-f]{6})"><title>0</title>'))[1] AS lightest
  FROM conf;
SELECT sqlstate_of($$SELECT genre.plot_confusion(i::text, i::text) FROM generate_series(1, 201) i$$);
SELECT genre.plot_confusion(a, p) IS NULL AS no_rows_null FROM (VALUES (NULL::text, 'x')) v(a, p);
