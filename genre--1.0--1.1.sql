/*
 * genre 1.0 -> 1.1.  Release 1.0 (genre--1.0.sql) is frozen: everything added
 * or changed after it lands here, one section per SQL area.  There is no
 * genre--1.1.sql: CREATE EXTENSION genre runs genre--1.0.sql, then this.
 */
\echo Use "ALTER EXTENSION genre UPDATE TO '1.1'" to load this file. \quit

-- Classification recipes: models that know their input (doc/classification-recipes.md)
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
