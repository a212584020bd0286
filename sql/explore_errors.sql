-- exploration: bad input is an ERROR with the right SQLSTATE, never a crash
CREATE TEMP TABLE pts(v real[]);
INSERT INTO pts VALUES ('{1,2}'), ('{2,3}'), ('{5,1}'), ('{1,2}');
-- k < 1, k above the distinct rows (3), unknown or bad options (22023)
SELECT genre.kmeans(v, 0) FROM pts;
SELECT sqlstate_of($$SELECT genre.kmeans(v, 0) FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 4) FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 2, '{"n_inits": 3}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 2, '{"n_init": 0}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 2, '{"max_iter": 1.5}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 2, '{"tol": "small"}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 2, '[1]') FROM pts$$);
-- n_components out of range
SELECT sqlstate_of($$SELECT genre.pca_fit(v, 3) FROM pts$$);
SELECT sqlstate_of($$SELECT genre.pca_fit(v, 0) FROM pts$$);
SELECT sqlstate_of($$SELECT genre.pca_fit(v, 1) FROM pts WHERE v = '{5,1}'$$);
-- mixed vector lengths
SELECT sqlstate_of($$SELECT genre.scaler_fit(v) FROM (VALUES ('{1,2}'::real[]), ('{1,2,3}')) t(v)$$);
SELECT sqlstate_of($$SELECT genre.pca_fit(v, 1) FROM (VALUES ('{1,2}'::real[]), ('{1}')) t(v)$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 1) FROM (VALUES ('{1,2}'::real[]), ('{1}')) t(v)$$);
SELECT sqlstate_of($$SELECT genre.silhouette(v, c) FROM (VALUES ('{1,2}'::real[], 1), ('{1}', 2)) t(v, c)$$);
-- NaN, infinity, NULL elements, empty and 2-D vectors
SELECT sqlstate_of($$SELECT genre.scaler_fit(v) FROM (VALUES ('{1,NaN}'::real[])) t(v)$$);
SELECT sqlstate_of($$SELECT genre.kmeans(v, 1) FROM (VALUES ('{1,Infinity}'::real[])) t(v)$$);
SELECT sqlstate_of($$SELECT genre.pca_fit(v, 1) FROM (VALUES ('{1,NULL}'::real[])) t(v)$$);
SELECT sqlstate_of($$SELECT genre.scaler_fit(v) FROM (VALUES ('{}'::real[])) t(v)$$);
SELECT sqlstate_of($$SELECT genre.scaler_fit(v) FROM (VALUES ('{{1,2},{3,4}}'::real[])) t(v)$$);
SELECT sqlstate_of($$SELECT genre.kruskal_wallis(v, 'a') FROM (VALUES ('NaN'::float8)) t(v)$$);
-- models applied to vectors of the wrong length
SELECT sqlstate_of($$SELECT genre.scale(genre.scaler_fit(v), '{1,2,3}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.pca_transform(genre.pca_fit(v, 1), '{1}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans_assign(genre.kmeans(v, 2), '{1}') FROM pts$$);
-- wrong model kind (42809)
SELECT genre.scale(genre.kmeans(v, 2), '{1,2}') FROM pts;
SELECT sqlstate_of($$SELECT genre.pca_transform(genre.scaler_fit(v), '{1,2}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans_distances(genre.pca_fit(v, 1), '{1,2}') FROM pts$$);
-- corrupt models (22P03): a flipped payload byte fails the checksum; crafted payloads with a
-- valid checksum fail the loaders' checks (made with Python's struct and the envelope's FNV-1a):
-- k = 2^32 - 1, cluster sizes that do not sum to n_samples, a NaN mean, n_components > dims
SELECT sqlstate_of($$SELECT genre.scale(
    replace(encode(set_byte(decode(genre.scaler_fit(v)::text, 'base64'), 30, 255), 'base64'), E'\n', '')::genre.model,
    '{1,2}') FROM pts$$);
SELECT sqlstate_of($$SELECT genre.kmeans_assign('R05STQEAAgAkAAAAAAAAAAADwI2252WTAQAAAP////8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '{1}')$$);
SELECT sqlstate_of($$SELECT genre.kmeans_assign('R05STQEAAgAsAAAAAAAAACW9+qN32gWRAQAAAAEAAAAFAAAAAAAAAAEAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA=', '{1}')$$);
SELECT sqlstate_of($$SELECT genre.model_info('R05STQEAAgAsAAAAAAAAACW9+qN32gWRAQAAAAEAAAAFAAAAAAAAAAEAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAA=')$$);
SELECT sqlstate_of($$SELECT genre.scale('R05STQEABAA8AAAAAAAAAKZ2MZ2blRRsAgAAAAAAAAAAAAhAAAAAAAAA+H8AAAAAAAAAAAAAAAAAAPA/AAAAAAAA8D8AAAAAAADwPwAAAAAAAPA/', '{1,2}')$$);
SELECT sqlstate_of($$SELECT genre.pca_transform('R05STQEAAwCIAAAAAAAAABkPPjHzJE+tAgAAAAMAAAAAAAAAAAAQQAAAAAAAAPA/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==', '{1,2}')$$);
-- silhouette needs 2 .. n-1 clusters
SELECT sqlstate_of($$SELECT genre.silhouette(v, 1) FROM pts$$);
SELECT sqlstate_of($$SELECT genre.silhouette(v, c) FROM (VALUES ('{1}'::real[], 1), ('{2}', 2)) t(v, c)$$);
-- group tests: one group, all values identical, no variance within groups
SELECT sqlstate_of($$SELECT genre.kruskal_wallis(v, 'a') FROM (VALUES (1.0), (2.0)) t(v)$$);
SELECT sqlstate_of($$SELECT genre.kruskal_wallis(1.0, g) FROM (VALUES ('a'), ('b'), ('a')) t(g)$$);
SELECT sqlstate_of($$SELECT genre.anova_f(v, g) FROM (VALUES (1.0, 'a'), (1.0, 'a'), (2.0, 'b')) t(v, g)$$);
-- polynomial: degree out of range (22023), over the size limit (54000)
SELECT sqlstate_of($$SELECT genre.polynomial('{1,2}', 4)$$);
SELECT sqlstate_of($$SELECT genre.polynomial(array_fill(1::real, ARRAY[200]), 3)$$);
-- transition functions refuse to run outside an aggregate
SELECT sqlstate_of($$SELECT genre.kmeans_trans(NULL, '{1}', 1)$$);
