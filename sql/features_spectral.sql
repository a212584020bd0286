-- Spectral features against librosa 0.10 (reference.csv, table ref).
-- Tolerances (test/data/README, reference README): mfcc abs 0.01, zcr abs 1e-6,
-- centroid / bandwidth rel 1e-4, rolloff rel 1e-3.  "dev" columns are the largest
-- deviation as a fraction of the tolerance (1.00 = at the limit), shown as "<= 0.1"
-- when it is that small (the exact value then depends on float32 rounding only).

-- the slots of the 'genre' layout, in order
SELECT slot, name FROM unnest(genre.feature_names()) WITH ORDINALITY AS s(name, slot);
SELECT genre.feature_names() = genre.feature_names('genre') AS default_is_genre;

CREATE TEMP TABLE spectral_tol(prefix text, abs_tol float8, rel_tol float8);
INSERT INTO spectral_tol VALUES ('mfcc', 0.01, 0), ('zcr_', 1e-6, 0),
    ('spectral_centroid', 0, 1e-4), ('spectral_bandwidth', 0, 1e-4), ('spectral_rolloff', 0, 1e-3);

-- one vector per clip, from librosa's own decoded signal (loaded22k) and from the
-- original file through genre's decoder and resampler (audio, offset_s, duration_s)
CREATE TEMP TABLE spectral_vec AS
SELECT name, 'loaded22k' AS source, genre.features(loaded22k) AS f FROM clips
UNION ALL
SELECT name, 'audio', genre.features(audio, offset_s, duration_s) FROM clips;

CREATE TEMP VIEW spectral_cmp AS
SELECT v.name, v.source, s.slot_name, s.got, (to_jsonb(r) ->> s.slot_name)::float8 AS want,
       abs(s.got - (to_jsonb(r) ->> s.slot_name)::float8)
         / greatest(t.abs_tol, t.rel_tol * abs((to_jsonb(r) ->> s.slot_name)::float8), 1e-300) AS dev
  FROM spectral_vec v
  JOIN ref r USING (name)
  CROSS JOIN LATERAL unnest(genre.feature_names(), v.f) AS s(slot_name, got)
  JOIN spectral_tol t ON s.slot_name LIKE t.prefix || '%';

-- every value of every clip is finite and every vector has all the layout's slots
SELECT source, count(*) AS clips, bool_and(cardinality(f) = cardinality(genre.feature_names())) AS all_slots,
       bool_and(NOT EXISTS (SELECT 1 FROM unnest(f) x WHERE x = 'NaN' OR x IN ('Infinity', '-Infinity'))) AS all_finite
  FROM spectral_vec GROUP BY source ORDER BY source;

-- librosa's signal: every clip within tolerance for every feature
SELECT name,
       bool_and(dev <= 1) AS pass,
       CASE WHEN max(dev) FILTER (WHERE slot_name LIKE 'mfcc%') <= 0.1 THEN '<= 0.1'
            ELSE round(max(dev) FILTER (WHERE slot_name LIKE 'mfcc%')::numeric, 2)::text END AS mfcc_dev,
       CASE WHEN max(dev) FILTER (WHERE slot_name LIKE 'zcr%') <= 0.1 THEN '<= 0.1'
            ELSE round(max(dev) FILTER (WHERE slot_name LIKE 'zcr%')::numeric, 2)::text END AS zcr_dev,
       CASE WHEN max(dev) FILTER (WHERE slot_name LIKE 'spectral_centroid%') <= 0.1 THEN '<= 0.1'
            ELSE round(max(dev) FILTER (WHERE slot_name LIKE 'spectral_centroid%')::numeric, 2)::text END AS centroid_dev,
       CASE WHEN max(dev) FILTER (WHERE slot_name LIKE 'spectral_bandwidth%') <= 0.1 THEN '<= 0.1'
            ELSE round(max(dev) FILTER (WHERE slot_name LIKE 'spectral_bandwidth%')::numeric, 2)::text END AS bandwidth_dev,
       CASE WHEN max(dev) FILTER (WHERE slot_name LIKE 'spectral_rolloff%') <= 0.1 THEN '<= 0.1'
            ELSE round(max(dev) FILTER (WHERE slot_name LIKE 'spectral_rolloff%')::numeric, 2)::text END AS rolloff_dev,
       count(*) AS values_compared
  FROM spectral_cmp WHERE source = 'loaded22k'
 GROUP BY name ORDER BY name;

-- the original files through genre.features(audio, offset_s, duration_s):
-- the same tolerances hold through decoding, mono mixing and soxr resampling, and the
-- real music rows read the window offset_s 45, duration_s 40 out of the whole file
SELECT name, bool_and(dev <= 1) AS pass, count(*) AS values_compared
  FROM spectral_cmp WHERE source = 'audio'
 GROUP BY name ORDER BY name;

-- the per-feature functions agree with the vector (float8 means vs real slots)
SELECT c.name,
       abs(genre.zero_crossing_rate(c.loaded22k) - v.f[3]) < 1e-7 AS zcr_same,
       abs(genre.spectral_centroid(c.loaded22k) / v.f[5] - 1) < 1e-6 AS centroid_same,
       abs(genre.spectral_bandwidth(c.loaded22k) / v.f[7] - 1) < 1e-6 AS bandwidth_same,
       abs(genre.spectral_rolloff(c.loaded22k) / v.f[9] - 1) < 1e-6 AS rolloff_same,
       abs(genre.rms(c.loaded22k) - v.f[1]) < 1e-6 AS rms_same,
       (SELECT bool_and(abs(m - v.f[9 + 2 * i]) < 1e-3)
          FROM unnest(genre.mfcc(c.loaded22k)) WITH ORDINALITY AS u(m, i)) AS mfcc_same
  FROM clips c JOIN spectral_vec v ON v.name = c.name AND v.source = 'loaded22k'
 WHERE c.name IN ('sine440_22k_mono', 'white_noise_22k_mono', 'asc_frontiers@45+40')
 ORDER BY c.name;

-- hand-computable: digital silence gives power 0 -> every mel band at 10 log10(1e-10)
-- = -100 dB, so mfcc1 = -100 * sqrt(128) = -1131.37 and the other coefficients 0;
-- centroid, bandwidth, roll-off, zcr and rms are 0
SELECT round((genre.mfcc(loaded22k))[1]::numeric, 2) AS mfcc1,
       (SELECT max(abs(m)) < 1e-6 FROM unnest((genre.mfcc(loaded22k))[2:20]) m) AS mfcc2_20_zero,
       genre.spectral_centroid(loaded22k) AS centroid,
       genre.spectral_bandwidth(loaded22k) AS bandwidth,
       genre.spectral_rolloff(loaded22k) AS rolloff,
       genre.zero_crossing_rate(loaded22k) AS zcr,
       genre.rms(loaded22k) AS rms
  FROM clips WHERE name = 'silence_22k_mono';

-- a 440 Hz sine of amplitude 0.5 over 5 s: 212 of 216 frames lie inside the signal
-- (rms 0.5/sqrt 2 = 0.35355); the 4 edge frames hold 1024, 1536, 1706 and 1194 of
-- 2048 samples, so the mean is (212 * 0.35355 + 0.35355 * (sqrt(0.5) + sqrt(0.75)
-- + sqrt(1706/2048) + sqrt(1194/2048))) / 216 = 0.3523
SELECT round(genre.rms(loaded22k)::numeric, 4) AS rms_sine440
  FROM clips WHERE name = 'sine440_22k_mono';

-- 0.05 s (1102 samples, shorter than one 2048 frame): 3 frames, finite values
-- (librosa: mfcc1_mean -242.79, centroid 620.98, roll-off 574.22 Hz)
SELECT cardinality(f) AS n, round(f[11]::numeric, 2) AS mfcc1_mean,
       round(f[5]::numeric, 2) AS centroid_mean, round(f[9]::numeric, 2) AS rolloff_mean
  FROM spectral_vec WHERE name = 'short_0.05s_22k_mono' AND source = 'loaded22k';

-- NULL in, NULL out; a NULL duration reads to the end
SELECT genre.features(NULL) IS NULL AS null_audio,
       genre.features(loaded22k, NULL) IS NULL AS null_offset,
       genre.features(loaded22k, 0, NULL, NULL) IS NULL AS null_layout,
       genre.features(loaded22k, 0, NULL) = genre.features(loaded22k) AS null_duration_is_whole,
       genre.mfcc(NULL) IS NULL AS mfcc_null, genre.rms(NULL) IS NULL AS rms_null
  FROM clips WHERE name = 'sine440_22k_mono';

-- volatility, strictness, parallel safety and cost as declared
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel, p.procost
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre'
   AND p.proname IN ('mfcc', 'rms', 'zero_crossing_rate', 'spectral_centroid',
                     'spectral_bandwidth', 'spectral_rolloff', 'features', 'feature_names')
 ORDER BY p.proname;
