/*
 * genre 1.0 -> 1.1.  Release 1.0 (genre--1.0.sql) is frozen: everything added
 * or changed after it lands here, one section per SQL area.  There is no
 * genre--1.1.sql: CREATE EXTENSION genre runs genre--1.0.sql, then this.
 */
\echo Use "ALTER EXTENSION genre UPDATE TO '1.1'" to load this file. \quit

-------------------------------------------------------------------------------
-- Model cache: loaded models kept per backend, within genre.model_cache_size
-------------------------------------------------------------------------------

CREATE FUNCTION genre.model_cache_info(OUT entries int, OUT bytes bigint, OUT limit_bytes bigint,
                                       OUT loads bigint, OUT evictions bigint)
    AS 'MODULE_PATHNAME', 'genre_model_cache_info'
    LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION genre.model_cache_info() IS
    'this backend''s cache of loaded models: entries, bytes held, the limit (genre.model_cache_size), models loaded and evicted since the backend started';

-------------------------------------------------------------------------------
-- Audio: decoding and information
-------------------------------------------------------------------------------

-- A check that answers instead of raising, so one statement can sort a batch
-- of files into readable and not (genre-import does) without a savepoint per
-- file.  COST as samples(): decode=true reads every frame.
CREATE FUNCTION genre.audio_check(audio bytea, decode boolean DEFAULT true) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_audio_check'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.audio_check(bytea, boolean) IS
    'NULL when genre reads the audio (decode: every frame, as samples(audio, 0, NULL, 0) without its length limit; false: the header, as audio_info), else the reason, the message that call would raise';

-- ---------------------------------------------------------------------------
-- scale-out: merge_forests, one forest from forests trained per partition or
-- Citus shard (doc/scale-out.md)
-- ---------------------------------------------------------------------------
CREATE FUNCTION genre.merge_forests_trans(bytea, genre.model) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_merge_forests_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.merge_forests_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_merge_forests_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.merge_forests_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_merge_forests_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 10000;
COMMENT ON FUNCTION genre.merge_forests_trans(bytea, genre.model) IS
    'merge_forests transition: checks the kind and buffers one forest model';
COMMENT ON FUNCTION genre.merge_forests_combine(bytea, bytea) IS
    'merge_forests combine: concatenates two partial model buffers';
COMMENT ON FUNCTION genre.merge_forests_final(bytea) IS
    'merge_forests final: validates the forests, orders them by their bytes and joins their trees';
REVOKE EXECUTE ON FUNCTION genre.merge_forests_trans(bytea, genre.model),
    genre.merge_forests_combine(bytea, bytea), genre.merge_forests_final(bytea) FROM PUBLIC;

CREATE AGGREGATE genre.merge_forests(model genre.model) (
    SFUNC = genre.merge_forests_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.merge_forests_combine,
    FINALFUNC = genre.merge_forests_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.merge_forests(genre.model) IS
    'one forest whose trees are the union of the forests'' trees (same features, labels and tree options required); the result does not depend on row order; train per partition or shard (GROUP BY a key that lives with the data), then merge';

-------------------------------------------------------------------------------
-- Classification recipes: models that know their input (doc/classification-recipes.md)
-------------------------------------------------------------------------------

CREATE FUNCTION genre.pipeline(classifier genre.model, layout text DEFAULT 'genre',
                               options jsonb DEFAULT '{}', steps genre.model[] DEFAULT '{}')
    RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_pipeline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 1000;
COMMENT ON FUNCTION genre.pipeline(genre.model, text, jsonb, genre.model[]) IS
    'a classifier stored with the recipe of its input vectors -> genre.model (kind pipeline): the features() layout, options offset_s (0), duration_s (null: to the end), segment_s (null: one vector of the window) with vote (''soft'' | ''hard''), polynomial (degree, after the steps); steps are scaler, pca or kmeans models (kmeans appends the distances to its centres) applied in order; everything is embedded by value';

-- classify decodes and analyses the audio: as features() (COST 1000000), more with segments
CREATE FUNCTION genre.classify(audio bytea, model genre.model) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_classify' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 1000000;
COMMENT ON FUNCTION genre.classify(bytea, genre.model) IS
    'the label a pipeline model gives to a clip: its recipe (window or segments and vote, layout, steps) applied to the audio, then its classifier';

CREATE FUNCTION genre.classify(audio bytea, model_name text) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_classify_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE
    COST 1000000;
COMMENT ON FUNCTION genre.classify(bytea, text) IS
    'classify with the pipeline model this name means in genre.models (see find_model), read once per query';

CREATE FUNCTION genre.classify_proba(audio bytea, model genre.model) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_classify_proba' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 1000000;
COMMENT ON FUNCTION genre.classify_proba(bytea, genre.model) IS
    'class probabilities a pipeline model gives to a clip, as {"class": probability}; with segments the soft vote''s mean, or the hard vote''s share of segments per class';

CREATE FUNCTION genre.classify_proba(audio bytea, model_name text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_classify_proba_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE
    COST 1000000;
COMMENT ON FUNCTION genre.classify_proba(bytea, text) IS
    'classify_proba with the pipeline model this name means in genre.models (see find_model), read once per query';
-- Seeing the music (issue 10): spectrograms, waveform, one-sample statistics
-- with their plots, UMAP
-------------------------------------------------------------------------------

CREATE FUNCTION genre.spectrogram(audio bytea, kind text DEFAULT 'mel', offset_s float8 DEFAULT 0,
                                  duration_s float8 DEFAULT NULL)
    RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_spectrogram' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000000;
COMMENT ON FUNCTION genre.spectrogram(bytea, text, float8, float8) IS
    'bins x frames matrix of the window as real[][] (hop 512 at 22050 Hz): kind stft (power dB, 1025 bins), mel (128 bands, dB), chroma (12, chroma_stft), cqt (252 bins from C1, 36 per octave, dB) or mfcc (20); the same analysis features() uses';

CREATE FUNCTION genre.plot_spectrogram(audio bytea, kind text DEFAULT 'mel', offset_s float8 DEFAULT 0,
                                       duration_s float8 DEFAULT NULL, title text DEFAULT NULL,
                                       beats boolean DEFAULT false)
    RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_spectrogram' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1500000;
COMMENT ON FUNCTION genre.plot_spectrogram(bytea, text, float8, float8, text, boolean) IS
    'genre.spectrogram of the window as an SVG heat map drawn as librosa.display.specshow (time in seconds, the kind''s frequency, pitch-class, note or coefficient axis, colour bar), frames pooled to at most 800 columns; beats: genre.beats as tick marks';

CREATE FUNCTION genre.plot_waveform(audio bytea, offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
                                    title text DEFAULT NULL, beats boolean DEFAULT false)
    RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_waveform' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 500000;
COMMENT ON FUNCTION genre.plot_waveform(bytea, float8, float8, text, boolean) IS
    'waveform of the window (mono, 22050 Hz) as SVG: min/max envelope per pixel column, time axis in seconds; beats: genre.beats as tick marks';

CREATE TYPE genre.mean_ci_result AS (n bigint, mean float8, ci_low float8, ci_high float8);
COMMENT ON TYPE genre.mean_ci_result IS
    'result of genre.mean_ci: count, mean and the Student t confidence interval (NULL for one value)';

CREATE FUNCTION genre.mean_ci_trans(bytea, float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_mean_ci_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.mean_ci_trans(bytea, float8, float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_mean_ci_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.mean_ci_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_mean_ci_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.mean_ci_final(bytea) RETURNS genre.mean_ci_result
    AS 'MODULE_PATHNAME', 'genre_mean_ci_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION genre.mean_ci_trans(bytea, float8) IS 'mean_ci transition: buffer one value';
COMMENT ON FUNCTION genre.mean_ci_trans(bytea, float8, float8) IS 'mean_ci transition with a level: buffer one value';
COMMENT ON FUNCTION genre.mean_ci_combine(bytea, bytea) IS 'mean_ci combine: concatenate buffered values';
COMMENT ON FUNCTION genre.mean_ci_final(bytea) IS 'mean_ci final: mean and Student t interval of the sorted values';
CREATE AGGREGATE genre.mean_ci(value float8) (
    SFUNC = genre.mean_ci_trans, STYPE = bytea,
    COMBINEFUNC = genre.mean_ci_combine, FINALFUNC = genre.mean_ci_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.mean_ci(value float8, level float8) (
    SFUNC = genre.mean_ci_trans, STYPE = bytea,
    COMBINEFUNC = genre.mean_ci_combine, FINALFUNC = genre.mean_ci_final,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.mean_ci(float8) IS
    'count, mean and 95 % confidence interval of the mean (scipy.stats.t.interval with the standard error); NULLs skipped';
COMMENT ON AGGREGATE genre.mean_ci(float8, float8) IS
    'count, mean and confidence interval of the mean at level (0 < level < 1, the same in every row; scipy.stats.t.interval); NULLs skipped';

CREATE FUNCTION genre.normal_test_trans(bytea, float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_normal_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.normal_test_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_normal_test_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.normal_test_final(bytea) RETURNS genre.test_result
    AS 'MODULE_PATHNAME', 'genre_normal_test_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION genre.normal_test_trans(bytea, float8) IS 'normal_test transition: buffer one value';
COMMENT ON FUNCTION genre.normal_test_combine(bytea, bytea) IS 'normal_test combine: concatenate buffered values';
COMMENT ON FUNCTION genre.normal_test_final(bytea) IS 'normal_test final: D''Agostino-Pearson K^2 of the sorted values';
CREATE AGGREGATE genre.normal_test(value float8) (
    SFUNC = genre.normal_test_trans, STYPE = bytea,
    COMBINEFUNC = genre.normal_test_combine, FINALFUNC = genre.normal_test_final,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.normal_test(float8) IS
    'D''Agostino-Pearson normality test (scipy.stats.normaltest): K^2 and its chi-square p-value; at least 8 values; NULLs skipped';

CREATE FUNCTION genre.plot_means_trans(bytea, float8, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_means_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_means_trans(bytea, float8, text, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_means_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_means_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_means_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_means_final(bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_means_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION genre.plot_means_trans(bytea, float8, text) IS 'plot_means transition: buffer one value and its label';
COMMENT ON FUNCTION genre.plot_means_trans(bytea, float8, text, text) IS 'plot_means transition with a title: buffer one value and its label';
COMMENT ON FUNCTION genre.plot_means_combine(bytea, bytea) IS 'plot_means combine: concatenate buffered rows';
COMMENT ON FUNCTION genre.plot_means_final(bytea) IS 'plot_means final: draw the means and intervals';
CREATE AGGREGATE genre.plot_means(value float8, label text) (
    SFUNC = genre.plot_means_trans, STYPE = bytea,
    COMBINEFUNC = genre.plot_means_combine, FINALFUNC = genre.plot_means_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.plot_means(value float8, label text, title text) (
    SFUNC = genre.plot_means_trans, STYPE = bytea,
    COMBINEFUNC = genre.plot_means_combine, FINALFUNC = genre.plot_means_final,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.plot_means(float8, text) IS
    'SVG of the mean of value per label with its 95 % Student t interval as an error bar (labels sorted); rows with a NULL skipped';
COMMENT ON AGGREGATE genre.plot_means(float8, text, text) IS
    'SVG of the mean of value per label with its 95 % Student t interval as an error bar, with a title (the same in every row)';

CREATE FUNCTION genre.plot_qq_trans(bytea, float8) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_qq_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_qq_trans(bytea, float8, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_qq_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_qq_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_qq_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_qq_final(bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_qq_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION genre.plot_qq_trans(bytea, float8) IS 'plot_qq transition: buffer one value';
COMMENT ON FUNCTION genre.plot_qq_trans(bytea, float8, text) IS 'plot_qq transition with a title: buffer one value';
COMMENT ON FUNCTION genre.plot_qq_combine(bytea, bytea) IS 'plot_qq combine: concatenate buffered values';
COMMENT ON FUNCTION genre.plot_qq_final(bytea) IS 'plot_qq final: draw the probability plot';
CREATE AGGREGATE genre.plot_qq(value float8) (
    SFUNC = genre.plot_qq_trans, STYPE = bytea,
    COMBINEFUNC = genre.plot_qq_combine, FINALFUNC = genre.plot_qq_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.plot_qq(value float8, title text) (
    SFUNC = genre.plot_qq_trans, STYPE = bytea,
    COMBINEFUNC = genre.plot_qq_combine, FINALFUNC = genre.plot_qq_final,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.plot_qq(float8) IS
    'normal QQ plot as SVG: sorted values against the normal quantiles of scipy.stats.probplot, with its least-squares line and R^2';
COMMENT ON AGGREGATE genre.plot_qq(float8, text) IS
    'normal QQ plot as SVG (scipy.stats.probplot''s quantiles and line), with a title (the same in every row)';

CREATE FUNCTION genre.umap_fit_trans(bytea, real[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_umap_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.umap_fit_trans(bytea, real[], int) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_umap_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.umap_fit_trans(bytea, real[], int, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_umap_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.umap_fit_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_umap_fit_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.umap_fit_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_umap_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100000;
COMMENT ON FUNCTION genre.umap_fit_trans(bytea, real[]) IS 'umap_fit transition: buffer one row';
COMMENT ON FUNCTION genre.umap_fit_trans(bytea, real[], int) IS 'umap_fit transition with n_components: buffer one row';
COMMENT ON FUNCTION genre.umap_fit_trans(bytea, real[], int, jsonb) IS 'umap_fit transition with n_components and options: buffer one row';
COMMENT ON FUNCTION genre.umap_fit_combine(bytea, bytea) IS 'umap_fit combine: concatenate buffered rows';
COMMENT ON FUNCTION genre.umap_fit_final(bytea) IS 'umap_fit final: sort the rows, fit UMAP';
CREATE AGGREGATE genre.umap_fit(features real[]) (
    SFUNC = genre.umap_fit_trans, STYPE = bytea,
    COMBINEFUNC = genre.umap_fit_combine, FINALFUNC = genre.umap_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.umap_fit(features real[], n_components int) (
    SFUNC = genre.umap_fit_trans, STYPE = bytea,
    COMBINEFUNC = genre.umap_fit_combine, FINALFUNC = genre.umap_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE genre.umap_fit(features real[], n_components int, options jsonb) (
    SFUNC = genre.umap_fit_trans, STYPE = bytea,
    COMBINEFUNC = genre.umap_fit_combine, FINALFUNC = genre.umap_fit_final,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE genre.umap_fit(real[]) IS
    'fit a 2-D UMAP (umap-learn 0.5.3: exact 15 nearest neighbours, fuzzy union, spectral init, SGD); deterministic for the rows whatever their order; at most 50000 rows';
COMMENT ON AGGREGATE genre.umap_fit(real[], int) IS
    'fit a UMAP with n_components dimensions (umap-learn 0.5.3 defaults); deterministic for the rows whatever their order; at most 50000 rows';
COMMENT ON AGGREGATE genre.umap_fit(real[], int, jsonb) IS
    'fit a UMAP with n_components dimensions; options n_neighbors (15), min_dist (0.1), spread (1), n_epochs, metric (euclidean | cosine), seed (0); at most 50000 rows';

CREATE FUNCTION genre.umap_transform(genre.model, real[]) RETURNS real[]
    AS 'MODULE_PATHNAME', 'genre_umap_transform' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10000;
COMMENT ON FUNCTION genre.umap_transform(genre.model, real[]) IS
    'embed a row with a UMAP model: a fitted row gets exactly its fitted coordinates, a new one is placed as umap-learn''s transform does';

REVOKE EXECUTE ON FUNCTION
    genre.mean_ci_trans(bytea, float8), genre.mean_ci_trans(bytea, float8, float8),
    genre.mean_ci_combine(bytea, bytea), genre.mean_ci_final(bytea),
    genre.normal_test_trans(bytea, float8), genre.normal_test_combine(bytea, bytea),
    genre.normal_test_final(bytea),
    genre.plot_means_trans(bytea, float8, text), genre.plot_means_trans(bytea, float8, text, text),
    genre.plot_means_combine(bytea, bytea), genre.plot_means_final(bytea),
    genre.plot_qq_trans(bytea, float8), genre.plot_qq_trans(bytea, float8, text),
    genre.plot_qq_combine(bytea, bytea), genre.plot_qq_final(bytea),
    genre.umap_fit_trans(bytea, real[]), genre.umap_fit_trans(bytea, real[], int),
    genre.umap_fit_trans(bytea, real[], int, jsonb),
    genre.umap_fit_combine(bytea, bytea), genre.umap_fit_final(bytea)
    FROM PUBLIC;

-- (end of section)
-- ---------------------------------------------------------------------------
-- train_boosted: histogram gradient-boosted trees (model kind "boosted");
-- rows buffered in a bytea state like train_forest's
CREATE FUNCTION genre.train_boosted_trans(bytea, real[], text, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_train_boosted_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.train_boosted_trans(bytea, real[], text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_train_boosted_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.train_boosted_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_train_boosted_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.train_boosted_final(bytea) RETURNS genre.model
    AS 'MODULE_PATHNAME', 'genre_train_boosted_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 100000;
COMMENT ON FUNCTION genre.train_boosted_trans(bytea, real[], text, jsonb) IS
    'train_boosted transition: validates the options once and buffers one (features, label) row';
COMMENT ON FUNCTION genre.train_boosted_trans(bytea, real[], text) IS
    'train_boosted transition with default options';
COMMENT ON FUNCTION genre.train_boosted_combine(bytea, bytea) IS
    'train_boosted combine: concatenates two partial row buffers';
COMMENT ON FUNCTION genre.train_boosted_final(bytea) IS
    'train_boosted final: sorts the rows canonically and grows the boosted trees';
REVOKE EXECUTE ON FUNCTION genre.train_boosted_trans(bytea, real[], text, jsonb),
    genre.train_boosted_trans(bytea, real[], text), genre.train_boosted_combine(bytea, bytea),
    genre.train_boosted_final(bytea) FROM PUBLIC;

CREATE AGGREGATE genre.train_boosted(features real[], label text, options jsonb) (
    SFUNC = genre.train_boosted_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.train_boosted_combine,
    FINALFUNC = genre.train_boosted_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE genre.train_boosted(features real[], label text) (
    SFUNC = genre.train_boosted_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.train_boosted_combine,
    FINALFUNC = genre.train_boosted_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.train_boosted(real[], text, jsonb) IS
    'histogram gradient-boosted trees (softmax loss; logistic for two classes) -> genre.model of kind boosted; options: rounds (100), learning_rate (0.1), max_depth (null), max_leaves (31), min_samples_leaf (20), l2 (0), max_bins (255), subsample (1), colsample (1), class_weight (''none''|''balanced''), early_stopping (false | true | {"validation_fraction": 0.1, "patience": 10}), seed (0); same rows and seed give a byte-identical model';
COMMENT ON AGGREGATE genre.train_boosted(real[], text) IS
    'histogram gradient-boosted trees with default options: see train_boosted(real[], text, jsonb)';

-- ---------------------------------------------------------------------------
-- segments: feature vectors of consecutive fixed-length windows of a clip
CREATE FUNCTION genre.segments(audio bytea, seconds float8 DEFAULT 3, layout text DEFAULT 'genre',
    offset_s float8 DEFAULT 0, duration_s float8 DEFAULT NULL,
    OUT segment int, OUT start_s float8, OUT features real[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'genre_segments' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 150000 ROWS 10;
COMMENT ON FUNCTION genre.segments(bytea, float8, text, float8, float8) IS
    'one row per whole window of the decoded clip (mono, 22050 Hz, decoded once): window k covers samples [round(k*seconds*22050), round(k*seconds*22050) + round(seconds*22050) - 1), as the public 3-second GTZAN table; features of each window as features() of that slice in the layout, one STFT per window; start_s counts from the start of the audio';

-- ---------------------------------------------------------------------------
-- votes: song-level soft vote over segment probabilities (the hard vote is
-- mode() WITHIN GROUP (ORDER BY predicted))
CREATE FUNCTION genre.proba_mean_trans(bytea, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_proba_mean_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.proba_mean_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_proba_mean_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.proba_mean_final(bytea) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'genre_proba_mean_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.proba_mean_trans(bytea, jsonb) IS
    'proba_mean transition: checks one probability object and adds it to the exact per-class sums';
COMMENT ON FUNCTION genre.proba_mean_combine(bytea, bytea) IS
    'proba_mean combine: adds two partial per-class sums';
COMMENT ON FUNCTION genre.proba_mean_final(bytea) IS
    'proba_mean final: the mean per class as a jsonb object';
REVOKE EXECUTE ON FUNCTION genre.proba_mean_trans(bytea, jsonb),
    genre.proba_mean_combine(bytea, bytea), genre.proba_mean_final(bytea) FROM PUBLIC;

CREATE AGGREGATE genre.proba_mean(proba jsonb) (
    SFUNC = genre.proba_mean_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.proba_mean_combine,
    FINALFUNC = genre.proba_mean_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.proba_mean(jsonb) IS
    'soft vote: the mean of probability objects {"class": p} (predict_proba rows, e.g. the segments of a track) per class, a class missing from an object counting 0; sums are exact, so the result does not depend on row order or plan; NULL rows are skipped';

CREATE FUNCTION genre.proba_argmax(proba jsonb) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_proba_argmax' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION genre.proba_argmax(jsonb) IS
    'the class of highest probability in a probability object (the lowest label in byte order on ties), e.g. proba_argmax(proba_mean(predict_proba(model, features)))';

-- ---------------------------------------------------------------------------
-- roc: ROC-AUC (scikit-learn's roc_auc_score) and ROC curves of
-- (actual, predict_proba) rows, buffered in a bytea state
CREATE FUNCTION genre.roc_auc_trans(bytea, text, jsonb, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_roc_auc_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.roc_auc_trans(bytea, text, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_roc_auc_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.roc_auc_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_roc_auc_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.roc_auc_final(bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'genre_roc_auc_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 10000;
COMMENT ON FUNCTION genre.roc_auc_trans(bytea, text, jsonb, text) IS
    'roc_auc transition: checks one probability object and buffers (actual, proba)';
COMMENT ON FUNCTION genre.roc_auc_trans(bytea, text, jsonb) IS
    'roc_auc transition with multi_class ''ovr''';
COMMENT ON FUNCTION genre.roc_auc_combine(bytea, bytea) IS
    'roc_auc combine: concatenates two partial row buffers';
COMMENT ON FUNCTION genre.roc_auc_final(bytea) IS
    'roc_auc final: the macro ROC-AUC of the buffered rows';
REVOKE EXECUTE ON FUNCTION genre.roc_auc_trans(bytea, text, jsonb, text),
    genre.roc_auc_trans(bytea, text, jsonb), genre.roc_auc_combine(bytea, bytea),
    genre.roc_auc_final(bytea) FROM PUBLIC;

CREATE AGGREGATE genre.roc_auc(actual text, proba jsonb, multi_class text) (
    SFUNC = genre.roc_auc_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.roc_auc_combine,
    FINALFUNC = genre.roc_auc_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE genre.roc_auc(actual text, proba jsonb) (
    SFUNC = genre.roc_auc_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.roc_auc_combine,
    FINALFUNC = genre.roc_auc_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.roc_auc(text, jsonb, text) IS
    'macro ROC-AUC of (actual class, probability object) rows as scikit-learn 1.2''s roc_auc_score: multi_class ''ovr'' (one-vs-rest) or ''ovo'' (Hand & Till one-vs-one); two classes: the AUC of the second class''s score; the classes are the keys of the objects (missing keys count 0), each must be among the actual labels; NULL rows are skipped';
COMMENT ON AGGREGATE genre.roc_auc(text, jsonb) IS
    'macro one-vs-rest ROC-AUC: see roc_auc(text, jsonb, text)';

CREATE FUNCTION genre.plot_roc_trans(bytea, text, jsonb, text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_roc_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_roc_trans(bytea, text, jsonb) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_roc_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_roc_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'genre_plot_roc_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION genre.plot_roc_final(bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'genre_plot_roc_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    COST 10000;
COMMENT ON FUNCTION genre.plot_roc_trans(bytea, text, jsonb, text) IS
    'plot_roc transition: checks one probability object and buffers (actual, proba) under the title';
COMMENT ON FUNCTION genre.plot_roc_trans(bytea, text, jsonb) IS
    'plot_roc transition without a title';
COMMENT ON FUNCTION genre.plot_roc_combine(bytea, bytea) IS
    'plot_roc combine: concatenates two partial row buffers';
COMMENT ON FUNCTION genre.plot_roc_final(bytea) IS
    'plot_roc final: one ROC curve per class as SVG';
REVOKE EXECUTE ON FUNCTION genre.plot_roc_trans(bytea, text, jsonb, text),
    genre.plot_roc_trans(bytea, text, jsonb), genre.plot_roc_combine(bytea, bytea),
    genre.plot_roc_final(bytea) FROM PUBLIC;

CREATE AGGREGATE genre.plot_roc(actual text, proba jsonb, title text) (
    SFUNC = genre.plot_roc_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.plot_roc_combine,
    FINALFUNC = genre.plot_roc_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE genre.plot_roc(actual text, proba jsonb) (
    SFUNC = genre.plot_roc_trans,
    STYPE = bytea,
    COMBINEFUNC = genre.plot_roc_combine,
    FINALFUNC = genre.plot_roc_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE genre.plot_roc(text, jsonb, text) IS
    'SVG of the one-vs-rest ROC curve of every class (scikit-learn''s roc_curve, drop_intermediate) with its AUC in the legend and the chance diagonal; classes and NULL rows as roc_auc';
COMMENT ON AGGREGATE genre.plot_roc(text, jsonb) IS
    'SVG of the ROC curves without a title: see plot_roc(text, jsonb, text)';

-- ---------------------------------------------------------------------------
-- Comments of 1.0 functions that now take every classifier kind
-- ---------------------------------------------------------------------------
COMMENT ON FUNCTION genre.predict(genre.model, real[]) IS
    'most probable class of a feature vector under a classifier model: forest (mean of the trees'' leaf probabilities), boosted (softmax of the summed trees) or pipeline (its steps, then its classifier)';
COMMENT ON FUNCTION genre.predict_proba(genre.model, real[]) IS
    'class probabilities of a feature vector under a classifier model (forest, boosted or pipeline), as {"class": probability}';
