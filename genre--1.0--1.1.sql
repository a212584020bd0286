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
