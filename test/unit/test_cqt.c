/*
 * test_cqt.c - multi-rate CQT, CQT chroma and tonnetz against librosa
 * 0.10.2's intermediates of the same signal (test/data/npy).
 */
#include "harness.h"
#include "npy.h"

#include "base/alloc.h"
#include "dsp/cqt.h"
#include "features/tonnetz.h"

#define NPY(clip, name) "test/data/npy/" clip "/" name ".npy"

static double
max_dev_f32(const float *mine, int n_frames, int rows, const npy_array *ref, double rel_floor)
{
	double		m = 0;
	int			t,
				r;

	for (t = 0; t < n_frames; t++)
		for (r = 0; r < rows; r++)
		{
			double		a = mine[(size_t) t * rows + r],
						b = ref->v[(size_t) r * ref->cols + t];
			double		d = fabs(a - b) / (rel_floor > 0 ? fmax(fabs(b), rel_floor) : 1.0);

			if (d > m)
				m = d;
		}
	return m;
}

static void
check_clip(const char *clip, double tuning_ref)
{
	char		path[256];
	npy_array	y,
				cqt,
				chroma,
				ton;
	float	   *sig,
			   *mag,
			   *chr;
	double	   *tz,
				tuning = 99,
				dev;
	int			nf,
				i;
	genre_status st;
	genre_plan_cache *cache = genre_plan_cache_create();

	genre_status_clear(&st);
	snprintf(path, sizeof(path), "test/data/npy/%s/y.npy", clip);
	y = npy_load(path);
	snprintf(path, sizeof(path), "test/data/npy/%s/cqt_mag_252x36.npy", clip);
	cqt = npy_load(path);
	snprintf(path, sizeof(path), "test/data/npy/%s/chroma_cqt.npy", clip);
	chroma = npy_load(path);
	snprintf(path, sizeof(path), "test/data/npy/%s/tonnetz.npy", clip);
	ton = npy_load(path);
	sig = malloc(sizeof(float) * y.rows);
	for (i = 0; i < y.rows; i++)
		sig[i] = (float) y.v[i];

	CHECK(genre_cqt_magnitude(cache, sig, y.rows, 22050, &mag, &nf, &tuning, &st) == GENRE_OK);
	CHECK_NEAR(tuning, tuning_ref, 1e-12);
	CHECK(nf == cqt.cols);
	/* relative to the bin's value, floor 1e-4 of the clip's scale */
	dev = max_dev_f32(mag, nf, GENRE_CQT_BINS, &cqt, 1e-3);
	CHECK_NEAR(dev, 0, 1e-3);
	printf("%s: cqt tuning %.2f, max rel deviation %.3g\n", clip, tuning, dev);
	genre_free(mag);

	CHECK(genre_tonnetz_frames(cache, sig, y.rows, 22050, &tz, &chr, &nf, &st) == GENRE_OK);
	dev = max_dev_f32(chr, nf, 12, &chroma, 0);
	CHECK_NEAR(dev, 0, 1e-4);
	printf("%s: chroma_cqt max deviation %.3g\n", clip, dev);
	dev = 0;
	for (i = 0; i < nf * GENRE_N_TONNETZ; i++)
	{
		int			t = i / GENRE_N_TONNETZ,
					p = i % GENRE_N_TONNETZ;

		dev = fmax(dev, fabs(tz[i] - ton.v[p * ton.cols + t]));
	}
	CHECK_NEAR(dev, 0, 1e-4);
	printf("%s: tonnetz max deviation %.3g\n", clip, dev);
	genre_free(tz);
	genre_free(chr);
	free(sig);
	npy_free(&y);
	npy_free(&cqt);
	npy_free(&chroma);
	npy_free(&ton);
	genre_plan_cache_destroy(cache);
}

static void
test_cqt_sine(void)
{
	check_clip("sine440_22k_mono", 0.030000000000000027);
}

static void
test_cqt_stereo(void)
{
	check_clip("stereo_44k_16bit", 0.040000000000000036);
}

static void
test_tonnetz_projection(void)
{
	/* a pure C: phi[:, 0] = (cos(-pi/2), cos 0, cos(-pi/2), cos 0, .5 cos(-pi/2), .5 cos 0) */
	float		c[12] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	double		t[6];

	genre_chroma_to_tonnetz(c, 1, t);
	CHECK_NEAR(t[0], 0, 1e-12);
	CHECK_NEAR(t[1], 1, 1e-12);
	CHECK_NEAR(t[2], 0, 1e-12);
	CHECK_NEAR(t[3], 1, 1e-12);
	CHECK_NEAR(t[4], 0, 1e-12);
	CHECK_NEAR(t[5], 0.5, 1e-12);
	/* equal chroma: every projection sums to ~0 */
	for (int i = 0; i < 12; i++)
		c[i] = 0.5f;
	genre_chroma_to_tonnetz(c, 1, t);
	for (int i = 0; i < 6; i++)
		CHECK_NEAR(t[i], 0, 1e-7);
}

static void
test_short_signal(void)
{
	float		y[100];
	float	   *mag;
	int			nf,
				i;
	genre_status st;
	genre_plan_cache *cache = genre_plan_cache_create();

	genre_status_clear(&st);
	for (i = 0; i < 100; i++)
		y[i] = (float) sin(i * 0.3);
	CHECK(genre_cqt_magnitude(cache, y, 100, 22050, &mag, &nf, NULL, &st) == GENRE_OK);
	CHECK(nf >= 1);
	genre_free(mag);
	CHECK(genre_cqt_magnitude(cache, y, 0, 22050, &mag, &nf, NULL, &st) == GENRE_EBADDATA);
	genre_plan_cache_destroy(cache);
}

int
main(void)
{
	RUN(test_tonnetz_projection);
	RUN(test_cqt_sine);
	RUN(test_cqt_stereo);
	RUN(test_short_signal);
	HARNESS_END();
}
