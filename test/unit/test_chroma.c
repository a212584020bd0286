/*
 * test_chroma.c - tuning estimation, chroma filter bank and chroma_stft
 * against librosa 0.10.2's intermediates (test/data/npy).
 */
#include "harness.h"
#include "npy.h"

#include "base/alloc.h"
#include "dsp/chroma_filter.h"
#include "dsp/tuning.h"
#include "features/chroma.h"

#define NPY(clip, name) "test/data/npy/" clip "/" name ".npy"

/* tuning estimates librosa printed (scalars.json: tuning_chroma_stft) */
static void
check_clip(const char *stft_path, const char *chroma_path, const char *basis_path,
		   double tuning_ref)
{
	npy_array	p = npy_load(stft_path);
	npy_array	ref = npy_load(chroma_path);
	npy_array	basis = npy_load(basis_path);
	float	   *power = npy_frame_major_f32(&p);
	int			n_bins = (int) p.rows,
				n_frames = (int) p.cols;
	double		tuning = 99,
				maxdev = 0;
	float	   *w,
			   *chroma;
	genre_status st;
	int			t,
				c,
				k;

	genre_status_clear(&st);
	CHECK(genre_estimate_tuning(power, n_frames, n_bins, 22050, 2048, 12,
								GENRE_PIPTRACK_0_10, &tuning, &st) == GENRE_OK);
	CHECK_NEAR(tuning, tuning_ref, 1e-12);

	/* filter bank with librosa's tuning: float32 exact up to rounding */
	CHECK(genre_chroma_filter(22050, 2048, tuning_ref, &w, &st) == GENRE_OK);
	for (c = 0; c < 12; c++)
		for (k = 0; k < 1025; k++)
		{
			double		d = fabs(w[c * 1025 + k] - basis.v[c * 1025 + k]);

			if (d > maxdev)
				maxdev = d;
		}
	CHECK_NEAR(maxdev, 0, 1e-7);
	genre_free(w);

	CHECK(genre_chroma_stft(power, n_frames, n_bins, 22050, GENRE_PIPTRACK_0_10, &chroma,
							&tuning, &st) == GENRE_OK);
	maxdev = 0;
	for (t = 0; t < n_frames; t++)
		for (c = 0; c < 12; c++)
		{
			double		d = fabs(chroma[t * 12 + c] - ref.v[c * ref.cols + t]);

			if (d > maxdev)
				maxdev = d;
		}
	CHECK(ref.cols == n_frames);
	CHECK_NEAR(maxdev, 0, 1e-5);
	printf("chroma %s: tuning %.2f, max frame deviation %.3g\n", chroma_path, tuning, maxdev);
	genre_free(chroma);
	free(power);
	npy_free(&p);
	npy_free(&ref);
	npy_free(&basis);
}

static void
test_chroma_sine(void)
{
	check_clip(NPY("sine440_22k_mono", "stft_power"), NPY("sine440_22k_mono", "chroma_stft"),
			   NPY("sine440_22k_mono", "chroma_basis_tuned"), 0.020000000000000018);
}

static void
test_chroma_stereo(void)
{
	check_clip(NPY("stereo_44k_16bit", "stft_power"), NPY("stereo_44k_16bit", "chroma_stft"),
			   NPY("stereo_44k_16bit", "chroma_basis_tuned"), -0.07);
}

static void
test_pitch_tuning(void)
{
	/* A4 exactly: residual 0 -> bin [0, 0.01); 20 cents sharp -> 0.2 */
	float		a[3] = {440.0f, 880.0f, 220.0f};
	float		sharp[2] = {440.0f * 1.0116194f, 0.0f};

	CHECK_NEAR(genre_pitch_tuning(a, 3, 12), 0.0, 1e-12);
	CHECK_NEAR(genre_pitch_tuning(sharp, 2, 12), 0.2, 1e-9);
	CHECK_NEAR(genre_pitch_tuning(sharp + 1, 1, 12), 0.0, 0);
}

static void
test_silence(void)
{
	float	   *zeros = calloc(1025 * 4, sizeof(float));
	float	   *chroma;
	double		tuning = 5;
	genre_status st;
	int			i,
				bad = 0;

	genre_status_clear(&st);
	CHECK(genre_chroma_stft(zeros, 4, 1025, 22050, GENRE_PIPTRACK_0_10, &chroma, &tuning,
							&st) == GENRE_OK);
	CHECK(tuning == 0.0);
	for (i = 0; i < 48; i++)
		bad += chroma[i] != 0.0f;
	CHECK(bad == 0);
	genre_free(chroma);
	free(zeros);
}

int
main(void)
{
	RUN(test_pitch_tuning);
	RUN(test_chroma_sine);
	RUN(test_chroma_stereo);
	RUN(test_silence);
	HARNESS_END();
}
