-- genre timings for the same work as sklearn_times.py; run after sql/setup.sql's tables exist
\timing on
CREATE TEMP TABLE bz AS SELECT genre.scale(s.m, g.f) AS z FROM gtzan g, (SELECT genre.scaler_fit(f) AS m FROM gtzan) s;
SELECT genre.scaler_fit(f) IS NOT NULL AS scaler FROM gtzan;
SELECT genre.scaler_fit(f) IS NOT NULL AS scaler FROM gtzan;
SELECT (genre.model_info(genre.kmeans(z, 10))->>'inertia')::float8 AS kmeans_inertia FROM bz;
SELECT (genre.model_info(genre.kmeans(z, 10))->>'inertia')::float8 AS kmeans_inertia FROM bz;
SELECT genre.pca_fit(z, 57) IS NOT NULL AS pca FROM bz;
SELECT genre.pca_fit(z, 57) IS NOT NULL AS pca FROM bz;
SELECT genre.silhouette(z, (random() * 9)::int) IS NOT NULL AS silhouette FROM bz;
