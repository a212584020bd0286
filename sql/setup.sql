-- Creates the extension for every suite and loads the test fixtures.
CREATE EXTENSION genre;
SELECT extname, extversion, nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'genre';
-- every function of the extension carries a comment
SELECT p.oid::regprocedure AS uncommented
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre' AND obj_description(p.oid, 'pg_proc') IS NULL;

-- test helper: run a statement and return the SQLSTATE and message of its error
CREATE FUNCTION public.sqlstate_of(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- test helper: load a CSV file into a new table of text columns named by its header
CREATE FUNCTION public.load_csv(tbl text, path text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    header text := rtrim(split_part(pg_read_file(path, 0, 100000), E'\n', 1), E'\r');
    n bigint;
BEGIN
    EXECUTE format('CREATE TABLE %I (%s)', tbl,
                   (SELECT string_agg(format('%I text', c), ', ')
                      FROM unnest(string_to_array(header, ',')) c));
    EXECUTE format('COPY %I FROM %L WITH (FORMAT csv, HEADER true)', tbl, path);
    EXECUTE format('SELECT count(*) FROM %I', tbl) INTO n;
    RETURN n;
END $$;

\getenv abs_srcdir PG_ABS_SRCDIR
\set data :abs_srcdir '/test/data/'

-- librosa 0.10 values per clip (reference.csv), 0.7.2 values in the GTZAN layout, the public table
SELECT load_csv('ref', :'data' || 'reference.csv') AS ref_rows;
SELECT load_csv('ref_gtzan', :'data' || 'gtzan_layout.csv') AS ref_gtzan_rows;
SELECT load_csv('gtzan_csv', :'data' || 'gtzan_features_30_sec.csv') AS gtzan_rows;

-- the clips themselves: one row per reference row, with the window librosa used
CREATE TABLE clips AS
SELECT name, file,
       coalesce(nullif("offset", '')::float8, 0) AS offset_s,
       nullif(duration, '')::float8 AS duration_s,
       pg_read_binary_file(:'data' || file) AS audio,
       pg_read_binary_file(:'data' || 'audio/loaded22k/' || name || '.wav') AS loaded22k
  FROM ref;
SELECT name, length(audio) > 0 AS has_audio, length(loaded22k) > 0 AS has_loaded22k
  FROM clips ORDER BY name;

-- the public GTZAN table as feature vectors: 57 features in the table's order
DO $$
BEGIN
    EXECUTE 'CREATE TABLE gtzan AS SELECT row_number() OVER (ORDER BY filename)::int AS id, '
         || 'filename, label, ARRAY[' ||
            (SELECT string_agg(format('%I::real', column_name), ', ' ORDER BY ordinal_position)
               FROM information_schema.columns
              WHERE table_name = 'gtzan_csv' AND column_name NOT IN ('filename', 'length', 'label'))
         || ']::real[] AS f FROM gtzan_csv';
END $$;
SELECT count(*) AS tracks, count(DISTINCT label) AS genres, min(cardinality(f)) AS dims
  FROM gtzan;
