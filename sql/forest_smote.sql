-- SMOTE: synthetic rows bring every class up to the majority count
CREATE TABLE sm (label text, f real[]);
INSERT INTO sm VALUES
  ('a', '{0,0}'), ('a', '{1,0}'), ('a', '{0,1}'), ('a', '{1,1}'), ('a', '{2,2}'), ('a', '{3,1}'),
  ('b', '{10,10}'), ('b', '{11,10}'), ('b', '{10,12}'),
  ('c', '{-5,-5}'), ('c', '{-7,-5}');

-- 3 rows for b, 4 for c, none for the majority class a
SELECT (r).label, count(*) FROM (SELECT unnest(genre.smote(f, label, 2, 42)) AS r FROM sm) s
 GROUP BY 1 ORDER BY 1;
-- every synthetic row lies on a segment between two rows of its class:
-- inside the class's bounding box (c's rows differ only in x, so y stays -5)
SELECT (r).label,
       bool_and((r).features[1] BETWEEN lo1 AND hi1 AND (r).features[2] BETWEEN lo2 AND hi2) AS inside,
       bool_and(cardinality((r).features) = 2) AS dims
  FROM (SELECT unnest(genre.smote(f, label, 2, 42)) AS r FROM sm) s
  JOIN (SELECT label, min(f[1]) lo1, max(f[1]) hi1, min(f[2]) lo2, max(f[2]) hi2 FROM sm GROUP BY label) b
    ON b.label = (r).label
 GROUP BY 1 ORDER BY 1;
SELECT DISTINCT (r).features[2] AS c_y FROM (SELECT unnest(genre.smote(f, label, 2, 42)) AS r FROM sm) s
 WHERE (r).label = 'c';

-- deterministic for a seed, whatever the row order; another seed differs
SELECT (SELECT md5(genre.smote(f, label, 2, 42)::text) FROM sm)
     = (SELECT md5(genre.smote(f, label, 2, 42)::text) FROM (SELECT * FROM sm ORDER BY f DESC) s) AS same,
       (SELECT md5(genre.smote(f, label, 2, 42)::text) FROM sm)
    <> (SELECT md5(genre.smote(f, label, 2, 43)::text) FROM sm) AS seed_matters;

-- the INSERT idiom: unnest the array into (label, features) columns
INSERT INTO sm(label, f) SELECT label, features FROM unnest((SELECT genre.smote(f, label) FROM sm));
SELECT label, count(*) FROM sm GROUP BY 1 ORDER BY 1;
-- balanced now: nothing more to add
SELECT cardinality(genre.smote(f, label)) AS more FROM sm;

-- errors: a minority class with one row, bad k, NULLs
SELECT sqlstate_of($$SELECT genre.smote(f, label) FROM (VALUES ('{1,2}'::real[], 'x'), ('{1,3}', 'x'), ('{5,5}', 'y')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.smote(f, label, 0, 1) FROM sm$$);
SELECT sqlstate_of($$SELECT genre.smote(f, label, NULL, 1) FROM sm$$);
SELECT sqlstate_of($$SELECT genre.smote(f, NULL) FROM sm$$);
SELECT sqlstate_of($$SELECT genre.smote(f, label) FROM (VALUES ('{1,2}'::real[], 'x'), ('{1,3,4}', 'x')) v(f, label)$$);
-- GTZAN with an artificial imbalance: 'blues' cut to 20 rows gets 80 synthetic ones
SELECT (r).label, count(*) FROM (
  SELECT unnest(genre.smote(f, label, 5, 0)) AS r
    FROM gtzan WHERE label <> 'blues' OR id % 5 = 0) s GROUP BY 1;
DROP TABLE sm;
