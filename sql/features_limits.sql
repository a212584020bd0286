-- What one feature call may cost: genre.max_memory bounds the memory of a
-- call (decoded audio included) and refuses with 54000, naming the setting,
-- before anything is decoded; the backend's peak resident memory (VmHWM)
-- shows it did not grow past the budget, and stays flat over 1000 calls.
-- JIT is off: compiling the first expensive query maps ~70 MB of LLVM into
-- the backend, which would hide what genre does.
SET jit = off;
CREATE TEMP TABLE bomb AS
SELECT data AS audio FROM files WHERE path = 'audio/limits/silence_2p27_22k.flac';
CREATE TEMP TABLE ten_min AS
SELECT data AS audio FROM files WHERE path = 'audio/limits/silence_10min_22k.flac';

-- the default budget (the setting exists once the library is loaded), and
-- the bomb: a 424 kB FLAC of 101 minutes of silence, 2^27 samples at the
-- decoder's limit
SELECT cardinality(genre.feature_names()) AS slots;
SHOW genre.max_memory;
SELECT length(audio) AS bytes, (genre.audio_info(audio)).frames,
       round((genre.audio_info(audio)).duration_s::numeric / 60, 1) AS minutes
  FROM bomb;
SELECT vmhwm_mb() AS before_mb \gset
SELECT sqlstate_of($$ SELECT genre.features(audio) FROM bomb $$) AS genre_layout;
SELECT sqlstate_of($$ SELECT genre.features(audio, 0, NULL, 'gtzan') FROM bomb $$) AS gtzan_layout;
SELECT sqlstate_of($$ SELECT genre.tonnetz(audio) FROM bomb $$) AS tonnetz;
SELECT sqlstate_of($$ SELECT count(*) FROM genre.frames((SELECT audio FROM bomb)) $$) AS frames;
SELECT sqlstate_of($$ SELECT genre.beats(audio) FROM bomb $$) AS beats;
-- the error itself, with its hint
SELECT genre.features(audio) FROM bomb;
-- a WAV cannot compress: a 48-byte one whose header claims 4 GB of float
-- samples is refused by the header check against the bytes present
CREATE FUNCTION pg_temp.le32(x bigint) RETURNS bytea LANGUAGE sql AS $$
    SELECT decode(substr(h, 7, 2) || substr(h, 5, 2) || substr(h, 3, 2) || substr(h, 1, 2), 'hex')
      FROM lpad(to_hex(x), 8, '0') h $$;
CREATE TEMP TABLE wav_bomb AS
SELECT 'RIFF'::bytea || pg_temp.le32(4294967295) || 'WAVEfmt '::bytea
       || pg_temp.le32(16) || '\x03000100'::bytea || pg_temp.le32(22050)
       || pg_temp.le32(22050 * 4) || '\x04002000'::bytea || 'data'::bytea
       || pg_temp.le32(4294967280) || '\x00000000'::bytea AS audio;
SELECT length(audio) AS wav_bomb_bytes,
       sqlstate_of($$ SELECT genre.features(audio) FROM wav_bomb $$) AS wav_bomb
  FROM wav_bomb;
SELECT sqlstate_of($$ SELECT genre.features(audio, 0, NULL, 'gtzan') FROM wav_bomb $$) AS wav_bomb_gtzan;
-- refused from the headers: the backend's peak did not move by a decode
SELECT vmhwm_mb() - :before_mb < 32 AS peak_grew_under_32mb;
-- a window of the same file is fine
SELECT cardinality(genre.features(audio, 600, 40)) AS window_of_the_bomb FROM bomb;

-- within the budget a call succeeds and the backend's peak stays under it:
-- 10 minutes of silence need about 200 MB in the genre layout
SET genre.max_memory = '64MB';
SELECT sqlstate_of($$ SELECT genre.features(audio) FROM ten_min $$) AS ten_minutes_in_64mb;
SET genre.max_memory = '400MB';
SELECT vmhwm_mb() AS before_mb \gset
SELECT round(f[11]::numeric, 2) AS mfcc1_of_silence, f[87] AS tempo
  FROM (SELECT genre.features(audio) AS f FROM ten_min) s;
SELECT vmhwm_mb() - :before_mb < 400 AS peak_grew_under_400mb;

-- a cancel (here statement_timeout) stops a call soon, and the scratch it
-- held is reclaimed: calls cancelled in the middle of their features
-- (a 40 s WAV decodes in a few ms, the gtzan layout takes ~100 ms) leave
-- the resident size flat
CREATE FUNCTION pg_temp.vmrss_mb() RETURNS float8 LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'),
                         'VmRSS:\s+(\d+) kB'))[1]::float8 / 1024 $$;
-- (four minutes of float WAV, the 40 s clip six times: long enough that
-- every cancel below lands inside the features on any machine)
CREATE FUNCTION pg_temp.float_wav(pcm bytea) RETURNS bytea LANGUAGE sql AS $$
    SELECT 'RIFF'::bytea || pg_temp.le32(36 + length(pcm)) || 'WAVEfmt '::bytea
           || pg_temp.le32(16) || '\x03000100'::bytea || pg_temp.le32(22050)
           || pg_temp.le32(22050 * 4) || '\x04002000'::bytea || 'data'::bytea
           || pg_temp.le32(length(pcm)) || pcm $$;
CREATE TEMP TABLE song AS
SELECT pg_temp.float_wav(repeat_pcm) AS audio
  FROM (SELECT substring(loaded22k FROM position('data'::bytea IN loaded22k) + 8) AS pcm
          FROM clips WHERE name = 'fof_muldjord_chaos_god@45+40') c,
       LATERAL (SELECT pcm || pcm || pcm || pcm || pcm || pcm AS repeat_pcm) r;
SELECT round((genre.audio_info(audio)).duration_s) AS song_s FROM song;
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
SELECT pg_temp.vmrss_mb() AS rss_mb \gset
SET statement_timeout = '30ms';
SELECT clock_timestamp() AS t0 \gset
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
RESET statement_timeout;
SELECT clock_timestamp() - :'t0' < interval '1 s' AS cancel_landed_within_1s;
SET statement_timeout = '40ms';
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
SELECT cardinality(genre.features(audio, 0, NULL, 'gtzan')) FROM song;
SET statement_timeout = '25ms';
SELECT cardinality(genre.features(audio)) FROM song;
SELECT cardinality(genre.features(audio)) FROM song;
-- genre.frames raises the cancel itself while its analysis holds blocks
SELECT count(*) FROM genre.frames((SELECT audio FROM song));
SELECT count(*) FROM genre.frames((SELECT audio FROM song));
SET statement_timeout = '35ms';
SELECT count(*) FROM genre.frames((SELECT audio FROM song));
SELECT count(*) FROM genre.frames((SELECT audio FROM song));
SET statement_timeout = '45ms';
SELECT count(*) FROM genre.frames((SELECT audio FROM song));
SELECT count(*) FROM genre.frames((SELECT audio FROM song));
RESET statement_timeout;
SELECT pg_temp.vmrss_mb() - :rss_mb < 20 AS rss_flat_after_cancels;

-- flat over 1000 calls in one backend: after 1000 calls of a 5 s clip the
-- peak and the resident size are those after the first 100, within 1 MB
-- (scratch is reused and bounded; a leak of one 5 s signal per call would
-- be 430 kB a call, 380 MB over the 900)
CREATE TEMP TABLE sine AS SELECT loaded22k AS audio FROM clips WHERE name = 'sine440_22k_mono';
SELECT count(genre.features(audio)) FROM sine, generate_series(1, 100);
SELECT vmhwm_mb() AS after_100_mb, pg_temp.vmrss_mb() AS rss_100_mb \gset
SELECT count(genre.features(audio)) FROM sine, generate_series(1, 900);
SELECT vmhwm_mb() - :after_100_mb < 1 AS peak_flat_over_1000_calls,
       pg_temp.vmrss_mb() - :rss_100_mb < 1 AS rss_flat_over_1000_calls;

-- the budget is per call and any role sets its own, like work_mem: a
-- plain role lowering it is refused a 40 s window, and at the default the
-- bomb is still refused
CREATE ROLE genre_limits_plain;
GRANT SELECT ON bomb TO genre_limits_plain;
SET ROLE genre_limits_plain;
SET genre.max_memory = '8MB';
SELECT sqlstate_of($$ SELECT genre.features(audio, 600, 40) FROM bomb $$) AS plain_role_8mb;
RESET genre.max_memory;
SELECT cardinality(genre.features(audio, 600, 40)) AS plain_role_default FROM bomb;
SELECT left(sqlstate_of($$ SELECT genre.features(audio) FROM bomb $$), 5) AS plain_role_bomb;
RESET ROLE;
REVOKE SELECT ON bomb FROM genre_limits_plain;
DROP ROLE genre_limits_plain;
