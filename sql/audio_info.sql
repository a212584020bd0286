-- genre.audio_info and genre.samples on the 18 reference clips.

-- what the headers say
SELECT name, i.*
  FROM clips, genre.audio_info(audio) i
 ORDER BY name;

-- samples() in librosa's window against librosa.load's own signal (loaded22k,
-- a float32 WAV read back at its native rate): 22 050 Hz clips exact to 1e-7,
-- resampled clips within 1e-4 (test/data README)
WITH s AS MATERIALIZED (
    SELECT name, (genre.audio_info(audio)).sample_rate AS native,
           genre.samples(audio, offset_s, duration_s) AS got,
           genre.samples(loaded22k, 0, NULL, 0) AS want
      FROM clips),
d AS MATERIALIZED (
    SELECT name, native, cardinality(got) AS n, cardinality(got) = cardinality(want) AS same_length,
           CASE WHEN got = want THEN 0     -- identical arrays: skip the element-wise pass
                ELSE (SELECT max(abs(x - y)) FROM unnest(got, want) u(x, y)) END AS max_diff
      FROM s)
SELECT name, native, n, same_length, max_diff,
       max_diff <= CASE WHEN native = 22050 THEN 1e-7 ELSE 1e-4 END AS within_tolerance
  FROM d
 ORDER BY name;

-- the window: int(offset * sr) to int(duration * sr) frames, fewer at the end
SELECT cardinality(genre.samples(audio, 0.5, 1.0, 0)) AS one_second,
       cardinality(genre.samples(audio, 4.0, 10.0, 0)) AS last_second,
       cardinality(genre.samples(audio, 110249.0 / 22050, NULL, 0)) AS last_frame,
       genre.samples(audio, 0.5, 1.0, 0) = (genre.samples(audio, 0, NULL, 0))[11026:33075] AS is_slice
  FROM clips WHERE name = 'sine440_22k_mono';
-- a 44.1 kHz clip: native rate, default 22 050 Hz (ceil(n / 2)), another rate
SELECT cardinality(genre.samples(audio, 0, NULL, 0)) AS native,
       cardinality(genre.samples(audio)) AS at_22050,
       cardinality(genre.samples(audio, 0, 1.0, 16000)) AS one_second_16k
  FROM clips WHERE name = 'sine440_44k_mono_24bit';
-- stereo: (L + R) / 2 at the native rate, same for WAV and FLAC of the same signal
SELECT w.name, genre.samples(w.audio, 0, NULL, 0) = genre.samples(f.audio, 0, NULL, 0) AS wav_equals_flac
  FROM clips w, clips f
 WHERE w.name = 'stereo_44k_16bit' AND f.name = 'stereo_44k_16bit_flac';
-- the first samples of the 16-bit 440 Hz sine: int16 / 32768
SELECT (genre.samples(audio))[1:4] AS first, (genre.samples(audio))[1:4]::float8[] AS as_float8
  FROM clips WHERE name = 'sine440_22k_mono';
-- silence is zeros, the 0.05 s clip decodes whole
SELECT name, cardinality(s) AS n, (SELECT max(abs(x)) FROM unnest(s) x) AS peak
  FROM clips, genre.samples(audio) s
 WHERE name IN ('silence_22k_mono', 'short_0.05s_22k_mono')
 ORDER BY name;

-- NULLs: audio, offset or rate NULL give NULL; duration NULL means to the end
SELECT genre.samples(NULL) IS NULL AS null_audio,
       genre.samples(audio, NULL) IS NULL AS null_offset,
       genre.samples(audio, 0, NULL, NULL) IS NULL AS null_rate,
       cardinality(genre.samples(audio, 1.0, NULL)) AS to_the_end,
       genre.audio_info(NULL) IS NULL AS null_info
  FROM clips WHERE name = 'sine440_22k_mono';

-- SELECT (genre.audio_info(a)).* calls the function once per column: the
-- five calls on a stored value read it once, and each row still gets its own
-- header (the same as the LATERAL form, which calls it once)
SELECT count(*) AS clips, count(*) FILTER (WHERE x IS DISTINCT FROM y) AS differ
  FROM (SELECT name, (genre.audio_info(audio)).* FROM clips) x
  JOIN (SELECT name, i.* FROM clips, LATERAL genre.audio_info(audio) i) y USING (name);
-- a stored value replaced is probed afresh
CREATE TABLE audio_swap AS SELECT audio FROM clips WHERE name = 'sine440_22k_mono';
SELECT (genre.audio_info(audio)).* FROM audio_swap;
UPDATE audio_swap SET audio = (SELECT audio FROM clips WHERE name = 'sine440_44k_mono_24bit');
SELECT (genre.audio_info(audio)).* FROM audio_swap;
DROP TABLE audio_swap;
