-- Aggregate support functions are out of PUBLIC's reach (issue 13, finding 1),
-- the aggregates keep working for a plain role, serially and in parallel.
CREATE ROLE genre_plain LOGIN;
GRANT SELECT ON gtzan TO genre_plain;

-- every transition, combine and final function of every genre aggregate is
-- revoked from PUBLIC: EXECUTE is held by its owner only
SELECT count(DISTINCT p) AS support_functions,
       count(DISTINCT p) FILTER (WHERE has_function_privilege('genre_plain', p, 'EXECUTE'))
           AS executable_by_plain_role
  FROM pg_aggregate a, LATERAL (VALUES (aggtransfn), (aggcombinefn), (aggfinalfn)) v(p)
 WHERE a.aggfnoid::regproc::text LIKE 'genre.%' AND p <> 0;

SET ROLE genre_plain;
-- finding 1: this state (dimension 1, a row count of 2^62) crashed the server
SELECT sqlstate_of($$SELECT genre.silhouette_final('\x314c495304000000000000000400000000000000000000000000004001000000'::bytea)$$);
SELECT sqlstate_of($$EXPLAIN SELECT genre.silhouette_final('\x314c495304000000000000000400000000000000000000000000004001000000'::bytea)$$);
SELECT sqlstate_of($$CREATE AGGREGATE pg_temp.a(bytea) (SFUNC = genre.silhouette_combine, STYPE = bytea)$$);
SELECT sqlstate_of($$CREATE AGGREGATE pg_temp.b(real[], int) (SFUNC = genre.silhouette_trans, STYPE = bytea,
                       INITCOND = '\x00')$$);
-- every support function, called directly by the plain role: permission denied
-- (a state '\x00', the other arguments NULL)
SELECT p::regprocedure AS support_function, sqlstate_of(format('SELECT %s(%s)', p::regproc,
           (SELECT string_agg(CASE WHEN t = 'bytea'::regtype THEN '''\x00''::bytea'
                                   ELSE format('NULL::%s', t::regtype) END, ', ' ORDER BY o)
              FROM unnest(pr.proargtypes) WITH ORDINALITY u(t, o)))) AS direct_call
  FROM (SELECT DISTINCT p FROM pg_aggregate a,
               LATERAL (VALUES (aggtransfn), (aggcombinefn), (aggfinalfn)) v(p)
         WHERE a.aggfnoid::regproc::text LIKE 'genre.%' AND p <> 0) s
  JOIN pg_proc pr ON pr.oid = s.p
 ORDER BY p::regprocedure::text;

-- the aggregates themselves work for the plain role (checked against their owner)
CREATE TEMP TABLE serial AS
SELECT genre.silhouette(f, (id % 3)::int) AS silhouette,
       md5(genre.scaler_fit(f)::text) AS scaler,
       (genre.kruskal_wallis(f[1], label)).statistic AS h,
       genre.confusion_matrix(label, label)->'total' AS total,
       md5(genre.train_forest(f, label, '{"trees": 5}')::text) AS forest
  FROM gtzan;
SELECT round(silhouette::numeric, 6) AS silhouette, round(h::numeric, 4) AS h, total FROM serial;

-- and in a parallel plan: partial states made by workers, combined in the leader
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT genre.silhouette(f, (id % 3)::int), genre.scaler_fit(f), genre.kruskal_wallis(f[1], label),
       genre.confusion_matrix(label, label), genre.train_forest(f, label, '{"trees": 5}')
  FROM gtzan;
SELECT p.silhouette = s.silhouette AS silhouette_same, p.scaler = s.scaler AS scaler_same,
       p.h = s.h AS h_same, p.total = s.total AS total_same, p.forest = s.forest AS forest_same
  FROM serial s,
       (SELECT genre.silhouette(f, (id % 3)::int) AS silhouette,
               md5(genre.scaler_fit(f)::text) AS scaler,
               (genre.kruskal_wallis(f[1], label)).statistic AS h,
               genre.confusion_matrix(label, label)->'total' AS total,
               md5(genre.train_forest(f, label, '{"trees": 5}')::text) AS forest
          FROM gtzan) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET ROLE;

-- the owner (here a superuser) can still call them: the crafted state is 22P03,
-- directly, through EXPLAIN (folded at plan time) and through an aggregate of its own
SELECT sqlstate_of($$SELECT genre.silhouette_final('\x314c495304000000000000000400000000000000000000000000004001000000'::bytea)$$);
SELECT sqlstate_of($$EXPLAIN SELECT genre.silhouette_final('\x314c495304000000000000000400000000000000000000000000004001000000'::bytea)$$);
CREATE AGGREGATE pg_temp.sil_combine(bytea) (SFUNC = genre.silhouette_combine, STYPE = bytea,
                                             FINALFUNC = genre.silhouette_final);
SELECT sqlstate_of($$SELECT pg_temp.sil_combine(s) FROM (VALUES
    ('\x314c495304000000000000000400000000000000000000000000004001000000'::bytea)) v(s)$$);

DROP TABLE serial;
DROP OWNED BY genre_plain;
DROP ROLE genre_plain;
