-- genre.segments: feature vectors of consecutive windows of one decoded clip.
-- Window k covers samples [round(k s 22050), round(k s 22050) + round(s 22050) - 1):
-- for s = 3, [66150 k, 66150 k + 66149), the windows of the public 3-second table.
-- 40 s of real music at 22050 Hz (882000 samples): 13 whole windows of 3 s
SELECT segment, start_s, cardinality(features) AS slots
  FROM clips, genre.segments(loaded22k) WHERE name = 'asc_frontiers@45+40';

-- each row equals features() of its slice: the clips are 22050 Hz WAVs, so
-- features(audio, start, 66149 samples) reads exactly samples [66150 k, 66150 k + 66149)
-- (duration (66149 + 0.5) / 22050: librosa.load truncates duration * sr)
SELECT name, count(*) AS segments,
       count(*) FILTER (WHERE s.features = genre.features(loaded22k, s.start_s, (66149 + 0.5) / 22050, 'gtzan'))
         AS equal_gtzan
  FROM clips, genre.segments(loaded22k, layout => 'gtzan') s
 WHERE name IN ('asc_frontiers@45+40', 'wesnoth_traveling_minstrels@45+40', 'clicks_120bpm_22k_mono')
 GROUP BY name ORDER BY name;
SELECT name, count(*) AS segments,
       count(*) FILTER (WHERE s.features = genre.features(loaded22k, s.start_s, (66149 + 0.5) / 22050))
         AS equal_genre
  FROM clips, genre.segments(loaded22k) s
 WHERE name IN ('fof_muldjord_chaos_god@45+40', 'sox_pluck_melody_44k_mono')
 GROUP BY name ORDER BY name;
-- some values, in the GTZAN table's columns: the 120 BPM clicks repeat every 0.5 s,
-- so every 3 s window (a whole number of periods) has the same features
SELECT (genre.feature_names('gtzan'))[2:3] || (genre.feature_names('gtzan'))[17:18] AS slots;
SELECT s.segment, round(s.features[2]::numeric, 6) AS chroma_stft_var, round(s.features[3]::numeric, 6) AS rms_mean,
       round(s.features[17]::numeric, 2) AS tempo, round(s.features[18]::numeric, 3) AS mfcc1_mean
  FROM clips, genre.segments(loaded22k, 3, 'gtzan') s
 WHERE name = 'clicks_120bpm_22k_mono' ORDER BY s.segment;

-- offset_s and duration_s choose the part of the clip first: 9 s from 10 s (198450
-- samples) hold 3 windows; start_s counts from the start of the audio
SELECT segment, start_s,
       features = genre.features(loaded22k, start_s, (66149 + 0.5) / 22050) AS equal
  FROM clips, genre.segments(loaded22k, 3, 'genre', 10, 9) WHERE name = 'asc_frontiers@45+40';
-- other lengths: 2.5 s (55125 samples a step, 55124 in a window) in 12 s: 4 windows;
-- 1/3 s (7350 a step) in 1.1 s: 3; exactly one window: 1
SELECT (SELECT array_agg(start_s) FROM clips, genre.segments(loaded22k, 2.5)
         WHERE name = 'sox_pluck_melody_44k_mono') AS starts_2_5,
       (SELECT count(*) FROM clips, genre.segments(loaded22k, 1.0 / 3, 'genre', 0, 1.1)
         WHERE name = 'sine440_22k_mono') AS thirds,
       (SELECT count(*) FROM clips, genre.segments(loaded22k, 3, 'genre', 0, (66149 + 0.5) / 22050)
         WHERE name = 'white_noise_22k_mono') AS one_exact;
-- 3 s of silence (66150 samples) is one window; the 0.05 s clip (1102 samples) is one 0.05 s window
SELECT (SELECT count(*) FROM clips, genre.segments(loaded22k) WHERE name = 'silence_22k_mono') AS silence,
       (SELECT count(*) FROM clips, genre.segments(loaded22k, 0.05) WHERE name = 'short_0.05s_22k_mono') AS short;
-- audio at other rates is decoded (resampled) once, then cut: 44.1 kHz FLAC, 6 s -> 2 windows
SELECT segment, start_s, cardinality(features) AS slots
  FROM clips, genre.segments(audio) WHERE name = 'stereo_44k_16bit_flac';
-- NULL audio, seconds, layout or offset: no rows
SELECT count(*) AS null_rows FROM genre.segments(NULL);
SELECT count(*) AS null_rows FROM clips, genre.segments(audio, NULL) WHERE name = 'sine440_22k_mono';

-- ERRORs: bad seconds, segment longer than the clip, bad layout, bad window
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 0) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, -3) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 'NaN') WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 'Infinity') WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 1e9) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 0.001) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 6) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio) WHERE name = 'short_0.05s_22k_mono'$$);
-- one sample short of a window
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(loaded22k, 3, 'genre', 0, (66148 + 0.5) / 22050) WHERE name = 'white_noise_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 3, 'genre', 4) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 3, 'mfcc_only') WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 3, 'genre', -1) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 3, 'genre', 60) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM clips, genre.segments(audio, 3, 'genre', 0, -2) WHERE name = 'sine440_22k_mono'$$);
SELECT sqlstate_of($$SELECT count(*) FROM genre.segments('\x00010203'::bytea)$$);

-- genre.max_memory (issue 13, finding 3): segments hold the whole decoded
-- clip and one window's features; the FLAC bomb (2^27 samples) is refused
-- from its header before the decode, and the backend's peak (VmHWM, fresh
-- backend, JIT off) does not grow by a decode
\c
SET jit = off;
CREATE TEMP TABLE bomb AS
SELECT data AS audio FROM files WHERE path = 'audio/limits/silence_2p27_22k.flac';
SELECT count(*) AS libraries_loaded FROM clips, genre.segments(loaded22k, 1) WHERE name = 'sine440_22k_mono';
SELECT vmhwm_mb() AS before_mb \gset
SELECT sqlstate_of('SELECT count(*) FROM bomb, genre.segments(audio)') AS segments,
       sqlstate_of('SELECT count(*) FROM bomb, genre.segments(audio, 3, ''gtzan'')') AS segments_gtzan;
\set VERBOSITY default
SELECT count(*) FROM bomb, genre.segments(audio);
\set VERBOSITY terse
SET genre.max_memory = '8MB';
SELECT sqlstate_of('SELECT count(*) FROM bomb, genre.segments(audio, 3, ''genre'', 600, 60)') AS minute_in_8mb;
RESET genre.max_memory;
SELECT vmhwm_mb() - :before_mb < 32 AS peak_grew_under_32mb;
SELECT count(*) AS segments_of_a_minute FROM bomb, genre.segments(audio, 3, 'genre', 600, 60);
