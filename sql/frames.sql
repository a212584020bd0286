-- genre.frames(): one row per analysis frame, for plots.

-- 5 s at 22 050 Hz: 1 + 110250 // 512 = 216 frames; times are frame * 512 / 22050
SELECT count(*) AS frames, min(frame) AS first, max(frame) AS last,
       max(abs(time_s - frame * 512 / 22050::float8)) < 1e-12 AS times_exact,
       bool_and(cardinality(mfcc) = 20) AS mfcc_20, bool_and(cardinality(chroma) = 12) AS chroma_12
  FROM clips, genre.frames(audio) f WHERE name = 'sine440_22k_mono';

-- a 440 Hz sine: centroid and roll-off near 440 Hz, chroma peaks at A (index 10)
-- in the steady middle frames, (almost) no onset strength there
SELECT round(avg(centroid)::numeric, 0) AS centroid_hz,
       round(avg(rolloff)::numeric, 0) AS rolloff_hz,
       bool_and(chroma[10] = 1) AS a_is_max,
       max(onset) < 0.01 AS steady_no_onsets
  FROM clips, genre.frames(audio) f
 WHERE name = 'sine440_22k_mono' AND frame BETWEEN 10 AND 200;

-- the per-frame values summarise to the per-feature functions and to librosa
SELECT abs(avg(f.centroid) - r.spectral_centroid_mean::float8)
           <= 1e-4 * r.spectral_centroid_mean::float8 AS centroid_matches_librosa,
       abs(avg(f.zcr) - r.zcr_mean::float8) <= 1e-6 AS zcr_matches_librosa,
       abs(avg(f.mfcc[1]) - r.mfcc1_mean::float8) <= 0.01 AS mfcc1_matches_librosa,
       abs(avg(f.chroma[1]) - (genre.chroma(c.audio))[1]) < 1e-6 AS chroma_matches
  FROM clips c JOIN ref r USING (name), genre.frames(c.audio) f
 WHERE c.name = 'clicks_120bpm_22k_mono'
 GROUP BY c.audio, r.spectral_centroid_mean, r.zcr_mean, r.mfcc1_mean;

-- onsets of the click track: frames with a strong onset are 21-22 frames apart
SELECT array_agg(frame ORDER BY frame) FILTER (WHERE onset > 10) AS onset_frames
  FROM clips, genre.frames(audio, 0, 3) f WHERE name = 'clicks_120bpm_22k_mono';

-- a window: frame numbers restart at 0, NULL audio gives no rows
SELECT count(*) AS frames_in_1s FROM clips, genre.frames(audio, 1, 1) WHERE name = 'sine440_22k_mono';
SELECT count(*) AS null_audio_rows FROM genre.frames(NULL::bytea);

-- bad input
SELECT sqlstate_of($$ SELECT * FROM genre.frames('\x52494646'::bytea) $$);
SELECT sqlstate_of($$ SELECT f.* FROM clips, genre.frames(audio, -0.5) f WHERE name = 'sine440_22k_mono' $$);
