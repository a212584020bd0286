-- The catalog of the genre extension in this database as sorted text lines,
-- free of OIDs and physical details, so two databases can be compared with
-- diff (test/scripts/test-upgrade).  Every object of the extension is found
-- through pg_depend, so objects added by any later script are included;
-- each line is "<section> <object> <details as jsonb>".  Rows of catalogs
-- are taken whole (to_jsonb) minus the OID and physical columns, which are
-- replaced by names, so a catalog column added by a PostgreSQL release is
-- compared as well.  A member in a catalog this file does not detail gives
-- an "undetailed" line, which the test counts as a failure.
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog;
SET extra_float_digits = 3;

CREATE TEMP VIEW genre_members AS
SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'genre';

-- member relations and what belongs to them (indexes, TOAST tables)
CREATE TEMP VIEW genre_relations AS
SELECT objid AS oid FROM genre_members WHERE classid = 'pg_class'::regclass;

CREATE FUNCTION pg_temp.comment_of(cls oid, obj oid, sub int) RETURNS text
LANGUAGE sql STABLE AS
$$SELECT description FROM pg_description WHERE classoid = cls AND objoid = obj AND objsubid = sub$$;

SELECT line FROM (
-- the extension itself: version, schema, config-dump registration
SELECT 'extension ' || jsonb_build_object(
           'version', e.extversion, 'relocatable', e.extrelocatable,
           'schema', e.extnamespace::regnamespace::text,
           'owner', pg_get_userbyid(e.extowner),
           'config', (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text)
                        FROM unnest(e.extconfig) c),
           'conditions', e.extcondition,
           'comment', pg_temp.comment_of('pg_extension'::regclass, e.oid, 0))::text AS line
  FROM pg_extension e WHERE e.extname = 'genre'
UNION ALL
-- the schema: owner, privileges, comment
SELECT 'schema ' || n.nspname || ' ' || jsonb_build_object(
           'owner', pg_get_userbyid(n.nspowner), 'acl', n.nspacl::text,
           'comment', pg_temp.comment_of('pg_namespace'::regclass, n.oid, 0))::text
  FROM pg_namespace n WHERE n.nspname = 'genre'
UNION ALL
-- every member by description, with its comment
SELECT 'member ' || pg_describe_object(classid, objid, objsubid) || ' '
       || coalesce(to_jsonb(pg_temp.comment_of(classid, objid, objsubid))::text, 'uncommented')
  FROM genre_members
UNION ALL
-- functions, procedures and aggregates: the whole pg_proc row
SELECT 'function ' || p.oid::regprocedure::text || ' '
       || ((to_jsonb(p) - ARRAY['oid', 'pronamespace', 'proowner', 'prolang', 'provariadic',
                                'prosupport', 'prorettype', 'proargtypes', 'proallargtypes',
                                'protrftypes', 'proargdefaults', 'prosqlbody'])
           || jsonb_build_object(
                  'schema', p.pronamespace::regnamespace::text,
                  'owner', pg_get_userbyid(p.proowner),
                  'language', (SELECT lanname FROM pg_language WHERE oid = p.prolang),
                  'variadic', nullif(p.provariadic, 0)::regtype::text,
                  'support', nullif(p.prosupport::oid, 0)::regprocedure::text,
                  'result', pg_get_function_result(p.oid),
                  'arguments', pg_get_function_arguments(p.oid),
                  'all_argument_types', (SELECT array_agg(t::regtype::text ORDER BY o)
                                           FROM unnest(p.proallargtypes) WITH ORDINALITY u(t, o)),
                  'body', CASE WHEN p.prosqlbody IS NOT NULL
                               THEN pg_get_function_sqlbody(p.oid) END))::text
  FROM pg_proc p JOIN genre_members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
UNION ALL
-- aggregates: every pg_aggregate column, functions by signature
SELECT 'aggregate ' || a.aggfnoid::regprocedure::text || ' '
       || ((to_jsonb(a) - ARRAY['aggfnoid', 'aggtransfn', 'aggfinalfn', 'aggcombinefn',
                                'aggserialfn', 'aggdeserialfn', 'aggmtransfn', 'aggminvtransfn',
                                'aggmfinalfn', 'aggsortop', 'aggtranstype', 'aggmtranstype'])
           || jsonb_build_object(
                  'aggtransfn', nullif(a.aggtransfn::oid, 0)::regprocedure::text,
                  'aggfinalfn', nullif(a.aggfinalfn::oid, 0)::regprocedure::text,
                  'aggcombinefn', nullif(a.aggcombinefn::oid, 0)::regprocedure::text,
                  'aggserialfn', nullif(a.aggserialfn::oid, 0)::regprocedure::text,
                  'aggdeserialfn', nullif(a.aggdeserialfn::oid, 0)::regprocedure::text,
                  'aggmtransfn', nullif(a.aggmtransfn::oid, 0)::regprocedure::text,
                  'aggminvtransfn', nullif(a.aggminvtransfn::oid, 0)::regprocedure::text,
                  'aggmfinalfn', nullif(a.aggmfinalfn::oid, 0)::regprocedure::text,
                  'aggsortop', nullif(a.aggsortop, 0)::regoperator::text,
                  'aggtranstype', nullif(a.aggtranstype, 0)::regtype::text,
                  'aggmtranstype', nullif(a.aggmtranstype, 0)::regtype::text))::text
  FROM pg_aggregate a JOIN genre_members m ON m.classid = 'pg_proc'::regclass AND m.objid = a.aggfnoid
UNION ALL
-- types: the whole pg_type row
SELECT 'type ' || t.oid::regtype::text || ' '
       || ((to_jsonb(t) - ARRAY['oid', 'typnamespace', 'typowner', 'typrelid', 'typsubscript',
                                'typelem', 'typarray', 'typinput', 'typoutput', 'typreceive',
                                'typsend', 'typmodin', 'typmodout', 'typanalyze', 'typbasetype',
                                'typcollation', 'typdefaultbin'])
           || jsonb_build_object(
                  'schema', t.typnamespace::regnamespace::text,
                  'owner', pg_get_userbyid(t.typowner),
                  'relation', nullif(t.typrelid, 0)::regclass::text,
                  'element', nullif(t.typelem, 0)::regtype::text,
                  'array', nullif(t.typarray, 0)::regtype::text,
                  'base', nullif(t.typbasetype, 0)::regtype::text,
                  'collation', (SELECT collname FROM pg_collation WHERE oid = t.typcollation),
                  'io', ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin,
                              t.typmodout, t.typanalyze, t.typsubscript]::oid[]::regprocedure[]::text))::text
  FROM pg_type t JOIN genre_members m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
UNION ALL
-- composite-type and enum details
SELECT 'enum ' || e.enumtypid::regtype::text || ' ' || e.enumsortorder || ' ' || e.enumlabel
  FROM pg_enum e JOIN genre_members m ON m.classid = 'pg_type'::regclass AND m.objid = e.enumtypid
UNION ALL
-- relations (tables, views, sequences, composite types) and their indexes
SELECT 'relation ' || c.oid::regclass::text || ' '
       || ((to_jsonb(c) - ARRAY['oid', 'relnamespace', 'reltype', 'reloftype', 'relowner', 'relam',
                                'relfilenode', 'reltablespace', 'relpages', 'reltuples',
                                'relallvisible', 'reltoastrelid', 'relfrozenxid', 'relminmxid',
                                'relrewrite'])
           || jsonb_build_object(
                  'owner', pg_get_userbyid(c.relowner),
                  'am', (SELECT amname FROM pg_am WHERE oid = c.relam),
                  'has_toast', c.reltoastrelid <> 0,
                  'view', CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END))::text
  FROM pg_class c
 WHERE c.oid IN (SELECT oid FROM genre_relations)
    OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM genre_relations))
UNION ALL
-- columns: the whole pg_attribute row, type and default by name
SELECT 'column ' || a.attrelid::regclass::text || '.' || a.attname || ' '
       || ((to_jsonb(a) - ARRAY['attrelid', 'atttypid', 'attcollation', 'atthasmissing',
                                'attmissingval', 'attoptions'])
           || jsonb_build_object(
                  -- this server build stamps every column with a per-table pg_attver option
                  'attoptions', (SELECT array_agg(o ORDER BY o) FROM unnest(a.attoptions) o
                                  WHERE o NOT LIKE 'pg\_attver=%'),
                  'type', format_type(a.atttypid, a.atttypmod),
                  'collation', (SELECT collname FROM pg_collation WHERE oid = a.attcollation),
                  'default', (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
                               WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum),
                  'comment', pg_temp.comment_of('pg_class'::regclass, a.attrelid, a.attnum)))::text
  FROM pg_attribute a
 WHERE a.attnum > 0 AND a.attrelid IN (SELECT oid FROM genre_relations)
UNION ALL
SELECT 'index ' || i.indexrelid::regclass::text || ' ' || pg_get_indexdef(i.indexrelid)
  FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM genre_relations)
UNION ALL
SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' '
       || jsonb_build_object('type', c.contype, 'deferrable', c.condeferrable,
                             'definition', pg_get_constraintdef(c.oid),
                             'comment', pg_temp.comment_of('pg_constraint'::regclass, c.oid, 0))::text
  FROM pg_constraint c WHERE c.conrelid IN (SELECT oid FROM genre_relations)
UNION ALL
-- row-level security policies
SELECT 'policy ' || p.schemaname || '.' || p.tablename || ' ' || p.policyname || ' '
       || jsonb_build_object('permissive', p.permissive, 'roles', p.roles, 'cmd', p.cmd,
                             'qual', p.qual, 'with_check', p.with_check,
                             'comment', (SELECT pg_temp.comment_of('pg_policy'::regclass, po.oid, 0)
                                           FROM pg_policy po
                                          WHERE po.polrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
                                            AND po.polname = p.policyname))::text
  FROM pg_policies p
 WHERE format('%I.%I', p.schemaname, p.tablename)::regclass IN (SELECT oid FROM genre_relations)
UNION ALL
SELECT 'trigger ' || t.tgrelid::regclass::text || ' ' || pg_get_triggerdef(t.oid)
  FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgrelid IN (SELECT oid FROM genre_relations)
UNION ALL
SELECT 'rule ' || r.ev_class::regclass::text || ' ' || pg_get_ruledef(r.oid)
  FROM pg_rewrite r WHERE r.rulename <> '_RETURN' AND r.ev_class IN (SELECT oid FROM genre_relations)
UNION ALL
-- operators, casts, operator classes and families
SELECT 'operator ' || o.oid::regoperator::text || ' '
       || jsonb_build_object('function', o.oprcode::regprocedure::text,
                             'result', o.oprresult::regtype::text,
                             'commutator', nullif(o.oprcom, 0)::regoperator::text,
                             'negator', nullif(o.oprnegate, 0)::regoperator::text,
                             'restrict', nullif(o.oprrest::oid, 0)::regprocedure::text,
                             'join', nullif(o.oprjoin::oid, 0)::regprocedure::text,
                             'merges', o.oprcanmerge, 'hashes', o.oprcanhash)::text
  FROM pg_operator o JOIN genre_members m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
UNION ALL
SELECT 'cast ' || c.castsource::regtype::text || ' -> ' || c.casttarget::regtype::text || ' '
       || jsonb_build_object('function', nullif(c.castfunc, 0)::regprocedure::text,
                             'context', c.castcontext, 'method', c.castmethod)::text
  FROM pg_cast c JOIN genre_members m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
UNION ALL
SELECT 'opclass ' || pg_describe_object('pg_opclass'::regclass, oc.oid, 0) || ' '
       || jsonb_build_object('type', oc.opcintype::regtype::text, 'default', oc.opcdefault,
            'operators', (SELECT array_agg(ao.amopstrategy || ' ' || ao.amopopr::regoperator::text
                                           ORDER BY ao.amopstrategy)
                            FROM pg_amop ao WHERE ao.amopfamily = oc.opcfamily),
            'functions', (SELECT array_agg(ap.amprocnum || ' ' || ap.amproc::regprocedure::text
                                           ORDER BY ap.amprocnum)
                            FROM pg_amproc ap WHERE ap.amprocfamily = oc.opcfamily))::text
  FROM pg_opclass oc JOIN genre_members m ON m.classid = 'pg_opclass'::regclass AND m.objid = oc.oid
UNION ALL
-- the privileges pg_dump compares against (recorded by the scripts)
SELECT 'initial_privileges ' || pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) || ' '
       || ip.privtype::text || ' ' || ip.initprivs::text
  FROM pg_init_privs ip
 WHERE (ip.classoid, ip.objoid) IN (SELECT classid, objid FROM genre_members)
    OR (ip.classoid = 'pg_namespace'::regclass
        AND ip.objoid = (SELECT oid FROM pg_namespace WHERE nspname = 'genre'))
UNION ALL
-- members of catalogs not detailed above: extend this file to cover them
SELECT 'undetailed ' || m.classid::regclass::text || ' ' || pg_describe_object(m.classid, m.objid, m.objsubid)
  FROM genre_members m
 WHERE m.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_class'::regclass,
                         'pg_operator'::regclass, 'pg_cast'::regclass, 'pg_opclass'::regclass)
) s ORDER BY line COLLATE "C";
