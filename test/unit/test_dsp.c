/*
 * test_dsp.c - STFT / ISTFT, padding, plan and bank cache, mel bank,
 * power_to_db and DCT against hand-computed values and librosa's numbers.
 */
#include "harness.h"

#include "base/alloc.h"
#include "base/rng.h"
#include "dsp/db.h"
#include "dsp/dct.h"
#include "dsp/median.h"
#include "dsp/mel.h"
#include "dsp/plan_cache.h"
#include "dsp/stft.h"

#include <complex.h>
#include <string.h>

static genre_plan_cache *cache;

/* numpy.pad's documented examples: a = [1..5], pad (2, 3). */
static void
test_padding_modes(void)
{
	const float a[5] = {1, 2, 3, 4, 5};
	const float reflect[10] = {3, 2, 1, 2, 3, 4, 5, 4, 3, 2};
	const float edge[10] = {1, 1, 1, 2, 3, 4, 5, 5, 5, 5};
	const float one[1] = {7};
	int			i;

	for (i = 0; i < 10; i++)
	{
		CHECK(genre_padded_sample(a, 5, i - 2, GENRE_PAD_REFLECT) == reflect[i]);
		CHECK(genre_padded_sample(a, 5, i - 2, GENRE_PAD_EDGE) == edge[i]);
		CHECK(genre_padded_sample(a, 5, i - 2, GENRE_PAD_ZEROS) == (i >= 2 && i < 7 ? a[i - 2] : 0));
	}
	/* numpy's iterated reflection of a short array is periodic with period 2(n-1) */
	CHECK(genre_padded_sample(a, 5, -9, GENRE_PAD_REFLECT) == 2);
	CHECK(genre_padded_sample(a, 5, 13, GENRE_PAD_REFLECT) == 4);
	/* a single sample repeats (numpy's legacy behaviour) */
	CHECK(genre_padded_sample(one, 1, -5, GENRE_PAD_REFLECT) == 7);
	CHECK(genre_padded_sample(one, 1, 5, GENRE_PAD_EDGE) == 7);
}

/* scipy.signal.get_window('hann', 8): 0, .1464, .5, .8536, 1, .8536, .5, .1464 */
static void
test_window(void)
{
	double		w[8];

	genre_window_values(GENRE_WINDOW_HANN, 8, w);
	CHECK_NEAR(w[0], 0.0, 1e-15);
	CHECK_NEAR(w[1], 0.14644660940672624, 1e-15);
	CHECK_NEAR(w[2], 0.5, 1e-15);
	CHECK_NEAR(w[4], 1.0, 1e-15);
	CHECK_NEAR(w[7], w[1], 1e-15);
	genre_window_values(GENRE_WINDOW_ONES, 8, w);
	CHECK(w[3] == 1.0);
	CHECK(genre_bin_frequency(1, 22050, 2048) == 22050.0 / 2048);
	CHECK(genre_bin_frequency(1024, 22050, 2048) == 11025.0);
}

/* Frames, a DC signal and a direct DFT of a random signal. */
static void
test_stft_values(void)
{
	genre_stft_params p = genre_stft_defaults();
	genre_stft_result s;
	genre_status st;
	genre_rng	rng;
	float	   *y = malloc(sizeof(float) * 5000);
	double		w[2048];
	double		max_err = 0;
	int			i,
				t,
				k;

	genre_status_clear(&st);
	CHECK(p.n_fft == 2048 && p.hop == 512 && p.center && p.pad == GENRE_PAD_ZEROS);
	for (i = 0; i < 5000; i++)
		y[i] = 1.0f;
	CHECK(genre_stft(cache, y, 5000, &p, &s, &st) == GENRE_OK);
	CHECK(s.n_frames == 1 + 5000 / 512 && s.n_bins == 1025);
	/* interior frame of ones: bin 0 is the window's sum, 1024; bin 1 of a periodic Hann is -512 */
	CHECK_NEAR(crealf(s.x[4 * 1025]), 1024.0, 1e-3);
	CHECK_NEAR(crealf(s.x[4 * 1025 + 1]), -512.0, 1e-3);
	CHECK_NEAR(cabsf(s.x[4 * 1025 + 2]), 0.0, 1e-3);
	/* frame 0 with zero padding: the window's second half, w[1024..2047], sums to 512.5 */
	CHECK_NEAR(crealf(s.x[0]), 512.5, 1e-3);
	genre_stft_free(&s);

	genre_rng_seed(&rng, 42);
	for (i = 0; i < 5000; i++)
		y[i] = (float) (genre_rng_double(&rng) * 2 - 1);
	p.pad = GENRE_PAD_REFLECT;
	CHECK(genre_stft(cache, y, 5000, &p, &s, &st) == GENRE_OK);
	genre_window_values(GENRE_WINDOW_HANN, 2048, w);
	for (t = 0; t < s.n_frames; t += 3)
		for (k = 0; k < 1025; k += 97)
		{
			double complex acc = 0;
			int			j;

			for (j = 0; j < 2048; j++)
				acc += w[j] * genre_padded_sample(y, 5000, t * 512 - 1024 + j, GENRE_PAD_REFLECT)
					* cexp(-2 * M_PI * I * (double) k * j / 2048);
			if (cabs(acc - s.x[(size_t) t * 1025 + k]) / (cabs(acc) + 1) > max_err)
				max_err = cabs(acc - s.x[(size_t) t * 1025 + k]) / (cabs(acc) + 1);
		}
	CHECK(max_err < 1e-6);

	/* the magnitude without the complex spectrum is the same, bit for bit */
	{
		float	   *mag,
				   *direct;
		int			nf,
					nb;
		size_t		q;
		int			same = 1;

		CHECK(genre_stft_magnitude(&s, &mag, &st) == GENRE_OK);
		CHECK(genre_stft_magnitude_direct(cache, y, 5000, &p, &direct, &nf, &nb, &st) == GENRE_OK);
		CHECK(nf == s.n_frames && nb == s.n_bins);
		for (q = 0; q < (size_t) nf * nb; q++)
			same &= mag[q] == direct[q];
		CHECK(same);
		genre_free(mag);
		genre_free(direct);
	}
	genre_stft_free(&s);
	free(y);
}

/* librosa.istft(stft(y), length=n) gives y back (Hann, hop n_fft/4). */
static void
test_istft_roundtrip(void)
{
	genre_stft_params p = genre_stft_defaults();
	genre_stft_result s;
	genre_status st;
	genre_rng	rng;
	size_t		n = 10000,
				m;
	float	   *y = malloc(sizeof(float) * n);
	float	   *back;
	double		max_err = 0;
	size_t		i;

	genre_status_clear(&st);
	genre_rng_seed(&rng, 7);
	for (i = 0; i < n; i++)
		y[i] = (float) (genre_rng_double(&rng) - 0.5);
	CHECK(genre_stft(cache, y, n, &p, &s, &st) == GENRE_OK);
	CHECK(genre_istft(cache, &s, &p, (long) n, &back, &m, &st) == GENRE_OK);
	CHECK(m == n);
	for (i = 0; i < n; i++)
		if (fabs(back[i] - y[i]) > max_err)
			max_err = fabs(back[i] - y[i]);
	CHECK(max_err < 1e-6);
	genre_free(back);

	/* default length: hop * (frames - 1) = the signal cut to whole hops */
	CHECK(genre_istft(cache, &s, &p, -1, &back, &m, &st) == GENRE_OK);
	CHECK(m == 512 * (n / 512));
	CHECK(fabs(back[100] - y[100]) < 1e-6);
	genre_free(back);

	/* a longer target length is zero beyond the frames */
	CHECK(genre_istft(cache, &s, &p, (long) n + 5000, &back, &m, &st) == GENRE_OK);
	CHECK(m == n + 5000);
	CHECK(back[n + 4000] == 0.0f);
	genre_free(back);

	/* mismatched n_fft */
	p.n_fft = 1024;
	CHECK(genre_istft(cache, &s, &p, -1, &back, &m, &st) == GENRE_EINVAL);
	genre_stft_free(&s);
	free(y);
}

static void
test_stft_errors(void)
{
	genre_stft_params p = genre_stft_defaults();
	genre_stft_result s;
	genre_status st;
	float		y[100] = {0};

	genre_status_clear(&st);
	CHECK(genre_stft(cache, y, 0, &p, &s, &st) == GENRE_EINVAL);
	CHECK(s.x == NULL);
	p.center = 0;
	CHECK(genre_stft(cache, y, 100, &p, &s, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "shorter than n_fft") != NULL);
	p = genre_stft_defaults();
	p.hop = 0;
	CHECK(genre_stft(cache, y, 100, &p, &s, &st) == GENRE_EINVAL);
	p = genre_stft_defaults();
	p.n_fft = 1;
	CHECK(genre_stft(cache, y, 100, &p, &s, &st) == GENRE_EINVAL);
	/* rectangular window, non-centred, exact length */
	p = genre_stft_defaults();
	p.n_fft = 64;
	p.hop = 16;
	p.center = 0;
	p.window = GENRE_WINDOW_ONES;
	CHECK(genre_stft(cache, y, 100, &p, &s, &st) == GENRE_OK);
	CHECK(s.n_frames == 1 + (100 - 64) / 16 && s.n_bins == 33);
	genre_stft_free(&s);
}

/* Plans are made once; transforms match their definitions; banks are kept and bounded. */
static void
test_plan_cache(void)
{
	genre_status st;
	genre_plan_cache *c = genre_plan_cache_create();
	const genre_fft *a,
			   *b;
	float		w[4] = {1, 2, 3, 4};
	double		key[2] = {1, 2};
	const genre_bank *bank,
			   *first;
	int			i;

	genre_status_clear(&st);
	a = genre_fft_get(c, GENRE_FFT_R2C, 16, &st);
	b = genre_fft_get(c, GENRE_FFT_R2C, 16, &st);
	CHECK(a != NULL && a == b);
	CHECK(genre_fft_get(c, GENRE_FFT_C2R, 16, &st) != a);
	CHECK(genre_fft_get(c, GENRE_FFT_R2C, 0, &st) == NULL && st.code == GENRE_EINVAL);

	/* c2c forward of a delta at 1 is exp(-2 pi i k / n) */
	a = genre_fft_get(c, GENRE_FFT_C2C_FORWARD, 8, &st);
	CHECK(a != NULL);
	if (a)
	{
		fftw_complex *in = a->in,
				   *out = a->out;

		memset(in, 0, sizeof(fftw_complex) * 8);
		in[1][0] = 1;
		genre_fft_execute(a);
		CHECK_NEAR(out[2][0], 0.0, 1e-15);
		CHECK_NEAR(out[2][1], -1.0, 1e-15);
	}
	a = genre_fft_get(c, GENRE_FFT_C2C_BACKWARD, 8, &st);
	CHECK(a != NULL);
	if (a)
	{
		fftw_complex *in = a->in,
				   *out = a->out;

		memset(in, 0, sizeof(fftw_complex) * 8);
		in[1][0] = 1;
		genre_fft_execute(a);
		CHECK_NEAR(out[2][1], 1.0, 1e-15);
	}

	CHECK(genre_bank_find(c, "test", key, 2) == NULL);
	first = genre_bank_put(c, "test", key, 2, 2, 2, w, &st);
	CHECK(first != NULL && first->rows == 2 && first->w[3] == 4.0f);
	CHECK(genre_bank_find(c, "test", key, 2) == first);
	CHECK(genre_bank_find(c, "other", key, 2) == NULL);
	CHECK(genre_bank_put(c, "test", key, 2, 2, 2, w, &st) == first);
	/* bounded: the oldest goes once there are many, the newest stay */
	for (i = 0; i < 300; i++)
	{
		key[1] = 100 + i;
		bank = genre_bank_put(c, "test", key, 2, 2, 2, w, &st);
		CHECK(bank != NULL);
	}
	key[1] = 2;
	CHECK(genre_bank_find(c, "test", key, 2) == NULL);
	key[1] = 100 + 299;
	CHECK(genre_bank_find(c, "test", key, 2) == bank);
	genre_plan_cache_destroy(c);
	genre_plan_cache_destroy(NULL);
}

/* Slaney mel: librosa.filters.mel(sr=22050, n_fft=2048) values, bit for bit. */
static void
test_mel(void)
{
	genre_status st;
	const genre_bank *bank,
			   *again;
	float		power[2 * 1025];
	float	   *m;
	int			k;

	genre_status_clear(&st);
	CHECK_NEAR(genre_hz_to_mel(1000), 15.0, 1e-12);
	CHECK_NEAR(genre_hz_to_mel(200.0), 3.0, 1e-12);
	CHECK_NEAR(genre_mel_to_hz(genre_hz_to_mel(4000)), 4000, 1e-9);
	CHECK(genre_mel_basis(cache, 22050, 2048, 128, 0, 0, &bank, &st) == GENRE_OK);
	CHECK(bank->rows == 128 && bank->cols == 1025);
	/* frames/npy/<clip>/mel_basis.npy of the reference set */
	CHECK(bank->w[0 * 1025 + 1] == 0x1.0923cep-6f);
	CHECK(bank->w[0 * 1025 + 2] == 0x1.0923cep-5f);
	CHECK(bank->w[10 * 1025 + 24] == 0x1.6c815ap-11f);
	CHECK(bank->w[127 * 1025 + 1000] == 0x1.99c372p-9f);
	CHECK(bank->w[127 * 1025 + 1024] == 0.0f);
	CHECK(bank->w[0] == 0.0f && bank->w[5] == 0.0f);
	CHECK(genre_mel_basis(cache, 22050, 2048, 128, 0, 11025, &again, &st) == GENRE_OK);
	CHECK(again == bank);
	CHECK(genre_mel_basis(cache, 22050, 2048, 128, 100, 50, &again, &st) == GENRE_EINVAL);

	/* a flat power spectrum: band m gets the sum of its weights */
	for (k = 0; k < 2 * 1025; k++)
		power[k] = k < 1025 ? 1.0f : 0.0f;
	CHECK(genre_mel_apply(bank, power, 0, 2, &m, &st) == GENRE_OK);
	{
		double		sum = 0;

		for (k = 0; k < 1025; k++)
			sum += bank->w[5 * 1025 + k];
		CHECK_NEAR(m[5], sum, 1e-6);
	}
	CHECK(m[128 + 5] == 0.0f);
	genre_free(m);
}

static void
test_power_to_db(void)
{
	float		x[5] = {1.0f, 0.0f, 1e-12f, 100.0f, 1e-3f};

	genre_power_to_db(x, 5, 1e-10, 80.0);
	CHECK(x[0] == 0.0f);
	CHECK(x[3] == 20.0f);
	CHECK(x[1] == -60.0f && x[2] == -60.0f);	/* floored at max - 80 */
	CHECK_NEAR(x[4], -30.0, 1e-5);
	x[0] = 0.0f;
	genre_power_to_db(x, 1, 1e-10, 80.0);
	CHECK(x[0] == -100.0f);
	x[0] = 0.0f;
	x[1] = 1e10f;
	genre_power_to_db(x, 2, 1e-10, -1);	/* no floor */
	CHECK(x[0] == -100.0f && x[1] == 100.0f);
}

static void
test_dct(void)
{
	genre_status st;
	float		in[2 * 128],
				out[2 * 20];
	int			m;

	genre_status_clear(&st);
	for (m = 0; m < 128; m++)
	{
		in[m] = -100.0f;
		/* the third basis vector (j = 2) with unit norm */
		in[128 + m] = (float) (sqrt(2.0 / 128) * cos(M_PI * 2 * (2 * m + 1) / 256.0));
	}
	CHECK(genre_dct2_ortho(in, 2, 128, 20, out, &st) == GENRE_OK);
	CHECK_NEAR(out[0], -100.0 * sqrt(128.0), 1e-3);
	CHECK_NEAR(out[1], 0.0, 1e-4);
	CHECK_NEAR(out[20 + 2], 1.0, 1e-6);
	CHECK_NEAR(out[20 + 3], 0.0, 1e-6);
	CHECK(genre_dct2_ortho(in, 1, 128, 129, out, &st) == GENRE_EINVAL);
}

static int
cmp_f32(const void *a, const void *b)
{
	float		x = *(const float *) a,
				y = *(const float *) b;

	return (x > y) - (x < y);
}

/* selection gives np.median's value: middle element, or mean of the two in float32 */
static void
test_median(void)
{
	float		x[301],
				sorted[301];
	double		d[301];
	int			n,
				trial,
				i,
				bad = 0;
	unsigned	seed = 7;

	for (trial = 0; trial < 2000; trial++)
	{
		n = 1 + trial % 301;
		for (i = 0; i < n; i++)
		{
			seed = seed * 1103515245u + 12345u;
			/* few distinct values in some trials: many ties */
			x[i] = trial % 3 == 0 ? (float) ((seed >> 16) % 5) : (float) (seed >> 8) / 3.0e6f;
			if (trial % 7 == 0)
				x[i] = (float) i;	/* sorted input */
			sorted[i] = x[i];
			d[i] = x[i];
		}
		qsort(sorted, n, sizeof(float), cmp_f32);
		{
			float		want = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0f;
			double		want64 = n % 2 ? sorted[n / 2]
				: ((double) sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2.0;

			bad += genre_median_f32(x, (size_t) n) != want;
			bad += genre_median_f64(d, (size_t) n) != want64;
		}
	}
	CHECK(bad == 0);
}

int
main(void)
{
	cache = genre_plan_cache_create();
	RUN(test_padding_modes);
	RUN(test_window);
	RUN(test_stft_values);
	RUN(test_istft_roundtrip);
	RUN(test_stft_errors);
	RUN(test_plan_cache);
	RUN(test_mel);
	RUN(test_power_to_db);
	RUN(test_dct);
	RUN(test_median);
	genre_plan_cache_destroy(cache);
	HARNESS_END();
}
