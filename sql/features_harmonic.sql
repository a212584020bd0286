-- genre.chroma, genre.tonnetz, genre.tempo and genre.beats on the 18
-- reference clips (decoded from their files, in librosa's window) against
-- librosa 0.10.2 (reference.csv).  Tolerances (test/data README): chroma and
-- tonnetz abs 1e-3 per dimension, tempo equal.

CREATE TEMP TABLE h AS
SELECT c.name,
       genre.chroma(c.audio, c.offset_s, c.duration_s) AS chroma,
       genre.tonnetz(c.audio, c.offset_s, c.duration_s) AS tonnetz,
       genre.tempo(c.audio, c.offset_s, c.duration_s) AS tempo,
       genre.beats(c.audio, c.offset_s, c.duration_s) AS beats,
       ARRAY[r."chroma_C_mean", r."chroma_Cs_mean", r."chroma_D_mean", r."chroma_Ds_mean",
             r."chroma_E_mean", r."chroma_F_mean", r."chroma_Fs_mean", r."chroma_G_mean",
             r."chroma_Gs_mean", r."chroma_A_mean", r."chroma_As_mean", r."chroma_B_mean"]::float8[]
           AS ref_chroma,
       ARRAY[r.tonnetz1_mean, r.tonnetz2_mean, r.tonnetz3_mean,
             r.tonnetz4_mean, r.tonnetz5_mean, r.tonnetz6_mean]::float8[] AS ref_tonnetz,
       r.tempo::float8 AS ref_tempo,
       r.n_beats::int AS ref_n_beats,
       string_to_array(nullif(r.beat_frames_first8, ''), ' ')::int[] AS ref_first8
  FROM clips c JOIN ref r USING (name);

SELECT name,
       cardinality(chroma) AS n_chroma, cardinality(tonnetz) AS n_tonnetz,
       (SELECT max(abs(x - y)) FROM unnest(chroma, ref_chroma) u(x, y)) <= 1e-3 AS chroma_ok,
       (SELECT max(abs(x - y)) FROM unnest(tonnetz, ref_tonnetz) u(x, y)) <= 1e-3 AS tonnetz_ok,
       round(tempo::numeric, 4) AS tempo, tempo = ref_tempo AS tempo_equal,
       cardinality(beats) AS n_beats, cardinality(beats) = ref_n_beats AS n_beats_equal,
       (SELECT array_agg(round(b * 22050 / 512)::int ORDER BY o)
          FROM unnest(beats[1:8]) WITH ORDINALITY u(b, o)) IS NOT DISTINCT FROM ref_first8
           AS first8_equal
  FROM h ORDER BY name;

-- the largest deviations over all clips (to show the margin)
SELECT max((SELECT max(abs(x - y)) FROM unnest(chroma, ref_chroma) u(x, y))) < 1e-4 AS chroma_within_1e4,
       max((SELECT max(abs(x - y)) FROM unnest(tonnetz, ref_tonnetz) u(x, y))) < 1e-4 AS tonnetz_within_1e4
  FROM h;

-- the 120 BPM click track: librosa's quantised 60*22050/(512*22) = 117.45 BPM
-- (the tracker's period is 22 frames); the clicks themselves are 21.53 frames
-- apart, so consecutive beats are 21 or 22 frames (~0.5 s) apart
WITH d AS (SELECT round((beats[i + 1] - beats[i]) * 22050 / 512)::int AS frames
             FROM h, generate_subscripts(beats, 1) i
            WHERE name = 'clicks_120bpm_22k_mono' AND i < cardinality(beats))
SELECT (SELECT tempo FROM h WHERE name = 'clicks_120bpm_22k_mono') = 60.0 * 22050 / (512 * 22)
           AS is_117_45,
       (SELECT round(tempo::numeric, 2) FROM h WHERE name = 'clicks_120bpm_22k_mono') AS tempo,
       min(frames) AS min_spacing, max(frames) AS max_spacing,
       round(avg(frames) * 512 / 22050, 3) AS mean_spacing_s
  FROM d;

-- pure tones and silence: tempo 0 and no beats (librosa's own result)
SELECT name, tempo, beats FROM h
 WHERE name IN ('sine440_22k_mono', 'cmajor_chord_22k_mono', 'silence_22k_mono')
 ORDER BY name;

-- a pure C major chord: C, E and G dominate the chroma
SELECT (SELECT array_agg(i - 1 ORDER BY v DESC) FROM unnest(chroma) WITH ORDINALITY u(v, i))[1:3]
           AS top3_pitch_classes
  FROM h WHERE name = 'cmajor_chord_22k_mono';

-- windows: offset and duration, NULL duration = to the end, NULLs give NULL
SELECT genre.tempo(audio, 0, 10) AS tempo_10s,
       genre.tempo(audio, 0, NULL) = genre.tempo(audio) AS null_duration_is_whole,
       genre.tempo(NULL::bytea) IS NULL AS null_audio,
       genre.chroma(audio, NULL) IS NULL AS null_offset,
       (genre.beats(audio, 5, 5))[1] < 1 AS beats_relative_to_window
  FROM clips WHERE name = 'clicks_120bpm_22k_mono';

-- bad input
SELECT sqlstate_of($$ SELECT genre.chroma('\x00010203'::bytea) $$);
SELECT sqlstate_of($$ SELECT genre.tonnetz(''::bytea) $$);
SELECT sqlstate_of($$ SELECT genre.tempo(audio, -1) FROM clips WHERE name = 'sine440_22k_mono' $$);
SELECT sqlstate_of($$ SELECT genre.beats(audio, 0, -2) FROM clips WHERE name = 'sine440_22k_mono' $$);
SELECT sqlstate_of($$ SELECT genre.chroma(audio, 100) FROM clips WHERE name = 'sine440_22k_mono' $$);
SELECT sqlstate_of($$ SELECT genre.tempo(audio, 'NaN') FROM clips WHERE name = 'sine440_22k_mono' $$);
