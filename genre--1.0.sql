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

-- Rows belong to their owner: everyone reads every row, only the owner
-- writes (row-level security), names are unique per owner so nobody can
-- squat another role's name.  PUBLIC gets no table privilege that allows a
-- lock blocking readers: in PostgreSQL UPDATE, DELETE or TRUNCATE on the
-- table allow LOCK TABLE in every mode, INSERT only up to ROW EXCLUSIVE
-- (which conflicts with no reader).  So UPDATE is granted per column, which
-- carries no lock right, and DELETE goes through genre.drop_model.
CREATE TABLE genre.models (
    owner      name NOT NULL DEFAULT CURRENT_USER,
    name       text NOT NULL,
    model      genre.model NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    metrics    jsonb,
    PRIMARY KEY (owner, name)
);
COMMENT ON TABLE genre.models IS
    'named trained models, one namespace per owner: everyone reads, only the owner writes; kept by pg_dump';
COMMENT ON COLUMN genre.models.owner IS 'the role that stored the model (current_user); only it may change or drop the row';
COMMENT ON COLUMN genre.models.name IS 'unique per owner; predict(name, ...) and find_model(name) look it up among the caller''s own first, then as owner.name';
COMMENT ON COLUMN genre.models.model IS 'the trained model';
COMMENT ON COLUMN genre.models.created_at IS 'when the row was stored';
COMMENT ON COLUMN genre.models.metrics IS 'free-form metrics of the model (accuracy, folds, ...)';
SELECT pg_catalog.pg_extension_config_dump('genre.models', '');
ALTER TABLE genre.models ENABLE ROW LEVEL SECURITY;
CREATE POLICY models_read ON genre.models FOR SELECT USING (true);
CREATE POLICY models_insert_own ON genre.models FOR INSERT
    WITH CHECK (owner OPERATOR(pg_catalog.=) CURRENT_USER);
CREATE POLICY models_update_own ON genre.models FOR UPDATE
    USING (owner OPERATOR(pg_catalog.=) CURRENT_USER)
    WITH CHECK (owner OPERATOR(pg_catalog.=) CURRENT_USER);
COMMENT ON POLICY models_read ON genre.models IS 'every role reads every model';
COMMENT ON POLICY models_insert_own ON genre.models IS 'a role stores models under its own name only';
COMMENT ON POLICY models_update_own ON genre.models IS 'a role changes only its own models';
GRANT SELECT, INSERT ON genre.models TO PUBLIC;
GRANT UPDATE (name, model, created_at, metrics) ON genre.models TO PUBLIC;

CREATE FUNCTION genre.find_model(name text) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_find_model' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.find_model(text) IS
    'the model a name means in genre.models: the caller''s own model of that name, else owner.name (split at the first dot); 42704 when none';

CREATE FUNCTION genre.drop_model(name text) RETURNS void
    AS 'MODULE_PATHNAME', 'genre_drop_model' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION genre.drop_model(text) IS
    'delete the caller''s own model of this name from genre.models (PUBLIC has no DELETE: it would allow LOCK TABLE)';

-------------------------------------------------------------------------------
-- Audio: decoding and information
-------------------------------------------------------------------------------

CREATE FUNCTION genre.audio_info(audio bytea,
    OUT format text, OUT sample_rate int, OUT channels int, OUT frames bigint, OUT duration_s float8)
    AS 'MODULE_PATHNAME', 'genre_audio_info'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION genre.audio_info(bytea) IS
    'container header of audio bytes (wav, aiff, au, flac, mp3, ogg vorbis, ogg opus): format, native sample rate, channels, frames per channel, duration in seconds';

CREATE FUNCTION genre.samples(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
    sample_rate int DEFAULT 22050) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_samples'
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
    AS 'MODULE_PATHNAME', 'genre_mfcc' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.mfcc(bytea, float8, float8) IS
    'means over frames of 20 MFCCs (librosa 0.10: 128 Slaney mel bands, power dB with top_db 80, DCT-II ortho) of the window [offset_s, offset_s + duration_s)';

CREATE FUNCTION genre.rms(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_rms' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.rms(bytea, float8, float8) IS
    'mean over frames of the root mean square of 2048-sample frames, hop 512, centred with zero padding (librosa 0.10 feature.rms)';

CREATE FUNCTION genre.zero_crossing_rate(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_zero_crossing_rate' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.zero_crossing_rate(bytea, float8, float8) IS
    'mean over frames of the zero-crossing rate of 2048-sample edge-padded frames, hop 512 (librosa 0.10)';

CREATE FUNCTION genre.spectral_centroid(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_spectral_centroid' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectral_centroid(bytea, float8, float8) IS
    'mean over frames of the spectral centroid in Hz of the magnitude STFT (2048, hop 512, Hann, zero padded; librosa 0.10)';

CREATE FUNCTION genre.spectral_bandwidth(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_spectral_bandwidth' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectral_bandwidth(bytea, float8, float8) IS
    'mean over frames of the spectral bandwidth (p = 2) in Hz of the magnitude STFT (librosa 0.10)';

CREATE FUNCTION genre.spectral_rolloff(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_spectral_rolloff' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectral_rolloff(bytea, float8, float8) IS
    'mean over frames of the 85 % roll-off frequency in Hz of the magnitude STFT (librosa 0.10)';

CREATE FUNCTION genre.features(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
                               layout text DEFAULT 'genre')
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_features' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.features(bytea, float8, float8, text) IS
    'feature vector of the audio window in a layout (genre.feature_names(layout) names its slots); one decode and one STFT per call';

CREATE FUNCTION genre.feature_names(layout text DEFAULT 'genre')
    RETURNS text[]
    AS 'MODULE_PATHNAME', 'genre_feature_names' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
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
    AS 'MODULE_PATHNAME', 'genre_chroma' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.chroma(bytea, float8, float8) IS
    'means over frames of the 12 chroma_stft bins C, C#, ..., B (librosa 0.10: power STFT, estimated tuning, max-normalised frames)';

CREATE FUNCTION genre.tonnetz(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_tonnetz' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 2000000;
COMMENT ON FUNCTION genre.tonnetz(bytea, float8, float8) IS
    'means over frames of the 6 tonal centroid dimensions (fifths, minor thirds, major thirds; sin and cos) of the CQT chroma of the window (librosa 0.10 tonnetz(y))';

CREATE FUNCTION genre.tempo(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_tempo' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.tempo(bytea, float8, float8) IS
    'tempo in BPM as librosa 0.10 beat_track reports it (median onset envelope, 8 s autocorrelation tempogram, log-normal prior at 120 BPM; quantised to 60*22050/(512*lag); 0 without onsets)';

CREATE FUNCTION genre.beats(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL)
    RETURNS float8[]
    AS 'MODULE_PATHNAME', 'genre_beats' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.beats(bytea, float8, float8) IS
    'beat times in seconds from the start of the window (librosa 0.10.2 beat_track: dynamic programming, tightness 100, trimmed); empty without onsets';

CREATE FUNCTION genre.frames(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
    OUT frame int, OUT time_s float8, OUT rms real, OUT zcr real, OUT centroid float8,
    OUT bandwidth float8, OUT rolloff float8, OUT mfcc real[], OUT chroma real[], OUT onset float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'genre_frames' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1500000 ROWS 1300;
COMMENT ON FUNCTION genre.frames(bytea, float8, float8) IS
    'one row per analysis frame (2048 samples, hop 512, centred) of the window: time, rms, zero-crossing rate, spectral centroid, bandwidth, roll-off (Hz), 20 MFCCs, 12 chroma and the mean onset strength, for plots';

-- (end of section)

-------------------------------------------------------------------------------
-- Exploration: scaler, PCA, k-means, cluster quality, feature selection
-------------------------------------------------------------------------------

-- Standardisation (StandardScaler): running float64 moments, Chan's combine
CREATE FUNCTION genre.scaler_fit_trans(bytea, real[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_scaler_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.moments_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_moments_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.scaler_fit_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_scaler_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE genre.scaler_fit(real[]) (
    SFUNC = genre.scaler_fit_trans, STYPE = bytea,
    COMBINEFUNC = genre.moments_combine, FINALFUNC = genre.scaler_fit_final,
    PARALLEL = SAFE);
COMMENT ON FUNCTION genre.scaler_fit_trans(bytea, real[]) IS 'scaler_fit transition: one Welford update per row';
COMMENT ON FUNCTION genre.moments_combine(bytea, bytea) IS 'scaler_fit/pca_fit combine: Chan''s pairwise merge of moments';
COMMENT ON FUNCTION genre.scaler_fit_final(bytea) IS 'scaler_fit final: the scaler model';
COMMENT ON AGGREGATE genre.scaler_fit(real[]) IS
    'fit a standard scaler (per-slot mean and population standard deviation, as scikit-learn''s StandardScaler; constant slots get scale 1)';

CREATE FUNCTION genre.scale(genre.model, real[]) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_scale' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.scale(genre.model, real[]) IS
    'standardise a vector with a scaler model: (x - mean) / scale';

-- PCA: float64 covariance accumulation, LAPACK dsyevr in the final function
CREATE FUNCTION genre.pca_fit_trans(bytea, real[], int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_pca_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.pca_fit_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_pca_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
CREATE AGGREGATE genre.pca_fit(real[], n_components int) (
    SFUNC = genre.pca_fit_trans, STYPE = bytea,
    COMBINEFUNC = genre.moments_combine, FINALFUNC = genre.pca_fit_final,
    PARALLEL = SAFE);
COMMENT ON FUNCTION genre.pca_fit_trans(bytea, real[], int) IS 'pca_fit transition: one Welford covariance update per row';
COMMENT ON FUNCTION genre.pca_fit_final(bytea) IS 'pca_fit final: eigen-decomposition of the covariance (dsyevr)';
COMMENT ON AGGREGATE genre.pca_fit(real[], int) IS
    'fit a PCA with n_components components (centred, not whitened, as scikit-learn''s PCA; each component''s largest entry is positive); explained variance in model_info';

CREATE FUNCTION genre.pca_transform(genre.model, real[]) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_pca_transform' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.pca_transform(genre.model, real[]) IS
    'project a vector on the components of a PCA model: (x - mean) . component';

-- k-means: rows buffered in a bytea state, clustered in the final function
CREATE FUNCTION genre.kmeans_trans(bytea, real[], int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_kmeans_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.kmeans_trans(bytea, real[], int, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_kmeans_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.kmeans_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_kmeans_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.kmeans_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_kmeans_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100000;
CREATE AGGREGATE genre.kmeans(real[], k int) (
    SFUNC = genre.kmeans_trans, STYPE = bytea,
    COMBINEFUNC = genre.kmeans_combine, FINALFUNC = genre.kmeans_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.kmeans(real[], k int, options jsonb) (
    SFUNC = genre.kmeans_trans, STYPE = bytea,
    COMBINEFUNC = genre.kmeans_combine, FINALFUNC = genre.kmeans_final,
    PARALLEL = SAFE);
COMMENT ON FUNCTION genre.kmeans_trans(bytea, real[], int) IS 'kmeans transition: buffer one row';
COMMENT ON FUNCTION genre.kmeans_trans(bytea, real[], int, jsonb) IS 'kmeans transition with options: buffer one row';
COMMENT ON FUNCTION genre.kmeans_combine(bytea, bytea) IS 'kmeans combine: concatenate buffered rows';
COMMENT ON FUNCTION genre.kmeans_final(bytea) IS 'kmeans final: k-means++ and Lloyd iterations, best of n_init';
COMMENT ON AGGREGATE genre.kmeans(real[], int) IS
    'k-means clustering with scikit-learn''s defaults (k-means++, Lloyd, n_init 10, max_iter 300, tol 1e-4, seed 0); deterministic whatever the row order';
COMMENT ON AGGREGATE genre.kmeans(real[], int, jsonb) IS
    'k-means clustering; options {"n_init", "max_iter", "tol" (relative to the mean column variance), "seed"}, read from the first row';

CREATE FUNCTION genre.kmeans_assign(genre.model, real[]) RETURNS int
    AS 'MODULE_PATHNAME', 'genre_kmeans_assign' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.kmeans_assign(genre.model, real[]) IS
    'index (0-based, as scikit-learn''s labels) of the nearest k-means centre';
CREATE FUNCTION genre.kmeans_distances(genre.model, real[]) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_kmeans_distances' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.kmeans_distances(genre.model, real[]) IS
    'Euclidean distance from a vector to every k-means centre (scikit-learn''s KMeans.transform)';

-- Cluster quality: exact mean silhouette
CREATE FUNCTION genre.silhouette_trans(bytea, real[], int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_silhouette_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.silhouette_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_silhouette_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.silhouette_final(bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_silhouette_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100000;
CREATE AGGREGATE genre.silhouette(real[], cluster int) (
    SFUNC = genre.silhouette_trans, STYPE = bytea,
    COMBINEFUNC = genre.silhouette_combine, FINALFUNC = genre.silhouette_final,
    PARALLEL = SAFE);
COMMENT ON FUNCTION genre.silhouette_trans(bytea, real[], int) IS 'silhouette transition: buffer one row and its cluster';
COMMENT ON FUNCTION genre.silhouette_combine(bytea, bytea) IS 'silhouette combine: concatenate buffered rows';
COMMENT ON FUNCTION genre.silhouette_final(bytea) IS 'silhouette final: exact O(n^2) mean silhouette';
COMMENT ON AGGREGATE genre.silhouette(real[], int) IS
    'mean silhouette coefficient (Euclidean, exact, as scikit-learn''s silhouette_score); needs 2 .. n-1 clusters';

-- Feature selection: Kruskal-Wallis H and one-way ANOVA F
CREATE TYPE genre.test_result AS (statistic float8, p_value float8);
COMMENT ON TYPE genre.test_result IS 'a test statistic and its p-value';

CREATE FUNCTION genre.grouped_values_trans(bytea, float8, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_grouped_values_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.grouped_values_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_grouped_values_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.kruskal_wallis_final(bytea) RETURNS genre.test_result
    AS 'MODULE_PATHNAME', 'genre_kruskal_wallis_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
CREATE FUNCTION genre.anova_f_final(bytea) RETURNS genre.test_result
    AS 'MODULE_PATHNAME', 'genre_anova_f_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
CREATE AGGREGATE genre.kruskal_wallis(value float8, label text) (
    SFUNC = genre.grouped_values_trans, STYPE = bytea,
    COMBINEFUNC = genre.grouped_values_combine, FINALFUNC = genre.kruskal_wallis_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.anova_f(value float8, label text) (
    SFUNC = genre.grouped_values_trans, STYPE = bytea,
    COMBINEFUNC = genre.grouped_values_combine, FINALFUNC = genre.anova_f_final,
    PARALLEL = SAFE);
COMMENT ON FUNCTION genre.grouped_values_trans(bytea, float8, text) IS 'kruskal_wallis/anova_f transition: buffer one value and its label';
COMMENT ON FUNCTION genre.grouped_values_combine(bytea, bytea) IS 'kruskal_wallis/anova_f combine: concatenate buffered rows';
COMMENT ON FUNCTION genre.kruskal_wallis_final(bytea) IS 'kruskal_wallis final: H with tie correction and its chi-square p-value';
COMMENT ON FUNCTION genre.anova_f_final(bytea) IS 'anova_f final: one-way ANOVA F and its F-distribution p-value';
COMMENT ON AGGREGATE genre.kruskal_wallis(float8, text) IS
    'Kruskal-Wallis H test of a value across label groups (as scipy.stats.kruskal, tie-corrected)';
COMMENT ON AGGREGATE genre.anova_f(float8, text) IS
    'one-way ANOVA F test of a value across label groups (as scipy.stats.f_oneway)';

CREATE FUNCTION genre.polynomial(real[], degree int) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_polynomial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.polynomial(real[], int) IS
    'polynomial features of degree 1..3 with bias, in scikit-learn''s PolynomialFeatures order';

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
    AS 'MODULE_PATHNAME', 'genre_predict' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 200;
COMMENT ON FUNCTION genre.predict(genre.model, real[]) IS
    'most probable class of a feature vector under a forest model (mean of the trees'' leaf probabilities)';

CREATE FUNCTION genre.predict_proba(model genre.model, features real[]) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_predict_proba' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 250;
COMMENT ON FUNCTION genre.predict_proba(genre.model, real[]) IS
    'class probabilities of a feature vector under a forest model, as {"class": probability}';

CREATE FUNCTION genre.predict(model_name text, features real[]) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_predict_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE
    COST 200;
COMMENT ON FUNCTION genre.predict(text, real[]) IS
    'predict with the classifier this name means in genre.models (see find_model), read once per query';

CREATE FUNCTION genre.feature_importance(model genre.model, names text[] DEFAULT NULL,
                                         OUT feature text, OUT importance float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'genre_feature_importance' LANGUAGE C IMMUTABLE PARALLEL SAFE
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
