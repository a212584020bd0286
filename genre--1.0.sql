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

-- (end of section)

-------------------------------------------------------------------------------
-- Harmonic and rhythm features: chroma, tonnetz, tempo, beats, frames()
-------------------------------------------------------------------------------

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
