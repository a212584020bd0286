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

-- The label-pair state shared by plot_confusion and the Evaluation section's
-- confusion_matrix, classification_report, adjusted_rand_index and
-- normalized_mutual_info: a bytea hash table of (a, b) counts updated in
-- place (src/ml/contingency.h).  Labels are text or integers (taken in
-- decimal); rows with a NULL label are skipped.
CREATE FUNCTION genre.contingency_trans(bytea, text, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_contingency_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.contingency_trans(bytea, int, int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_contingency_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.contingency_trans(bytea, int, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_contingency_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.contingency_trans(bytea, text, int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_contingency_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.contingency_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_contingency_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION genre.contingency_trans(bytea, text, text) IS
    'transition function of the label-pair aggregates: counts one (a, b) pair';
COMMENT ON FUNCTION genre.contingency_trans(bytea, int, int) IS
    'transition function of the label-pair aggregates: counts one (a, b) pair of integer labels';
COMMENT ON FUNCTION genre.contingency_trans(bytea, int, text) IS
    'transition function of the label-pair aggregates: counts one (integer a, text b) pair';
COMMENT ON FUNCTION genre.contingency_trans(bytea, text, int) IS
    'transition function of the label-pair aggregates: counts one (text a, integer b) pair';
COMMENT ON FUNCTION genre.contingency_combine(bytea, bytea) IS
    'combine function of the label-pair aggregates: adds the counts of two partial states';

CREATE FUNCTION genre.plot_confusion_final(bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_confusion_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 1000;
COMMENT ON FUNCTION genre.plot_confusion_final(bytea) IS 'final function of genre.plot_confusion';
CREATE AGGREGATE genre.plot_confusion(actual text, predicted text) (
    SFUNC = genre.contingency_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.plot_confusion_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.plot_confusion(text, text) IS
    'confusion matrix heat map as standalone SVG text: rows actual, columns predicted, counts in the cells, colour scale';

-- plot_scatter and plot_line buffer their points in a bytea state; rows with a
-- NULL x, y or label are skipped, NaN or infinite coordinates raise 22023.
CREATE FUNCTION genre.plot_scatter_trans(bytea, float8, float8, text, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_scatter_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_scatter_trans(bytea, float8, float8, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_scatter_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_scatter_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_scatter_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_scatter_final(bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_scatter_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 1000;
COMMENT ON FUNCTION genre.plot_scatter_trans(bytea, float8, float8, text, text) IS
    'transition function of genre.plot_scatter with a title';
COMMENT ON FUNCTION genre.plot_scatter_trans(bytea, float8, float8, text) IS
    'transition function of genre.plot_scatter';
COMMENT ON FUNCTION genre.plot_scatter_combine(bytea, bytea) IS 'combine function of genre.plot_scatter';
COMMENT ON FUNCTION genre.plot_scatter_final(bytea) IS 'final function of genre.plot_scatter';
CREATE AGGREGATE genre.plot_scatter(x float8, y float8, label text, title text) (
    SFUNC = genre.plot_scatter_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.plot_scatter_combine,
    FINALFUNC = genre.plot_scatter_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE genre.plot_scatter(x float8, y float8, label text) (
    SFUNC = genre.plot_scatter_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.plot_scatter_combine,
    FINALFUNC = genre.plot_scatter_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.plot_scatter(float8, float8, text, text) IS
    'scatter plot as standalone SVG text: one colour per label, legend, axes with 1-2-5 ticks, title (the same in every row)';
COMMENT ON AGGREGATE genre.plot_scatter(float8, float8, text) IS
    'scatter plot as standalone SVG text: one colour per label, legend, axes with 1-2-5 ticks';

CREATE FUNCTION genre.plot_line_trans(bytea, float8, float8, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_line_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_line_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_line_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_line_final(bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_line_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 1000;
COMMENT ON FUNCTION genre.plot_line_trans(bytea, float8, float8, text) IS 'transition function of genre.plot_line';
COMMENT ON FUNCTION genre.plot_line_combine(bytea, bytea) IS 'combine function of genre.plot_line';
COMMENT ON FUNCTION genre.plot_line_final(bytea) IS 'final function of genre.plot_line';
CREATE AGGREGATE genre.plot_line(x float8, y float8, series text) (
    SFUNC = genre.plot_line_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.plot_line_combine,
    FINALFUNC = genre.plot_line_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.plot_line(float8, float8, text) IS
    'line chart as standalone SVG text: one polyline per series joined in increasing x, markers, legend, axes';

-- (end of section)

-------------------------------------------------------------------------------
-- Classification: random forest, prediction, SMOTE
-------------------------------------------------------------------------------

-- (end of section)

-------------------------------------------------------------------------------
-- Evaluation: confusion matrix, classification report, folds
-------------------------------------------------------------------------------

-- Label-pair aggregates (state functions in the Plots section).  Labels sort
-- byte-wise (code point order for UTF-8), like scikit-learn's np.unique on str.
CREATE FUNCTION genre.confusion_matrix_final(bytea) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_confusion_matrix_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.confusion_matrix_final(bytea) IS 'final function of genre.confusion_matrix';
CREATE AGGREGATE genre.confusion_matrix(actual text, predicted text) (
    SFUNC = genre.contingency_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.confusion_matrix_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.confusion_matrix(text, text) IS
    'confusion matrix as jsonb {labels, matrix (rows actual, columns predicted), total, correct}; rows with a NULL label are skipped';

CREATE FUNCTION genre.classification_report_final(bytea) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_classification_report_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.classification_report_final(bytea) IS 'final function of genre.classification_report';
CREATE AGGREGATE genre.classification_report(actual text, predicted text) (
    SFUNC = genre.contingency_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.classification_report_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.classification_report(text, text) IS
    'scikit-learn classification_report(output_dict=True, zero_division=0) as jsonb: per-class precision, recall, f1-score, support; accuracy; macro avg; weighted avg';

CREATE FUNCTION genre.adjusted_rand_index_final(bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_adjusted_rand_index_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.adjusted_rand_index_final(bytea) IS 'final function of genre.adjusted_rand_index';
CREATE FUNCTION genre.normalized_mutual_info_final(bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_normalized_mutual_info_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.normalized_mutual_info_final(bytea) IS 'final function of genre.normalized_mutual_info';

CREATE AGGREGATE genre.adjusted_rand_index(a text, b text) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.adjusted_rand_index_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.adjusted_rand_index(text, text) IS
    'adjusted Rand index of two labelings of the same rows (scikit-learn adjusted_rand_score): 1 = same partition, about 0 = chance';
CREATE AGGREGATE genre.normalized_mutual_info(a text, b text) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.normalized_mutual_info_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.normalized_mutual_info(text, text) IS
    'normalized mutual information of two labelings (scikit-learn normalized_mutual_info_score, arithmetic mean): in [0, 1], 1 = same partition';

CREATE AGGREGATE genre.adjusted_rand_index(a int, b int) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.adjusted_rand_index_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.adjusted_rand_index(int, int) IS
    'adjusted Rand index of two labelings of the same rows (scikit-learn adjusted_rand_score): 1 = same partition, about 0 = chance';
CREATE AGGREGATE genre.normalized_mutual_info(a int, b int) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.normalized_mutual_info_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.normalized_mutual_info(int, int) IS
    'normalized mutual information of two labelings (scikit-learn normalized_mutual_info_score, arithmetic mean): in [0, 1], 1 = same partition';

CREATE AGGREGATE genre.adjusted_rand_index(a int, b text) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.adjusted_rand_index_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.adjusted_rand_index(int, text) IS
    'adjusted Rand index of two labelings of the same rows (scikit-learn adjusted_rand_score): 1 = same partition, about 0 = chance';
CREATE AGGREGATE genre.normalized_mutual_info(a int, b text) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.normalized_mutual_info_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.normalized_mutual_info(int, text) IS
    'normalized mutual information of two labelings (scikit-learn normalized_mutual_info_score, arithmetic mean): in [0, 1], 1 = same partition';

CREATE AGGREGATE genre.adjusted_rand_index(a text, b int) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.adjusted_rand_index_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.adjusted_rand_index(text, int) IS
    'adjusted Rand index of two labelings of the same rows (scikit-learn adjusted_rand_score): 1 = same partition, about 0 = chance';
CREATE AGGREGATE genre.normalized_mutual_info(a text, b int) (
    SFUNC = genre.contingency_trans, STYPE = bytea, COMBINEFUNC = genre.contingency_combine,
    FINALFUNC = genre.normalized_mutual_info_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.normalized_mutual_info(text, int) IS
    'normalized mutual information of two labelings (scikit-learn normalized_mutual_info_score, arithmetic mean): in [0, 1], 1 = same partition';

-- (end of section)
