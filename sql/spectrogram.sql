-- spectrogram, plot_spectrogram, plot_waveform: the matrix of each kind comes
-- from the analysis the features use (its means over frames are the feature
-- functions' values), every plot is a well-formed SVG, and a 10-minute clip
-- stays under 1 MB.

CREATE TEMP TABLE spec_clips AS
SELECT name, loaded22k AS audio FROM clips
 WHERE name IN ('sine440_22k_mono', 'fof_muldjord_chaos_god@45+40', 'clicks_120bpm_22k_mono');

-- shapes: bins x frames (hop 512: 1 + 441000 / 512 = 862 frames for 20 s)
SELECT k, array_length(m, 1) AS bins, array_length(m, 2) AS frames
  FROM spec_clips, unnest(ARRAY['stft', 'mel', 'chroma', 'cqt', 'mfcc', 'tempogram']) k,
       LATERAL genre.spectrogram(audio, k) m
 WHERE name = 'clicks_120bpm_22k_mono' ORDER BY k;

-- the tempogram (384 lags x frames, inf-normalised): lag 0 is 1 in every frame with
-- onsets; mid-clip the strongest lag of 10 .. 40 is the beat period, 22 frames,
-- 60 * 22050 / (512 * 22) = 117.45 BPM = genre.tempo; a sine has no onsets: all 0, no peak
WITH s AS (SELECT name, genre.spectrogram(audio, 'tempogram') AS m FROM spec_clips
            WHERE name IN ('clicks_120bpm_22k_mono', 'sine440_22k_mono'))
SELECT name, (SELECT min(m[1][t]) FROM generate_subscripts(m, 2) t) AS lag0_min,
       (SELECT max(m[1][t]) FROM generate_subscripts(m, 2) t) AS lag0_max,
       (SELECT max(abs(v)) FROM unnest(m) v) AS max_abs,
       (SELECT r - 1 FROM generate_series(11, 41) r WHERE m[1][431] > 0 ORDER BY m[r][431] DESC, r LIMIT 1) AS peak_lag,
       round(60 * 22050 / (512.0 * (SELECT r - 1 FROM generate_series(11, 41) r WHERE m[1][431] > 0 ORDER BY m[r][431] DESC, r LIMIT 1)), 2)
         AS peak_bpm
  FROM s ORDER BY name;
SELECT round(genre.tempo(audio)::numeric, 2) AS tempo FROM spec_clips WHERE name = 'clicks_120bpm_22k_mono';

-- one code path: the row means of the mfcc and chroma matrices are genre.mfcc and genre.chroma
CREATE TEMP TABLE spec_means AS
SELECT name, k, r, avg(v::float8) AS m
  FROM spec_clips, unnest(ARRAY['mfcc', 'chroma']) k,
       LATERAL (SELECT genre.spectrogram(audio, k) AS s) s,
       LATERAL generate_subscripts(s.s, 1) r,
       LATERAL unnest(s.s[r:r][:]) v
 GROUP BY name, k, r;
CREATE TEMP TABLE spec_features AS
SELECT name, genre.mfcc(audio) AS mfcc, genre.chroma(audio) AS chroma FROM spec_clips;
SELECT name, max(abs(m - (CASE k WHEN 'mfcc' THEN mfcc ELSE chroma END)[r])) < 1e-4 AS same_as_features
  FROM spec_means JOIN spec_features USING (name) GROUP BY name ORDER BY name;

-- a 440 Hz sine: chroma peaks at A (row 10 of C..B), the CQT at A4 (bin 3 * 36 + 27 + 1
-- from C1), the STFT at bin round(440 * 2048 / 22050) = 41 (+1), all frames but the edges
WITH s AS (SELECT k, genre.spectrogram(audio, k) AS m FROM spec_clips, unnest(ARRAY['chroma', 'cqt', 'stft']) k
            WHERE name = 'sine440_22k_mono'),
     frame AS (SELECT k, r, m[r][20] AS v FROM s, generate_subscripts(m, 1) r)
SELECT k, (array_agg(r ORDER BY v DESC))[1] AS peak_row FROM frame GROUP BY k ORDER BY k;

-- dB kinds lie within 80 dB of the clip's top (ref 1, top_db 80, as the features' mel)
SELECT k, round((max(v) - min(v))::numeric, 3) <= 80 AS within_80_db
  FROM spec_clips, unnest(ARRAY['mel', 'cqt']) k, unnest(genre.spectrogram(audio, k)) v
 WHERE name = 'fof_muldjord_chaos_god@45+40' GROUP BY k ORDER BY k;

-- plots: well formed, the kind's axis, the title escaped, beats as marks when asked
SELECT k, xml_is_well_formed_document(svg) AS well_formed, length(svg) < 1048576 AS under_1mb,
       position('&lt;fof&gt;' IN svg) > 0 AS title_escaped,
       regexp_count(svg, 'class="beats"') AS beat_groups
  FROM spec_clips, unnest(ARRAY['stft', 'mel', 'chroma', 'cqt', 'mfcc']) k,
       LATERAL genre.plot_spectrogram(audio, k, 0, NULL, '<fof>', k IN ('mel', 'chroma')) svg
 WHERE name = 'fof_muldjord_chaos_god@45+40' ORDER BY k;
SELECT position('>Hz</text>' IN genre.plot_spectrogram(audio, 'stft')) > 0 AS stft_hz,
       position('>Pitch class</text>' IN genre.plot_spectrogram(audio, 'chroma')) > 0 AS chroma_axis,
       position('>A4</text>' IN genre.plot_spectrogram(audio, 'cqt')) > 0
         OR position('>C4</text>' IN genre.plot_spectrogram(audio, 'cqt')) > 0 AS cqt_notes,
       position('>MFCC</text>' IN genre.plot_spectrogram(audio, 'mfcc')) > 0 AS mfcc_axis,
       position('>dB</text>' IN genre.plot_spectrogram(audio)) > 0 AS mel_unit
  FROM spec_clips WHERE name = 'sine440_22k_mono';
-- the tempogram on specshow's tempo axis: BPM, octaves 16 .. 480 (lag 0 at the top)
SELECT xml_is_well_formed_document(svg) AS well_formed, position('>BPM</text>' IN svg) > 0 AS bpm_axis,
       position('>128</text>' IN svg) > 0 AS tick_128, position('>dB</text>' IN svg) = 0 AS no_db_unit
  FROM spec_clips, LATERAL genre.plot_spectrogram(audio, 'tempogram', 0, NULL, 'clicks', true) svg
 WHERE name = 'clicks_120bpm_22k_mono';
-- the beats drawn are genre.beats of the window, on the window's clock
SELECT regexp_count(genre.plot_waveform(audio, 0, NULL, NULL, true), 'class="beats"') AS beat_groups,
       regexp_count(genre.plot_waveform(audio), 'class="beats"') AS without_beats,
       regexp_count(substring(genre.plot_waveform(audio, 0, NULL, NULL, true) FROM '<g class="beats">.*?</g>'), 'v6')
         AS beat_ticks,
       cardinality(genre.beats(audio)) AS beats,
       xml_is_well_formed_document(genre.plot_waveform(audio, 5, 10, 'clicks')) AS waveform_well_formed,
       position('>Amplitude</text>' IN genre.plot_waveform(audio)) > 0 AS amplitude_axis
  FROM spec_clips WHERE name = 'clicks_120bpm_22k_mono';
-- deterministic
SELECT md5(genre.plot_spectrogram(audio, 'mel', 0, NULL, NULL, true))
       = md5(genre.plot_spectrogram(audio, 'mel', 0, NULL, NULL, true)) AS same_svg
  FROM spec_clips WHERE name = 'clicks_120bpm_22k_mono';

-- a 10-minute clip (the fof window repeated 15 times as one float32 WAV):
-- every plot stays under 1 MB
CREATE FUNCTION pg_temp.le32(n bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea, 0, (n & 255)::int), 1, ((n >> 8) & 255)::int),
                  2, ((n >> 16) & 255)::int), 3, ((n >> 24) & 255)::int) $$;
CREATE TEMP TABLE ten_minutes AS
SELECT 'RIFF'::bytea || pg_temp.le32(36 + 15 * length(d)) || 'WAVEfmt '::bytea || pg_temp.le32(16)
       || '\x03000100'::bytea || pg_temp.le32(22050) || pg_temp.le32(22050 * 4) || '\x04002000'::bytea
       || 'data'::bytea || pg_temp.le32(15 * length(d)) || repeat(encode(d, 'hex'), 15)::bytea AS audio
  FROM (SELECT substring(audio FROM position('data'::bytea IN audio) + 8) AS d
          FROM spec_clips WHERE name = 'fof_muldjord_chaos_god@45+40') s;
UPDATE ten_minutes SET audio = substring(audio FROM 1 FOR 44) || decode(convert_from(substring(audio FROM 45), 'SQL_ASCII'), 'hex');
SELECT round((genre.audio_info(audio)).duration_s) AS seconds FROM ten_minutes;
SELECT k, length(svg) AS bytes, length(svg) <= 1048576 AS under_1mb, xml_is_well_formed_document(svg) AS well_formed
  FROM ten_minutes, unnest(ARRAY['stft', 'mel']) k,
       LATERAL genre.plot_spectrogram(audio, k, 0, NULL, NULL, k = 'mel') svg ORDER BY k;
SELECT length(svg) <= 1048576 AS waveform_under_1mb, xml_is_well_formed_document(svg) AS well_formed
  FROM ten_minutes, LATERAL genre.plot_waveform(audio, 0, NULL, 'ten minutes') svg;

-- bad input
SELECT sqlstate_of($$SELECT genre.spectrogram(audio, 'tempo') FROM spec_clips LIMIT 1$$);
SELECT sqlstate_of($$SELECT genre.plot_spectrogram(audio, 'MEL') FROM spec_clips LIMIT 1$$);
SELECT sqlstate_of($$SELECT genre.plot_spectrogram(audio, 'mel', -1) FROM spec_clips LIMIT 1$$);
SELECT sqlstate_of($$SELECT genre.plot_spectrogram(audio, 'mel', 0, -2) FROM spec_clips LIMIT 1$$);
SELECT sqlstate_of($$SELECT genre.plot_spectrogram(audio, 'mel', 'NaN') FROM spec_clips LIMIT 1$$);
SELECT sqlstate_of($$SELECT genre.plot_waveform('\x00010203'::bytea)$$);
SELECT sqlstate_of($$SELECT genre.plot_waveform(audio, 0, NULL, repeat('x', 2000)) FROM spec_clips LIMIT 1$$);
SELECT genre.spectrogram(NULL) IS NULL AS null_audio, genre.plot_spectrogram(audio, NULL) IS NULL AS null_kind,
       genre.plot_waveform(audio, NULL) IS NULL AS null_offset
  FROM spec_clips LIMIT 1;

-- genre.max_memory (issue 13, finding 3): the FLAC bomb (424 kB, 101 minutes
-- of silence, 2^27 samples) is refused with 54000 from its header, before
-- the decode, by every kind and both plots; in a fresh backend (JIT off) the
-- peak resident size (VmHWM) does not grow by a decode
\c
SET jit = off;
CREATE TEMP TABLE bomb AS
SELECT data AS audio FROM files WHERE path = 'audio/limits/silence_2p27_22k.flac';
SELECT length(genre.plot_waveform(loaded22k, 0, 1)) > 0 AS libraries_loaded
  FROM clips WHERE name = 'sine440_22k_mono';
SELECT vmhwm_mb() AS before_mb \gset
SHOW genre.max_memory;
SELECT k, sqlstate_of(format('SELECT genre.spectrogram(audio, %L) FROM bomb', k)) AS spectrogram
  FROM unnest(ARRAY['stft', 'mel', 'chroma', 'cqt', 'mfcc', 'tempogram']) k;
SELECT k, sqlstate_of(format('SELECT genre.plot_spectrogram(audio, %L, 0, NULL, NULL, true) FROM bomb', k)) AS plot
  FROM unnest(ARRAY['stft', 'mel', 'chroma', 'cqt', 'mfcc', 'tempogram']) k;
SELECT sqlstate_of('SELECT genre.plot_waveform(audio) FROM bomb') AS waveform,
       sqlstate_of('SELECT genre.plot_waveform(audio, 0, NULL, NULL, true) FROM bomb') AS waveform_beats;
\set VERBOSITY default
SELECT genre.plot_spectrogram(audio, 'tempogram') FROM bomb;
\set VERBOSITY terse
-- a small budget refuses a window that passes at the default
SET genre.max_memory = '8MB';
SELECT sqlstate_of('SELECT genre.spectrogram(audio, ''mel'', 600, 40) FROM bomb') AS spectrogram_8mb,
       sqlstate_of('SELECT genre.plot_spectrogram(audio, ''stft'', 600, 40) FROM bomb') AS plot_8mb,
       sqlstate_of('SELECT genre.plot_waveform(audio, 600, 40) FROM bomb') AS waveform_8mb;
RESET genre.max_memory;
SELECT vmhwm_mb() - :before_mb < 32 AS peak_grew_under_32mb;
SELECT array_length(genre.spectrogram(audio, 'mel', 600, 40), 2) AS frames_of_a_window,
       length(genre.plot_spectrogram(audio, 'stft', 600, 40)) > 0 AS plot_of_a_window,
       length(genre.plot_waveform(audio, 600, 40)) > 0 AS waveform_of_a_window
  FROM bomb;
