-- Fuzzing the SQL surface of the aggregate states (issue 13, "What to
-- build" 6): crafted states through every support function, run inside the
-- server by plpgsql so a call costs microseconds.  Loaded by
-- test/scripts/test-sql-fuzz into a fresh database with the extension;
-- CALL fz_loop_<id>(calls, seed) then drives surface <id> of fz_target and fills fz_stats
-- (surface, sqlstate, calls) and fz_bad (what must never happen: an
-- SQLSTATE outside the allowed set, such as XX000, or text that is not
-- valid UTF-8).  A crash shows as the script's held-open connection dying
-- and as "terminated by signal" in the server log.
--
-- Nothing here names an aggregate's support functions: the surfaces are
-- derived from pg_aggregate, so an aggregate added later is fuzzed as soon
-- as fz_input says how to feed it (fz_missing lists those it does not).
-- A state family is the C transition function that writes the state (its
-- SQL overloads share it); seeds are real states made by that transition
-- function alone over fz_rows, one per aggregate and input of fz_input.
--
-- Surfaces, one per C support function (overloads share theirs):
--   final F      F called directly, by the owner, on a mutated state
--   combine C    an aggregate of one's own with C as its transition over
--                (mutated, seed, mutated), finished by a final of the family
--   initcond T   an aggregate of one's own over T whose INITCOND is the
--                mutated state (the catalog's agginitval rewritten per call,
--                in the text form CREATE AGGREGATE stores), over three rows
--   trans T      T called directly outside an aggregate (must refuse)
-- Mutations flip bits, write interesting integers (0, +-1, 2^31, 2^62, NaN,
-- +-Inf), cut, extend and splice with another seed of the family, keep the
-- header's used length right 4 times in 5 so each family's own reader is
-- reached, and start from another family's seed 1 time in 20.
SET client_min_messages = warning;

CREATE TABLE fz_rows AS
SELECT i, ARRAY[(i % 5)::real, (i * 0.37)::real, (i % 3 - 1)::real] AS f,
       CASE WHEN i % 3 = 0 THEN 'rock' WHEN i % 3 = 1 THEN 'jazz' ELSE 'ünï' END AS label,
       (i % 4)::int AS cluster, (i * 1.5)::float8 AS v,
       jsonb_build_object('rock', (i % 3) / 4.0, 'jazz', 0.5, 'ünï', 0.5 - (i % 3) / 4.0) AS p,
       NULL::genre.model AS m
  FROM generate_series(1, 12) i;
-- two small forests with the same features, labels and options, for merge_forests
UPDATE fz_rows r SET m = t.m
  FROM (SELECT i % 2 AS part, genre.train_forest(f, label, '{"trees": 2, "seed": 3}') AS m
          FROM fz_rows GROUP BY 1) t
 WHERE r.i % 2 = t.part;

-- how to feed each aggregate: its arguments over fz_rows (one seed each)
CREATE TABLE fz_input (agg regprocedure, args text);
INSERT INTO fz_input VALUES
    ('genre.scaler_fit(real[])', 'f'),
    ('genre.scaler_fit(real[])', 'f || ARRAY[1e-40::real, 3e38::real]'),
    ('genre.pca_fit(real[],integer)', 'f, 2'),
    ('genre.pca_fit(real[],integer)', 'f || ARRAY[1e-30::real], 1'),
    ('genre.kmeans(real[],integer)', 'f, 3'),
    ('genre.kmeans(real[],integer,jsonb)', $$f[2:3], 2, '{"n_init": 2, "max_iter": 5, "seed": 7}'$$),
    ('genre.silhouette(real[],integer)', 'f, cluster'),
    ('genre.silhouette(real[],integer)', 'f[1:1], cluster % 2'),
    ('genre.kruskal_wallis(double precision,text)', 'v, label'),
    ('genre.anova_f(double precision,text)', $$v * v, label || 'x'$$),
    ('genre.plot_confusion(text,text)', 'label, (i % 2)::text'),
    ('genre.plot_scatter(double precision,double precision,text,text)', $$v, i, label, 'a <title> & more'$$),
    ('genre.plot_scatter(double precision,double precision,text)', 'v, -i, label'),
    ('genre.plot_line(double precision,double precision,text)', 'i, v, label'),
    ('genre.train_forest(real[],text,jsonb)', $$f, label, '{"trees": 3, "seed": 2}'$$),
    ('genre.train_forest(real[],text)', 'f[1:2], label'),
    ('genre.smote(real[],text,integer,integer)', $$f, CASE WHEN i % 4 = 0 THEN 'few' ELSE 'many' END, 2, 1$$),
    ('genre.smote(real[],text)', 'f, label'),
    ('genre.confusion_matrix(text,text)', 'label, label'),
    ('genre.classification_report(text,text)', $$label, CASE WHEN i % 5 = 0 THEN 'rock' ELSE label END$$),
    ('genre.adjusted_rand_index(text,text)', 'label, (i % 2)::text'),
    ('genre.normalized_mutual_info(text,text)', $$label, 'x' || (i % 4)$$),
    ('genre.adjusted_rand_index(integer,integer)', 'cluster, i % 3'),
    ('genre.normalized_mutual_info(integer,integer)', 'i % 2, cluster'),
    ('genre.adjusted_rand_index(integer,text)', 'cluster, label'),
    ('genre.normalized_mutual_info(integer,text)', 'i % 3, label'),
    ('genre.adjusted_rand_index(text,integer)', 'label, cluster'),
    ('genre.normalized_mutual_info(text,integer)', 'label, i % 5'),
    ('genre.merge_forests(genre.model)', 'm'),
    ('genre.mean_ci(double precision)', 'v'),
    ('genre.mean_ci(double precision,double precision)', 'v * i, 0.9'),
    ('genre.normal_test(double precision)', 'v * v - i'),
    ('genre.plot_means(double precision,text)', 'v, label'),
    ('genre.plot_means(double precision,text,text)', $$-v, label, 'means <of> & "v"'$$),
    ('genre.plot_qq(double precision)', 'v * v'),
    ('genre.plot_qq(double precision,text)', $$v, 'qq ü'$$),
    ('genre.umap_fit(real[])', 'f'),
    ('genre.umap_fit(real[],integer)', 'f, 3'),
    ('genre.umap_fit(real[],integer,jsonb)', $$f, 2, '{"n_neighbors": 4, "n_epochs": 20, "metric": "cosine", "seed": 5}'$$),
    ('genre.train_boosted(real[],text,jsonb)', $$f, label, '{"rounds": 3, "min_samples_leaf": 1, "seed": 4}'$$),
    ('genre.train_boosted(real[],text)', $$f[1:2], CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END$$),
    ('genre.proba_mean(jsonb)', 'p'),
    ('genre.roc_auc(text,jsonb,text)', $$label, p, 'ovo'$$),
    ('genre.roc_auc(text,jsonb)', 'label, p'),
    ('genre.plot_roc(text,jsonb,text)', $$label, p, 'roc & <more>'$$),
    ('genre.plot_roc(text,jsonb)', 'label, p');

-- the extension's aggregates and their support functions
CREATE VIEW fz_aggs AS
SELECT a.aggfnoid::regprocedure AS agg,
       t.oid::regprocedure AS trans, t.prosrc AS family,
       a.aggcombinefn::regprocedure AS combine, c.prosrc AS combine_src,
       a.aggfinalfn::regprocedure AS final, fn.prosrc AS final_src,
       (SELECT string_agg(format_type(x, NULL), ', ' ORDER BY o)
          FROM unnest(p.proargtypes) WITH ORDINALITY u(x, o)) AS argtypes
  FROM pg_aggregate a
  JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_proc t ON t.oid = a.aggtransfn
  LEFT JOIN pg_proc c ON c.oid = a.aggcombinefn
  LEFT JOIN pg_proc fn ON fn.oid = a.aggfinalfn
 WHERE p.pronamespace = 'genre'::regnamespace;

-- aggregates nobody told the fuzzer how to feed (must be empty)
CREATE VIEW fz_missing AS
SELECT agg FROM fz_aggs WHERE agg NOT IN (SELECT agg FROM fz_input);

CREATE TABLE fz_seed (family text, agg regprocedure, state bytea);
CREATE TABLE fz_target (id int PRIMARY KEY, surface text UNIQUE, family text, stmt text, pre text);
CREATE TABLE fz_stats (surface text, sqlstate text, calls bigint, sample text, PRIMARY KEY (surface, sqlstate));
CREATE TABLE fz_bad (surface text, sqlstate text, message text, input bytea);

-- seeds: each input through a transition-only aggregate of its own
DO $$
DECLARE
    r record;
    n int := 0;
BEGIN
    FOR r IN SELECT a.*, i.args FROM fz_aggs a JOIN fz_input i USING (agg) ORDER BY agg::text, args LOOP
        n := n + 1;
        EXECUTE format('CREATE AGGREGATE fz_seed_%s(%s) (SFUNC = %s, STYPE = bytea)',
                       n, r.argtypes, r.trans::regproc);
        EXECUTE format('INSERT INTO fz_seed SELECT %L, %L, fz_seed_%s(%s) FROM fz_rows',
                       r.family, r.agg, n, r.args);
    END LOOP;
END $$;

-- the surfaces, one per C support function
CREATE FUNCTION fz_nargs(p regprocedure) RETURNS int LANGUAGE sql STABLE
AS $$ SELECT pronargs::int FROM pg_proc WHERE oid = p $$;

DO $$
DECLARE
    r record;
    n int := 0;
BEGIN
    -- finals, called directly
    FOR r IN SELECT DISTINCT ON (final_src) final_src, final, family
               FROM fz_aggs WHERE final IS NOT NULL ORDER BY final_src, agg::text LOOP
        n := n + 1;
        INSERT INTO fz_target VALUES (n, 'final ' || r.final_src, r.family,
                                      format('%s(s)::text', r.final::regproc), NULL);
    END LOOP;
    -- combines, as the transition of an aggregate of one's own
    FOR r IN SELECT DISTINCT ON (combine_src, family) combine_src, combine, family, final
               FROM fz_aggs WHERE combine IS NOT NULL ORDER BY combine_src, family, agg::text LOOP
        n := n + 1;
        EXECUTE format('CREATE AGGREGATE fz_comb_%s(bytea) (SFUNC = %s, STYPE = bytea%s)',
                       n, r.combine::regproc,
                       CASE WHEN r.final IS NOT NULL THEN ', FINALFUNC = ' || r.final::regproc ELSE '' END);
        INSERT INTO fz_target VALUES (n, format('combine %s (%s)', r.combine_src, r.family), r.family,
            format('(SELECT fz_comb_%s(x ORDER BY o)::text FROM (VALUES (1, s), (2, other), (3, s)) v(o, x))', n),
            NULL);
    END LOOP;
    -- transition functions under a crafted INITCOND, through the overload
    -- with the most arguments (its fz_input row with the longest text)
    FOR r IN SELECT DISTINCT ON (a.family) a.*, i.args
               FROM fz_aggs a JOIN fz_input i USING (agg)
              ORDER BY a.family, fz_nargs(a.agg) DESC, length(i.args) DESC LOOP
        n := n + 1;
        EXECUTE format($f$CREATE AGGREGATE fz_init_%s(%s) (SFUNC = %s, STYPE = bytea%s, INITCOND = '\x')$f$,
                       n, r.argtypes, r.trans::regproc,
                       CASE WHEN r.final IS NOT NULL THEN ', FINALFUNC = ' || r.final::regproc ELSE '' END);
        INSERT INTO fz_target VALUES (n, 'initcond ' || r.family, r.family,
            format('(SELECT fz_init_%s(%s)::text FROM fz_rows WHERE i IN (1, 2, 3))', n, r.args),
            format('UPDATE pg_aggregate SET agginitval = s::text WHERE aggfnoid = %s',
                   ('fz_init_' || n)::regproc::oid));
        -- the same transition function called directly
        n := n + 1;
        INSERT INTO fz_target VALUES (n, 'trans ' || r.family, r.family,
            format('(SELECT %s(s, %s)::text FROM fz_rows WHERE i = 4)', r.trans::regproc, r.args), NULL);
    END LOOP;
END $$;

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

-- one procedure per surface, its statement static so its plan is cached
-- (EXECUTE would plan every call): fz_loop_<id>(calls, seed) adds its
-- counts to fz_stats and files what is not allowed in fz_bad.  An INITCOND
-- surface commits every 20 calls: the catalog row it rewrites per call
-- would otherwise pile up versions within one transaction and slow every
-- later lookup of it; the others every 1 000, so that no long transaction
-- of a parallel job holds back the pruning of those versions.  Call it
-- with CALL, outside a transaction block.
DO $do$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM fz_target LOOP
        EXECUTE format($f$
CREATE PROCEDURE fz_loop_%s(calls int, seed float8)
LANGUAGE plpgsql AS $body$
DECLARE
    s bytea;
    other bytea;
    out text;
    code text;
    msg text;
    counts jsonb := '{}';
    samples jsonb := '{}';
    seeds bytea[];
    anyseeds bytea[];
    nseeds int;
    nany int;
    -- 0A000: a transition function called outside an aggregate
    allowed text[] := ARRAY['ok', '22P03', '22023', '54000', '57014'%s];
BEGIN
    PERFORM setseed(seed);
    seeds := ARRAY(SELECT state FROM fz_seed WHERE family = %L ORDER BY agg::text, state);
    anyseeds := ARRAY(SELECT state FROM fz_seed ORDER BY family, agg::text, state);
    nseeds := array_length(seeds, 1);
    nany := array_length(anyseeds, 1);
    FOR k IN 1..calls LOOP
        IF random() < 0.05 THEN
            s := fz_mutate(anyseeds[1 + floor(random() * nany)::int], seeds[1 + floor(random() * nseeds)::int]);
        ELSE
            s := fz_mutate(seeds[1 + floor(random() * nseeds)::int], seeds[1 + floor(random() * nseeds)::int]);
        END IF;
        other := seeds[1 + floor(random() * nseeds)::int];
        msg := NULL;
        BEGIN
            %s;
            out := %s;
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
            INSERT INTO fz_bad VALUES (%L, code, msg, s);
        END IF;
        IF k %% (CASE WHEN %s THEN 20 ELSE 1000 END) = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
    INSERT INTO fz_stats
    SELECT %L, key, value::bigint, samples->>key FROM jsonb_each_text(counts)
    ON CONFLICT (surface, sqlstate) DO UPDATE SET calls = fz_stats.calls + excluded.calls;
END $body$$f$,
            t.id, CASE WHEN t.surface LIKE 'trans %' THEN ', ''0A000''' ELSE '' END, t.family,
            coalesce(t.pre, 'NULL'), t.stmt, t.surface, (t.pre IS NOT NULL)::text, t.surface);
    END LOOP;
END $do$;
