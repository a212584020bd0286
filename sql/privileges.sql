-- Nothing in genre needs superuser: an ordinary role extracts features,
-- trains, stores and uses models.
CREATE ROLE genre_analyst LOGIN;
GRANT SELECT ON clips, gtzan TO genre_analyst;
SET ROLE genre_analyst;
SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser;
SELECT round(genre.spectral_centroid(audio)::numeric, 2) AS centroid
  FROM clips WHERE name = 'sine440_22k_mono';
INSERT INTO genre.models(name, model)
SELECT 'analyst_rf', genre.train_forest(f, label, '{"trees": 10, "seed": 1}') FROM gtzan;
SELECT genre.predict('analyst_rf', f) = label AS correct, count(*)
  FROM gtzan GROUP BY 1 ORDER BY 1;
SELECT genre.model_info(model)->>'kind' AS kind FROM genre.models WHERE name = 'analyst_rf';
SELECT genre.drop_model('analyst_rf');
RESET ROLE;
-- a non-superuser who owns a database can also install the extension (trusted)
SELECT extname, (SELECT trusted FROM pg_available_extension_versions v
                  WHERE v.name = e.extname AND v.version = e.extversion) AS trusted
  FROM pg_extension e WHERE extname = 'genre';
DROP OWNED BY genre_analyst;
DROP ROLE genre_analyst;
