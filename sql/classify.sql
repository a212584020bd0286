-- Models that know their input: pipeline(), classify(), classify_proba().
-- Every recipe kind is checked against the hand-written chain it replaces
-- (features -> steps -> predict), on the bundled clips.
SET extra_float_digits = 0;

-- training rows: 1 s windows of the synthetic clips, labelled by what they are
CREATE TEMP TABLE cls_kind(name, kind) AS VALUES
    ('chirp_log_100_8000_22k_mono', 'sweep'), ('clicks_120bpm_22k_mono', 'rhythm'),
    ('cmajor_chord_22k_mono', 'tone'), ('sine440_22k_mono', 'tone'),
    ('tones_8k_mono', 'tone'), ('white_noise_22k_mono', 'noise'),
    ('sox_pluck_melody_44k_mono', 'melody');
CREATE TEMP TABLE cls_train AS
SELECT c.name, k.kind, w, genre.features(c.audio, w, 1) AS f
  FROM clips c JOIN cls_kind k USING (name), generate_series(0, 3) w;
SELECT kind, count(*) AS rows FROM cls_train GROUP BY kind ORDER BY kind;

-- the preprocessing models and one forest per recipe, all deterministic
CREATE TEMP TABLE cls_m AS
SELECT genre.scaler_fit(f) AS sc FROM cls_train;
ALTER TABLE cls_m ADD pca5 genre.model, ADD pca3 genre.model, ADD km genre.model;
UPDATE cls_m SET pca5 = (SELECT genre.pca_fit(genre.scale(sc, f), 5) FROM cls_train),
                 pca3 = (SELECT genre.pca_fit(genre.scale(sc, f), 3) FROM cls_train),
                 km = (SELECT genre.kmeans(genre.scale(sc, f), 3) FROM cls_train);
ALTER TABLE cls_m ADD rf genre.model, ADD rf_p genre.model, ADD rf_k genre.model,
                  ADD rf_poly genre.model;
UPDATE cls_m SET
    rf = (SELECT genre.train_forest(f, kind, '{"trees": 25}') FROM cls_train),
    rf_p = (SELECT genre.train_forest(genre.pca_transform(pca5, genre.scale(sc, f)), kind,
                                      '{"trees": 25}') FROM cls_train),
    rf_k = (SELECT genre.train_forest(genre.scale(sc, f) || genre.kmeans_distances(km, genre.scale(sc, f)),
                                      kind, '{"trees": 25}') FROM cls_train),
    rf_poly = (SELECT genre.train_forest(genre.polynomial(genre.pca_transform(pca3, genre.scale(sc, f)), 2),
                                         kind, '{"trees": 25}') FROM cls_train);

-- the recipes, stored beside the other models
INSERT INTO genre.models(name, model)
SELECT 'cls_window', genre.pipeline(rf, 'genre', '{"offset_s": 1, "duration_s": 3}') FROM cls_m
UNION ALL
SELECT 'cls_pca', genre.pipeline(rf_p, 'genre', '{"duration_s": 4}', ARRAY[sc, pca5]) FROM cls_m
UNION ALL
SELECT 'cls_kmeans', genre.pipeline(rf_k, 'genre', '{"duration_s": 4}', ARRAY[sc, km]) FROM cls_m
UNION ALL
SELECT 'cls_poly', genre.pipeline(rf_poly, 'genre', '{"duration_s": 4, "polynomial": 2}',
                                  ARRAY[sc, pca3]) FROM cls_m
UNION ALL
SELECT 'cls_soft', genre.pipeline(rf, 'genre', '{"duration_s": 4, "segment_s": 1}') FROM cls_m
UNION ALL
SELECT 'cls_hard', genre.pipeline(rf, 'genre', '{"duration_s": 4, "segment_s": 1, "vote": "hard"}')
  FROM cls_m;

-- model_info shows the recipe
SELECT name, genre.model_info(model)->>'recipe' AS recipe,
       genre.model_info(model)->'n_features' AS n_features,
       (SELECT string_agg(s->>'step' || ' ' || (s->>'n_in') || '->' || (s->>'n_out'), ', ')
          FROM jsonb_array_elements(genre.model_info(model)->'steps') s) AS steps,
       genre.model_info(model)->'classifier'->>'kind' AS classifier,
       genre.model_info(model)->'classifier'->'n_features' AS classifier_n_features
  FROM genre.models WHERE name LIKE 'cls\_%' ORDER BY name;
SELECT genre.model_info(model)->'feature_names'->>0 AS first_name,
       genre.model_info(model)->'feature_names'->>86 AS last_name,
       genre.model_info(model)->'segments' AS segments,
       genre.model_info(model)->'duration_s' AS duration_s
  FROM genre.models WHERE name = 'cls_soft';

-- 1. a plain window: classify(audio, model) = predict(rf, features(audio, 1, 3)),
--    on every clip long enough (real music decoded from MP3/Ogg included)
SELECT c.name, genre.classify(c.audio, 'cls_window') AS classify,
       genre.classify(c.audio, 'cls_window') = genre.predict(m.rf, genre.features(c.audio, 1, 3)) AS same_label,
       genre.classify_proba(c.audio, 'cls_window') = genre.predict_proba(m.rf, genre.features(c.audio, 1, 3)) AS same_proba,
       genre.classify_proba(c.audio, (SELECT model FROM genre.models WHERE name = 'cls_window'))
         = genre.classify_proba(c.audio, 'cls_window') AS by_value_same
  FROM clips c, cls_m m
 WHERE c.name NOT LIKE 'short%' AND c.name NOT LIKE '%@%'
 ORDER BY c.name;
SELECT c.name, genre.classify(f.data, 'cls_window') AS classify,
       genre.classify_proba(f.data, 'cls_window') = genre.predict_proba(m.rf, genre.features(f.data, 1, 3)) AS same_proba
  FROM clips c JOIN files f ON f.path = c.file, cls_m m
 WHERE c.name LIKE '%@%' ORDER BY c.name;

-- 2. steps: scaler then PCA; scaler then k-means distances appended; scaler,
--    PCA and a degree-2 polynomial
SELECT c.name,
       genre.classify_proba(c.audio, 'cls_pca')
         = genre.predict_proba(m.rf_p, genre.pca_transform(m.pca5, genre.scale(m.sc, genre.features(c.audio, 0, 4)))) AS pca_same,
       genre.classify_proba(c.audio, 'cls_kmeans')
         = genre.predict_proba(m.rf_k, genre.scale(m.sc, genre.features(c.audio, 0, 4))
                                       || genre.kmeans_distances(m.km, genre.scale(m.sc, genre.features(c.audio, 0, 4)))) AS kmeans_same,
       genre.classify_proba(c.audio, 'cls_poly')
         = genre.predict_proba(m.rf_poly, genre.polynomial(genre.pca_transform(m.pca3,
                                 genre.scale(m.sc, genre.features(c.audio, 0, 4))), 2)) AS poly_same,
       genre.classify(c.audio, 'cls_pca') AS pca, genre.classify(c.audio, 'cls_kmeans') AS kmeans,
       genre.classify(c.audio, 'cls_poly') AS poly
  FROM clips c, cls_m m
 WHERE c.name IN ('chirp_log_100_8000_22k_mono', 'clicks_120bpm_22k_mono', 'silence_22k_mono',
                  'sine440_44k_mono_24bit', 'sox_pluck_melody_44k_mono', 'stereo_44k_ogg',
                  'white_noise_22k_mono')
 ORDER BY c.name;

-- 3. segments and votes, against features() of each segment: window k is
--    samples [22050 k, 22050 k + 22049) of the 4 s window (genre.segments'
--    rule), i.e. features(audio, k, 22049.5 / 22050) on a clip stored at
--    22 050 Hz; only whole segments (a 3 s clip has 3)
CREATE TEMP TABLE cls_seg AS
SELECT c.name, k, genre.predict(m.rf, f) AS label, p.key AS class, p.value::float8 AS p
  FROM clips c, cls_m m, genre.audio_info(c.audio) i,
       generate_series(0, (least(4 * 22050, i.frames) - 22049) / 22050) k,
       genre.features(c.audio, k, 22049.5 / 22050) f,
       jsonb_each_text(genre.predict_proba(m.rf, f)) p
 WHERE i.sample_rate = 22050 AND i.channels = 1
   AND c.name NOT LIKE 'short%' AND c.name NOT LIKE '%@%' AND c.name NOT LIKE '%f32';
SELECT name, count(DISTINCT k) AS segments FROM cls_seg GROUP BY name ORDER BY name;
-- soft vote: the mean of the segments' probabilities, its arg-max the label
WITH hand AS (
    SELECT name, class, avg(p) AS p FROM cls_seg GROUP BY name, class),
cls AS (
    SELECT c.name, genre.classify(c.audio, 'cls_soft') AS label, p.key AS class, p.value::float8 AS p
      FROM clips c, jsonb_each_text(genre.classify_proba(c.audio, 'cls_soft')) p
     WHERE c.name IN (SELECT name FROM cls_seg))
SELECT cls.name, min(cls.label) AS classify,
       bool_and(abs(cls.p - hand.p) < 1e-12) AS same_proba,
       min(cls.label) = (SELECT h.class FROM hand h WHERE h.name = cls.name
                          ORDER BY h.p DESC, h.class COLLATE "C" LIMIT 1) AS same_label
  FROM cls JOIN hand USING (name, class) GROUP BY cls.name ORDER BY cls.name;
-- hard vote: the share of segments per label, the most frequent the label
WITH votes AS (
    SELECT name, label, count(*)::float8 / (SELECT count(DISTINCT k) FROM cls_seg s WHERE s.name = v.name) AS share
      FROM (SELECT DISTINCT name, k, label FROM cls_seg) v GROUP BY name, label)
SELECT c.name, genre.classify(c.audio, 'cls_hard') AS classify,
       genre.classify_proba(c.audio, 'cls_hard') AS shares,
       (SELECT jsonb_object_agg(label, share) FROM votes v WHERE v.name = c.name)
         <@ genre.classify_proba(c.audio, 'cls_hard') AS same_shares
  FROM clips c WHERE c.name IN (SELECT name FROM cls_seg) ORDER BY c.name;

-- predict and predict_proba take a pipeline with the recipe's vector
SELECT genre.predict(model, genre.features(c.audio, 1, 3)) = genre.classify(c.audio, model) AS predict_same,
       genre.predict('cls_window', genre.features(c.audio, 1, 3)) = genre.classify(c.audio, model) AS by_name_same
  FROM clips c, genre.models WHERE c.name = 'sine440_22k_mono' AND genre.models.name = 'cls_window';
SELECT feature, importance FROM genre.feature_importance(
           (SELECT model FROM genre.models WHERE name = 'cls_window'), genre.feature_names())
 ORDER BY importance DESC, feature LIMIT 3;

-- a vector that does not follow the recipe: 22023 naming both
SELECT sqlstate_of($$SELECT genre.predict('cls_window', genre.features(audio, 1, 3, 'gtzan'))
                       FROM clips WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT genre.predict_proba(model, '{1,2,3}') FROM genre.models WHERE name = 'cls_soft'$$);
-- (a vector of the right layout from another window cannot be told apart:
-- it is accepted, which is why classify() takes the audio)
SELECT sqlstate_of($$SELECT genre.predict(model, genre.features(audio)) FROM genre.models, clips
                      WHERE genre.models.name = 'cls_pca' AND clips.name = 'sine440_22k_mono'$$);
-- audio shorter than the recipe's window offset, or than one segment
SELECT sqlstate_of($$SELECT genre.classify(audio, 'cls_window') FROM clips WHERE name = 'short_0.05s_22k_mono'$$);
SELECT sqlstate_of($$SELECT genre.classify(audio, 'cls_soft') FROM clips WHERE name = 'short_0.05s_22k_mono'$$);
SELECT sqlstate_of($$SELECT genre.classify('\x00'::bytea, 'cls_soft')$$);
SELECT genre.classify(NULL, 'cls_soft') IS NULL AS null_audio;

-- wrong kinds: 42809
INSERT INTO genre.models(name, model) SELECT 'cls_rf', rf FROM cls_m;
SELECT sqlstate_of($$SELECT genre.classify(audio, 'cls_rf') FROM clips WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT genre.classify_proba(audio, rf) FROM clips, cls_m WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT genre.pipeline(sc) FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(model) FROM genre.models WHERE name = 'cls_soft'$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{}', ARRAY[rf]) FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{}', ARRAY[model]) FROM cls_m, genre.models WHERE name = 'cls_soft'$$);
SELECT sqlstate_of($$SELECT genre.classify(audio, 'no_such_model') FROM clips WHERE name = 'sine440_22k_mono'$$);

-- bad recipes: 22023 naming the part
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'gtzan') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'nope') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf_p, 'genre', '{}', ARRAY[pca5, sc]) FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf_p, 'genre', '{}', ARRAY[sc]) FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"vote": "soft"}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"segment_s": 1, "vote": "loud"}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"segment_s": 0.01}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"segment_s": -1}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"segment_s": 3, "duration_s": 2}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"offset_s": -1}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"duration_s": 0}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"polynomial": 4}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{"window": 3}') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '[]') FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{}', ARRAY[NULL::genre.model]) FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{}', ARRAY[[sc],[sc]]) FROM cls_m$$);
SELECT sqlstate_of($$SELECT genre.pipeline(rf, 'genre', '{}', array_fill(sc, ARRAY[17])) FROM cls_m$$);

-- bad pipeline bytes: 22P03.  The envelope's checksum is recomputed after
-- each change, so the pipeline's own loader is what refuses them.
CREATE FUNCTION pg_temp.fnv1a(b bytea) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    h numeric := 14695981039346656037;
    lo int;
    out bytea := '\x0000000000000000';
BEGIN
    FOR i IN 0 .. length(b) - 1 LOOP
        lo := mod(h, 256)::int;
        h := mod((h - lo + (lo # get_byte(b, i))) * 1099511628211, 18446744073709551616);
    END LOOP;
    FOR i IN 0 .. 7 LOOP
        out := set_byte(out, i, mod(h, 256)::int);
        h := div(h, 256);
    END LOOP;
    RETURN out;
END $$;
-- a model of these payload bytes, with a right envelope (little endian length)
CREATE FUNCTION pg_temp.le64(n bigint) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    b bytea := '\x0000000000000000';
BEGIN
    FOR i IN 0 .. 7 LOOP
        b := set_byte(b, i, (n >> (8 * i))::int & 255);
    END LOOP;
    RETURN b;
END $$;
CREATE FUNCTION pg_temp.le_reseal(payload bytea) RETURNS text LANGUAGE sql AS $$
    SELECT replace(encode('\x474e524d01000700'::bytea || pg_temp.le64(length(payload))
                          || pg_temp.fnv1a(payload) || payload, 'base64'), E'\n', '') $$;
CREATE TEMP TABLE cls_bytes AS
SELECT substr(decode(model::text, 'base64'), 25) AS payload
  FROM genre.models WHERE name = 'cls_pca';
-- the untouched payload resealed loads and says the same
SELECT genre.model_info(pg_temp.le_reseal(payload)::genre.model)->>'recipe' AS resealed FROM cls_bytes;
SELECT v.what, sqlstate_of(format('SELECT %L::genre.model', pg_temp.le_reseal(v.p))) AS result
  FROM cls_bytes b, LATERAL (VALUES
    ('format 2', overlay(b.payload placing '\x02000000' from 1)),
    ('features version 9', overlay(b.payload placing '\x09000000' from 5)),
    ('layout name length 0', overlay(b.payload placing '\x00000000' from 9)),
    ('unknown layout', overlay(b.payload placing 'gen_e'::bytea from 13)),
    ('n_inputs 57', overlay(b.payload placing '\x39000000' from 18)),
    ('negative offset', overlay(b.payload placing '\x000000000000f0bf' from 22)),
    ('vote without segments', overlay(b.payload placing '\x01000000' from 46)),
    ('17 steps', overlay(b.payload placing '\x11000000' from 50)),
    ('step type 9', overlay(b.payload placing '\x09000000' from 54)),
    ('step length past the end', overlay(b.payload placing '\xffffffff00000000' from 58)),
    ('step model corrupt', overlay(b.payload placing '\x00' from 70)),
    ('truncated', substr(b.payload, 1, length(b.payload) - 1)),
    ('trailing byte', b.payload || '\x00'::bytea),
    ('empty', ''::bytea)) AS v(what, p);
-- the steps in the other order: each model is fine, the chain is not
SELECT sqlstate_of(format('SELECT %L::genre.model', pg_temp.le_reseal(
           substr(b.payload, 1, 53) || substr(b.payload, 54 + 12 + s1, 12 + s2)
           || substr(b.payload, 54, 12 + s1) || substr(b.payload, 54 + 24 + s1 + s2))))
  FROM cls_bytes b, cls_m m,
       LATERAL (SELECT length(decode(m.sc::text, 'base64')) AS s1,
                       length(decode(m.pca5::text, 'base64')) AS s2) l;
-- a pipeline as the classifier of a pipeline: refused before its loader runs
-- (no nesting, so a crafted model cannot recurse)
SELECT sqlstate_of(format('SELECT %L::genre.model', pg_temp.le_reseal(
           substr(w.p, 1, 53) || pg_temp.le64(length(s.m)) || s.m)))
  FROM (SELECT substr(decode(model::text, 'base64'), 25) AS p FROM genre.models WHERE name = 'cls_window') w,
       (SELECT decode(model::text, 'base64') AS m FROM genre.models WHERE name = 'cls_soft') s;
-- genre.max_memory (issue 13, finding 3): classify decodes the recipe's
-- window; a recipe of the whole clip on the FLAC bomb (2^27 samples) is
-- refused from the header before the decode, with segments too (the whole
-- clip and one segment's features), and the backend's peak (VmHWM) does not
-- grow by a decode
SET jit = off;
CREATE TEMP TABLE bomb AS
SELECT data AS audio FROM files WHERE path = 'audio/limits/silence_2p27_22k.flac';
INSERT INTO genre.models(name, model)
SELECT 'cls_whole', genre.pipeline(rf, 'genre') FROM cls_m
UNION ALL
SELECT 'cls_whole_segments', genre.pipeline(rf, 'genre', '{"segment_s": 3}') FROM cls_m
UNION ALL
SELECT 'cls_minute', genre.pipeline(rf, 'genre', '{"offset_s": 600, "duration_s": 60}') FROM cls_m;
SELECT vmhwm_mb() AS before_mb \gset
SELECT sqlstate_of('SELECT genre.classify(audio, ''cls_whole'') FROM bomb') AS classify,
       sqlstate_of('SELECT genre.classify_proba(audio, ''cls_whole'') FROM bomb') AS classify_proba,
       sqlstate_of('SELECT genre.classify(audio, ''cls_whole_segments'') FROM bomb') AS classify_segments,
       sqlstate_of('SELECT genre.classify_proba(b.audio, m.model) FROM bomb b, genre.models m WHERE m.name = ''cls_whole_segments''') AS proba_by_value;
\set VERBOSITY default
SELECT genre.classify(audio, 'cls_whole') FROM bomb;
\set VERBOSITY terse
SET genre.max_memory = '8MB';
SELECT sqlstate_of('SELECT genre.classify(audio, ''cls_minute'') FROM bomb') AS minute_in_8mb;
RESET genre.max_memory;
SELECT vmhwm_mb() - :before_mb < 32 AS peak_grew_under_32mb;
SELECT genre.classify(audio, 'cls_minute') IS NOT NULL AS minute_classified FROM bomb;
RESET jit;

-- leave genre.models as the other suites expect it
DELETE FROM genre.models WHERE name LIKE 'cls\_%';
