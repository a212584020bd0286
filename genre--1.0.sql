-- genre 1.0: install script.  One section per area; every object has a COMMENT.

\echo Use "CREATE EXTENSION genre" to load this file. \quit

GRANT USAGE ON SCHEMA genre TO PUBLIC;

-------------------------------------------------------------------------------
-- The model type: every trained object (forest, k-means, PCA, scaler)
-------------------------------------------------------------------------------

CREATE TYPE genre.model;

CREATE FUNCTION genre.model_in(cstring) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_model_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION genre.model_out(genre.model) RETURNS cstring
    AS 'MODULE_PATHNAME', 'genre_model_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION genre.model_recv(internal) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_model_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION genre.model_send(genre.model) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_model_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE genre.model (
    INPUT = genre.model_in,
    OUTPUT = genre.model_out,
    RECEIVE = genre.model_recv,
    SEND = genre.model_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended
);

COMMENT ON TYPE genre.model IS
    'a trained genre object (forest, kmeans, pca or scaler); text form is base64 of the checked binary form';
COMMENT ON FUNCTION genre.model_in(cstring) IS 'genre.model input: base64 text, validated';
COMMENT ON FUNCTION genre.model_out(genre.model) IS 'genre.model output: base64 text';
COMMENT ON FUNCTION genre.model_recv(internal) IS 'genre.model binary input, validated';
COMMENT ON FUNCTION genre.model_send(genre.model) IS 'genre.model binary output';

CREATE FUNCTION genre.model_info(genre.model) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_model_info' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.model_info(genre.model) IS
    'human view of a model as jsonb: kind and the kind''s parameters and statistics';

CREATE TABLE genre.models (
    name       text PRIMARY KEY,
    model      genre.model NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    metrics    jsonb
);
COMMENT ON TABLE genre.models IS 'named trained models; kept by pg_dump';
SELECT pg_catalog.pg_extension_config_dump('genre.models', '');
GRANT SELECT, INSERT, UPDATE, DELETE ON genre.models TO PUBLIC;

-------------------------------------------------------------------------------
-- Audio: decoding and information
-------------------------------------------------------------------------------

CREATE FUNCTION genre.audio_info(audio bytea,
    OUT format text, OUT sample_rate int, OUT channels int, OUT frames bigint, OUT duration_s float8)
    AS 'MODULE_PATHNAME', 'genre_sql_audio_info'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5000;
COMMENT ON FUNCTION genre.audio_info(bytea) IS
    'container header of audio bytes (wav, aiff, au, flac, mp3, ogg vorbis, ogg opus): format, native sample rate, channels, frames per channel, duration in seconds';

CREATE FUNCTION genre.samples(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
    sample_rate int DEFAULT 22050) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_sql_samples'
    LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.samples(bytea, float8, float8, int) IS
    'the mono float32 signal librosa.load returns: window from offset_s for duration_s seconds (NULL: to the end), mean over channels, soxr HQ resampled to sample_rate (0: native rate)';

-- (end of section)

-------------------------------------------------------------------------------
-- Spectral features: mfcc, rms, zcr, centroid, bandwidth, rolloff, features()
-------------------------------------------------------------------------------

-- Every function below decodes the audio window (librosa.load: mono, 22050 Hz,
-- soxr HQ) and computes one STFT.  COST 1000000 (x cpu_operator_cost 0.0025 =
-- 2500 planner units per call): measured ~110 ms per 40 s clip (decode ~70 ms,
-- features ~40 ms, test/bench/features), i.e. thousands of times an ordinary
-- operator, so the planner treats a scan over them as expensive and considers
-- parallel workers.  Not STRICT: a NULL duration_s means "to the end"; NULL
-- audio or offset_s gives NULL.

CREATE FUNCTION genre.mfcc(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_mfcc_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.mfcc(bytea, float8, float8) IS
    'means over frames of 20 MFCCs (librosa 0.10: 128 Slaney mel bands, power dB with top_db 80, DCT-II ortho) of the window [offset_s, offset_s + duration_s)';

CREATE FUNCTION genre.rms(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_rms_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.rms(bytea, float8, float8) IS
    'mean over frames of the root mean square of 2048-sample frames, hop 512, centred with zero padding (librosa 0.10 feature.rms)';

CREATE FUNCTION genre.zero_crossing_rate(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_zcr_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.zero_crossing_rate(bytea, float8, float8) IS
    'mean over frames of the zero-crossing rate of 2048-sample edge-padded frames, hop 512 (librosa 0.10)';

CREATE FUNCTION genre.spectral_centroid(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_centroid_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectral_centroid(bytea, float8, float8) IS
    'mean over frames of the spectral centroid in Hz of the magnitude STFT (2048, hop 512, Hann, zero padded; librosa 0.10)';

CREATE FUNCTION genre.spectral_bandwidth(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_bandwidth_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectral_bandwidth(bytea, float8, float8) IS
    'mean over frames of the spectral bandwidth (p = 2) in Hz of the magnitude STFT (librosa 0.10)';

CREATE FUNCTION genre.spectral_rolloff(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_rolloff_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectral_rolloff(bytea, float8, float8) IS
    'mean over frames of the 85 % roll-off frequency in Hz of the magnitude STFT (librosa 0.10)';

CREATE FUNCTION genre.features(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
                               layout text DEFAULT 'genre')
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_features_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.features(bytea, float8, float8, text) IS
    'feature vector of the audio window in a layout (genre.feature_names(layout) names its slots); one decode and one STFT per call';

CREATE FUNCTION genre.feature_names(layout text DEFAULT 'genre')
    RETURNS text[]
    AS 'MODULE_PATHNAME', 'genre_feature_names_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.feature_names(text) IS
    'names of the slots of genre.features() in a layout, in order';

-- (end of section)

-------------------------------------------------------------------------------
-- Harmonic and rhythm features: chroma, tonnetz, tempo, beats, frames()
-------------------------------------------------------------------------------

-- Each call decodes the window (librosa.load: mono, 22050 Hz, soxr HQ) and
-- analyses it once.  Not STRICT: a NULL duration_s means "to the end"; NULL
-- audio or offset_s gives NULL.  COSTs are cpu_operator_cost multiples of the
-- measured time per 30 s clip relative to genre.mfcc's 1000000 (~110 ms):
-- chroma and tempo ~1x, tonnetz (multi-rate CQT) ~2x, frames ~1.5x.

CREATE FUNCTION genre.chroma(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_chroma_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.chroma(bytea, float8, float8) IS
    'means over frames of the 12 chroma_stft bins C, C#, ..., B (librosa 0.10: power STFT, estimated tuning, max-normalised frames)';

CREATE FUNCTION genre.tonnetz(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_tonnetz_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 2000000;
COMMENT ON FUNCTION genre.tonnetz(bytea, float8, float8) IS
    'means over frames of the 6 tonal centroid dimensions (fifths, minor thirds, major thirds; sin and cos) of the CQT chroma of the window (librosa 0.10 tonnetz(y))';

CREATE FUNCTION genre.tempo(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_tempo_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.tempo(bytea, float8, float8) IS
    'tempo in BPM as librosa 0.10 beat_track reports it (median onset envelope, 8 s autocorrelation tempogram, log-normal prior at 120 BPM; quantised to 60*22050/(512*lag); 0 without onsets)';

CREATE FUNCTION genre.beats(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8[]
    AS 'MODULE_PATHNAME', 'genre_beats_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.beats(bytea, float8, float8) IS
    'beat times in seconds from the start of the window (librosa 0.10.2 beat_track: dynamic programming, tightness 100, trimmed); empty without onsets';

CREATE FUNCTION genre.frames(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
    OUT frame int, OUT time_s float8, OUT rms real, OUT zcr real, OUT centroid float8,
    OUT bandwidth float8, OUT rolloff float8, OUT mfcc real[], OUT chroma real[], OUT onset float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'genre_frames_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1500000 ROWS 1300;
COMMENT ON FUNCTION genre.frames(bytea, float8, float8) IS
    'one row per analysis frame (2048 samples, hop 512, centred) of the window: time, rms, zero-crossing rate, spectral centroid, bandwidth, roll-off (Hz), 20 MFCCs, 12 chroma and the mean onset strength, for plots';

-- (end of section)

-------------------------------------------------------------------------------
-- Exploration: scaler, PCA, k-means, cluster quality, feature selection
-------------------------------------------------------------------------------

-- (end of section)

-------------------------------------------------------------------------------
-- Plots: SVG from SQL
-------------------------------------------------------------------------------

-- (end of section)

-------------------------------------------------------------------------------
-- Classification: random forest, prediction, SMOTE
-------------------------------------------------------------------------------

-- (end of section)

-------------------------------------------------------------------------------
-- Evaluation: confusion matrix, classification report, folds
-------------------------------------------------------------------------------

-- (end of section)
