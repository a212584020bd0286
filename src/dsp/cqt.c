/*
 * cqt.c - multi-rate CQT (librosa.vqt with gamma 0).
 *
 * Per octave (top first): a 1024-point FFT basis of 36 Hann-windowed complex
 * exponentials (L1-normalised, scaled by length / n_fft, sparsified to 99 %
 * of each row's L1 mass, times sqrt of the decimation factor), applied to a
 * rectangular-window STFT of the octave's signal; the signal is then halved
 * with soxr HQ and scaled by sqrt(2).  Finally each bin is divided by
 * sqrt(filter length at the full rate).  Filters are built in float64 and
 * stored complex64 as librosa does; each octave's basis is kept in the plan
 * cache under (tuning, rate, octave), so a scan builds it once per tuning.
 *
 * The response is librosa's CSR product done the same way: per row, its
 * entries in column order, complex64 products summed in complex64 (scipy's
 * csr_matvecs).  No STFT is stored: each frame's FFT is used at once, and
 * only the frames the stacked output keeps (those of the top octave) are
 * transformed.
 */
#include "dsp/cqt.h"

#include "audio/resample.h"
#include "base/alloc.h"
#include "base/npsum.h"
#include "dsp/simd.h"
#include "dsp/stft.h"
#include "dsp/tuning.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CQT_HOP 512
#define CQT_OCTAVES (GENRE_CQT_BINS / GENRE_CQT_BPO)
#define CQT_SPARSITY 0.01
#define CANCEL_EVERY 64

/*
 * One octave's sparse basis as a CSR matrix: row j's entries are
 * [start[j], start[j + 1]) of idx / re / im, which follow the header in the
 * same block (one cache entry).
 */
typedef struct cqt_basis
{
	int			n_fft;
	int			nnz;
	int			kmin;			/* smallest and largest column of any entry */
	int			kmax;
	int			start[GENRE_CQT_BPO + 1];
} cqt_basis;

static const int *
basis_idx(const cqt_basis *b)
{
	return (const int *) (b + 1);
}

static const float *
basis_re(const cqt_basis *b)
{
	return (const float *) (basis_idx(b) + b->nnz);
}

static const float *
basis_im(const cqt_basis *b)
{
	return basis_re(b) + b->nnz;
}

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

/*
 * Build the sparse basis of bins first..first+35 at rate sr_oct (n_fft the
 * power of two above the longest filter) into a new genre_alloc'ed block.
 */
static genre_code
build_basis(genre_plan_cache *cache, const double *freqs, const double *alpha, int first,
			double sr_oct, double gain, cqt_basis **out, size_t *out_size, genre_status *st)
{
	double		lengths[GENRE_CQT_BPO],
				max_len = 0;
	double	   *win = NULL,
			   *mags = NULL,
			   *sorted = NULL,
			   *thr = NULL;
	float	   *kre = NULL,
			   *kim = NULL,
			   *tre = NULL,
			   *tim = NULL;
	int			n_fft,
				n_keep,
				nnz = 0,
				j,
				k;
	const genre_fft *fft;
	cqt_basis  *b = NULL;
	size_t		size;
	genre_code	rc = GENRE_OK;

	*out = NULL;
	for (j = 0; j < GENRE_CQT_BPO; j++)
	{
		/* wavelet_lengths: Q * sr / f with Q = filter_scale / alpha */
		lengths[j] = (1.0 / alpha[first + j]) * sr_oct / freqs[first + j];
		if (lengths[j] > max_len)
			max_len = lengths[j];
	}
	n_fft = (int) pow(2.0, ceil(log2(max_len)));
	if (n_fft < 2 || n_fft > (1 << 22))
		return genre_fail(st, GENRE_EINTERNAL, "cqt filter length %d out of range", n_fft);
	n_keep = n_fft / 2 + 1;
	fft = genre_fft_get(cache, GENRE_FFT_C2C_FORWARD, n_fft, st);
	if (fft == NULL)
		return st->code;
	win = genre_alloc(sizeof(double) * (n_fft + 1));
	mags = genre_alloc(sizeof(double) * n_keep * GENRE_CQT_BPO);
	sorted = genre_alloc(sizeof(double) * n_fft);
	thr = genre_alloc(sizeof(double) * GENRE_CQT_BPO);
	kre = genre_alloc(sizeof(float) * n_keep * GENRE_CQT_BPO);
	kim = genre_alloc(sizeof(float) * n_keep * GENRE_CQT_BPO);
	tre = genre_alloc(sizeof(float) * n_fft);
	tim = genre_alloc(sizeof(float) * n_fft);
	if (!win || !mags || !sorted || !thr || !kre || !kim || !tre || !tim)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (j = 0; j < GENRE_CQT_BPO; j++)
	{
		fftw_complex *buf = (fftw_complex *) fft->in;
		fftw_complex *spec = (fftw_complex *) fft->out;
		double	   *m = mags + (size_t) j * n_keep;
		double		l = lengths[j],
					f = freqs[first + j];
		long		start = (long) floor(-l / 2.0),
					stop = (long) floor(l / 2.0);
		int			len = (int) (stop - start),
					lpad = (n_fft - len) / 2,
					thr_idx;
		double		norm,
					cum,
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
			sorted[k] = hypot(buf[lpad + k][0], buf[lpad + k][1]);
		}
		/* util.normalize(norm=1): np.sum of the magnitudes, pairwise */
		norm = genre_np_sum(sorted, (size_t) len);
		for (k = 0; k < len; k++)
		{
			/*
			 * L1-normalised and stored complex64, then basis *= length /
			 * n_fft in float64 and stored complex64 again; through float
			 * variables, so no compiler can skip the roundings
			 */
			float		re = (float) (buf[lpad + k][0] / norm),
						im = (float) (buf[lpad + k][1] / norm);

			tre[k] = (float) ((double) re * scale);
			tim[k] = (float) ((double) im * scale);
		}
		for (k = 0; k < len; k++)
		{
			buf[lpad + k][0] = tre[k];
			buf[lpad + k][1] = tim[k];
		}
		genre_fft_execute(fft);

		/* sparsify_rows: drop the smallest entries holding 1 % of the L1 mass */
		for (k = 0; k < n_keep; k++)
		{
			m[k] = hypot(spec[k][0], spec[k][1]);
			sorted[k] = m[k];
		}
		norm = genre_np_sum(m, (size_t) n_keep);
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
		thr[j] = sorted[thr_idx];
		/* the kept values, complex64, then times the gain in float64, complex64 */
		for (k = 0; k < n_keep; k++)
		{
			float		re = (float) spec[k][0],
						im = (float) spec[k][1];

			kre[(size_t) j * n_keep + k] = (float) ((double) re * gain);
			kim[(size_t) j * n_keep + k] = (float) ((double) im * gain);
			nnz += m[k] >= thr[j];
		}
	}

	size = sizeof(cqt_basis) + (size_t) nnz * (sizeof(int) + 2 * sizeof(float));
	b = genre_alloc(size);
	if (b == NULL)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	b->n_fft = n_fft;
	b->nnz = nnz;
	b->kmin = n_keep;
	b->kmax = -1;
	nnz = 0;
	for (j = 0; j < GENRE_CQT_BPO; j++)
	{
		const double *m = mags + (size_t) j * n_keep;
		int		   *idx = (int *) basis_idx(b);
		float	   *re = (float *) basis_re(b),
				   *im = (float *) basis_im(b);

		b->start[j] = nnz;
		for (k = 0; k < n_keep; k++)
			if (m[k] >= thr[j])
			{
				idx[nnz] = k;
				re[nnz] = kre[(size_t) j * n_keep + k];
				im[nnz] = kim[(size_t) j * n_keep + k];
				nnz++;
				if (k < b->kmin)
					b->kmin = k;
				if (k > b->kmax)
					b->kmax = k;
			}
	}
	b->start[GENRE_CQT_BPO] = nnz;
	if (b->kmax < b->kmin)
		b->kmin = b->kmax = 0;
	*out = b;
	*out_size = size;

done:
	genre_free(win);
	genre_free(mags);
	genre_free(sorted);
	genre_free(thr);
	genre_free(kre);
	genre_free(kim);
	genre_free(tre);
	genre_free(tim);
	return rc;
}

/* The basis of one octave from the cache, built on first use. */
static const cqt_basis *
octave_basis(genre_plan_cache *cache, double tuning, int sr, int oct, const double *freqs,
			 const double *alpha, genre_status *st)
{
	double		key[3] = {tuning, sr, oct};
	const cqt_basis *cached = genre_blob_find(cache, "cqt_basis", key, 3);
	cqt_basis  *b;
	size_t		size = 0;
	double		sr_oct = ldexp((double) sr, -oct);

	if (cached)
		return cached;
	if (build_basis(cache, freqs, alpha, GENRE_CQT_BINS - GENRE_CQT_BPO * (oct + 1), sr_oct,
					sqrt((double) sr / sr_oct), &b, &size, st) != GENRE_OK)
		return NULL;
	cached = genre_blob_put(cache, "cqt_basis", key, 3, b, size, st);
	genre_free(b);
	return cached;
}

/* frame t of sig as float64: n_fft samples centred on t * hop, zero beyond the ends */
static void
fill_frame(const float *sig, size_t n, long start, int n_fft, double *in)
{
	int			k;

	/* window 'ones' in float64 times the float32 samples */
	if (start >= 0 && start + n_fft <= (long) n)
		genre_f32_to_f64(sig + start, in, n_fft);
	else
		for (k = 0; k < n_fft; k++)
		{
			long		i = start + k;

			in[k] = i >= 0 && i < (long) n ? sig[i] : 0.0;
		}
}

/* frames transformed together, one per vector lane of the product */
#define LANES 8

/*
 * The basis times a batch of LANES frames' spectra (xr, xi: bin-major,
 * LANES values per bin from kmin): ar, ai get each row's response, lane by
 * lane.  scipy's complex64 a * x summed in complex64, in column order.
 */
GENRE_KERNEL void
basis_product(const cqt_basis *b, const float *xr, const float *xi, float *ar, float *ai)
{
	const int  *idx = basis_idx(b);
	const float *bre = basis_re(b),
			   *bim = basis_im(b);
	int			j,
				e;

	for (j = 0; j < GENRE_CQT_BPO; j++)
	{
		genre_f8	sr = {0},
					si = {0};

		for (e = b->start[j]; e < b->start[j + 1]; e++)
		{
			float		cr = bre[e],
						ci = bim[e];
			genre_f8	pr = {cr, cr, cr, cr, cr, cr, cr, cr},
						pi = {ci, ci, ci, ci, ci, ci, ci, ci},
						qr,
						qi;

			GENRE_VLOAD(qr, xr + LANES * (idx[e] - b->kmin));
			GENRE_VLOAD(qi, xi + LANES * (idx[e] - b->kmin));
			sr += pr * qr - pi * qi;
			si += pr * qi + pi * qr;
		}
		GENRE_VSTORE(ar + LANES * j, sr);
		GENRE_VSTORE(ai + LANES * j, si);
	}
}

static void
basis_product_base(const cqt_basis *b, const float *xr, const float *xi, float *ar, float *ai)
{
	basis_product(b, xr, xi, ar, ai);
}

GENRE_AVX2 static void
basis_product_avx2(const cqt_basis *b, const float *xr, const float *xi, float *ar, float *ai)
{
	basis_product(b, xr, xi, ar, ai);
}

/*
 * V /= sqrt(lengths) (complex64 over float64, stored complex64), then np.abs,
 * for the LANES responses of one bin: two at a time, as genre_abs_c64.
 */
static void
scale_abs(const float *ar, const float *ai, double root, float *mag)
{
	int			l = 0;

#ifdef __SSE2__
	__m128d		d = _mm_set1_pd(root);

	for (; l + 2 <= LANES; l += 2)
	{
		__m128d		vr = _mm_div_pd(_mm_cvtps_pd(_mm_castpd_ps(_mm_load_sd((const double *) (ar + l)))), d),
					vi = _mm_div_pd(_mm_cvtps_pd(_mm_castpd_ps(_mm_load_sd((const double *) (ai + l)))), d);

		vr = _mm_cvtps_pd(_mm_cvtpd_ps(vr));
		vi = _mm_cvtps_pd(_mm_cvtpd_ps(vi));
		_mm_storel_pi((__m64 *) (mag + l),
					  _mm_cvtpd_ps(_mm_sqrt_pd(_mm_add_pd(_mm_mul_pd(vr, vr), _mm_mul_pd(vi, vi)))));
	}
#endif
	for (; l < LANES; l++)
	{
		float		vr = (float) ((double) ar[l] / root),
					vi = (float) ((double) ai[l] / root);

		mag[l] = genre_abs_c64(vr, vi);
	}
}

/*
 * |response| of one octave's bins into out (frame-major, n_frames x 252 at
 * bins first..first+35): LANES frames are transformed, then multiplied by
 * the basis together.
 */
static genre_code
octave_response(genre_plan_cache *cache, const cqt_basis *b, const float *sig, size_t n,
				int hop, int n_frames, int first, const double *root_len, float *out,
				genre_status *st)
{
	const genre_fft *fft = genre_fft_get(cache, GENRE_FFT_R2C, b->n_fft, st);
	int			width = b->kmax - b->kmin + 1,
				avx2 = genre_simd_avx2(),
				t0,
				j;
	float	   *xr,
			   *xi,
				ar[LANES * GENRE_CQT_BPO],
				ai[LANES * GENRE_CQT_BPO];

	if (fft == NULL)
		return st->code;
	if (b->n_fft % 4 != 0)
		return genre_fail(st, GENRE_EINTERNAL, "cqt n_fft %d is not a multiple of 4", b->n_fft);
	xr = genre_work_alloc(cache, sizeof(float) * 2 * LANES * width);
	if (xr == NULL)
		return genre_fail_nomem(st);
	xi = xr + LANES * width;
	for (t0 = 0; t0 < n_frames; t0 += LANES)
	{
		int			lanes = n_frames - t0 < LANES ? n_frames - t0 : LANES,
					l,
					k;

		if (t0 % CANCEL_EVERY == 0 && genre_interrupted())
		{
			genre_work_free(cache, xr);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (l = 0; l < LANES; l++)
		{
			const fftw_complex *spec = fft->out;

			if (l >= lanes)
			{
				for (k = 0; k < width; k++)
					xr[LANES * k + l] = xi[LANES * k + l] = 0.0f;
				continue;
			}
			fill_frame(sig, n, (long) (t0 + l) * hop - b->n_fft / 2, b->n_fft, fft->in);
			genre_fft_execute(fft);
			/* the STFT is complex64 in librosa */
			for (k = 0; k < width; k++)
			{
				const double *z = spec[b->kmin + k];
#ifdef __SSE2__
				__m128		f = _mm_cvtpd_ps(_mm_loadu_pd(z));

				_mm_store_ss(xr + LANES * k + l, f);
				_mm_store_ss(xi + LANES * k + l, _mm_shuffle_ps(f, f, 1));
#else
				xr[LANES * k + l] = (float) z[0];
				xi[LANES * k + l] = (float) z[1];
#endif
			}
		}
		if (avx2)
			basis_product_avx2(b, xr, xi, ar, ai);
		else
			basis_product_base(b, xr, xi, ar, ai);
		for (j = 0; j < GENRE_CQT_BPO; j++)
		{
			float		mag[LANES];

			scale_abs(ar + LANES * j, ai + LANES * j, root_len[first + j], mag);
			for (l = 0; l < lanes; l++)
				out[(size_t) (t0 + l) * GENRE_CQT_BINS + first + j] = mag[l];
		}
	}
	genre_work_free(cache, xr);
	return GENRE_OK;
}

genre_code
genre_cqt_magnitude_tuned(genre_plan_cache *cache, const float *y, size_t n, int sr,
						  double tuning, float **mag, int *n_frames, genre_status *st)
{
	double		freqs[GENRE_CQT_BINS],
				alpha[GENRE_CQT_BINS],
				root_len[GENRE_CQT_BINS];
	float	   *cur = NULL,
			   *out = NULL;
	size_t		cur_n = n;
	int			hop = CQT_HOP,
				oct,
				b,
				t_out;
	genre_code	rc = GENRE_OK;

	*mag = NULL;
	*n_frames = 0;
	if (sr <= 0)
		return genre_fail(st, GENRE_EINVAL, "cqt needs a positive sample rate");
	if (n == 0)
		return genre_fail(st, GENRE_EBADDATA, "cqt of an empty signal");
	if (n > (size_t) 0x7fffffff)
		return genre_fail(st, GENRE_ELIMIT, "cqt signal too long");
	cqt_frequencies(tuning, freqs, alpha);
	for (b = 0; b < GENRE_CQT_BINS; b++)
		root_len[b] = sqrt((1.0 / alpha[b]) * sr / freqs[b]);

	/*
	 * Octave i has 1 + len_i / hop_i frames with len_i >= n / 2^i, never
	 * fewer than the top octave's, so the stack keeps the top octave's count.
	 */
	t_out = (int) (1 + n / CQT_HOP);
	out = genre_work_alloc(cache, sizeof(float) * ((size_t) t_out * GENRE_CQT_BINS));
	if (!out)
		return genre_fail_nomem(st);

	for (oct = 0; oct < CQT_OCTAVES; oct++)
	{
		const float *sig = oct == 0 ? y : cur;
		const cqt_basis *basis;

		GENRE_CHECK_CANCEL(st);
		basis = octave_basis(cache, tuning, sr, oct, freqs, alpha, st);
		if (basis == NULL)
		{
			rc = st->code;
			goto done;
		}
		if ((long) (1 + cur_n / (size_t) hop) < t_out)
		{
			rc = genre_fail(st, GENRE_EINTERNAL, "cqt octave %d is shorter than the top one", oct);
			goto done;
		}
		rc = octave_response(cache, basis, sig, cur_n, hop, t_out,
							 GENRE_CQT_BINS - GENRE_CQT_BPO * (oct + 1), root_len, out, st);
		if (rc != GENRE_OK)
			goto done;

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
		}
	}
	*mag = out;
	*n_frames = t_out;
	out = NULL;

done:
	genre_work_free(cache, out);
	genre_free(cur);
	return rc;
}

genre_code
genre_cqt_magnitude(genre_plan_cache *cache, const float *y, size_t n, int sr, float **mag,
					int *n_frames, double *tuning_out, genre_status *st)
{
	double		tuning = 0.0;

	*mag = NULL;
	*n_frames = 0;
	if (sr <= 0)
		return genre_fail(st, GENRE_EINVAL, "cqt needs a positive sample rate");
	if (n == 0)
		return genre_fail(st, GENRE_EBADDATA, "cqt of an empty signal");

	/* tuning from the magnitude STFT (zero padded Hann 2048/512), 36 bins per octave */
	{
		genre_stft_params p = genre_stft_defaults();
		float	   *m = NULL;
		int			nf,
					nb;
		genre_code	rc;

		rc = genre_stft_magnitude_direct(cache, y, n, &p, &m, &nf, &nb, st);
		if (rc == GENRE_OK)
			rc = genre_estimate_tuning(m, nf, nb, sr, p.n_fft, GENRE_CQT_BPO,
									   GENRE_PIPTRACK_0_10, &tuning, st);
		genre_free(m);
		if (rc != GENRE_OK)
			return rc;
	}
	if (tuning_out)
		*tuning_out = tuning;
	return genre_cqt_magnitude_tuned(cache, y, n, sr, tuning, mag, n_frames, st);
}
