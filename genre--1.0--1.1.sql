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
