-- Bad arguments and bad audio for the spectral feature functions.
CREATE TEMP TABLE one_clip AS SELECT loaded22k AS a FROM clips WHERE name = 'sine440_22k_mono';

-- offsets and durations (22023)
SELECT sqlstate_of($$ SELECT genre.features((SELECT a FROM one_clip), -1) $$) AS negative_offset;
SELECT sqlstate_of($$ SELECT genre.features((SELECT a FROM one_clip), 'NaN') $$) AS nan_offset;
SELECT sqlstate_of($$ SELECT genre.features((SELECT a FROM one_clip), 'Infinity') $$) AS infinite_offset;
SELECT sqlstate_of($$ SELECT genre.mfcc((SELECT a FROM one_clip), 0, -2) $$) AS negative_duration;
SELECT sqlstate_of($$ SELECT genre.rms((SELECT a FROM one_clip), 0, 'NaN') $$) AS nan_duration;
SELECT sqlstate_of($$ SELECT genre.zero_crossing_rate((SELECT a FROM one_clip), 0, '-Infinity') $$) AS infinite_duration;
SELECT sqlstate_of($$ SELECT genre.spectral_centroid((SELECT a FROM one_clip), 0, 0) $$) AS zero_duration;
SELECT sqlstate_of($$ SELECT genre.spectral_rolloff((SELECT a FROM one_clip), 3600) $$) AS offset_past_end;

-- layouts (22023, listing the valid ones)
SELECT sqlstate_of($$ SELECT genre.features((SELECT a FROM one_clip), 0, NULL, 'nope') $$) AS unknown_layout;
SELECT sqlstate_of($$ SELECT genre.feature_names('GENRE') $$) AS layout_is_case_sensitive;
SELECT sqlstate_of($$ SELECT genre.feature_names('') $$) AS empty_layout;

-- bytes that are not audio (22P03)
SELECT sqlstate_of($$ SELECT genre.features('\x00'::bytea) $$) AS one_byte;
SELECT sqlstate_of($$ SELECT genre.features(''::bytea) $$) AS empty_bytea;
SELECT sqlstate_of($$ SELECT genre.spectral_bandwidth(convert_to(repeat('not audio ', 100), 'UTF8')) $$) AS text_bytes;
SELECT sqlstate_of($$ SELECT genre.mfcc(substr((SELECT a FROM one_clip), 1, 60)) $$) AS truncated_wav;
