-- Creates the extension for every suite and loads the test clips.
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
