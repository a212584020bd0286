-- Fuzzing the SQL surface of the aggregate states (issue 13, "What to
-- build" 6): crafted states through every support function, run inside the
-- server by plpgsql so a call costs microseconds.  Loaded by
-- test/scripts/test-sql-fuzz into a fresh database with the extension;
-- fz_run(calls, seed) then drives every surface and fills fz_stats
-- (surface, sqlstate, calls) and fz_bad (what must never happen: an
-- SQLSTATE outside the allowed set, such as XX000, or a final whose text
-- is not valid UTF-8).  A crash shows as the script's held-open connection
-- dying and as "terminated by signal" in the server log.
--
-- Surfaces, per state family (seeds are real states made by the transition
-- functions alone, mutated: bit flips, interesting integers, cuts,
-- extensions, splices with another seed, the header's used length kept
-- right 4 times in 5 so the family's own reader is reached):
--   final        the final function called directly by the owner
--   combine      an aggregate of one's own with the combine function as its
--                transition over (mutated, seed) and (seed, mutated)
--   initcond     an aggregate of one's own over the transition function
--                whose INITCOND is the mutated state (the catalog's
--                agginitval rewritten per call, as CREATE AGGREGATE stores it)
SET client_min_messages = warning;

CREATE TABLE fz_rows AS
SELECT i, ARRAY[(i % 5)::real, (i * 0.37)::real, (i % 3 - 1)::real] AS f,
       CASE WHEN i % 3 = 0 THEN 'rock' WHEN i % 3 = 1 THEN 'jazz' ELSE 'ünï' END AS label,
       (i % 4)::int AS cluster, (i * 1.5)::float8 AS v
  FROM generate_series(1, 12) i;

CREATE TABLE fz_seed (family text, state bytea);
CREATE TABLE fz_target (surface text, family text, stmt text, result text);
CREATE TABLE fz_stats (surface text, sqlstate text, calls bigint, sample text, PRIMARY KEY (surface, sqlstate));
CREATE TABLE fz_bad (surface text, sqlstate text, message text, input bytea);

-- transition functions alone, to make seeds
CREATE AGGREGATE fz_st_silhouette(real[], int) (SFUNC = genre.silhouette_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_kmeans(real[], int) (SFUNC = genre.kmeans_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_kmeans_opt(real[], int, jsonb) (SFUNC = genre.kmeans_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_grouped(float8, text) (SFUNC = genre.grouped_values_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_scatter(float8, float8, text, text) (SFUNC = genre.plot_scatter_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_line(float8, float8, text) (SFUNC = genre.plot_line_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_forest(real[], text, jsonb) (SFUNC = genre.train_forest_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_smote(real[], text, int, int) (SFUNC = genre.smote_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_scaler(real[]) (SFUNC = genre.scaler_fit_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_pca(real[], int) (SFUNC = genre.pca_fit_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_pairs(text, text) (SFUNC = genre.contingency_trans, STYPE = bytea);
CREATE AGGREGATE fz_st_pairs_int(int, text) (SFUNC = genre.contingency_trans, STYPE = bytea);

INSERT INTO fz_seed
SELECT 'silhouette', fz_st_silhouette(f, cluster) FROM fz_rows UNION ALL
SELECT 'silhouette', fz_st_silhouette(f[1:1], cluster % 2) FROM fz_rows WHERE i < 6 UNION ALL
SELECT 'kmeans', fz_st_kmeans(f, 3) FROM fz_rows UNION ALL
SELECT 'kmeans', fz_st_kmeans_opt(f[2:3], 2, '{"n_init": 2, "max_iter": 5, "seed": 7}') FROM fz_rows UNION ALL
SELECT 'grouped', fz_st_grouped(v, label) FROM fz_rows UNION ALL
SELECT 'grouped', fz_st_grouped(v * v, label || 'x') FROM fz_rows WHERE i < 7 UNION ALL
SELECT 'scatter', fz_st_scatter(v, i, label, 'a <title> & more') FROM fz_rows UNION ALL
SELECT 'scatter', fz_st_scatter(v, -i, label, NULL) FROM fz_rows WHERE i < 5 UNION ALL
SELECT 'line', fz_st_line(i, v, label) FROM fz_rows UNION ALL
SELECT 'forest', fz_st_forest(f, label, '{"trees": 3, "seed": 2}') FROM fz_rows UNION ALL
SELECT 'forest', fz_st_forest(f[1:2], label, '{"trees": 2, "max_depth": 2, "max_features": null}') FROM fz_rows UNION ALL
SELECT 'smote', fz_st_smote(f, CASE WHEN i % 4 = 0 THEN 'few' ELSE 'many' END, 2, 1) FROM fz_rows UNION ALL
SELECT 'moments', fz_st_scaler(f) FROM fz_rows UNION ALL
SELECT 'moments', fz_st_scaler(f || ARRAY[1e-40::real, 3e38::real]) FROM fz_rows UNION ALL
SELECT 'pca', fz_st_pca(f, 2) FROM fz_rows UNION ALL
SELECT 'pca', fz_st_pca(f || ARRAY[1e-30::real], 1) FROM fz_rows UNION ALL
SELECT 'pairs', fz_st_pairs(label, (i % 2)::text) FROM fz_rows UNION ALL
SELECT 'pairs', fz_st_pairs_int(i % 3, label) FROM fz_rows;

-- the surfaces: $1 is the state under test, $2 another seed of the family.
-- result names how the final's value is checked: text must be valid UTF-8.
INSERT INTO fz_target
SELECT 'final ' || f, fam, format('SELECT %s($1)%s', 'genre.' || f, check_as), check_as
  FROM (VALUES
    ('silhouette_final', 'silhouette', '::text'), ('kmeans_final', 'kmeans', '::text'),
    ('kruskal_wallis_final', 'grouped', '::text'), ('anova_f_final', 'grouped', '::text'),
    ('plot_scatter_final', 'scatter', '::text'), ('plot_line_final', 'line', '::text'),
    ('train_forest_final', 'forest', '::text'), ('smote_final', 'smote', '::text'),
    ('scaler_fit_final', 'moments', '::text'), ('pca_fit_final', 'pca', '::text'),
    ('confusion_matrix_final', 'pairs', '::text'), ('classification_report_final', 'pairs', '::text'),
    ('adjusted_rand_index_final', 'pairs', '::text'), ('normalized_mutual_info_final', 'pairs', '::text'),
    ('plot_confusion_final', 'pairs', '::text')) v(f, fam, check_as);

-- combine functions as the transition of an aggregate of one's own
CREATE AGGREGATE fz_comb_silhouette(bytea) (SFUNC = genre.silhouette_combine, STYPE = bytea, FINALFUNC = genre.silhouette_final);
CREATE AGGREGATE fz_comb_kmeans(bytea) (SFUNC = genre.kmeans_combine, STYPE = bytea, FINALFUNC = genre.kmeans_final);
CREATE AGGREGATE fz_comb_grouped(bytea) (SFUNC = genre.grouped_values_combine, STYPE = bytea, FINALFUNC = genre.anova_f_final);
CREATE AGGREGATE fz_comb_scatter(bytea) (SFUNC = genre.plot_scatter_combine, STYPE = bytea, FINALFUNC = genre.plot_scatter_final);
CREATE AGGREGATE fz_comb_line(bytea) (SFUNC = genre.plot_line_combine, STYPE = bytea, FINALFUNC = genre.plot_line_final);
CREATE AGGREGATE fz_comb_forest(bytea) (SFUNC = genre.train_forest_combine, STYPE = bytea, FINALFUNC = genre.train_forest_final);
CREATE AGGREGATE fz_comb_smote(bytea) (SFUNC = genre.smote_combine, STYPE = bytea, FINALFUNC = genre.smote_final);
CREATE AGGREGATE fz_comb_moments(bytea) (SFUNC = genre.moments_combine, STYPE = bytea, FINALFUNC = genre.scaler_fit_final);
CREATE AGGREGATE fz_comb_pca(bytea) (SFUNC = genre.moments_combine, STYPE = bytea, FINALFUNC = genre.pca_fit_final);
CREATE AGGREGATE fz_comb_pairs(bytea) (SFUNC = genre.contingency_combine, STYPE = bytea, FINALFUNC = genre.classification_report_final);
INSERT INTO fz_target
SELECT 'combine ' || fam, fam,
       format('SELECT fz_comb_%s(s)::text FROM (VALUES (1, $1), (2, $2), (3, $1)) v(o, s)', fam), '::text'
  FROM unnest(ARRAY['silhouette', 'kmeans', 'grouped', 'scatter', 'line', 'forest', 'smote',
                    'moments', 'pca', 'pairs']) fam;

-- transition functions with a crafted INITCOND, over two real rows
CREATE AGGREGATE fz_init_silhouette(real[], int) (SFUNC = genre.silhouette_trans, STYPE = bytea, FINALFUNC = genre.silhouette_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_kmeans(real[], int, jsonb) (SFUNC = genre.kmeans_trans, STYPE = bytea, FINALFUNC = genre.kmeans_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_grouped(float8, text) (SFUNC = genre.grouped_values_trans, STYPE = bytea, FINALFUNC = genre.kruskal_wallis_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_scatter(float8, float8, text, text) (SFUNC = genre.plot_scatter_trans, STYPE = bytea, FINALFUNC = genre.plot_scatter_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_line(float8, float8, text) (SFUNC = genre.plot_line_trans, STYPE = bytea, FINALFUNC = genre.plot_line_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_forest(real[], text, jsonb) (SFUNC = genre.train_forest_trans, STYPE = bytea, FINALFUNC = genre.train_forest_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_smote(real[], text) (SFUNC = genre.smote_trans, STYPE = bytea, FINALFUNC = genre.smote_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_moments(real[]) (SFUNC = genre.scaler_fit_trans, STYPE = bytea, FINALFUNC = genre.scaler_fit_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_pca(real[], int) (SFUNC = genre.pca_fit_trans, STYPE = bytea, FINALFUNC = genre.pca_fit_final, INITCOND = '\x');
CREATE AGGREGATE fz_init_pairs(text, text) (SFUNC = genre.contingency_trans, STYPE = bytea, FINALFUNC = genre.confusion_matrix_final, INITCOND = '\x');
INSERT INTO fz_target
SELECT 'initcond ' || fam, fam, format('SELECT %s::text FROM fz_rows WHERE i IN (1, 2, 3)', call), '::text'
  FROM (VALUES
    ('silhouette', 'fz_init_silhouette(f, cluster)'), ('kmeans', $$fz_init_kmeans(f, 3, '{}')$$),
    ('grouped', 'fz_init_grouped(v, label)'), ('scatter', $$fz_init_scatter(v, i, label, 'a <title> & more')$$),
    ('line', 'fz_init_line(i, v, label)'), ('forest', $$fz_init_forest(f, label, '{"trees": 3, "seed": 2}')$$),
    ('smote', 'fz_init_smote(f, label)'), ('moments', 'fz_init_moments(f)'),
    ('pca', 'fz_init_pca(f, 2)'), ('pairs', 'fz_init_pairs(label, label)')) v(fam, call);

-- n as four little-endian bytes
CREATE FUNCTION fz_le32(n bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea, 0, (n & 255)::int),
               1, ((n >> 8) & 255)::int), 2, ((n >> 16) & 255)::int), 3, ((n >> 24) & 255)::int)
$$;

CREATE FUNCTION fz_mutate(s bytea, donor bytea) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    n int;
    pos int;
    r float8;
    ints bytea[] := ARRAY['\x00000000', '\xffffffff', '\xffffff7f', '\x00000080', '\x01000000',
                          '\x02000000', '\x00000040', '\x00100000', '\x0000000000000040',
                          '\xffffffffffffffff', '\x0000000000000020', '\x0000c07f', '\x0000807f',
                          '\x000000000000f87f', '\x000000000000f07f']::bytea[];
BEGIN
    IF random() < 0.02 THEN
        -- bytes of nothing in particular
        RETURN decode(repeat(md5(random()::text), 1 + floor(random() * 6)::int), 'hex');
    END IF;
    FOR k IN 1..1 + floor(random() * 3)::int LOOP
        n := length(s);
        IF n = 0 THEN
            s := '\x00';
            n := 1;
        END IF;
        pos := floor(random() * n)::int;
        r := random();
        IF r < 0.30 THEN
            s := set_byte(s, pos, get_byte(s, pos) # (1 << floor(random() * 8)::int));
        ELSIF r < 0.42 THEN
            s := set_byte(s, pos, (ARRAY[0, 1, 2, 127, 128, 254, 255, 64])[1 + floor(random() * 8)::int]);
        ELSIF r < 0.65 THEN
            IF random() < 0.7 THEN
                pos := pos - pos % 4;
            END IF;
            s := overlay(s PLACING ints[1 + floor(random() * array_length(ints, 1))::int] FROM pos + 1);
        ELSIF r < 0.75 THEN
            s := substring(s FROM 1 FOR floor(random() * n)::int);
        ELSIF r < 0.83 THEN
            s := s || substring(donor FROM 1 + floor(random() * length(donor))::int FOR 1 + floor(random() * 64)::int);
        ELSIF r < 0.92 THEN
            s := substring(s FROM 1 FOR pos) || substring(donor FROM pos + 1);
        ELSE
            s := substring(s FROM 1 FOR pos) || substring(s FROM pos + 1 FOR 1 + floor(random() * 24)::int)
                 || substring(s FROM pos + 1);
        END IF;
    END LOOP;
    -- the used length right, most of the time, so the family's reader is reached
    IF length(s) >= 12 AND random() < 0.8 THEN
        s := overlay(s PLACING fz_le32(length(s) - 12) FROM 9 FOR 4);
    END IF;
    RETURN s;
END $$;

-- calls per surface; SQLSTATEs a crafted state may give (anything else is in fz_bad)
CREATE FUNCTION fz_run(calls int, seed float8, surface_like text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    seeds bytea[];
    nseeds int;
    s bytea;
    other bytea;
    out text;
    code text;
    msg text;
    total bigint := 0;
    counts jsonb;
    samples jsonb;
    agg oid;
    allowed text[] := ARRAY['ok', '22P03', '22023', '54000', '57014'];
BEGIN
    PERFORM setseed(seed);
    FOR t IN SELECT * FROM fz_target WHERE surface_like IS NULL OR surface LIKE surface_like
              ORDER BY surface LOOP
        seeds := ARRAY(SELECT state FROM fz_seed WHERE family = t.family ORDER BY state);
        nseeds := array_length(seeds, 1);
        counts := '{}';
        samples := '{}';
        agg := CASE WHEN t.surface LIKE 'initcond %'
                    THEN ('fz_init_' || t.family)::regproc::oid END;
        FOR k IN 1..calls LOOP
            s := fz_mutate(seeds[1 + floor(random() * nseeds)::int],
                           seeds[1 + floor(random() * nseeds)::int]);
            other := seeds[1 + floor(random() * nseeds)::int];
            msg := NULL;
            BEGIN
                IF agg IS NOT NULL THEN
                    -- the INITCOND as CREATE AGGREGATE stores it: the type's text form
                    UPDATE pg_aggregate SET agginitval = s::text WHERE aggfnoid = agg;
                END IF;
                EXECUTE t.stmt INTO out USING s, other;
                -- text that comes out must be valid UTF-8
                IF out IS NOT NULL THEN
                    PERFORM convert_from(textsend(out), 'UTF8');
                END IF;
                code := 'ok';
            EXCEPTION WHEN OTHERS THEN
                code := SQLSTATE;
                msg := SQLERRM;
            END;
            IF counts ? code THEN
                counts := jsonb_set(counts, ARRAY[code], to_jsonb((counts->>code)::bigint + 1));
            ELSE
                counts := counts || jsonb_build_object(code, 1);
                samples := samples || jsonb_build_object(code, msg);
            END IF;
            IF NOT code = ANY (allowed) THEN
                INSERT INTO fz_bad VALUES (t.surface, code, msg, s);
            END IF;
        END LOOP;
        INSERT INTO fz_stats
        SELECT t.surface, key, value::bigint, samples->>key FROM jsonb_each_text(counts)
        ON CONFLICT (surface, sqlstate) DO UPDATE SET calls = fz_stats.calls + excluded.calls;
        total := total + calls;
    END LOOP;
    RETURN total;
END $$;
