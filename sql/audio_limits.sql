-- Hostile audio and arguments that made genre slow, deaf to cancel, hungry
-- for memory or end in XX000 (issue 13, findings 2, 4, 8, 9), run by a plain
-- role.  Inputs are generated here from the fixtures; nothing large is stored.
CREATE ROLE genre_limits_user LOGIN;
GRANT SELECT ON clips TO genre_limits_user;
SET ROLE genre_limits_user;
-- a slow path would now end in 57014 instead of its answer
SET statement_timeout = '20s';

-- little-endian fields and a mono IEEE-float WAV from raw sample bytes
CREATE FUNCTION pg_temp.le(x bigint, n int) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT decode(string_agg(lpad(to_hex((x >> (8 * i)) & 255), 2, '0'), '' ORDER BY i), 'hex')
      FROM generate_series(0, n - 1) i $$;
CREATE FUNCTION pg_temp.wav_f32(rate int, samples bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT 'RIFF'::bytea || pg_temp.le(36 + length(samples), 4) || 'WAVEfmt '::bytea
           || pg_temp.le(16, 4) || pg_temp.le(3, 2) || pg_temp.le(1, 2) || pg_temp.le(rate, 4)
           || pg_temp.le(rate * 4, 4) || pg_temp.le(4, 2) || pg_temp.le(32, 2)
           || 'data'::bytea || pg_temp.le(length(samples), 4) || samples $$;

-- Finding 2: a valid Ogg Vorbis file followed by false page headers ("OggS" every
-- 7 bytes, each claiming a 32 KB page).  256 KB of them took 4.7 s and ignored
-- cancel, 16 MB hours; libogg would re-check each one, so such input is refused
-- at once.
CREATE TEMP TABLE hostile AS
SELECT 'false_headers_256k' AS name, audio || decode(repeat('4f67675300ffff', 37450), 'hex') AS audio
  FROM clips WHERE name = 'stereo_44k_ogg'
UNION ALL
SELECT 'false_headers_16m', audio || decode(repeat('4f67675300ffff', 2396745), 'hex')
  FROM clips WHERE name = 'stereo_44k_ogg';
SELECT name, length(audio) AS bytes,
       sqlstate_of(format('SELECT genre.audio_info(audio) FROM hostile WHERE name = %L', name)) AS audio_info,
       sqlstate_of(format('SELECT genre.samples(audio) FROM hostile WHERE name = %L', name)) AS samples,
       sqlstate_of(format('SELECT genre.features(audio) FROM hostile WHERE name = %L', name)) AS features
  FROM hostile ORDER BY name;
\set VERBOSITY default
SELECT genre.audio_info(audio) FROM hostile WHERE name = 'false_headers_256k';
\set VERBOSITY terse

-- junk without capture patterns (16 MB of zeros) after the stream, and 1 MB of
-- zeros between two of its pages with a few false headers in it: the pages
-- decode exactly as without the junk (main: quadratic in the junk)
CREATE TEMP TABLE junk AS
SELECT 'zeros_after' AS name, audio || decode(repeat('00', 16 << 20), 'hex') AS audio
  FROM clips WHERE name = 'stereo_44k_ogg'
UNION ALL
SELECT 'gap_between_pages',
       substring(audio from 1 for cut - 1) || decode(repeat('00', 1 << 20), 'hex')
       || decode(repeat('4f67675300ffff', 20), 'hex') || substring(audio from cut)
  FROM (SELECT audio, 4200 + position('\x4f676753'::bytea in substring(audio from 4201)) AS cut
          FROM clips WHERE name = 'stereo_44k_ogg') c;
SELECT j.name, length(j.audio) AS bytes,
       genre.audio_info(j.audio) = genre.audio_info(c.audio) AS same_info,
       genre.samples(j.audio, 0, NULL, 0) = genre.samples(c.audio, 0, NULL, 0) AS same_samples,
       genre.samples(j.audio, 0.5) = genre.samples(c.audio, 0.5) AS same_window
  FROM junk j, clips c WHERE c.name = 'stereo_44k_ogg' ORDER BY j.name;

-- Finding 9: a float WAV with a finite sample of 1e20 gave XX000 "feature rms
-- is not finite"; samples beyond +-2^32 are refused at decode time, naming the
-- frame (the float32 power spectrogram overflows from about 1e16)
CREATE TEMP TABLE huge AS
SELECT overlay(audio placing '\xec78ad60'::bytea from 81 + 4 * 110 for 4) AS audio
  FROM clips WHERE name = 'sine440_22k_mono_f32';
SELECT sqlstate_of('SELECT genre.samples(audio) FROM huge') AS samples,
       sqlstate_of('SELECT genre.features(audio) FROM huge') AS features,
       sqlstate_of('SELECT genre.rms(audio) FROM huge') AS rms,
       sqlstate_of('SELECT genre.samples(audio, 0.004) FROM huge') AS window_over_it,
       array_length(genre.samples(audio, 0, 0.004), 1) AS window_before_it
  FROM huge;
\set VERBOSITY default
SELECT genre.features(audio) FROM huge;
\set VERBOSITY terse

-- the limit itself decodes, and every feature stays finite at it: a square wave
-- of +-2^32 (period 50 samples) at 22 050 Hz and at 44 100 Hz (resampled, with
-- soxr's ringing), and +2^32 DC; one float above 2^32 is refused
CREATE TEMP TABLE loud AS
SELECT 'square_22k' AS name, pg_temp.wav_f32(22050, decode(repeat(repeat('0000804f', 25) || repeat('000080cf', 25), 441), 'hex')) AS audio
UNION ALL
SELECT 'square_44k', pg_temp.wav_f32(44100, decode(repeat(repeat('0000804f', 25) || repeat('000080cf', 25), 882), 'hex'))
UNION ALL
SELECT 'dc_22k', pg_temp.wav_f32(22050, decode(repeat('0000804f', 22050), 'hex'))
UNION ALL
SELECT 'square_22k_unit', pg_temp.wav_f32(22050, decode(repeat(repeat('0000803f', 25) || repeat('000080bf', 25), 441), 'hex'));
SELECT name,
       (SELECT bool_and(v > '-Infinity' AND v < 'Infinity') FROM unnest(genre.features(audio)) v) AS genre_finite,
       (SELECT bool_and(v > '-Infinity' AND v < 'Infinity') FROM unnest(genre.features(audio, 0, NULL, 'gtzan')) v) AS gtzan_finite,
       (SELECT count(*) FROM genre.frames(audio)) AS frames
  FROM loud ORDER BY name;
-- scaling by 2^32 is exact in float arithmetic: rms scales by exactly 2^32, the centroid not at all
SELECT genre.rms(l.audio) / genre.rms(u.audio) AS rms_ratio,
       genre.spectral_centroid(l.audio) = genre.spectral_centroid(u.audio) AS same_centroid
  FROM loud l, loud u WHERE l.name = 'square_22k' AND u.name = 'square_22k_unit';
SELECT sqlstate_of(format('SELECT genre.samples(%L::bytea)',
                          pg_temp.wav_f32(22050, decode(repeat('0000804f', 10) || '0100804f', 'hex'))))
       AS one_float_above;

-- Finding 8: 768 kHz audio resampled to 1 Hz spent 8.6 s in libsoxr's filter
-- design, deaf to cancel; the ratio is limited to 1024 either way
CREATE TEMP TABLE fast AS
SELECT pg_temp.wav_f32(768000, decode(repeat('00000000', 76800), 'hex')) AS audio;
SELECT sqlstate_of('SELECT genre.samples(audio, 0, NULL, 1) FROM fast') AS to_1_hz,
       sqlstate_of('SELECT genre.samples(audio, 0, NULL, 749) FROM fast') AS to_749_hz,
       array_length(genre.samples(audio, 0, NULL, 750), 1) AS samples_at_750_hz,
       sqlstate_of(format('SELECT genre.samples(%L::bytea, 0, NULL, 102401)',
                          pg_temp.wav_f32(100, decode(repeat('00000000', 100), 'hex')))) AS from_100_hz_up
  FROM fast;
\set VERBOSITY default
SELECT genre.samples(audio, 0, NULL, 1) FROM fast;
\set VERBOSITY terse

-- Finding 4: smote zeroed 8 k bytes up front (k = 2^31 - 1: 16 GB); now memory
-- follows the rows, and any k of at least the class size - 1 gives the same rows
CREATE TEMP TABLE few AS
SELECT ARRAY[i, i % 3, (i * 7) % 5]::real[] AS f, CASE WHEN i % 4 = 0 THEN 'rare' ELSE 'common' END AS label
  FROM generate_series(1, 40) i;
SELECT (SELECT genre.smote(f, label, 2147483647, 1) FROM few)
       = (SELECT genre.smote(f, label, 9, 1) FROM few) AS k_max_same_as_k_class,
       (SELECT cardinality(genre.smote(f, label, 2147483647, 1)) FROM few) AS rows_made;

-- kmeans kept a k x k matrix (8 k^2 bytes: k = 100 000 allowed, 80 GB); past
-- k = 2048 centre distances are summed as needed.  k = number of distinct
-- rows puts every row in its own cluster: inertia 0, every size 1.
SELECT m->>'inertia' AS inertia, m->>'k' AS k,
       (SELECT count(*) FROM jsonb_array_elements(m->'cluster_sizes') s WHERE s::int = 1) AS singletons
  FROM (SELECT genre.model_info(genre.kmeans(ARRAY[i]::real[], 2100, '{"n_init": 1}')) AS m
          FROM generate_series(1, 2100) i) q;

RESET statement_timeout;
RESET ROLE;
DROP OWNED BY genre_limits_user;
DROP ROLE genre_limits_user;

-- genre.max_memory (issue 13, finding 3): samples() holds the decoded window
-- and its real[] copy; the FLAC bomb (2^27 samples) is refused from its
-- header before the decode, at 22 050 Hz and at the native rate, and the
-- backend's peak (VmHWM, fresh backend, JIT off) does not grow by a decode
\c
SET jit = off;
CREATE TEMP TABLE bomb AS
SELECT data AS audio FROM files WHERE path = 'audio/limits/silence_2p27_22k.flac';
SELECT cardinality(genre.samples(loaded22k, 0, 1)) AS libraries_loaded FROM clips WHERE name = 'sine440_22k_mono';
SELECT vmhwm_mb() AS before_mb \gset
SELECT sqlstate_of('SELECT cardinality(genre.samples(audio)) FROM bomb') AS samples,
       sqlstate_of('SELECT cardinality(genre.samples(audio, 0, NULL, 0)) FROM bomb') AS native,
       sqlstate_of('SELECT cardinality(genre.samples(audio, 0, NULL, 44100)) FROM bomb') AS upsampled;
\set VERBOSITY default
SELECT cardinality(genre.samples(audio)) FROM bomb;
\set VERBOSITY terse
SET genre.max_memory = '8MB';
SELECT sqlstate_of('SELECT cardinality(genre.samples(audio, 600, 60)) FROM bomb') AS minute_in_8mb;
RESET genre.max_memory;
SELECT vmhwm_mb() - :before_mb < 32 AS peak_grew_under_32mb;
SELECT cardinality(genre.samples(audio, 600, 60)) AS samples_of_a_minute,
       genre.audio_check(audio, false) IS NULL AS header_reads
  FROM bomb;
