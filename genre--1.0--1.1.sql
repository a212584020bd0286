/*
 * genre 1.0 -> 1.1.  Release 1.0 (genre--1.0.sql) is frozen: everything added
 * or changed after it lands here, one section per SQL area.  There is no
 * genre--1.1.sql: CREATE EXTENSION genre runs genre--1.0.sql, then this.
 */
\echo Use "ALTER EXTENSION genre UPDATE TO '1.1'" to load this file. \quit

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
