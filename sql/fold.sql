-- genre.fold: a stable fold number in [0, k) from a hash of the key
SELECT genre.fold(k, 5) AS fold, count(*) FROM generate_series(1, 1000) k GROUP BY 1 ORDER BY 1;
-- pinned values: the same keys give the same folds on every server
SELECT genre.fold(1, 10) AS int_1, genre.fold(1::bigint, 10) AS bigint_1,
       genre.fold('blues.00000.wav'::text, 10) AS text_key,
       genre.fold('blues.00000.wav'::text, 10, 7) AS seed_7,
       genre.fold('blues.00000.wav'::varchar, 10) AS varchar_key;
-- grouping by artist: every track of a key falls in the same fold
SELECT bool_and(n = 1) AS one_fold_per_genre, count(DISTINCT fold) AS folds_used
  FROM (SELECT split_part(filename, '.', 1) AS g,
               count(DISTINCT genre.fold(split_part(filename, '.', 1), 3)) AS n,
               min(genre.fold(split_part(filename, '.', 1), 3)) AS fold
          FROM gtzan GROUP BY 1) s;
-- the fold of a date does not depend on DateStyle (hashes the binary form)
SET DateStyle = 'ISO, YMD';
CREATE TEMP TABLE f1 AS SELECT genre.fold(d::date, 7) AS f FROM generate_series('2020-01-01'::date, '2020-03-01', '1 day') d;
SET DateStyle = 'SQL, DMY';
SELECT (SELECT array_agg(f) FROM f1)
     = (SELECT array_agg(genre.fold(d::date, 7)) FROM generate_series('2020-01-01'::date, '2020-03-01', '1 day') d) AS same;
RESET DateStyle;
-- k = 1: everything in fold 0; NULL key: NULL; bad k: error
SELECT genre.fold('x'::text, 1) AS one_fold, genre.fold(NULL::int, 5) AS null_key;
SELECT sqlstate_of($$SELECT genre.fold(3, 0)$$);
SELECT sqlstate_of($$SELECT genre.fold(3, -2)$$);
-- seeds reshuffle: about 1/5 of keys keep their fold
SELECT count(*) FILTER (WHERE genre.fold(k, 5, 0) = genre.fold(k, 5, 1)) BETWEEN 150 AND 250 AS reshuffled
  FROM generate_series(1, 1000) k;
