-- Models stored by released versions keep loading and give the same outputs.
-- test/data/models/v<format>/ holds one model of every kind serialised by the
-- release that introduced that format (test/scripts/make-model-fixtures),
-- fixed inputs and that release's outputs on them.  Every directory is
-- checked: add one per new format, never edit an old one (doc/versioning.md).
CREATE TABLE fixture_files (version text, kind text, b64 text);
\copy fixture_files FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/data/models" && for f in v*/*.b64; do printf "%s\t%s\t%s\n" "${f%%/*}" "$(basename "$f" .b64)" "$(tr -d "\n" < "$f")"; done'
CREATE TABLE fixture_inputs (version text, id int, f real[]);
\copy fixture_inputs FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/data/models" && for d in v*; do tail -n +2 "$d/inputs.csv" | sed "s/^/$d,/"; done' WITH (FORMAT csv)
CREATE TABLE fixture_outputs (version text, kind text, fn text, id int, out text);
\copy fixture_outputs FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/data/models" && for d in v*; do tail -n +2 "$d/outputs.csv" | sed "s/^/$d,/"; done' WITH (FORMAT csv)

-- text input runs the full loader (envelope, checksum, every node and index)
CREATE TABLE fixtures AS SELECT version, kind, b64::genre.model AS model FROM fixture_files;
SELECT version, kind, genre.model_info(model)->>'kind' AS loaded_as,
       get_byte(decode(b64, 'base64'), 4) AS envelope_version, length(decode(b64, 'base64')) AS bytes
  FROM fixtures JOIN fixture_files USING (version, kind) ORDER BY 1, 2;
-- every 1.0 kind has a fixture
SELECT k AS kind_without_fixture
  FROM unnest(ARRAY['forest', 'kmeans', 'pca', 'scaler']) k
 WHERE k NOT IN (SELECT kind FROM fixtures);
SELECT version, count(*) AS inputs FROM fixture_inputs GROUP BY 1 ORDER BY 1;

-- binary input (COPY FORMAT binary, pg_restore -Fc of binary data) loads them too
\copy (SELECT version, kind, model FROM fixtures) TO PROGRAM 'cat > "$PG_ABS_BUILDDIR/model_formats.bin"' WITH (FORMAT binary)
CREATE TABLE fixtures_binary (version text, kind text, model genre.model);
\copy fixtures_binary FROM PROGRAM 'cat "$PG_ABS_BUILDDIR/model_formats.bin"' WITH (FORMAT binary)
SELECT count(*) AS binary_rows, bool_and(b.model::text = f.model::text) AS same_bytes
  FROM fixtures_binary b JOIN fixtures f USING (version, kind);

-- today's outputs on the fixed inputs, computed as the fixture script did
CREATE TABLE outputs_now AS
SELECT 'forest' AS kind, 'predict' AS fn, m.version, i.id, genre.predict(m.model, i.f) AS out
  FROM fixtures m JOIN fixture_inputs i USING (version) WHERE m.kind = 'forest'
UNION ALL SELECT 'forest', 'predict_proba', m.version, i.id, genre.predict_proba(m.model, i.f)::text
  FROM fixtures m JOIN fixture_inputs i USING (version) WHERE m.kind = 'forest'
UNION ALL SELECT 'forest', 'feature_importance', m.version, 0,
       (SELECT array_agg(importance ORDER BY feature)::text FROM genre.feature_importance(m.model))
  FROM fixtures m WHERE m.kind = 'forest'
UNION ALL SELECT 'kmeans', 'kmeans_assign', m.version, i.id, genre.kmeans_assign(m.model, i.f)::text
  FROM fixtures m JOIN fixture_inputs i USING (version) WHERE m.kind = 'kmeans'
UNION ALL SELECT 'kmeans', 'kmeans_distances', m.version, i.id, genre.kmeans_distances(m.model, i.f)::text
  FROM fixtures m JOIN fixture_inputs i USING (version) WHERE m.kind = 'kmeans'
UNION ALL SELECT 'pca', 'pca_transform', m.version, i.id, genre.pca_transform(m.model, i.f)::text
  FROM fixtures m JOIN fixture_inputs i USING (version) WHERE m.kind = 'pca'
UNION ALL SELECT 'scaler', 'scale', m.version, i.id, genre.scale(m.model, i.f)::text
  FROM fixtures m JOIN fixture_inputs i USING (version) WHERE m.kind = 'scaler';

-- Labels and cluster numbers must be equal; numbers (arrays, probabilities)
-- equal to 1e-6 relative, so a change in float summation order passes and a
-- changed model does not.
CREATE FUNCTION pg_temp.same_output(fn text, want text, got text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
SELECT CASE
    WHEN got IS NULL THEN false
    WHEN fn IN ('predict', 'kmeans_assign') THEN want = got
    WHEN fn = 'predict_proba' THEN
        (SELECT array_agg(key ORDER BY key) FROM jsonb_object_keys(want::jsonb) key)
          = (SELECT array_agg(key ORDER BY key) FROM jsonb_object_keys(got::jsonb) key)
        AND (SELECT bool_and(abs(w.value::float8 - (got::jsonb ->> w.key)::float8) <= 1e-6)
               FROM jsonb_each_text(want::jsonb) w)
    ELSE cardinality(want::float8[]) = cardinality(got::float8[])
        AND (SELECT bool_and(abs(w - g) <= 1e-6 * greatest(1, abs(w)))
               FROM unnest(want::float8[], got::float8[]) u(w, g))
    END $$;
SELECT e.version, e.kind, e.fn, count(*) AS checked,
       count(*) FILTER (WHERE NOT pg_temp.same_output(e.fn, e.out, n.out)) AS differ
  FROM fixture_outputs e
  LEFT JOIN outputs_now n USING (version, kind, fn, id)
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
-- the values themselves, for a few inputs (scale and pca_transform of 1001 are
-- numpy's (x - mean) / std: -0.479383, -1.389544, -1.588102, -0.522754 and
-- scikit-learn's PCA(2): 0.914092, -0.491965, the first up to its sign)
SELECT version, kind, fn, id, out FROM outputs_now
 WHERE id IN (0, 1001, 1002) ORDER BY 1, 2, 3, 4;
-- the comparison is not vacuous: a changed output is caught
SELECT pg_temp.same_output('predict', 'rock', 'pop') AS label_changed,
       pg_temp.same_output('pca_transform', '{1,2}', '{1,2.00001}') AS number_moved,
       pg_temp.same_output('pca_transform', '{1,2}', '{1,2.0000001}') AS rounding_only,
       pg_temp.same_output('predict_proba', '{"a": 0.5, "b": 0.5}', '{"a": 0.5, "c": 0.5}') AS class_renamed;

DROP TABLE fixture_files, fixture_inputs, fixture_outputs, fixtures, fixtures_binary, outputs_now;
