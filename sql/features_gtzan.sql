-- The `gtzan` layout of genre.features(): the 57 columns of the public GTZAN
-- feature table, computed with librosa 0.7.2's recipe, against librosa 0.7.2's
-- own values for every clip (gtzan_layout.csv).  Tolerance per column (test/data
-- README): |difference| <= max(1e-4 |value|, floor), floor 1e-4 for mfcc*,
-- 1e-7 for harmony_mean and perceptr_mean, 0 elsewhere; tempo equal.

-- names equal the public table's columns, in order
SELECT genre.feature_names('gtzan') = ARRAY(
           SELECT column_name::text FROM information_schema.columns
            WHERE table_name = 'gtzan_csv' AND column_name NOT IN ('filename', 'length', 'label')
            ORDER BY ordinal_position) AS names_equal_table,
       cardinality(genre.feature_names('gtzan')) AS n;

-- every clip (librosa.load's 22 050 Hz signal), every column
CREATE TEMP TABLE gv AS
SELECT name, genre.features(loaded22k, 0, NULL, 'gtzan') AS f FROM clips;
CREATE TEMP TABLE g AS
SELECT v.name, n.i, n.col, n.got::float8 AS got, (to_jsonb(r) ->> n.col)::float8 AS want
  FROM gv v JOIN ref_gtzan r USING (name),
       unnest(genre.feature_names('gtzan'), v.f) WITH ORDINALITY n(col, got, i);

-- librosa 0.7.2 gave NaN for the HPSS columns of the 0.05 s clip (3 frames);
-- genre gives finite values there, so those 4 cells have no reference
SELECT name, col, got = 'NaN' AS got_nan FROM g WHERE want = 'NaN' ORDER BY i;
SELECT count(DISTINCT name) AS clips, count(*) AS cells,
       count(*) FILTER (WHERE want <> 'NaN') AS with_reference,
       count(*) FILTER (WHERE want <> 'NaN' AND abs(got - want) <= greatest(1e-4 * abs(want),
           CASE WHEN col LIKE 'mfcc%' THEN 1e-4
                WHEN col IN ('harmony_mean', 'perceptr_mean') THEN 1e-7 ELSE 0 END)
           AND (col <> 'tempo' OR got = want::real)) AS within_tolerance
  FROM g;

-- per column group, the worst deviation as a fraction of its tolerance
SELECT CASE WHEN col LIKE 'mfcc%' THEN 'mfcc*' ELSE col END AS column_group,
       round(max(CASE WHEN got = want THEN 0
                      ELSE abs(got - want) / greatest(1e-4 * abs(want),
                          CASE WHEN col LIKE 'mfcc%' THEN 1e-4
                               WHEN col IN ('harmony_mean', 'perceptr_mean') THEN 1e-7
                               ELSE 0 END) END)::numeric, 2) AS worst_fraction
  FROM g WHERE want <> 'NaN' GROUP BY 1 ORDER BY min(i);

-- bad layout names
SELECT sqlstate_of($$ SELECT genre.feature_names('GTZAN') $$);
SELECT sqlstate_of($$ SELECT genre.features(audio, 0, NULL, 'gtzan57') FROM clips WHERE name = 'sine440_22k_mono' $$);
