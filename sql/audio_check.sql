-- genre.audio_check: NULL when genre reads the audio, else the reason, the
-- message samples(audio, 0, NULL, 0) (decode) or audio_info (header) raises.

-- every bundled clip reads, by its header and to its last frame
SELECT count(*) AS clips, count(genre.audio_check(audio)) AS unreadable,
       count(genre.audio_check(audio, false)) AS bad_header,
       count(genre.audio_check(loaded22k)) AS unreadable_loaded22k
  FROM clips;
-- a truncated MP3 and Ogg: the decoders read what is there, as samples() does
SELECT name, genre.audio_check(substring(audio from 1 for 30000)) AS cut_check,
       sqlstate_of(format('SELECT genre.samples(%L::bytea, 0, NULL, 0)', substring(audio from 1 for 30000))) AS cut_samples
  FROM clips WHERE name IN ('asc_frontiers@45+40', 'fof_muldjord_chaos_god@45+40') ORDER BY name;
SELECT genre.audio_check(NULL) IS NULL AS null_in_null_out,
       genre.audio_check('\x00', NULL) IS NULL AS null_decode_null_out;
-- a pure function of its bytes: usable in parallel plans, indexes, generated columns
SELECT p.oid::regprocedure AS function, provolatile, proparallel, proisstrict, procost
  FROM pg_proc p WHERE p.oid = 'genre.audio_check(bytea, boolean)'::regprocedure;

-- bad audio: the reason, beside the error samples() and audio_info() raise
CREATE TEMP TABLE bad (what text, audio bytea);
INSERT INTO bad VALUES
    ('empty', ''),
    ('random bytes', '\x8f3a00ff11e7c2d45b6a7e0091aa'),
    ('text', convert_to('hello, this is not audio', 'UTF8'));
INSERT INTO bad SELECT 'wav cut in its header', substring(audio from 1 for 20) FROM clips WHERE name = 'sine440_22k_mono';
INSERT INTO bad SELECT 'wav cut in its data', substring(audio from 1 for 1000) FROM clips WHERE name = 'sine440_22k_mono';
INSERT INTO bad SELECT 'flac cut to 100 bytes', substring(audio from 1 for 100) FROM clips WHERE name = 'stereo_44k_16bit_flac';
INSERT INTO bad SELECT 'ogg cut to 100 bytes', substring(audio from 1 for 100) FROM clips WHERE name = 'stereo_44k_ogg';
INSERT INTO bad SELECT 'wav of 1000 channels', overlay(audio placing '\xe803'::bytea from 23 for 2)
  FROM clips WHERE name = 'short_0.05s_22k_mono';
-- a float WAV (librosa's signal) with a NaN, then with 1e10, at frame 99
-- (0.00449 s at 22050 Hz): the header is fine; the samples start 8 bytes
-- after the "data" tag
INSERT INTO bad SELECT 'float wav with a NaN',
       overlay(loaded22k placing '\x0000c07f'::bytea from position('data'::bytea in loaded22k) + 8 + 4 * 99 for 4)
  FROM clips WHERE name = 'sine440_22k_mono';
INSERT INTO bad SELECT 'float wav with 1e10',
       overlay(loaded22k placing '\xf9021550'::bytea from position('data'::bytea in loaded22k) + 8 + 4 * 99 for 4)
  FROM clips WHERE name = 'sine440_22k_mono';
SELECT what, genre.audio_check(audio) AS check_decode,
       sqlstate_of(format('SELECT genre.samples(%L::bytea, 0, NULL, 0)', audio)) AS samples_raises
  FROM bad ORDER BY what;
SELECT what, genre.audio_check(audio, false) AS check_header,
       sqlstate_of(format('SELECT genre.audio_info(%L::bytea)', audio)) AS audio_info_raises
  FROM bad ORDER BY what;
-- the reason is the raised message, for every bad input
SELECT bool_and(genre.audio_check(audio) LIKE
                substring(sqlstate_of(format('SELECT genre.samples(%L::bytea, 0, NULL, 0)', audio)) from 8) || '%')
       AS same_message
  FROM bad;

-- only the audio's own faults are answered: a cancel still raises 57014
SET statement_timeout = '20ms';
SELECT count(genre.audio_check(loaded22k)) FROM clips, generate_series(1, 100);
RESET statement_timeout;
