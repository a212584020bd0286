-- genre.models: rows belong to their owner.  Two plain roles: alice stores
-- models, mallory tries every attack of issue 13 finding 5 (replace,
-- delete, squat a name, forge the owner, lock the table so readers hang).
CREATE ROLE genre_alice;
CREATE ROLE genre_mallory;
CREATE SCHEMA genre_mallory_own AUTHORIZATION genre_mallory;
GRANT SELECT ON gtzan TO genre_alice, genre_mallory;
SET lock_timeout = '2s';   -- a regression that lets a lock through fails, never hangs

-- what PUBLIC holds on the table: no DELETE, TRUNCATE or table-wide UPDATE
SELECT (SELECT array_agg(privilege_type ORDER BY privilege_type) FROM aclexplode(relacl)
         WHERE grantee = 0) AS public_table_privileges,
       relrowsecurity, relforcerowsecurity
  FROM pg_class WHERE oid = 'genre.models'::regclass;
SELECT attname, (SELECT array_agg(privilege_type ORDER BY privilege_type) FROM aclexplode(attacl)
                  WHERE grantee = 0) AS public_column_privileges
  FROM pg_attribute
 WHERE attrelid = 'genre.models'::regclass AND attnum > 0 ORDER BY attnum;
SELECT policyname, cmd, roles, qual, with_check FROM pg_policies
 WHERE schemaname = 'genre' AND tablename = 'models' ORDER BY policyname;

-- alice: the DESIGN's way of storing a model, and predict by name
SET ROLE genre_alice;
INSERT INTO genre.models(name, model, metrics)
SELECT 'alice_rf', genre.train_forest(f, label, '{"trees": 10, "seed": 1}'), '{"note": "alice"}'
  FROM gtzan;
SELECT owner, name, genre.model_info(model)->>'trees' AS trees, metrics FROM genre.models;
CREATE TEMP TABLE alice_pred AS
SELECT id, genre.predict('alice_rf', f) AS p FROM gtzan;
GRANT SELECT ON alice_pred TO genre_mallory;
SELECT count(*) FILTER (WHERE p = label) AS correct, count(*) AS total
  FROM alice_pred JOIN gtzan USING (id);
-- the owner changes her own row with plain SQL
UPDATE genre.models SET metrics = '{"note": "alice, checked"}' WHERE name = 'alice_rf';
SELECT metrics FROM genre.models WHERE name = 'alice_rf';

-- mallory reads every model (reading is shared) ...
SET ROLE genre_mallory;
SELECT owner, name FROM genre.models ORDER BY owner, name;
-- ... but a bare name means her own model, which she does not have
SELECT sqlstate_of($$SELECT genre.predict('alice_rf', f) FROM gtzan LIMIT 1$$);
-- another role's model is named as owner.name
SELECT count(*) FILTER (WHERE genre.predict('genre_alice.alice_rf', g.f) = a.p) AS same_as_alice
  FROM gtzan g JOIN alice_pred a USING (id);

-- attack 1: replace alice_rf by a forest whose only class is HACKED
CREATE TEMP TABLE hacked AS
SELECT genre.train_forest(ARRAY[1, 2]::real[], 'HACKED') AS m;
UPDATE genre.models SET model = (SELECT m FROM hacked) WHERE name = 'alice_rf';
UPDATE genre.models SET model = (SELECT m FROM hacked) WHERE owner = 'genre_alice';
SELECT sqlstate_of($$UPDATE genre.models SET owner = 'genre_mallory' WHERE name = 'alice_rf'$$);
SELECT sqlstate_of($$INSERT INTO genre.models(owner, name, model)
                     SELECT 'genre_alice', 'alice_rf', m FROM hacked
                     ON CONFLICT (owner, name) DO UPDATE SET model = excluded.model$$);
-- nor lock alice's row against her own writes
SELECT count(*) AS rows_locked FROM (SELECT 1 FROM genre.models WHERE name = 'alice_rf' FOR UPDATE) s;
SELECT count(*) AS rows_locked FROM (SELECT 1 FROM genre.models WHERE name = 'alice_rf' FOR KEY SHARE) s;
-- attack 2: delete it
SELECT sqlstate_of($$DELETE FROM genre.models WHERE name = 'alice_rf'$$);
SELECT sqlstate_of($$TRUNCATE genre.models$$);
SELECT sqlstate_of($$SELECT genre.drop_model('alice_rf')$$);
SELECT sqlstate_of($$SELECT genre.drop_model('genre_alice.alice_rf')$$);
-- attack 3: squat names, or plant a model in alice's namespace
SELECT sqlstate_of($$INSERT INTO genre.models(owner, name, model)
                     SELECT 'genre_alice', 'alice_gbm', m FROM hacked$$);
INSERT INTO genre.models(name, model) SELECT 'alice_gbm', m FROM hacked;
INSERT INTO genre.models(name, model) SELECT 'genre_alice.alice_rf', m FROM hacked;
SELECT sqlstate_of($$UPDATE genre.models SET owner = 'genre_alice' WHERE name = 'alice_gbm'$$);
-- attack 4: locks.  Only ACCESS SHARE (SELECT) and ROW EXCLUSIVE (INSERT)
-- are allowed, and neither conflicts with a reader.
SELECT mode, sqlstate_of(format('LOCK TABLE genre.models IN %s MODE', mode)) AS result
  FROM unnest(ARRAY['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE',
                    'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']) mode;
-- and the table's definition is not hers
SELECT sqlstate_of($$ALTER TABLE genre.models DISABLE ROW LEVEL SECURITY$$);
SELECT sqlstate_of($$DROP POLICY models_read ON genre.models$$);
SELECT sqlstate_of($$CREATE POLICY mine ON genre.models FOR UPDATE USING (true)$$);
SELECT sqlstate_of($$CREATE TRIGGER t BEFORE INSERT ON genre.models
                     FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()$$);
SELECT sqlstate_of($$CREATE TABLE genre_mallory_own.r (o name, n text,
                                                       FOREIGN KEY (o, n) REFERENCES genre.models)$$);
SELECT sqlstate_of($$ALTER TABLE genre.models OWNER TO genre_mallory$$);
RESET ROLE;

-- While mallory holds the strongest lock she can get, in an open
-- transaction with an uncommitted row, alice's readers and pg_dump's lock
-- go through (a second connection, dblink).
CREATE EXTENSION dblink;
SELECT dblink_connect('mallory', format('dbname=%s port=%s host=%s user=%s', current_database(),
                      current_setting('port'),
                      split_part(current_setting('unix_socket_directories'), ',', 1), current_user));
SELECT dblink_exec('mallory', 'SET ROLE genre_mallory');
SELECT dblink_exec('mallory', 'BEGIN');
SELECT dblink_exec('mallory', 'LOCK TABLE genre.models IN ROW EXCLUSIVE MODE');
SELECT dblink_exec('mallory', $$INSERT INTO genre.models(name, model)
                               SELECT 'alice_rf', genre.train_forest(ARRAY[1]::real[], 'HACKED')$$);
SELECT mode, granted FROM pg_locks
 WHERE relation = 'genre.models'::regclass AND pid <> pg_backend_pid();
SET ROLE genre_alice;
SELECT count(*) FILTER (WHERE genre.predict('alice_rf', g.f) = a.p) AS same_prediction
  FROM gtzan g JOIN alice_pred a USING (id);
SELECT genre.model_info(genre.find_model('alice_rf'))->>'trees' AS trees;
BEGIN;
LOCK TABLE genre.models IN ACCESS SHARE MODE;   -- what pg_dump takes
SELECT count(*) AS models FROM genre.models;
COMMIT;
-- her name is still hers
INSERT INTO genre.models(name, model) SELECT 'alice_gbm', genre.train_forest(f, label, '{"trees": 3}')
  FROM gtzan;
RESET ROLE;
SELECT dblink_exec('mallory', 'ROLLBACK');
SELECT dblink_disconnect('mallory');

-- after all of it alice's model is untouched, and each name means her own
SET ROLE genre_alice;
SELECT owner, name, genre.model_info(model)->'classes' ? 'HACKED' AS hacked, metrics
  FROM genre.models ORDER BY owner, name;
SELECT genre.model_info(genre.find_model('alice_gbm'))->>'trees' AS her_alice_gbm_trees;
SELECT genre.model_info(genre.find_model('genre_mallory.alice_gbm'))->'classes' AS mallorys;
SELECT count(*) FILTER (WHERE genre.predict('alice_rf', g.f) = a.p) AS same_prediction
  FROM gtzan g JOIN alice_pred a USING (id);
-- the owner renames and drops her own models
UPDATE genre.models SET name = 'alice_gbm_old' WHERE name = 'alice_gbm';
SELECT genre.drop_model('alice_gbm_old');
SELECT sqlstate_of($$SELECT genre.drop_model('alice_gbm_old')$$);
SELECT sqlstate_of($$SELECT genre.find_model('alice_gbm_old')$$);
SELECT sqlstate_of($$SELECT genre.find_model('nobody.alice_rf')$$);
SELECT genre.find_model(NULL) IS NULL AS strict;
SET ROLE genre_mallory;
SELECT genre.drop_model('alice_gbm');
SELECT genre.drop_model('genre_alice.alice_rf');
SELECT owner, name FROM genre.models ORDER BY owner, name;
RESET ROLE;

-- drop_model runs as the table's owner only for its own statement: a
-- hostile search_path of the caller changes nothing, and the caller's
-- identity is back afterwards, also after an ERROR
CREATE SCHEMA genre_evil;
GRANT USAGE ON SCHEMA genre_evil TO PUBLIC;
CREATE FUNCTION genre_evil.texteq_all(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR genre_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = genre_evil.texteq_all);
SET ROLE genre_mallory;
SET search_path = genre_evil, pg_catalog, public;
SELECT sqlstate_of($$SELECT genre.drop_model('alice_rf')$$);
SELECT current_user, current_setting('search_path') AS search_path;
RESET search_path;
SELECT owner, name FROM genre.models ORDER BY owner, name;
RESET ROLE;
DROP SCHEMA genre_evil CASCADE;

-- superuser maintenance is unaffected (it bypasses row security)
DELETE FROM genre.models WHERE owner IN ('genre_alice', 'genre_mallory');
DROP EXTENSION dblink;
DROP OWNED BY genre_alice, genre_mallory;
DROP ROLE genre_alice;
DROP ROLE genre_mallory;
RESET lock_timeout;
