-- Bad audio and bad arguments: a clean ERROR with its SQLSTATE, never a crash.
-- 22P03 undecodable data, 22023 bad argument, 54000 over a limit.

-- empty, random bytes, a text file
SELECT sqlstate_of($$SELECT genre.audio_info(''::bytea)$$) AS empty_info;
SELECT sqlstate_of($$SELECT genre.samples(''::bytea)$$) AS empty_samples;
SELECT sqlstate_of($$SELECT genre.samples('\x8f3a00ff11e7c2d45b6a7e0091aa'::bytea)$$) AS random_bytes;
SELECT sqlstate_of($$SELECT genre.samples(convert_to('hello, this is not audio', 'UTF8'))$$) AS text_bytes;

-- a WAV cut inside its header, and one cut inside its data
-- (44-byte header, 16-bit mono: (1000 - 44) / 2 = 478 frames of 110250 present)
SELECT sqlstate_of(format('SELECT genre.audio_info(%L::bytea)', substring(audio from 1 for 20))) AS header_cut,
       sqlstate_of(format('SELECT genre.samples(%L::bytea)', substring(audio from 1 for 1000))) AS data_cut
  FROM clips WHERE name = 'sine440_22k_mono';
-- the same for FLAC and Ogg Vorbis cut to their first 100 bytes
SELECT name, sqlstate_of(format('SELECT genre.samples(%L::bytea)', substring(audio from 1 for 100))) AS cut
  FROM clips WHERE name IN ('stereo_44k_16bit_flac', 'stereo_44k_ogg') ORDER BY name;

-- headers declaring zero channels, sample rate 0, 1000 channels, 10 MHz
-- (little-endian fields of the 0.05 s WAV: channels at byte 23, rate at byte 25)
SELECT sqlstate_of(format('SELECT genre.samples(%L::bytea)',
                          overlay(audio placing '\x0000'::bytea from 23 for 2))) AS zero_channels,
       sqlstate_of(format('SELECT genre.samples(%L::bytea)',
                          overlay(audio placing '\x00000000'::bytea from 25 for 4))) AS rate_zero
  FROM clips WHERE name = 'short_0.05s_22k_mono';
SELECT sqlstate_of(format('SELECT genre.audio_info(%L::bytea)',
                          overlay(audio placing '\xe803'::bytea from 23 for 2))) AS many_channels,
       sqlstate_of(format('SELECT genre.audio_info(%L::bytea)',
                          overlay(audio placing '\x80969800'::bytea from 25 for 4))) AS huge_rate
  FROM clips WHERE name = 'short_0.05s_22k_mono';

-- an Ogg stream of another codec (FLAC in Ogg), and a Vorbis stream with its setup header broken
SELECT sqlstate_of(format('SELECT genre.samples(%L::bytea)',
                          decode('4f6767530002' || repeat('00', 20) || '01137f464c4143', 'hex'))) AS ogg_flac;
SELECT sqlstate_of(format('SELECT genre.samples(%L::bytea)',
                          overlay(audio placing '\x0000000000000000000000000000000000000000'::bytea from 120 for 20))) AS vorbis_broken
  FROM clips WHERE name = 'stereo_44k_ogg';

-- window arguments, each named in its error
SELECT sqlstate_of($$SELECT genre.samples(audio, 5.0) FROM clips WHERE name = 'sine440_22k_mono'$$) AS offset_at_end,
       sqlstate_of($$SELECT genre.samples(audio, 1e300) FROM clips WHERE name = 'sine440_22k_mono'$$) AS offset_huge;
SELECT sqlstate_of($$SELECT genre.samples(audio, -1) FROM clips WHERE name = 'sine440_22k_mono'$$) AS offset_negative;
SELECT sqlstate_of($$SELECT genre.samples(audio, 'NaN') FROM clips WHERE name = 'sine440_22k_mono'$$) AS offset_nan;
SELECT sqlstate_of($$SELECT genre.samples(audio, 'Infinity') FROM clips WHERE name = 'sine440_22k_mono'$$) AS offset_inf;
SELECT sqlstate_of($$SELECT genre.samples(audio, 0, -2) FROM clips WHERE name = 'sine440_22k_mono'$$) AS duration_negative;
SELECT sqlstate_of($$SELECT genre.samples(audio, 0, 'NaN') FROM clips WHERE name = 'sine440_22k_mono'$$) AS duration_nan;
SELECT sqlstate_of($$SELECT genre.samples(audio, 0, '-Infinity') FROM clips WHERE name = 'sine440_22k_mono'$$) AS duration_inf;
SELECT sqlstate_of($$SELECT genre.samples(audio, 0, 0) FROM clips WHERE name = 'sine440_22k_mono'$$) AS duration_zero;
SELECT sqlstate_of($$SELECT genre.samples(audio, 0, NULL, -1) FROM clips WHERE name = 'sine440_22k_mono'$$) AS rate_negative;
SELECT sqlstate_of($$SELECT genre.samples(audio, 0, NULL, 1000000) FROM clips WHERE name = 'sine440_22k_mono'$$) AS rate_huge;

-- an offset past the end of a compressed stream
SELECT sqlstate_of($$SELECT genre.samples(audio, 1000) FROM clips WHERE name = 'stereo_44k_ogg'$$) AS ogg_offset,
       sqlstate_of($$SELECT genre.samples(audio, 1000) FROM clips WHERE name = 'stereo_44k_16bit_flac'$$) AS flac_offset;

-- the first error is reported with its detail
\set VERBOSITY default
SELECT genre.samples(substring(audio from 1 for 1000)) FROM clips WHERE name = 'sine440_22k_mono';
SELECT genre.samples(audio, 7.5) FROM clips WHERE name = 'sine440_22k_mono';
SELECT genre.samples('\x00'::bytea);
SELECT genre.audio_info(substring(audio from 1 for 20)) FROM clips WHERE name = 'sine440_22k_mono';
SELECT genre.audio_info(overlay(audio placing '\x80969800'::bytea from 25 for 4))
  FROM clips WHERE name = 'short_0.05s_22k_mono';
