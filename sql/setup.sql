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

-- test helper: the backend's peak resident memory (VmHWM) in MB, to show
-- that a refused call allocated nothing (with JIT off: LLVM maps ~70 MB)
CREATE FUNCTION public.vmhwm_mb() RETURNS float8 LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'),
                         'VmHWM:\s+(\d+) kB'))[1]::float8 / 1024 $$;

-- test helper: a new table of text columns named by a CSV header line
CREATE PROCEDURE public.text_table(tbl text, header text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TABLE %I (%s)', tbl,
                   (SELECT string_agg(format('%I text', c), ', ')
                      FROM unnest(string_to_array(rtrim(header, E'\r'), ',')) c));
END $$;

-- Fixtures are read by psql on the client side (\copy ... FROM PROGRAM), so the
-- server needs neither superuser rights nor access to the source tree.
-- librosa 0.10 values per clip, 0.7.2 values in the GTZAN layout, the public table
\set hdr `head -1 "$PG_ABS_SRCDIR/test/data/reference.csv"`
CALL text_table('ref', :'hdr');
\copy ref FROM PROGRAM 'cat "$PG_ABS_SRCDIR/test/data/reference.csv"' WITH (FORMAT csv, HEADER true)
\set hdr `head -1 "$PG_ABS_SRCDIR/test/data/gtzan_layout.csv"`
CALL text_table('ref_gtzan', :'hdr');
\copy ref_gtzan FROM PROGRAM 'cat "$PG_ABS_SRCDIR/test/data/gtzan_layout.csv"' WITH (FORMAT csv, HEADER true)
\set hdr `head -1 "$PG_ABS_SRCDIR/test/data/gtzan_features_30_sec.csv"`
CALL text_table('gtzan_csv', :'hdr');
\copy gtzan_csv FROM PROGRAM 'cat "$PG_ABS_SRCDIR/test/data/gtzan_features_30_sec.csv"' WITH (FORMAT csv, HEADER true)
SELECT (SELECT count(*) FROM ref) AS ref_rows, (SELECT count(*) FROM ref_gtzan) AS ref_gtzan_rows,
       (SELECT count(*) FROM gtzan_csv) AS gtzan_rows;

-- every audio fixture as bytes, by its path under test/data
CREATE TABLE files (path text PRIMARY KEY, b64 text);
\copy files FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/data" && for f in audio/*/*.*; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
ALTER TABLE files ADD COLUMN data bytea;
UPDATE files SET data = decode(b64, 'base64');
ALTER TABLE files DROP COLUMN b64;
SELECT count(*) AS audio_files FROM files WHERE length(data) > 0;

-- the clips themselves: one row per reference row, with the window librosa used
CREATE TABLE clips AS
SELECT name, file,
       coalesce(nullif("offset", '')::float8, 0) AS offset_s,
       nullif(duration, '')::float8 AS duration_s,
       (SELECT data FROM files WHERE path = ref.file) AS audio,
       (SELECT data FROM files WHERE path = 'audio/loaded22k/' || ref.name || '.wav') AS loaded22k
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
