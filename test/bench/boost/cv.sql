-- Cross-validation in SQL for test/bench/boost/run (and tune): the protocols
-- as rows of one table, a CV function that trains one model per fold with
-- genre.train_boosted or genre.train_forest, keeps the out-of-fold
-- predictions and scores them with genre.roc_auc and the song-level votes.
-- Expects raw30 (the 30 s table), raw3 (the 3 s table), split (clip, side)
-- and skfolds (filename, seed, fold) loaded by the caller.

-- feature vectors: the 57 columns of the tables, in their order
DO $$
DECLARE cols text := (SELECT string_agg(format('%I::real', column_name), ', ' ORDER BY ordinal_position)
                        FROM information_schema.columns
                       WHERE table_name = 'raw30' AND column_name NOT IN ('filename', 'length', 'label'));
BEGIN
    EXECUTE 'CREATE TABLE clips30 AS SELECT filename, split_part(filename, ''.'', 1) || ''.'' || split_part(filename, ''.'', 2) AS track, '
         || 'label, ARRAY[' || cols || ']::real[] AS f FROM raw30';
    EXECUTE 'CREATE TABLE segs3 AS SELECT filename, split_part(filename, ''.'', 1) || ''.'' || split_part(filename, ''.'', 2) AS track, '
         || 'label, ARRAY[' || cols || ']::real[] AS f FROM raw3';
END $$;

-- the protocols: fold -1 rows only train, fold k >= 0 rows are predicted by the model of the others
CREATE TABLE cv_rows (protocol text, id int, grp text, label text, f real[], fold int);
-- folds grouped by track, stratified by genre: every segment of a track in its track's fold
CREATE TABLE track_folds AS
SELECT track, ((row_number() OVER (PARTITION BY label ORDER BY genre.fold(track, 1000000), track) - 1) % 5)::int AS fold
  FROM (SELECT DISTINCT track, label FROM segs3) t;
CREATE FUNCTION load_protocols(seed int) RETURNS void LANGUAGE sql AS $$
  DELETE FROM cv_rows;
  -- the 30 s table on scikit-learn's StratifiedKFold(10, shuffle=True, random_state=seed)
  INSERT INTO cv_rows SELECT 'cv30', row_number() OVER (ORDER BY c.filename), c.track, c.label, c.f, k.fold
    FROM clips30 c JOIN skfolds k ON k.filename = c.filename AND k.seed = load_protocols.seed;
  -- the artist-filtered split: train + valid -> test
  INSERT INTO cv_rows SELECT 'filtered', row_number() OVER (ORDER BY c.filename), c.track, c.label, c.f,
         CASE s.side WHEN 'test' THEN 0 ELSE -1 END
    FROM clips30 c JOIN split s ON s.clip = c.track;
  -- the 300 tracks of the 3 s table: their 30 s clips, and their 3 s segments, folds by track
  INSERT INTO cv_rows SELECT 'clip3', row_number() OVER (ORDER BY c.filename), c.track, c.label, c.f, t.fold
    FROM clips30 c JOIN track_folds t USING (track);
  INSERT INTO cv_rows SELECT 'seg3', row_number() OVER (ORDER BY s.filename), s.track, s.label, s.f, t.fold
    FROM segs3 s JOIN track_folds t USING (track);
  ANALYZE cv_rows;
$$;

-- CPU seconds of this backend: utime + stime, fields 14 and 15 of /proc/self/stat (12 and 13
-- after the "pid (comm) " this cuts off); needs superuser
CREATE FUNCTION cpu_s(ticks int) RETURNS float8 LANGUAGE sql AS $$
  SELECT (split_part(s, ' ', 12)::float8 + split_part(s, ' ', 13)::float8) / ticks
    FROM (SELECT substring(pg_read_file('/proc/self/stat') FROM '\) (.*)$') AS s) t
$$;

CREATE TABLE oof (protocol text, model text, id int, grp text, label text, predicted text, proba jsonb);

-- One CV run: kind 'boosted' or 'forest' (seeded with the fold number, as the
-- forest bench does); fit and predict CPU time of this backend, accuracy,
-- out-of-fold ROC-AUC, and with groups of several rows the votes per group.
CREATE FUNCTION cv(p text, name text, kind text, opts jsonb, ticks int) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k int;
    m genre.model;
    t0 float8;
    fit float8 := 0;
    pred float8 := 0;
    res jsonb;
BEGIN
    DELETE FROM oof WHERE protocol = p AND model = name;
    FOR k IN SELECT DISTINCT fold FROM cv_rows WHERE protocol = p AND fold >= 0 ORDER BY 1 LOOP
        t0 := cpu_s(ticks);
        IF kind = 'boosted' THEN
            SELECT genre.train_boosted(f, label, opts) INTO m FROM cv_rows WHERE protocol = p AND fold <> k;
        ELSE
            SELECT genre.train_forest(f, label, opts || jsonb_build_object('seed', k)) INTO m
              FROM cv_rows WHERE protocol = p AND fold <> k;
        END IF;
        fit := fit + cpu_s(ticks) - t0;
        t0 := cpu_s(ticks);
        INSERT INTO oof SELECT p, name, id, grp, label, genre.predict(m, f), genre.predict_proba(m, f)
          FROM cv_rows WHERE protocol = p AND fold = k;
        pred := pred + cpu_s(ticks) - t0;
    END LOOP;
    SELECT jsonb_build_object('accuracy', round(avg((predicted = label)::int), 4),
                              'auc_ovr', genre.roc_auc(label, proba),
                              'auc_ovo', genre.roc_auc(label, proba, 'ovo'),
                              'fit_cpu_s', round(fit::numeric, 3),
                              'predict_us', round((pred / count(*) * 1e6)::numeric, 1),
                              'rows', count(*))
      INTO res FROM oof WHERE protocol = p AND model = name;
    -- song-level votes: hard (mode of the predictions), soft (mean of the probabilities)
    IF (SELECT count(*) > count(DISTINCT grp) FROM oof WHERE protocol = p AND model = name) THEN
        res := res || (SELECT jsonb_build_object('hard', round(avg((hard = label)::int), 4),
                                                 'soft', round(avg((soft = label)::int), 4),
                                                 'groups', count(*))
                         FROM (SELECT grp, min(label) AS label,
                                      mode() WITHIN GROUP (ORDER BY predicted) AS hard,
                                      genre.proba_argmax(genre.proba_mean(proba)) AS soft
                                 FROM oof WHERE protocol = p AND model = name GROUP BY grp) v);
    END IF;
    RETURN res;
END $$;
