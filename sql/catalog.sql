-- Catalog rules of DESIGN.md, checked on the installed extension.
-- every function is PARALLEL SAFE, but drop_model, which writes genre.models, and
-- model_cache_info (RESTRICTED: it reports this backend's cache, not a worker's)
SELECT p.oid::regprocedure AS not_parallel_safe
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre' AND p.proparallel <> 's'
 ORDER BY 1;
-- functions that are not IMMUTABLE, and why: those that read or write genre.models,
-- and model_cache_info (the cache changes)
SELECT p.oid::regprocedure AS not_immutable, p.provolatile
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre' AND p.provolatile <> 'i'
 ORDER BY 1::text;
-- every aggregate can be split across parallel workers and Citus nodes:
-- a combine function and a concrete (not internal) transition type
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggcombinefn <> 0 AS has_combine,
       a.aggtranstype::regtype AS state_type
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre'
   AND (a.aggcombinefn = 0 OR a.aggtranstype = 'internal'::regtype);
SELECT count(*) AS aggregates
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre';
-- naming rule (DEVELOPER.md): the C symbol of genre.X is genre_X; an
-- overload with a C function of its own adds a suffix naming what differs
SELECT p.oid::regprocedure AS c_symbol_not_genre_name, p.prosrc
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
   AND p.prosrc <> 'genre_' || p.proname
 ORDER BY 1::text;
-- the audio functions tell the planner they are expensive
SELECT p.proname, min(p.procost) AS min_cost
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'genre'
   AND p.proname IN ('features', 'mfcc', 'chroma', 'tonnetz', 'tempo', 'beats', 'frames', 'samples', 'segments')
 GROUP BY p.proname ORDER BY 1;
-- feature extraction runs in parallel workers and gives the serial result
CREATE TABLE clips_many AS SELECT c.name, c.audio, c.offset_s, c.duration_s, r
  FROM clips c, generate_series(1, 2) r WHERE c.name LIKE '%sine440_22k%' OR c.name LIKE 'cmajor%';
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT name, genre.features(audio, offset_s, duration_s) FROM clips_many;
CREATE TEMP TABLE par AS SELECT name, r, genre.features(audio, offset_s, duration_s) AS f FROM clips_many;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS rows, bool_and(p.f = genre.features(c.audio, c.offset_s, c.duration_s)) AS same_as_serial
  FROM par p JOIN clips_many c USING (name, r);
RESET max_parallel_workers_per_gather;
DROP TABLE clips_many;
