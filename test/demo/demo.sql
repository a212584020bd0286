-- genre demo: the workflow of the two studies, inside PostgreSQL.
-- Run by `make demo` (test/demo/run) with :data (fixtures) and :out (plots).
\pset footer off
\pset null '-'
CREATE EXTENSION genre;

\echo
\echo '== 1. Audio stored as bytea: the bundled clips'
-- psql reads the files on the client side: the server needs no access to them
CREATE TEMP TABLE demo_files (path text, b64 text);
\copy demo_files FROM PROGRAM 'cd "$GENRE_DATA" && for f in audio/real/* audio/synth/*.wav; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
CREATE TABLE tracks AS
SELECT f.name, f.style, f.offset_s, f.duration_s,
       (SELECT decode(b64, 'base64') FROM demo_files d WHERE d.path = f.file) AS audio
  FROM (VALUES
    ('fof_muldjord_chaos_god', 'metal/rock', 'audio/real/fof_muldjord_chaos_god.ogg', 45.0, 40.0),
    ('asc_frontiers', 'electronic', 'audio/real/asc_frontiers.mp3', 45.0, 40.0),
    ('wesnoth_traveling_minstrels', 'folk', 'audio/real/wesnoth_traveling_minstrels.ogg', 45.0, 40.0),
    ('sox_pluck_melody', 'synthetic melody', 'audio/synth/sox_pluck_melody_44k_mono.wav', 0.0, NULL),
    ('clicks_120bpm', 'synthetic clicks', 'audio/synth/clicks_120bpm_22k_mono.wav', 0.0, NULL),
    ('cmajor_chord', 'synthetic chord', 'audio/synth/cmajor_chord_22k_mono.wav', 0.0, NULL),
    ('white_noise', 'synthetic noise', 'audio/synth/white_noise_22k_mono.wav', 0.0, NULL)
  ) AS f(name, style, file, offset_s, duration_s);

SELECT t.name, i.format, i.sample_rate, i.channels, round(i.duration_s::numeric, 1) AS seconds
  FROM tracks t, genre.audio_info(t.audio) i ORDER BY t.name;

\echo
\echo '== 2. Features (librosa 0.10 definitions; real music: 40 s after skipping 45 s, as the studies did)'
ALTER TABLE tracks ADD COLUMN f real[];
UPDATE tracks SET f = genre.features(audio, offset_s, duration_s);
SELECT name,
       round(genre.tempo(audio, offset_s, duration_s)::numeric, 1) AS tempo_bpm,
       round(f[array_position(genre.feature_names(), 'spectral_centroid_mean')]::numeric) AS centroid_hz,
       round(f[array_position(genre.feature_names(), 'zcr_mean')]::numeric, 4) AS zcr,
       round(f[array_position(genre.feature_names(), 'mfcc1_mean')]::numeric, 1) AS mfcc1,
       round(f[array_position(genre.feature_names(), 'mfcc2_mean')]::numeric, 1) AS mfcc2,
       cardinality(f) AS slots
  FROM tracks ORDER BY name;

\echo
\echo '== 3. The public GTZAN feature table (1000 tracks, 10 genres, 57 features)'
CREATE TEMP TABLE gtzan_csv (filename text, length int, chroma_stft_mean real, chroma_stft_var real,
    rms_mean real, rms_var real, spectral_centroid_mean real, spectral_centroid_var real,
    spectral_bandwidth_mean real, spectral_bandwidth_var real, rolloff_mean real, rolloff_var real,
    zero_crossing_rate_mean real, zero_crossing_rate_var real, harmony_mean real, harmony_var real,
    perceptr_mean real, perceptr_var real, tempo real,
    mfcc1_mean real, mfcc1_var real, mfcc2_mean real, mfcc2_var real, mfcc3_mean real, mfcc3_var real,
    mfcc4_mean real, mfcc4_var real, mfcc5_mean real, mfcc5_var real, mfcc6_mean real, mfcc6_var real,
    mfcc7_mean real, mfcc7_var real, mfcc8_mean real, mfcc8_var real, mfcc9_mean real, mfcc9_var real,
    mfcc10_mean real, mfcc10_var real, mfcc11_mean real, mfcc11_var real, mfcc12_mean real, mfcc12_var real,
    mfcc13_mean real, mfcc13_var real, mfcc14_mean real, mfcc14_var real, mfcc15_mean real, mfcc15_var real,
    mfcc16_mean real, mfcc16_var real, mfcc17_mean real, mfcc17_var real, mfcc18_mean real, mfcc18_var real,
    mfcc19_mean real, mfcc19_var real, mfcc20_mean real, mfcc20_var real, label text);
\copy gtzan_csv FROM PROGRAM 'cat "$GENRE_DATA/gtzan_features_30_sec.csv"' WITH (FORMAT csv, HEADER true)
CREATE TABLE gtzan AS
SELECT filename, label,
       (SELECT array_agg(v ORDER BY ord)::real[]
          FROM jsonb_each_text(to_jsonb(c) - 'filename' - 'length' - 'label') WITH ORDINALITY AS e(k, v, ord0)
          JOIN unnest(genre.feature_names('gtzan')) WITH ORDINALITY AS n(name, ord) ON n.name = e.k) AS f
  FROM gtzan_csv c;
SELECT label AS genre, count(*) AS tracks FROM gtzan GROUP BY label ORDER BY label;

\echo
\echo '== 4. Exploration: standardise, PCA to 2-D, k-means for k = 2..12'
INSERT INTO genre.models(name, model) SELECT 'scaler', genre.scaler_fit(f) FROM gtzan;
ALTER TABLE gtzan ADD COLUMN z real[];
UPDATE gtzan SET z = genre.scale((SELECT genre.find_model('scaler')), f);
INSERT INTO genre.models(name, model) SELECT 'pca2', genre.pca_fit(z, 2) FROM gtzan;
SELECT round((genre.model_info(model)->'explained_variance_ratio'->>0)::numeric, 3) AS pc1_variance,
       round((genre.model_info(model)->'explained_variance_ratio'->>1)::numeric, 3) AS pc2_variance
  FROM genre.models WHERE owner = current_user AND name = 'pca2';
ALTER TABLE gtzan ADD COLUMN xy real[];
UPDATE gtzan SET xy = genre.pca_transform((SELECT genre.find_model('pca2')), z);

CREATE TEMP TABLE k_study AS
SELECT k, genre.kmeans(z, k, '{"seed": 0, "n_init": 4}') AS model FROM gtzan, generate_series(2, 12) k GROUP BY k;
CREATE TEMP TABLE k_quality AS
SELECT s.k, round((genre.model_info(s.model)->>'inertia')::numeric) AS inertia, q.silhouette
  FROM k_study s,
       LATERAL (SELECT round(genre.silhouette(g.z, genre.kmeans_assign(s.model, g.z))::numeric, 3) AS silhouette
                  FROM gtzan g) q;
SELECT * FROM k_quality ORDER BY k;

\echo
\echo '== 5. Clusters against the real genres (k = 10)'
CREATE TEMP TABLE assigned AS
SELECT g.label, g.xy, genre.kmeans_assign(s.model, g.z) AS cluster
  FROM gtzan g, k_study s WHERE s.k = 10;
SELECT round(genre.adjusted_rand_index(label, cluster)::numeric, 3) AS ari,
       round(genre.normalized_mutual_info(label, cluster)::numeric, 3) AS nmi
  FROM assigned;
SELECT label AS genre, string_agg(cluster || ':' || n, ' ' ORDER BY n DESC) AS "clusters (cluster:tracks)"
  FROM (SELECT label, cluster, count(*) AS n FROM assigned GROUP BY label, cluster) x
 GROUP BY label ORDER BY label;

\pset format unaligned
\pset tuples_only on
\o :out'pca_by_genre.svg'
SELECT genre.plot_scatter(xy[1], xy[2], label, 'GTZAN: PCA of the standardised features, by genre') FROM assigned;
\o :out'pca_by_cluster.svg'
SELECT genre.plot_scatter(xy[1], xy[2], 'cluster ' || cluster, 'GTZAN: PCA, by k-means cluster (k = 10)') FROM assigned;
\o :out'k_study.svg'
SELECT genre.plot_line(k, v, series) FROM (
    SELECT k, inertia / (SELECT max(inertia) FROM k_quality) AS v, 'inertia (relative)' AS series FROM k_quality
    UNION ALL SELECT k, silhouette, 'silhouette' FROM k_quality) s;
\o :out'clusters_vs_genres.svg'
SELECT genre.plot_confusion(label, 'cluster ' || cluster) FROM assigned;
\o
\pset format aligned
\pset tuples_only off

\echo
\echo '== 6. Random forest: train on folds 1-9, test on fold 0'
ALTER TABLE gtzan ADD COLUMN fold int;
UPDATE gtzan SET fold = genre.fold(filename, 10);
INSERT INTO genre.models(name, model)
SELECT 'rf_gtzan', genre.train_forest(f, label, '{"trees": 300, "seed": 0}') FROM gtzan WHERE fold <> 0;
SELECT genre.model_info(model)->>'kind' AS kind, genre.model_info(model)->>'trees' AS trees,
       round((genre.model_info(model)->>'oob_accuracy')::numeric, 3) AS oob_accuracy
  FROM genre.models WHERE owner = current_user AND name = 'rf_gtzan';
CREATE TEMP TABLE predicted AS
SELECT label AS actual, genre.predict('rf_gtzan', f) AS predicted FROM gtzan WHERE fold = 0;

\echo
\echo '== 7. Classification report on the held-out fold'
SELECT c.key AS class,
       round((c.value->>'precision')::numeric, 2) AS precision,
       round((c.value->>'recall')::numeric, 2) AS recall,
       round((c.value->>'f1-score')::numeric, 2) AS f1,
       (c.value->>'support')::int AS support
  FROM (SELECT genre.classification_report(actual, predicted) AS r FROM predicted) x,
       jsonb_each(x.r) c
 WHERE jsonb_typeof(c.value) = 'object'
 ORDER BY c.key ~ ' avg', c.key;
SELECT round((genre.classification_report(actual, predicted)->>'accuracy')::numeric, 3) AS accuracy FROM predicted;
\pset format unaligned
\pset tuples_only on
\o :out'confusion.svg'
SELECT genre.plot_confusion(actual, predicted) FROM predicted;
\o
\pset format aligned
\pset tuples_only off

\echo
\echo '== 8. The forest trained on the public table classifies the stored audio (gtzan layout, 30 s after 45 s)'
SELECT name, style,
       genre.predict('rf_gtzan', genre.features(audio, offset_s, 30, 'gtzan')) AS predicted_genre,
       (SELECT string_agg(key || ' ' || round(value::numeric, 2), ', ' ORDER BY value::numeric DESC)
          FROM (SELECT * FROM jsonb_each_text(genre.predict_proba(
                   (SELECT genre.find_model('rf_gtzan')),
                   genre.features(audio, offset_s, 30, 'gtzan'))) ORDER BY value::numeric DESC LIMIT 3) p
       ) AS top3
  FROM tracks WHERE offset_s > 0 ORDER BY name;

\echo
\echo '== 9. Feature selection: the features that separate the genres most (Kruskal-Wallis H, ANOVA F)'
SELECT n.name AS feature,
       round((genre.kruskal_wallis(g.f[n.i], g.label)).statistic::numeric, 1) AS kruskal_h,
       to_char((genre.kruskal_wallis(g.f[n.i], g.label)).p_value, '9.9EEEE') AS kw_p,
       round((genre.anova_f(g.f[n.i], g.label)).statistic::numeric, 1) AS anova_f
  FROM gtzan g, unnest(genre.feature_names('gtzan')) WITH ORDINALITY AS n(name, i)
 GROUP BY n.name, n.i ORDER BY kruskal_h DESC LIMIT 8;

\echo
\echo '== 10. Imbalance and cluster-distance features (the second study)'
-- an imbalanced training set: keep every 5th rock, disco and country track
CREATE TEMP TABLE imbalanced AS
SELECT * FROM gtzan
 WHERE fold <> 0 AND (label NOT IN ('rock', 'disco', 'country') OR genre.fold(filename, 5, 1) = 0);
CREATE TEMP TABLE synthetic AS
SELECT label, features AS f FROM unnest((SELECT genre.smote(f, label, 5, 0) FROM imbalanced));
SELECT i.label AS genre, i.n AS tracks, coalesce(s.n, 0) AS smote_rows
  FROM (SELECT label, count(*) n FROM imbalanced GROUP BY label) i
  LEFT JOIN (SELECT label, count(*) n FROM synthetic GROUP BY label) s USING (label)
 ORDER BY i.label;
-- distances to the k = 3 centres appended to the standardised features
CREATE TEMP TABLE with_distances AS
SELECT g.filename, g.label, g.fold, g.z || genre.kmeans_distances(s.model, g.z) AS zd
  FROM gtzan g, k_study s WHERE s.k = 3;
SELECT variant, round(avg((genre.predict(m, f) = label)::int)::numeric, 3) AS fold0_accuracy
  FROM (SELECT 'imbalanced, plain' AS variant,
               (SELECT genre.train_forest(f, label, '{"trees": 200}') FROM imbalanced) AS m
        UNION ALL
        SELECT 'imbalanced, class_weight balanced',
               (SELECT genre.train_forest(f, label, '{"trees": 200, "class_weight": "balanced"}') FROM imbalanced)
        UNION ALL
        SELECT 'imbalanced + SMOTE rows',
               (SELECT genre.train_forest(f, label, '{"trees": 200}')
                  FROM (SELECT f, label FROM imbalanced UNION ALL SELECT f, label FROM synthetic) x)) v,
       gtzan WHERE fold = 0 GROUP BY variant
UNION ALL
SELECT 'all folds 1-9, standardised',
       round(avg((genre.predict(m, z) = label)::int)::numeric, 3)
  FROM gtzan, (SELECT genre.train_forest(z, label, '{"trees": 200}') AS m FROM gtzan WHERE fold <> 0) t
 WHERE fold = 0
UNION ALL
SELECT 'all folds 1-9, standardised + cluster distances',
       round(avg((genre.predict(m, zd) = label)::int)::numeric, 3)
  FROM with_distances,
       (SELECT genre.train_forest(zd, label, '{"trees": 200}') AS m FROM with_distances WHERE fold <> 0) t
 WHERE fold = 0
ORDER BY 1;

\echo
\echo '== 11. Seeing the music: spectrogram and chromagram with beats, means with intervals, normality, UMAP'
SELECT name, array_length(genre.spectrogram(audio, 'mel', offset_s, duration_s), 1) AS mel_bands,
       array_length(genre.spectrogram(audio, 'mel', offset_s, duration_s), 2) AS frames,
       cardinality(genre.beats(audio, offset_s, duration_s)) AS beats
  FROM tracks WHERE name = 'fof_muldjord_chaos_god';
-- tempo (f[17] of the table) by genre: mean and 95 % interval, and whether it looks normal
SELECT label AS genre, (r).n, round((r).mean::numeric, 1) AS mean_bpm,
       round((r).ci_low::numeric, 1) AS ci_low, round((r).ci_high::numeric, 1) AS ci_high,
       round((t).p_value::numeric, 3) AS normal_test_p
  FROM (SELECT label, genre.mean_ci(f[17]::float8) AS r, genre.normal_test(f[17]::float8) AS t
          FROM gtzan GROUP BY label) s ORDER BY label;
INSERT INTO genre.models(name, model) SELECT 'umap2', genre.umap_fit(z, 2, '{"seed": 0}') FROM gtzan;
SELECT genre.model_info(model)->>'n_neighbors' AS n_neighbors, genre.model_info(model)->>'n_epochs' AS n_epochs,
       genre.model_info(model)->>'graph_components' AS graph_components
  FROM genre.models WHERE name = 'umap2';
ALTER TABLE gtzan ADD COLUMN uv real[];
UPDATE gtzan SET uv = genre.umap_transform((SELECT model FROM genre.models WHERE name = 'umap2'), z);
\pset format unaligned
\pset tuples_only on
\o :out'umap_by_genre.svg'
SELECT genre.plot_scatter(uv[1], uv[2], label, 'GTZAN: UMAP of the standardised features, by genre') FROM gtzan;
\o :out'spectrogram_mel.svg'
SELECT genre.plot_spectrogram(audio, 'mel', offset_s, duration_s, 'fof_muldjord_chaos_god: mel spectrogram, beats', true)
  FROM tracks WHERE name = 'fof_muldjord_chaos_god';
\o :out'chromagram.svg'
SELECT genre.plot_spectrogram(audio, 'chroma', offset_s, duration_s, 'fof_muldjord_chaos_god: chromagram, beats', true)
  FROM tracks WHERE name = 'fof_muldjord_chaos_god';
\o :out'waveform.svg'
SELECT genre.plot_waveform(audio, offset_s, duration_s, 'fof_muldjord_chaos_god: waveform, beats', true)
  FROM tracks WHERE name = 'fof_muldjord_chaos_god';
\o :out'tempo_means.svg'
SELECT genre.plot_means(f[17]::float8, label, 'GTZAN: tempo by genre, mean and 95 % interval') FROM gtzan;
\o :out'tempo_qq.svg'
SELECT genre.plot_qq(f[17]::float8, 'GTZAN: tempo against the normal (QQ)') FROM gtzan;
\o
\pset format aligned
\pset tuples_only off

\echo
\echo '== 12. One call from audio to a label: a forest trained on stored audio, stored with its recipe'
-- training rows: 5 s windows of each stored track (the real music from 45 s on,
-- where section 2 looked), labelled with the track's style
CREATE TEMP TABLE demo_windows AS
SELECT t.name, t.style, genre.features(t.audio, t.offset_s + 5 * k, 5) AS f
  FROM tracks t, genre.audio_info(t.audio) i,
       generate_series(0, floor((coalesce(t.duration_s, i.duration_s - t.offset_s)) / 5)::int - 1) k;
-- the recipe: the first 60 s in 5 s segments, standardised, soft vote over the segments
INSERT INTO genre.models(name, model)
SELECT 'demo_rf', genre.pipeline(
           (SELECT genre.train_forest(genre.scale(s.sc, f), style, '{"trees": 100}') FROM demo_windows),
           'genre', '{"offset_s": 0, "duration_s": 60, "segment_s": 5, "vote": "soft"}', ARRAY[s.sc])
  FROM (SELECT genre.scaler_fit(f) AS sc FROM demo_windows) s;
SELECT genre.model_info(model)->>'recipe' AS recipe,
       (SELECT count(*) FROM demo_windows) AS training_windows
  FROM genre.models WHERE name = 'demo_rf';
-- classify decodes each track, cuts the segments, scales, predicts and votes:
-- no feature column to keep aligned by hand (the real tracks' first 45 s were
-- never seen in training)
SELECT t.name, t.style, genre.classify(t.audio, 'demo_rf') AS classified,
       round((SELECT max(value::numeric) FROM jsonb_each_text(genre.classify_proba(t.audio, 'demo_rf'))), 2)
         AS vote_share
  FROM tracks t ORDER BY t.name;
