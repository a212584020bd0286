-- train_forest, predict and the forest loader refuse bad input with a SQLSTATE
CREATE TABLE fe (f real[], label text);
INSERT INTO fe SELECT ARRAY[i, i % 3]::real[], CASE WHEN i < 10 THEN 'x' ELSE 'y' END
  FROM generate_series(0, 19) i;

-- options: unknown, wrong type, out of range (22023 naming the option)
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"tree": 5}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"trees": "many"}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"trees": 0}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"trees": 2.5}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"trees": 1000001}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"max_depth": 0}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"min_samples_leaf": -1}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"max_features": "cube"}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"max_features": 1.5}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"max_features": 0}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"class_weight": "auto"}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"bootstrap": 1}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '{"seed": "x"}') FROM fe$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label, '[1, 2]') FROM fe$$);

-- rows: NULL features or label, differing lengths, NaN/Inf, NULL elements, empty (22023 naming the row)
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), (NULL, 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{1,2}', NULL)) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{1,2,3}', 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{1,NaN}', 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{1,2}'::real[], 'a'), ('{Infinity,1}', 'b')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{1,NULL}'::real[], 'a')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{}'::real[], 'a')) v(f, label)$$);
SELECT sqlstate_of($$SELECT genre.train_forest(f, label) FROM (VALUES ('{{1,2},{3,4}}'::real[], 'a')) v(f, label)$$);
-- the transition function is only for the aggregate
SELECT sqlstate_of($$SELECT genre.train_forest_trans(NULL, '{1}', 'a', '{}')$$);

-- predict: wrong length, NaN, unknown model name
CREATE TABLE fe_model AS SELECT genre.train_forest(f, label, '{"trees": 3}') AS m FROM fe;
SELECT genre.predict(m, '{3,0}') AS ok FROM fe_model;
SELECT sqlstate_of($$SELECT genre.predict(m, '{1,2,3}') FROM fe_model$$);
SELECT sqlstate_of($$SELECT genre.predict(m, '{NaN,2}') FROM fe_model$$);
SELECT sqlstate_of($$SELECT genre.predict_proba(m, '{1}') FROM fe_model$$);
SELECT sqlstate_of($$SELECT genre.predict('no such model', '{1,2}'::real[])$$);
SELECT sqlstate_of($$SELECT genre.feature_importance(m, '{a,b,c}') FROM fe_model$$);
SELECT sqlstate_of($$SELECT genre.feature_importance(m, '{a,NULL}') FROM fe_model$$);

-- corrupt models: a flipped byte and a truncation are refused when read (checksum, length)
-- (encode() wraps base64 lines; the model input takes it unwrapped)
SELECT sqlstate_of($$SELECT translate(encode(set_byte(decode(m::text, 'base64'), 60,
                      get_byte(decode(m::text, 'base64'), 60) # 1), 'base64'), E'\n', '')::genre.model FROM fe_model$$);
SELECT sqlstate_of($$SELECT translate(encode(substring(decode(m::text, 'base64') FROM 1 FOR 80), 'base64'), E'\n', '')::genre.model FROM fe_model$$);
-- the unchanged bytes are accepted, so the two errors above come from the edits
SELECT translate(encode(decode(m::text, 'base64'), 'base64'), E'\n', '')::genre.model::text = m::text AS unchanged_ok FROM fe_model;

-- crafted models with a correct envelope (FNV-1a checksum computed here) but bad contents
CREATE FUNCTION fnv1a(p bytea) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
    h numeric := 14695981039346656037;
    lo int;
    out bytea := '\x0000000000000000';
BEGIN
    FOR i IN 0 .. length(p) - 1 LOOP
        lo := (h % 256)::int;
        h := h - lo + (lo # get_byte(p, i));
        h := (h * 1099511628211) % 18446744073709551616;
    END LOOP;
    FOR i IN 0 .. 7 LOOP
        out := set_byte(out, i, (h % 256)::int);
        h := div(h, 256);
    END LOOP;
    RETURN out;
END $$;
CREATE FUNCTION le32(v bigint) RETURNS bytea LANGUAGE sql AS
$$ SELECT set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea, 0, (v & 255)::int),
          1, ((v >> 8) & 255)::int), 2, ((v >> 16) & 255)::int), 3, ((v >> 24) & 255)::int) $$;
-- a forest of 2 features, classes a and b, one tree: split(feature, 0.5, right) / leaf(c0) / leaf(b)
CREATE FUNCTION crafted(kind int, feature bigint, right_child bigint, c0 bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    payload bytea;
BEGIN
    payload := '\x0100'::bytea || le32(2) || le32(2) || le32(1) || le32(10) || le32(0)
        || le32(1)                                     -- depth
        || le32(1) || le32(0) || le32(1)               -- trees, max_depth, min_samples_leaf
        || '\x00'::bytea || '\x0000000000000000'::bytea -- max_features sqrt, value
        || le32(1) || '\x0001'::bytea                  -- per split, class_weight, bootstrap
        || '\x0000000000000000'::bytea                 -- seed
        || '\x00'::bytea || '\x0000000000000000'::bytea -- no oob
        || le32(1) || 'a'::bytea || le32(1) || 'b'::bytea
        || '\x000000000000f03f'::bytea || '\x0000000000000000'::bytea  -- importances 1, 0
        || le32(3)
        || '\x00'::bytea || le32(feature) || '\x0000003f'::bytea || le32(right_child)
        || '\x01'::bytea || le32(c0)
        || '\x01'::bytea || le32(1);
    RETURN translate(encode('\x474e524d0100'::bytea || set_byte('\x0000'::bytea, 0, kind)
                  || le32(length(payload)) || le32(0) || fnv1a(payload) || payload, 'base64'), E'\n', '');
END $$;
-- the well-formed one works: feature 0 <= 0.5 -> a, else b
SELECT genre.predict(crafted(1, 0, 2, 0)::genre.model, '{0.2,9}') AS left_leaf,
       genre.predict(crafted(1, 0, 2, 0)::genre.model, '{0.7,9}') AS right_leaf;
SELECT genre.model_info(crafted(1, 0, 2, 0)::genre.model)->'classes' AS classes;
-- right child out of range, pointing back (a cycle), feature and class out of range
SELECT sqlstate_of($$SELECT genre.predict(crafted(1, 0, 7, 0)::genre.model, '{1,2}')$$);
SELECT sqlstate_of($$SELECT genre.predict(crafted(1, 0, 0, 0)::genre.model, '{1,2}')$$);
SELECT sqlstate_of($$SELECT genre.predict(crafted(1, 5, 2, 0)::genre.model, '{1,2}')$$);
SELECT sqlstate_of($$SELECT genre.predict(crafted(1, 0, 2, 9)::genre.model, '{1,2}')$$);
SELECT sqlstate_of($$SELECT genre.model_info(crafted(1, 0, 7, 0)::genre.model)$$);
SELECT sqlstate_of($$SELECT genre.feature_importance(crafted(1, 0, 0, 0)::genre.model)$$);
-- a forest payload under a scaler header is no scaler: refused at input (22P03)
SELECT sqlstate_of($$SELECT crafted(4, 0, 2, 0)::genre.model$$);
-- a valid model of another kind is the wrong kind (42809), by value or by name
CREATE TABLE fe_scaler AS
  SELECT genre.scaler_fit(f) AS m FROM (VALUES ('{1,2}'::real[]), ('{3,5}')) v(f);
SELECT sqlstate_of($$SELECT genre.predict(m, '{1,2}') FROM fe_scaler$$);
SELECT sqlstate_of($$SELECT genre.predict_proba(m, '{1,2}') FROM fe_scaler$$);
SELECT sqlstate_of($$SELECT genre.feature_importance(m) FROM fe_scaler$$);
INSERT INTO genre.models(name, model) SELECT 'not_a_classifier', m FROM fe_scaler;
SELECT sqlstate_of($$SELECT genre.predict('not_a_classifier', '{1,2}'::real[])$$);
DELETE FROM genre.models WHERE name = 'not_a_classifier';
-- a corrupt model cannot be stored: text input runs the kind's loader (22P03)
SELECT sqlstate_of($$INSERT INTO genre.models(name, model) VALUES ('bad', crafted(1, 0, 7, 0)::genre.model)$$);
-- nor can binary input (COPY FORMAT binary passes the raw bytes to model_recv):
-- the same bytes as a bytea column, read back into a genre.model column
CREATE TABLE fe_recv (m genre.model);
CREATE FUNCTION copy_in_binary(b bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/genre_regress_model.copy';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', b, path);
    EXECUTE format('COPY fe_recv FROM %L WITH (FORMAT binary)', path);
END $$;
SELECT copy_in_binary(decode(crafted(1, 0, 2, 0), 'base64'));
SELECT sqlstate_of($$SELECT copy_in_binary(decode(crafted(1, 0, 7, 0), 'base64'))$$);
SELECT sqlstate_of($$SELECT copy_in_binary(decode(crafted(1, 5, 2, 0), 'base64'))$$);
SELECT sqlstate_of($$SELECT copy_in_binary(decode(crafted(4, 0, 2, 0), 'base64'))$$);
SELECT count(*) AS received, min(genre.predict(m, '{0.2,9}')) AS predicts FROM fe_recv;
DROP FUNCTION copy_in_binary(bytea);
DROP TABLE fe_recv, fe_scaler;
-- one call site, models of the same length one after another: each its own answer
SELECT genre.predict(m::genre.model, '{0.2,9}') AS left_leaf
  FROM (VALUES (1, crafted(1, 0, 2, 0)), (2, crafted(1, 0, 2, 1)), (3, crafted(1, 0, 2, 0))) v(i, m)
 ORDER BY i;
DROP FUNCTION crafted(int, bigint, bigint, bigint);
DROP FUNCTION le32(bigint);
DROP FUNCTION fnv1a(bytea);
DROP TABLE fe, fe_model;
