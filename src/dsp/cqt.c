/*
 * cqt.c - multi-rate CQT (librosa.vqt with gamma 0).
 *
 * Per octave (top first): a 1024-point FFT basis of 36 Hann-windowed complex
 * exponentials (L1-normalised, scaled by length / n_fft, sparsified to 99 %
 * of each row's L1 mass, times sqrt of the decimation factor), applied to a
 * rectangular-window STFT of the octave's signal; the signal is then halved
 * with soxr HQ and scaled by sqrt(2).  Finally each bin is divided by
 * sqrt(filter length at the full rate).  Filters are built in float64 and
 * stored complex64 as librosa does.
 */
#include "dsp/cqt.h"

#include "audio/resample.h"
#include "base/alloc.h"
#include "dsp/stft.h"
#include "dsp/tuning.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CQT_HOP 512
#define CQT_OCTAVES (GENRE_CQT_BINS / GENRE_CQT_BPO)
#define CQT_SPARSITY 0.01

/* one sparse row of an octave's basis */
typedef struct cqt_row
{
	int			nnz;
	int		   *idx;
	float complex *val;
} cqt_row;

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* frequencies f_b = fmin * 2^octave * 2^(j/36) and relative bandwidths alpha_b */
static void
cqt_frequencies(double tuning, double *freqs, double *alpha)
{
	double		fmin = 440.0 * pow(2.0, (24 - 69.0) / 12.0) * pow(2.0, tuning / GENRE_CQT_BPO);
	double		logf[GENRE_CQT_BINS];
	int			b;

	for (b = 0; b < GENRE_CQT_BINS; b++)
	{
		double		ratio = pow(2.0, (double) (b % GENRE_CQT_BPO) / GENRE_CQT_BPO);

		freqs[b] = ldexp(1.0, b / GENRE_CQT_BPO) * ratio * fmin;
		logf[b] = log2(freqs[b]);
	}
	/* _relative_bandwidth: local bins per octave from the log spacing */
	for (b = 0; b < GENRE_CQT_BINS; b++)
	{
		double		bpo,
					r;

		if (b == 0)
			bpo = 1.0 / (logf[1] - logf[0]);
		else if (b == GENRE_CQT_BINS - 1)
			bpo = 1.0 / (logf[b] - logf[b - 1]);
		else
			bpo = 2.0 / (logf[b + 1] - logf[b - 1]);
		r = pow(2.0, 2.0 / bpo);
		alpha[b] = (r - 1.0) / (r + 1.0);
	}
}

static void
free_rows(cqt_row *rows, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		genre_free(rows[i].idx);
		genre_free(rows[i].val);
	}
}

/*
 * The sparse FFT basis of one octave: bins first..first+35 at rate sr_oct,
 * n_fft fixed to the power of two above the longest filter.
 */
static genre_code
octave_basis(genre_plan_cache *cache, const double *freqs, const double *alpha, int first,
			 double sr_oct, double gain, int *n_fft_out, cqt_row *rows, genre_status *st)
{
	double		lengths[GENRE_CQT_BPO],
				max_len = 0;
	double	   *win = NULL,
			   *mags = NULL,
			   *sorted = NULL;
	int			n_fft,
				n_keep,
				j;
	const genre_fft *fft;
	genre_code	rc = GENRE_OK;

	for (j = 0; j < GENRE_CQT_BPO; j++)
	{
		lengths[j] = (1.0 / alpha[first + j]) * sr_oct / freqs[first + j];
		if (lengths[j] > max_len)
			max_len = lengths[j];
	}
	n_fft = (int) pow(2.0, ceil(log2(max_len)));
	if (n_fft < 2 || n_fft > (1 << 22))
		return genre_fail(st, GENRE_EINTERNAL, "cqt filter length %d out of range", n_fft);
	*n_fft_out = n_fft;
	n_keep = n_fft / 2 + 1;
	fft = genre_fft_get(cache, GENRE_FFT_C2C_FORWARD, n_fft, st);
	if (fft == NULL)
		return st->code;
	win = genre_alloc(sizeof(double) * (n_fft + 1));
	mags = genre_alloc(sizeof(double) * n_keep);
	sorted = genre_alloc(sizeof(double) * n_keep);
	if (!win || !mags || !sorted)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (j = 0; j < GENRE_CQT_BPO; j++)
	{
		fftw_complex *buf = (fftw_complex *) fft->in;
		fftw_complex *spec = (fftw_complex *) fft->out;
		double		l = lengths[j],
					f = freqs[first + j];
		long		start = (long) floor(-l / 2.0),
					stop = (long) floor(l / 2.0);
		int			len = (int) (stop - start),
					lpad = (n_fft - len) / 2,
					k,
					thr_idx,
					nnz;
		double		norm = 0.0,
					cum,
					thr,
					scale = l / (double) n_fft;

		if (len < 1 || len > n_fft)
		{
			rc = genre_fail(st, GENRE_EINTERNAL, "cqt filter of %d samples does not fit", len);
			goto done;
		}
		genre_window_values(GENRE_WINDOW_HANN, len, win);
		memset(buf, 0, sizeof(fftw_complex) * n_fft);
		for (k = 0; k < len; k++)
		{
			double		ph = (double) (start + k) * 2.0 * M_PI * f / sr_oct;

			buf[lpad + k][0] = cos(ph) * win[k];
			buf[lpad + k][1] = sin(ph) * win[k];
			norm += hypot(buf[lpad + k][0], buf[lpad + k][1]);
		}
		for (k = 0; k < len; k++)
		{
			/* L1-normalised, stored complex64, then scaled by length / n_fft */
			float		re = (float) (buf[lpad + k][0] / norm),
						im = (float) (buf[lpad + k][1] / norm);

			buf[lpad + k][0] = (float) (re * scale);
			buf[lpad + k][1] = (float) (im * scale);
		}
		genre_fft_execute(fft);

		/* sparsify: drop the smallest entries holding 1 % of the L1 mass */
		norm = 0.0;
		for (k = 0; k < n_keep; k++)
		{
			mags[k] = hypot(spec[k][0], spec[k][1]);
			sorted[k] = mags[k];
			norm += mags[k];
		}
		qsort(sorted, n_keep, sizeof(double), cmp_double);
		cum = 0.0;
		thr_idx = 0;
		for (k = 0; k < n_keep; k++)
		{
			cum += sorted[k] / norm;
			if (!(cum < CQT_SPARSITY))
			{
				thr_idx = k;
				break;
			}
		}
		thr = sorted[thr_idx];
		nnz = 0;
		for (k = 0; k < n_keep; k++)
			nnz += mags[k] >= thr;
		rows[j].idx = genre_alloc(sizeof(int) * (nnz + 1));
		rows[j].val = genre_alloc(sizeof(float complex) * (nnz + 1));
		if (!rows[j].idx || !rows[j].val)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
		rows[j].nnz = nnz;
		nnz = 0;
		for (k = 0; k < n_keep; k++)
			if (mags[k] >= thr)
			{
				/* complex64 sparse entry times the float32 decimation gain */
				float		re = (float) spec[k][0],
							im = (float) spec[k][1];

				rows[j].idx[nnz] = k;
				rows[j].val[nnz] = (re * (float) gain) + (im * (float) gain) * I;
				nnz++;
			}
	}
done:
	genre_free(win);
	genre_free(mags);
	genre_free(sorted);
	return rc;
}

genre_code
genre_cqt_magnitude(genre_plan_cache *cache, const float *y, size_t n, int sr, float **mag,
					int *n_frames, double *tuning_out, genre_status *st)
{
	double		freqs[GENRE_CQT_BINS],
				alpha[GENRE_CQT_BINS],
				tuning = 0.0;
	float complex *resp[CQT_OCTAVES] = {0};
	int			resp_frames[CQT_OCTAVES] = {0};
	cqt_row		rows[GENRE_CQT_BPO];
	float	   *cur = NULL,
			   *out = NULL;
	size_t		cur_n = n;
	double		sr_oct = sr;
	int			hop = CQT_HOP,
				oct,
				t_min,
				b,
				t;
	genre_code	rc = GENRE_OK;

	*mag = NULL;
	*n_frames = 0;
	memset(rows, 0, sizeof(rows));
	if (sr <= 0)
		return genre_fail(st, GENRE_EINVAL, "cqt needs a positive sample rate");
	if (n == 0)
		return genre_fail(st, GENRE_EBADDATA, "cqt of an empty signal");

	/* tuning from the magnitude STFT (zero padded Hann 2048/512), 36 bins per octave */
	{
		genre_stft_params p = genre_stft_defaults();
		genre_stft_result s = {0};
		float	   *m = NULL;

		rc = genre_stft(cache, y, n, &p, &s, st);
		if (rc == GENRE_OK)
			rc = genre_stft_magnitude(&s, &m, st);
		if (rc == GENRE_OK)
			rc = genre_estimate_tuning(m, s.n_frames, s.n_bins, sr, p.n_fft, GENRE_CQT_BPO,
									   GENRE_PIPTRACK_0_10, &tuning, st);
		genre_free(m);
		genre_stft_free(&s);
		if (rc != GENRE_OK)
			return rc;
	}
	if (tuning_out)
		*tuning_out = tuning;
	cqt_frequencies(tuning, freqs, alpha);

	for (oct = 0; oct < CQT_OCTAVES; oct++)
	{
		int			first = GENRE_CQT_BINS - GENRE_CQT_BPO * (oct + 1);
		int			n_fft = 0;
		genre_stft_params p;
		genre_stft_result s = {0};
		const float *sig = oct == 0 ? y : cur;

		GENRE_CHECK_CANCEL(st);
		rc = octave_basis(cache, freqs, alpha, first, sr_oct, sqrt((double) sr / sr_oct),
						  &n_fft, rows, st);
		if (rc != GENRE_OK)
			goto done;
		p.n_fft = n_fft;
		p.hop = hop;
		p.window = GENRE_WINDOW_ONES;
		p.center = 1;
		p.pad = GENRE_PAD_ZEROS;
		rc = genre_stft(cache, sig, cur_n, &p, &s, st);
		if (rc != GENRE_OK)
			goto done;
		resp[oct] = genre_alloc(sizeof(float complex) * ((size_t) s.n_frames * GENRE_CQT_BPO + 1));
		if (!resp[oct])
		{
			genre_stft_free(&s);
			rc = genre_fail_nomem(st);
			goto done;
		}
		resp_frames[oct] = s.n_frames;
		for (t = 0; t < s.n_frames; t++)
		{
			const float complex *x = s.x + (size_t) t * s.n_bins;
			int			j,
						k;

			for (j = 0; j < GENRE_CQT_BPO; j++)
			{
				double complex acc = 0;

				for (k = 0; k < rows[j].nnz; k++)
					acc += (double complex) rows[j].val[k] * x[rows[j].idx[k]];
				resp[oct][(size_t) t * GENRE_CQT_BPO + j] = (float complex) acc;
			}
		}
		genre_stft_free(&s);
		free_rows(rows, GENRE_CQT_BPO);
		memset(rows, 0, sizeof(rows));

		/* halve the rate for the next octave: soxr 2 -> 1, scale=True */
		if (oct < CQT_OCTAVES - 1)
		{
			float	   *next;
			size_t		next_n,
						i;
			const float root_half = (float) sqrt(0.5);

			rc = genre_resample(sig, cur_n, 2.0, 1.0, &next, &next_n, st);
			if (rc != GENRE_OK)
				goto done;
			for (i = 0; i < next_n; i++)
				next[i] /= root_half;
			genre_free(cur);
			cur = next;
			cur_n = next_n;
			hop /= 2;
			sr_oct /= 2.0;
		}
	}

	/* stack (trim to the shortest octave) and divide by sqrt(length at sr) */
	t_min = resp_frames[0];
	for (oct = 1; oct < CQT_OCTAVES; oct++)
		if (resp_frames[oct] < t_min)
			t_min = resp_frames[oct];
	out = genre_alloc(sizeof(float) * ((size_t) t_min * GENRE_CQT_BINS + 1));
	if (!out)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (b = 0; b < GENRE_CQT_BINS; b++)
	{
		int			o = CQT_OCTAVES - 1 - b / GENRE_CQT_BPO;
		int			j = b % GENRE_CQT_BPO;
		double		len = (1.0 / alpha[b]) * sr / freqs[b];
		float		div = (float) sqrt(len);

		for (t = 0; t < t_min; t++)
		{
			float complex v = resp[o][(size_t) t * GENRE_CQT_BPO + j];

			/* complex64 divided by the float32 root, then |.| */
			out[(size_t) t * GENRE_CQT_BINS + b] = cabsf(v / div);
		}
	}
	*mag = out;
	*n_frames = t_min;

done:
	free_rows(rows, GENRE_CQT_BPO);
	for (oct = 0; oct < CQT_OCTAVES; oct++)
		genre_free(resp[oct]);
	genre_free(cur);
	return rc;
}
