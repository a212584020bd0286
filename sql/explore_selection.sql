-- feature selection: genre.kruskal_wallis, genre.anova_f, genre.polynomial
-- {1,2,3} vs {4,5,6}: rank sums 6 and 15, H = 12/(6*7) (36/3 + 225/3) - 3*7 = 27/7;
-- p = chi-square(1) tail = erfc(sqrt(H/2)) = 0.0495346134 (scipy.stats.kruskal agrees)
CREATE TEMP TABLE two(v float8, g text);
INSERT INTO two VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'b'), (5, 'b'), (6, 'b'), (NULL, 'a'), (7, NULL);
SELECT abs(statistic - 27 / 7.0) < 1e-12 AS h_ok, round(statistic::numeric, 10) AS h,
       round(p_value::numeric, 10) AS p
  FROM (SELECT (genre.kruskal_wallis(v, g)).* FROM two) r;
-- ANOVA: means 2 and 5, SSB = 13.5, SSW = 4, F = 13.5 / (4 / 4) = 13.5;
-- p = I_{4/17.5}(2, 1/2) = 1 - 1.5 s + 0.5 s^3, s = sqrt(13.5/17.5): 0.0213116411 (scipy.stats.f_oneway agrees)
SELECT round(statistic::numeric, 10) AS f, round(p_value::numeric, 10) AS p,
       abs(p_value - (1 - 1.5 * sqrt(13.5 / 17.5) + 0.5 * sqrt(13.5 / 17.5) ^ 3)) < 1e-12 AS p_ok
  FROM (SELECT (genre.anova_f(v, g)).* FROM two) r;
-- ties: {1,2,2} vs {2,3,4}: ranks 1,3,3 | 3,5,6, H = 7/3 divided by 1 - (27 - 3)/(216 - 6) = 245/93;
-- p = erfc(sqrt(H/2)) = 0.1045709931
SELECT round(statistic::numeric, 10) AS h, round((245 / 93.0)::numeric, 10) AS by_hand, round(p_value::numeric, 10) AS p
  FROM (SELECT (genre.kruskal_wallis(v, g)).*
          FROM (VALUES (1, 'x'), (2, 'x'), (2, 'x'), (2, 'y'), (3, 'y'), (4, 'y')) t(v, g)) r;

-- GTZAN chroma_stft_mean (slot 1) across the 10 genres, against scipy 1.10:
-- kruskal H 617.8692874455276, p 3.056398547122662e-127;
-- f_oneway F 176.45328235861106, p 7.683149829867841e-199
SELECT abs(k.statistic / 617.8692874455276 - 1) < 1e-9 AS h_ok,
       abs(k.p_value / 3.056398547122662e-127 - 1) < 1e-6 AS kw_p_ok,
       abs(a.statistic / 176.45328235861106 - 1) < 1e-9 AS f_ok,
       abs(a.p_value / 7.683149829867841e-199 - 1) < 1e-6 AS anova_p_ok
  FROM (SELECT (genre.kruskal_wallis(f[1], label)).* FROM gtzan) k,
       (SELECT (genre.anova_f(f[1], label)).* FROM gtzan) a;
-- ranking the 57 slots by H: scipy puts slots 1, 16, 6, 7, 9 first
SELECT array_agg(i ORDER BY h DESC) AS top5
  FROM (SELECT i, (genre.kruskal_wallis(f[i], label)).statistic AS h
          FROM gtzan, generate_series(1, 57) i GROUP BY i ORDER BY h DESC LIMIT 5) t;

-- polynomial features in scikit-learn's order: 1, a, b, a^2, ab, b^2, a^3, a^2 b, a b^2, b^3
SELECT genre.polynomial('{2,3}', 3) AS deg3, genre.polynomial('{2,3}', 1) AS deg1,
       genre.polynomial('{1,2,3}', 2) AS deg2;
-- C(57 + 3, 3) = 34220 outputs for a GTZAN row
SELECT cardinality(genre.polynomial(f, 3)) AS n FROM gtzan WHERE id = 1;
