/*
 * mel.c - librosa.filters.mel (Slaney) and its product with a spectrogram.
 *
 * The bank is computed in float64 with the same operations librosa uses
 * (numpy linspace, subtract.outer, the slope intersection) and stored as
 * float32, the Slaney area norm applied to the float32 weights in float64 and
 * rounded again, as librosa's in-place `weights *= enorm` does.
 */
#include "dsp/mel.h"

#include "base/alloc.h"
#include "dsp/simd.h"
#include "dsp/stft.h"

#include <math.h>

#define F_SP (200.0 / 3)
#define MIN_LOG_HZ 1000.0
#define MIN_LOG_MEL ((MIN_LOG_HZ - 0.0) / F_SP)
#define LOGSTEP (log(6.4) / 27.0)

double
genre_hz_to_mel(double hz)
{
	if (hz >= MIN_LOG_HZ)
		return MIN_LOG_MEL + log(hz / MIN_LOG_HZ) / LOGSTEP;
	return (hz - 0.0) / F_SP;
}

double
genre_mel_to_hz(double mel)
{
	if (mel >= MIN_LOG_MEL)
		return MIN_LOG_HZ * exp(LOGSTEP * (mel - MIN_LOG_MEL));
	return 0.0 + F_SP * mel;
}

/* Fill w (n_mels x n_bins) exactly as librosa.filters.mel does. */
static genre_code
build_mel(double sr, int n_fft, int n_mels, double fmin, double fmax, float *w,
		  genre_status *st)
{
	int			n_bins = n_fft / 2 + 1;
	int			n_pts = n_mels + 2;
	double	   *mel_f = genre_alloc(sizeof(double) * n_pts);
	double	   *freqs = genre_alloc(sizeof(double) * n_bins);
	double		min_mel = genre_hz_to_mel(fmin);
	double		max_mel = genre_hz_to_mel(fmax);
	double		step = (max_mel - min_mel) / (n_pts - 1);
	int			i,
				k;

	if (mel_f == NULL || freqs == NULL)
	{
		genre_free(mel_f);
		genre_free(freqs);
		return genre_fail_nomem(st);
	}
	/* np.linspace: i * step + start, the last point exactly stop */
	for (i = 0; i < n_pts; i++)
		mel_f[i] = genre_mel_to_hz(i == n_pts - 1 ? max_mel : i * step + min_mel);
	for (k = 0; k < n_bins; k++)
		freqs[k] = genre_bin_frequency(k, sr, n_fft);

	for (i = 0; i < n_mels; i++)
	{
		double		fdiff_lo = mel_f[i + 1] - mel_f[i];
		double		fdiff_hi = mel_f[i + 2] - mel_f[i + 1];
		double		enorm = 2.0 / (mel_f[i + 2] - mel_f[i]);

		for (k = 0; k < n_bins; k++)
		{
			double		lower = -(mel_f[i] - freqs[k]) / fdiff_lo;
			double		upper = (mel_f[i + 2] - freqs[k]) / fdiff_hi;
			double		v = lower < upper ? lower : upper;
			float		wf = (float) (v > 0.0 ? v : 0.0);

			w[(size_t) i * n_bins + k] = (float) ((double) wf * enorm);
		}
	}
	genre_free(mel_f);
	genre_free(freqs);
	return GENRE_OK;
}

genre_code
genre_mel_basis(genre_plan_cache *cache, double sr, int n_fft, int n_mels,
				double fmin, double fmax, const genre_bank **bank, genre_status *st)
{
	double		key[5];
	float	   *w;
	int			n_bins;

	*bank = NULL;
	if (fmax <= 0.0)
		fmax = sr / 2.0;
	if (!(sr > 0.0) || !isfinite(sr) || n_fft < 2 || n_fft > (1 << 20) ||
		n_mels < 1 || n_mels > 4096 || !(fmin >= 0.0) || !(fmax > fmin) || !isfinite(fmax))
		return genre_fail(st, GENRE_EINVAL, "bad mel filter bank parameters");
	key[0] = sr;
	key[1] = n_fft;
	key[2] = n_mels;
	key[3] = fmin;
	key[4] = fmax;
	*bank = genre_bank_find(cache, "mel", key, 5);
	if (*bank)
		return GENRE_OK;

	n_bins = n_fft / 2 + 1;
	w = genre_calloc((size_t) n_mels * n_bins, sizeof(float));
	if (w == NULL)
		return genre_fail_nomem(st);
	if (build_mel(sr, n_fft, n_mels, fmin, fmax, w, st) != GENRE_OK)
	{
		genre_free(w);
		return st->code;
	}
	*bank = genre_bank_put(cache, "mel", key, 5, n_mels, n_bins, w, st);
	genre_free(w);
	return *bank ? GENRE_OK : st->code;
}

/*
 * The mel rows of four frames p[0..4) into acc (band-major, four per band):
 * librosa's float32 matrix product (BLAS sgemm) sums in its own order; a
 * float64 sum rounded once differs by ~1e-7 relative.  The power is
 * p * p in float32 when square is set, like np.abs(S) ** 2.
 */
GENRE_KERNEL void
mel_rows(const genre_bank *bank, const float *const *p, int square, const int *lo,
		 const int *hi, float *acc)
{
	int			i,
				k;

	for (i = 0; i < bank->rows; i++)
	{
		const float *row = bank->w + (size_t) i * bank->cols;
		genre_d4	a = {0};
		genre_f4	r;

		for (k = lo[i]; k < hi[i]; k++)
		{
			genre_f4	x = {p[0][k], p[1][k], p[2][k], p[3][k]};
			double		wk = row[k];
			genre_d4	w = {wk, wk, wk, wk};

			if (square)
				x = x * x;
			a += w * __builtin_convertvector(x, genre_d4);
		}
		r = __builtin_convertvector(a, genre_f4);
		GENRE_VSTORE(acc + 4 * i, r);
	}
}

static void
mel_rows_base(const genre_bank *bank, const float *const *p, int square, const int *lo,
			  const int *hi, float *acc)
{
	mel_rows(bank, p, square, lo, hi, acc);
}

GENRE_AVX2 static void
mel_rows_avx2(const genre_bank *bank, const float *const *p, int square, const int *lo,
			  const int *hi, float *acc)
{
	mel_rows(bank, p, square, lo, hi, acc);
}

genre_code
genre_mel_apply(const genre_bank *bank, const float *spec, int square, int n_frames,
				float **out, genre_status *st)
{
	float	   *m;

	*out = NULL;
	if (n_frames < 0)
		return genre_fail(st, GENRE_EINTERNAL, "negative frame count");
	m = genre_alloc(sizeof(float) * ((size_t) n_frames * bank->rows + 1));
	if (m == NULL)
		return genre_fail_nomem(st);
	if (genre_mel_apply_into(bank, spec, square, n_frames, m, st) != GENRE_OK)
	{
		genre_free(m);
		return st->code;
	}
	*out = m;
	return GENRE_OK;
}

genre_code
genre_mel_apply_into(const genre_bank *bank, const float *spec, int square, int n_frames,
					 float *m, genre_status *st)
{
	int			n_mels = bank->rows;
	int			n_bins = bank->cols;
	int		   *lo,
			   *hi;
	float	   *acc;
	int			avx2 = genre_simd_avx2(),
				i,
				t;

	if (n_frames < 0)
		return genre_fail(st, GENRE_EINTERNAL, "negative frame count");
	lo = genre_alloc(sizeof(int) * n_mels);
	hi = genre_alloc(sizeof(int) * n_mels);
	acc = genre_alloc(sizeof(float) * 4 * n_mels);
	if (lo == NULL || hi == NULL || acc == NULL)
	{
		genre_free(lo);
		genre_free(hi);
		genre_free(acc);
		return genre_fail_nomem(st);
	}
	/* each triangle covers a few bins: multiply only those */
	for (i = 0; i < n_mels; i++)
	{
		const float *row = bank->w + (size_t) i * n_bins;

		lo[i] = 0;
		while (lo[i] < n_bins && row[lo[i]] == 0.0f)
			lo[i]++;
		hi[i] = n_bins;
		while (hi[i] > lo[i] && row[hi[i] - 1] == 0.0f)
			hi[i]--;
	}
	/* four frames at a time, one per vector lane; each band sums its bins in order */
	for (t = 0; t < n_frames; t += 4)
	{
		const float *p[4];
		int			l;

		if (t % 64 == 0 && genre_interrupted())
		{
			genre_free(lo);
			genre_free(hi);
			genre_free(acc);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (l = 0; l < 4; l++)
			p[l] = spec + (size_t) (t + l < n_frames ? t + l : t) * n_bins;
		if (avx2)
			mel_rows_avx2(bank, p, square, lo, hi, acc);
		else
			mel_rows_base(bank, p, square, lo, hi, acc);
		for (l = 0; l < 4 && t + l < n_frames; l++)
			for (i = 0; i < n_mels; i++)
				m[(size_t) (t + l) * n_mels + i] = acc[4 * i + l];
	}
	genre_free(lo);
	genre_free(hi);
	genre_free(acc);
	return GENRE_OK;
}
