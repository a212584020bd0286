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

-- train_forest: rows are buffered in a bytea state (parallel and Citus friendly)
CREATE FUNCTION genre.train_forest_trans(bytea, real[], text, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_train_forest_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.train_forest_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_train_forest_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.train_forest_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_train_forest_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 100000;
CREATE FUNCTION genre.train_forest_trans(bytea, real[], text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_train_forest_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION genre.train_forest_trans(bytea, real[], text, jsonb) IS
    'train_forest transition: validates and buffers one (features, label) row';
COMMENT ON FUNCTION genre.train_forest_trans(bytea, real[], text) IS
    'train_forest transition with default options';
COMMENT ON FUNCTION genre.train_forest_combine(bytea, bytea) IS
    'train_forest combine: concatenates two partial row buffers';
COMMENT ON FUNCTION genre.train_forest_final(bytea) IS
    'train_forest final: sorts the rows canonically and grows the forest';

CREATE AGGREGATE genre.train_forest(features real[], label text, options jsonb) (
    SFUNC = genre.train_forest_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.train_forest_combine,
    FINALFUNC = genre.train_forest_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE genre.train_forest(features real[], label text) (
    SFUNC = genre.train_forest_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.train_forest_combine,
    FINALFUNC = genre.train_forest_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.train_forest(real[], text, jsonb) IS
    'random forest classifier (Gini CART trees) -> genre.model; options: trees (100), max_depth (null), min_samples_leaf (1), max_features (''sqrt''), class_weight (''none''|''balanced''), bootstrap (true), seed (0); same rows and seed give a byte-identical model';
COMMENT ON AGGREGATE genre.train_forest(real[], text) IS
    'random forest classifier with default options: see train_forest(real[], text, jsonb)';

CREATE FUNCTION genre.predict(model genre.model, features real[]) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_forest_predict_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 200;
COMMENT ON FUNCTION genre.predict(genre.model, real[]) IS
    'most probable class of a feature vector under a forest model (mean of the trees'' leaf probabilities)';

CREATE FUNCTION genre.predict_proba(model genre.model, features real[]) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_forest_predict_proba_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 250;
COMMENT ON FUNCTION genre.predict_proba(genre.model, real[]) IS
    'class probabilities of a feature vector under a forest model, as {"class": probability}';

CREATE FUNCTION genre.predict(model_name text, features real[]) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_forest_predict_named' LANGUAGE C STABLE STRICT PARALLEL SAFE
    COST 200;
COMMENT ON FUNCTION genre.predict(text, real[]) IS
    'predict with the forest stored under this name in genre.models (read once per query)';

CREATE FUNCTION genre.feature_importance(model genre.model, names text[] DEFAULT NULL,
                                         OUT feature text, OUT importance float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'genre_forest_importance_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE
    ROWS 60;
COMMENT ON FUNCTION genre.feature_importance(genre.model, text[]) IS
    'impurity-based feature importances of a forest (sum 1), one row per feature named by names or f1, f2, ...';

-- SMOTE: synthetic minority rows, INSERT-able with
--   INSERT INTO t(label, f) SELECT label, features FROM unnest((SELECT genre.smote(f, label) FROM t));
CREATE TYPE genre.smote_row AS (label text, features real[]);
COMMENT ON TYPE genre.smote_row IS 'one synthetic row made by genre.smote';

CREATE FUNCTION genre.smote_trans(bytea, real[], text, int, int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_smote_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.smote_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_smote_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.smote_final(bytea) RETURNS genre.smote_row[]
    AS 'MODULE_PATHNAME', 'genre_smote_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 100000;
COMMENT ON FUNCTION genre.smote_trans(bytea, real[], text, int, int) IS
    'smote transition: validates and buffers one (features, label) row';
COMMENT ON FUNCTION genre.smote_combine(bytea, bytea) IS
    'smote combine: concatenates two partial row buffers';
COMMENT ON FUNCTION genre.smote_final(bytea) IS
    'smote final: makes the synthetic rows';

CREATE AGGREGATE genre.smote(features real[], label text, k int, seed int) (
    SFUNC = genre.smote_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.smote_combine,
    FINALFUNC = genre.smote_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.smote(real[], text, int, int) IS
    'SMOTE oversampling: synthetic rows (label, features) between rows of a class and their k nearest neighbours, bringing every class up to the majority count; deterministic for a seed';

CREATE FUNCTION genre.smote_trans(bytea, real[], text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_smote_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION genre.smote_trans(bytea, real[], text) IS
    'smote transition with k = 5 and seed 0';
CREATE AGGREGATE genre.smote(features real[], label text) (
    SFUNC = genre.smote_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.smote_combine,
    FINALFUNC = genre.smote_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.smote(real[], text) IS
    'SMOTE oversampling with k = 5 and seed 0: see smote(real[], text, int, int)';

CREATE FUNCTION genre.fold(key anyelement, k int, seed int DEFAULT 0) RETURNS int
    AS 'MODULE_PATHNAME', 'genre_fold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.fold(anyelement, int, int) IS
    'stable fold number in [0, k) for k-fold cross-validation, from a hash of the key (string bytes or binary send form) and the seed';

-- (end of section)

-------------------------------------------------------------------------------
-- Evaluation: confusion matrix, classification report, folds
-------------------------------------------------------------------------------

-- (end of section)
