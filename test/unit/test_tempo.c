/*
 * test_tempo.c - onset envelope, tempogram, tempo and beats against
 * librosa 0.10.2's intermediates (test/data/npy).
 */
#include "harness.h"
#include "npy.h"

#include "base/alloc.h"
#include "base/npsum.h"
#include "dsp/beat.h"
#include "dsp/onset.h"
#include "dsp/tempo.h"

#define NPY(clip, name) "test/data/npy/" clip "/" name ".npy"

/* onset envelope of a clip from its mel dB spectrogram; returns max deviation */
static float *
onset_of(const char *db_path, const char *ref_path, genre_onset_aggregate agg, int *n,
		 double *maxdev)
{
	npy_array	db = npy_load(db_path);
	npy_array	ref = npy_load(ref_path);
	float	   *fm = npy_frame_major_f32(&db);
	float	   *env = malloc(sizeof(float) * db.cols);
	genre_status st;
	int			t;

	genre_status_clear(&st);
	CHECK(genre_onset_strength(fm, (int) db.cols, (int) db.rows, agg, env, &st) == GENRE_OK);
	*maxdev = 0;
	for (t = 0; t < db.cols; t++)
		if (fabs(env[t] - ref.v[t]) > *maxdev)
			*maxdev = fabs(env[t] - ref.v[t]);
	CHECK(ref.rows == db.cols);
	*n = (int) db.cols;
	free(fm);
	npy_free(&db);
	npy_free(&ref);
	return env;
}

static void
test_onset_clicks(void)
{
	double		dev;
	int			n;
	float	   *e;

	e = onset_of(NPY("clicks_120bpm_22k_mono", "melspec_db"),
				 NPY("clicks_120bpm_22k_mono", "onset_env_median"), GENRE_ONSET_MEDIAN, &n, &dev);
	CHECK(n == 862);
	CHECK_NEAR(dev, 0, 0);		/* bit-exact */
	free(e);
	e = onset_of(NPY("clicks_120bpm_22k_mono", "melspec_db"),
				 NPY("clicks_120bpm_22k_mono", "onset_env_mean"), GENRE_ONSET_MEAN, &n, &dev);
	CHECK_NEAR(dev, 0, 1e-5);
	free(e);
}

static void
test_tempo_clicks(void)
{
	npy_array	ref = npy_load(NPY("clicks_120bpm_22k_mono", "tempogram_mean"));
	npy_array	beats = npy_load(NPY("clicks_120bpm_22k_mono", "beats"));
	double		dev,
				g[GENRE_TEMPOGRAM_LAGS],
				maxdev = 0,
				bpm;
	int			n,
				k,
				nb,
				*frames,
				same = 1;
	float	   *e = onset_of(NPY("clicks_120bpm_22k_mono", "melspec_db"),
							 NPY("clicks_120bpm_22k_mono", "onset_env_median"),
							 GENRE_ONSET_MEDIAN, &n, &dev);
	genre_status st;

	genre_status_clear(&st);
	CHECK(genre_tempogram_mean(e, n, g, &st) == GENRE_OK);
	for (k = 0; k < GENRE_TEMPOGRAM_LAGS; k++)
		if (fabs(g[k] - ref.v[k]) > maxdev)
			maxdev = fabs(g[k] - ref.v[k]);
	CHECK_NEAR(maxdev, 0, 1e-12);

	CHECK(genre_beat_track(e, n, 22050, 512, &bpm, &frames, &nb, &st) == GENRE_OK);
	/* 60 * 22050 / (512 * 22): librosa's quantised 117.45 BPM */
	CHECK_NEAR(bpm, 117.45383522727273, 1e-9);
	CHECK(nb == beats.rows);
	for (k = 0; k < nb && k < beats.rows; k++)
		same &= frames[k] == (int) beats.v[k];
	CHECK(same);
	for (k = 1; k < nb; k++)
		CHECK(frames[k] - frames[k - 1] == 22 || frames[k] - frames[k - 1] == 21
			  || frames[k] - frames[k - 1] == 23);
	printf("clicks: tempo %.4f, %d beats, first %d %d %d\n", bpm, nb, frames[0], frames[1],
		   frames[2]);
	genre_free(frames);
	free(e);
	npy_free(&ref);
	npy_free(&beats);
}

static void
test_tones_no_tempo(void)
{
	double		dev,
				bpm = -1;
	int			n,
				nb = -1,
				*frames;
	float	   *e = onset_of(NPY("sine440_22k_mono", "melspec_db"),
							 NPY("sine440_22k_mono", "onset_env_median"),
							 GENRE_ONSET_MEDIAN, &n, &dev);
	genre_status st;

	genre_status_clear(&st);
	CHECK_NEAR(dev, 0, 0);
	CHECK(genre_beat_track(e, n, 22050, 512, &bpm, &frames, &nb, &st) == GENRE_OK);
	CHECK(bpm == 0.0);
	CHECK(nb == 0 && frames == NULL);
	free(e);
	e = onset_of(NPY("stereo_44k_16bit", "melspec_db"),
				 NPY("stereo_44k_16bit", "onset_env_median"), GENRE_ONSET_MEDIAN, &n, &dev);
	CHECK_NEAR(dev, 0, 0);
	CHECK(genre_beat_track(e, n, 22050, 512, &bpm, &frames, &nb, &st) == GENRE_OK);
	CHECK(bpm == 0.0 && nb == 0);
	free(e);
}

static void
test_numpy_sum(void)
{
	float		x[1000];
	int			i;

	/* sums of small integers are exact in any order */
	for (i = 0; i < 1000; i++)
		x[i] = (float) (i % 7);
	CHECK(genre_np_sum_f32(x, 1000) == 2997.0f);
	CHECK(genre_np_sum_f32(x, 0) == 0.0f);
}

/*
 * The tempogram as librosa defines it, computed directly: each frame's
 * autocorrelation summed lag by lag (the slow reference).
 */
static void
tempogram_mean_direct(const float *onset, int n, double *mean_ac)
{
	const int	w = GENRE_TEMPOGRAM_LAGS,
				half = w / 2;
	double	   *padded = malloc(sizeof(double) * (n + 2 * half)),
				win[GENRE_TEMPOGRAM_LAGS],
				frame[GENRE_TEMPOGRAM_LAGS];
	int			i,
				t,
				k;

	for (i = 0; i < half; i++)
	{
		padded[i] = (float) (i * ((double) onset[0] / half));
		padded[half + n + i] = (float) ((half - 1 - i) * ((double) onset[n - 1] / half));
	}
	for (t = 0; t < n; t++)
		padded[half + t] = onset[t];
	for (k = 0; k < w; k++)
	{
		win[k] = 0.5 - 0.5 * cos(2.0 * M_PI * k / w);
		mean_ac[k] = 0;
	}
	for (t = 0; t < n; t++)
	{
		double		norm = 0;

		for (k = 0; k < w; k++)
			frame[k] = padded[t + k] * win[k];
		for (i = 0; i < w; i++)
			norm += frame[i] * frame[i];
		if (norm < 2.2250738585072014e-308)
			norm = 1;
		for (k = 0; k < w; k++)
		{
			double		acc = 0;

			for (i = 0; i + k < w; i++)
				acc += frame[i] * frame[i + k];
			mean_ac[k] += acc / norm;
		}
	}
	for (k = 0; k < w; k++)
		mean_ac[k] /= n;
	free(padded);
}

/*
 * The sliding tempogram against the direct one where running sums are at
 * their worst: loud bursts next to near-silence, exact silence longer than
 * a window, a lone click in silence, a quiet tail.
 */
static void
test_tempogram_sliding(void)
{
	int			n = 4000,
				t,
				k;
	float	   *e = malloc(sizeof(float) * n);
	double		fast[GENRE_TEMPOGRAM_LAGS],
				ref[GENRE_TEMPOGRAM_LAGS],
				dev = 0;
	unsigned	seed = 12345;
	genre_status st;

	genre_status_clear(&st);
	for (t = 0; t < n; t++)
	{
		float		r;

		seed = seed * 1103515245u + 12345u;
		r = (float) ((seed >> 8) & 0xffff) / 65536.0f;
		if (t < 900)
			e[t] = r < 0.3f ? 0.0f : r * 20.0f;
		else if (t < 1000)
			e[t] = r * 1e3f;	/* a loud burst */
		else if (t < 1300)
			e[t] = r * 1e-4f;	/* right after it, near silence */
		else if (t < 2000)
			e[t] = t == 1700 ? 5.0f : 0.0f; /* silence with one click */
		else
			e[t] = (t % 43 == 0) ? 10.0f : r * 0.01f;
	}
	CHECK(genre_tempogram_mean(e, n, fast, &st) == GENRE_OK);
	tempogram_mean_direct(e, n, ref);
	for (k = 0; k < GENRE_TEMPOGRAM_LAGS; k++)
		dev = fmax(dev, fabs(fast[k] - ref[k]));
	CHECK_NEAR(dev, 0, 1e-12);
	printf("tempogram: sliding sums vs direct autocorrelation, max |dev| %.3g\n", dev);
	free(e);
}

static int
cmp_f32(const void *a, const void *b)
{
	float		x = *(const float *) a,
				y = *(const float *) b;

	return (x > y) - (x < y);
}

/* the median envelope against sorting each frame's rises, for odd and even band counts */
static void
test_onset_median_counts(void)
{
	int			bands[] = {1, 2, 3, 4, 7, 8, 128, 129};
	unsigned	seed = 5;
	int			bi,
				bad = 0;
	genre_status st;

	genre_status_clear(&st);
	for (bi = 0; bi < 8; bi++)
	{
		int			nm = bands[bi],
					nf = 200,
					t,
					m;
		float	   *db = malloc(sizeof(float) * nm * nf),
				   *env = malloc(sizeof(float) * nf),
					d[129];

		for (t = 0; t < nf * nm; t++)
		{
			seed = seed * 1103515245u + 12345u;
			/* few levels, so rises of 0 and ties are common */
			db[t] = (float) ((seed >> 16) % (t % 3 == 0 ? 3 : 40)) - 20.0f;
		}
		CHECK(genre_onset_strength(db, nf, nm, GENRE_ONSET_MEDIAN, env, &st) == GENRE_OK);
		for (t = 3; t < nf; t++)
		{
			float		want;

			for (m = 0; m < nm; m++)
			{
				float		x = db[(t - 2) * nm + m] - db[(t - 3) * nm + m];

				d[m] = x > 0.0f ? x : 0.0f;
			}
			qsort(d, nm, sizeof(float), cmp_f32);
			want = nm % 2 ? d[nm / 2] : (d[nm / 2 - 1] + d[nm / 2]) / 2.0f;
			bad += env[t] != want;
		}
		free(db);
		free(env);
	}
	CHECK(bad == 0);
}

static void
test_short_and_bad(void)
{
	float		e[5] = {0, 0, 0, 1, 0};
	double		bpm;
	int		   *frames,
				nb;
	genre_status st;

	genre_status_clear(&st);
	CHECK(genre_beat_track(e, 5, 22050, 512, &bpm, &frames, &nb, &st) == GENRE_OK);
	CHECK(bpm > 0 && bpm < 320);
	genre_free(frames);
	CHECK(genre_beat_track_frames(e, 5, 22050, 512, 0.0, &frames, &nb, &st) == GENRE_EINVAL);
}

/* Frame t of the window-w tempogram as librosa defines it, directly (out[0..w)). */
static void
tempogram_frame_direct(const float *onset, int n, int w, int t, double *out)
{
	const int	half = w / 2;
	double		frame[GENRE_TEMPOGRAM_WIN_MAX],
				norm;
	int			i,
				k;

	for (k = 0; k < w; k++)
	{
		int			j = t + k - half;	/* index into the envelope; outside it the linear ramps */
		double		x;

		if (j < 0)
			x = (float) ((j + half) * ((double) onset[0] / half));
		else if (j >= n)
			x = (float) ((half - 1 - (j - n)) * ((double) onset[n - 1] / half));
		else
			x = onset[j];
		frame[k] = x * (0.5 - 0.5 * cos(2.0 * M_PI * k / w));
	}
	for (k = 0; k < w; k++)
	{
		out[k] = 0;
		for (i = 0; i + k < w; i++)
			out[k] += frame[i] * frame[i + k];
	}
	norm = out[0] < 2.2250738585072014e-308 ? 1 : out[0];
	for (k = 0; k < w; k++)
		out[k] /= norm;
}

/*
 * genre_tempogram (librosa.feature.tempogram, win_length 384) on the 120 BPM
 * clicks' onset envelope: frames at the edges, inside and in the ramps
 * against the direct definition; with win_length 344 its mean over frames
 * is genre_tempogram_mean's, bit for bit (one code path).
 */
static void
test_tempogram_matrix(void)
{
	npy_array	env = npy_load(NPY("clicks_120bpm_22k_mono", "onset_env_median"));
	int			n = (int) (env.rows * env.cols),
				frames[] = {0, 1, 150, 431, 700, 861},
				peak = 0;
	float	   *e = malloc(sizeof(float) * n);
	double	   *tg = malloc(sizeof(double) * GENRE_TEMPOGRAM_WIN_MAX * n),
				ref[GENRE_TEMPOGRAM_WIN_MAX],
				mean[GENRE_TEMPOGRAM_LAGS],
				dev = 0;
	genre_status st;

	genre_status_clear(&st);
	CHECK(n == 862);
	for (int t = 0; t < n; t++)
		e[t] = (float) env.v[t];
	CHECK(genre_tempogram(e, n, GENRE_TEMPOGRAM_WIN_MAX, tg, &st) == GENRE_OK);
	for (size_t f = 0; f < sizeof(frames) / sizeof(frames[0]); f++)
	{
		int			t = frames[f];

		tempogram_frame_direct(e, n, GENRE_TEMPOGRAM_WIN_MAX, t, ref);
		CHECK(tg[t] == 1.0);	/* lag 0, inf-normalised */
		for (int k = 0; k < GENRE_TEMPOGRAM_WIN_MAX; k++)
			dev = fmax(dev, fabs(tg[(size_t) k * n + t] - ref[k]));
	}
	CHECK_NEAR(dev, 0, 1e-12);
	printf("tempogram(384): %zu frames vs direct autocorrelation, max |dev| %.3g\n",
		   sizeof(frames) / sizeof(frames[0]), dev);
	/* mid-clip the strongest non-zero lag is the beat period: 22 frames (117.45 BPM) */
	for (int k = 10; k < 40; k++)
		if (tg[(size_t) k * n + 431] > tg[(size_t) peak * n + 431] || peak == 0)
			peak = k;
	CHECK(peak == 22);

	CHECK(genre_tempogram(e, n, GENRE_TEMPOGRAM_LAGS, tg, &st) == GENRE_OK);
	CHECK(genre_tempogram_mean(e, n, mean, &st) == GENRE_OK);
	for (int k = 0; k < GENRE_TEMPOGRAM_LAGS; k++)
	{
		double		m = 0;

		for (int t = 0; t < n; t++)
			m += tg[(size_t) k * n + t];
		CHECK(m / n == mean[k]);
	}
	CHECK(genre_tempogram(e, n, 385, tg, &st) == GENRE_EINVAL);
	CHECK(genre_tempogram(e, n, 343, tg, &st) == GENRE_EINVAL);
	CHECK(genre_tempogram(e, n, 0, tg, &st) == GENRE_EINVAL);
	free(tg);
	free(e);
	npy_free(&env);
}

int
main(void)
{
	RUN(test_numpy_sum);
	RUN(test_onset_clicks);
	RUN(test_tempo_clicks);
	RUN(test_tones_no_tempo);
	RUN(test_tempogram_sliding);
	RUN(test_tempogram_matrix);
	RUN(test_onset_median_counts);
	RUN(test_short_and_bad);
	HARNESS_END();
}
