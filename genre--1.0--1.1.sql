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
