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

int
main(void)
{
	RUN(test_numpy_sum);
	RUN(test_onset_clicks);
	RUN(test_tempo_clicks);
	RUN(test_tones_no_tempo);
	RUN(test_short_and_bad);
	HARNESS_END();
}
