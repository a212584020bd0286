/*
 * analysis.c - lazily computed shared intermediates of one clip, made in
 * passes over blocks of magnitude frames.
 */
#include "features/analysis.h"

#include "base/alloc.h"
#include "dsp/db.h"
#include "dsp/mel.h"
#include "dsp/simd.h"
#include "dsp/tuning.h"
#include "features/chroma.h"
#include "features/spectral.h"

#include <math.h>
#include <string.h>

/* internal: chroma's tuning, made in the pass before chroma's own */
#define MADE_CHROMA_TUNING 16

void
genre_analysis_init(genre_analysis *a, genre_plan_cache *cache,
					const float *y, size_t n, int sr, genre_pad_mode pad)
{
	memset(a, 0, sizeof(*a));
	a->cache = cache;
	a->y = y;
	a->n = n;
	a->sr = sr;
	a->stft_params = genre_stft_defaults();
	a->stft_params.pad = pad;
	a->n_frames = (int) genre_stft_frame_count(n, &a->stft_params);
	a->n_bins = a->stft_params.n_fft / 2 + 1;
	a->wants = GENRE_WANT_ALL;
	a->keep_mag = GENRE_ANALYSIS_KEEP_MAG;
}

/* a buffer of count elements of size bytes from the cache's scratch, or NULL */
static void *
work(genre_analysis *a, size_t count, size_t size)
{
	size_t		bytes;

	if (!genre_size_mul(count, size, &bytes))
		return NULL;
	return genre_work_alloc(a->cache, bytes);
}

/* the analysis's STFT is librosa's default one (what estimate_tuning(y) takes) */
static int
default_stft(const genre_analysis *a)
{
	genre_stft_params d = genre_stft_defaults();
	const genre_stft_params *p = &a->stft_params;

	return p->n_fft == d.n_fft && p->hop == d.hop && p->window == d.window &&
		p->center == d.center && p->pad == d.pad;
}

/* what a pass could make now, given what is made */
static unsigned
computable(const genre_analysis *a, unsigned made)
{
	unsigned	c = GENRE_WANT_SHAPE | GENRE_WANT_MEL | MADE_CHROMA_TUNING;

	if (made & MADE_CHROMA_TUNING)
		c |= GENRE_WANT_CHROMA;
	/* with chroma to come, the CQT's tuning waits for chroma's pass (one set of peaks at a time) */
	if (!(a->wants & GENRE_WANT_CHROMA) || (made & MADE_CHROMA_TUNING))
		c |= GENRE_WANT_CQT_TUNING;
	return c;
}

#define MADE(a) ((a)->made)

/*
 * One pass over all frames making the bits in todo: |X| in blocks (kept
 * whole when small), then per block the spectral shape, the mel rows and
 * the tuning peaks or chroma rows.
 */
static genre_code
run_pass(genre_analysis *a, unsigned todo, genre_status *st)
{
	size_t		T = (size_t) a->n_frames,
				nb = (size_t) a->n_bins,
				mag_bytes = T * nb * sizeof(float);
	int			keep = a->mag != NULL || mag_bytes <= a->keep_mag,
				fill = a->mag == NULL;
	const genre_fft *fft = NULL;
	const genre_bank *mel = NULL;
	const double *chroma_bank = NULL;
	genre_tuning_acc chroma_acc = {0},
				cqt_acc = {0};
	genre_piptrack_version version = a->stft_params.pad == GENRE_PAD_REFLECT
		? GENRE_PIPTRACK_0_7 : GENRE_PIPTRACK_0_10;
	float	   *block = NULL,
			   *mel_power = NULL;
	double	   *win = NULL,
			   *centroid = NULL,
			   *bandwidth = NULL,
			   *rolloff = NULL;
	float	   *chroma = NULL,
				db_top = -INFINITY;
	long		t0;
	genre_code	rc = GENRE_OK;

	if (todo & GENRE_WANT_CQT_TUNING && !default_stft(a))
		todo &= ~GENRE_WANT_CQT_TUNING; /* made by the CQT itself */
	if (todo == 0)
		return GENRE_OK;

	if (fill)
	{
		fft = genre_fft_get(a->cache, GENRE_FFT_R2C, a->stft_params.n_fft, st);
		if (fft == NULL)
			return st->code;
		win = genre_alloc(sizeof(double) * a->stft_params.n_fft);
		if (keep)
			a->mag = work(a, T * nb, sizeof(float));
		else
			block = work(a, (size_t) GENRE_ANALYSIS_BLOCK * nb, sizeof(float));
		if (win == NULL || (keep ? a->mag == NULL : block == NULL))
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
		genre_window_values(a->stft_params.window, a->stft_params.n_fft, win);
	}
	if (todo & GENRE_WANT_SHAPE)
	{
		centroid = work(a, T, sizeof(double));
		bandwidth = work(a, T, sizeof(double));
		rolloff = work(a, T, sizeof(double));
		if (!centroid || !bandwidth || !rolloff)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
	}
	if (todo & GENRE_WANT_MEL)
	{
		rc = genre_mel_basis(a->cache, a->sr, a->stft_params.n_fft, GENRE_N_MELS,
							 0.0, a->sr / 2.0, &mel, st);
		if (rc != GENRE_OK)
			goto done;
		mel_power = work(a, T * GENRE_N_MELS, sizeof(float));
		if (mel_power == NULL)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
	}
	if (todo & MADE_CHROMA_TUNING)
	{
		/* chroma_stft(S=power): piptrack of |X| squared row by row */
		rc = genre_tuning_begin(&chroma_acc, (long) T, a->n_bins, a->sr, a->stft_params.n_fft,
								12, version, 1, st);
		if (rc != GENRE_OK)
			goto done;
	}
	if (todo & GENRE_WANT_CQT_TUNING)
	{
		rc = genre_tuning_begin(&cqt_acc, (long) T, a->n_bins, a->sr, a->stft_params.n_fft,
								36, GENRE_PIPTRACK_0_10, 0, st);
		if (rc != GENRE_OK)
			goto done;
	}
	if (todo & GENRE_WANT_CHROMA)
	{
		rc = genre_chroma_bank(a->cache, a->sr, a->stft_params.n_fft, a->chroma_tuning,
							   &chroma_bank, st);
		if (rc != GENRE_OK)
			goto done;
		chroma = work(a, T * 12, sizeof(float));
		if (chroma == NULL)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
	}

	for (t0 = 0; t0 < (long) T; t0 += GENRE_ANALYSIS_BLOCK)
	{
		int			nf = (long) T - t0 < GENRE_ANALYSIS_BLOCK ? (int) ((long) T - t0)
			: GENRE_ANALYSIS_BLOCK;
		float	   *rows = keep ? a->mag + (size_t) t0 * nb : block;

		if (genre_interrupted())
		{
			rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
			goto done;
		}
		if (fill)
		{
			int			t;

			/* |X| of the frames, the same values as genre_stft then np.abs */
			genre_timing_enter(a->timing, "stft");
			for (t = 0; t < nf; t++)
			{
				const fftw_complex *spec = fft->out;
				float	   *r = rows + (size_t) t * nb;

				genre_stft_frame(fft, win, a->y, a->n, &a->stft_params, t0 + t);
				genre_abs_c128_to_f32(&spec[0][0], r, (int) nb);
			}
			genre_timing_leave(a->timing);
		}
		if (todo & GENRE_WANT_SHAPE)
		{
			genre_timing_enter(a->timing, "spectral_shape");
			rc = genre_spectral_centroid_bandwidth(rows, nf, a->n_bins, a->sr,
												   a->stft_params.n_fft, centroid + t0,
												   bandwidth + t0, st);
			if (rc == GENRE_OK)
				rc = genre_spectral_rolloff_frames(rows, nf, a->n_bins, a->sr, a->stft_params.n_fft,
											0.85, rolloff + t0, st);
			genre_timing_leave(a->timing);
			if (rc != GENRE_OK)
				goto done;
		}
		if (todo & GENRE_WANT_MEL)
		{
			genre_timing_enter(a->timing, "mel_db");
			rc = genre_mel_apply_into(mel, rows, 1, nf, mel_power + (size_t) t0 * GENRE_N_MELS, st);
			db_top = genre_power_to_db_log(mel_power + (size_t) t0 * GENRE_N_MELS,
										   (size_t) nf * GENRE_N_MELS, 1e-10, db_top);
			genre_timing_leave(a->timing);
			if (rc != GENRE_OK)
				goto done;
		}
		genre_timing_enter(a->timing, "tuning");
		if (todo & MADE_CHROMA_TUNING)
			rc = genre_tuning_add(&chroma_acc, rows, nf, st);
		if (rc == GENRE_OK && (todo & GENRE_WANT_CQT_TUNING))
			rc = genre_tuning_add(&cqt_acc, rows, nf, st);
		genre_timing_leave(a->timing);
		if (rc != GENRE_OK)
			goto done;
		if (todo & GENRE_WANT_CHROMA)
		{
			genre_timing_enter(a->timing, "chroma");
			genre_chroma_apply(chroma_bank, rows, 1, nf, a->n_bins, chroma + (size_t) t0 * 12);
			genre_timing_leave(a->timing);
		}
	}

	if (todo & GENRE_WANT_MEL)
	{
		/* the 80 dB floor is taken from the whole clip, as librosa does */
		genre_timing_enter(a->timing, "mel_db");
		for (t0 = 0; t0 < (long) T; t0 += 4096)
		{
			if (genre_interrupted())
			{
				genre_timing_leave(a->timing);
				rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
				goto done;
			}
			genre_db_floor(mel_power + (size_t) t0 * GENRE_N_MELS,
						   (size_t) ((long) T - t0 < 4096 ? (long) T - t0 : 4096) * GENRE_N_MELS,
						   db_top, 80.0);
		}
		genre_timing_leave(a->timing);
		a->mel_db = mel_power;
		mel_power = NULL;
	}
	if (todo & GENRE_WANT_SHAPE)
	{
		a->centroid = centroid;
		a->bandwidth = bandwidth;
		a->rolloff = rolloff;
		centroid = bandwidth = rolloff = NULL;
	}
	genre_timing_enter(a->timing, "tuning");
	if (todo & MADE_CHROMA_TUNING)
		rc = genre_tuning_end(&chroma_acc, &a->chroma_tuning, st);
	if (rc == GENRE_OK && (todo & GENRE_WANT_CQT_TUNING))
	{
		rc = genre_tuning_end(&cqt_acc, &a->cqt_tuning, st);
		a->have_cqt_tuning = rc == GENRE_OK;
	}
	genre_timing_leave(a->timing);
	if (rc != GENRE_OK)
		goto done;
	if (todo & GENRE_WANT_CHROMA)
	{
		a->chroma = chroma;
		chroma = NULL;
	}
	a->made |= todo;

done:
	genre_tuning_abort(&chroma_acc);
	genre_tuning_abort(&cqt_acc);
	genre_free(win);
	genre_work_free(a->cache, block);
	genre_work_free(a->cache, mel_power);
	genre_work_free(a->cache, centroid);
	genre_work_free(a->cache, bandwidth);
	genre_work_free(a->cache, rolloff);
	genre_work_free(a->cache, chroma);
	/* a partly filled |X| is not kept */
	if (fill && keep && rc != GENRE_OK)
	{
		genre_work_free(a->cache, a->mag);
		a->mag = NULL;
	}
	return rc;
}

/* Make every bit of need, in as few passes as the dependencies allow. */
static genre_code
ensure(genre_analysis *a, unsigned need, genre_status *st)
{
	a->wants |= need & GENRE_WANT_ALL;
	if (need & GENRE_WANT_CHROMA)
		need |= MADE_CHROMA_TUNING;
	while (need & ~MADE(a))
	{
		unsigned	wanted = a->wants | (a->wants & GENRE_WANT_CHROMA ? MADE_CHROMA_TUNING : 0);
		unsigned	todo = (wanted | need) & computable(a, MADE(a)) & ~MADE(a);

		if (todo == 0)
			todo = need & ~MADE(a) & computable(a, MADE(a) | MADE_CHROMA_TUNING);
		if (todo == 0)
			return genre_fail(st, GENRE_EINTERNAL, "analysis cannot make %x", need);
		if (run_pass(a, todo, st) != GENRE_OK)
			return st->code;
		/* the CQT's tuning of a non-default STFT is not ours to make */
		if (!default_stft(a))
			a->made |= GENRE_WANT_CQT_TUNING;
	}
	return GENRE_OK;
}

genre_code
genre_analysis_stft(genre_analysis *a, const genre_stft_result **s, genre_status *st)
{
	if (a->stft.x == NULL)
	{
		genre_code	rc;
		float complex *x = work(a, (size_t) a->n_frames * a->n_bins, sizeof(float complex));

		if (x == NULL)
			return genre_fail_nomem(st);
		genre_timing_enter(a->timing, "stft");
		rc = genre_stft_into(a->cache, a->y, a->n, &a->stft_params, x, st);
		genre_timing_leave(a->timing);
		if (rc != GENRE_OK)
		{
			genre_work_free(a->cache, x);
			return rc;
		}
		a->stft.x = x;
		a->stft.n_frames = a->n_frames;
		a->stft.n_bins = a->n_bins;
	}
	*s = &a->stft;
	return GENRE_OK;
}

genre_code
genre_analysis_magnitude(genre_analysis *a, const float **mag, genre_status *st)
{
	if (a->mag == NULL)
	{
		float	   *m = work(a, (size_t) a->n_frames * a->n_bins, sizeof(float));
		genre_code	rc;

		if (m == NULL)
			return genre_fail_nomem(st);
		genre_timing_enter(a->timing, "stft");
		rc = genre_stft_magnitude_into(a->cache, a->y, a->n, &a->stft_params, m, st);
		genre_timing_leave(a->timing);
		if (rc != GENRE_OK)
		{
			genre_work_free(a->cache, m);
			return rc;
		}
		a->mag = m;
	}
	*mag = a->mag;
	return GENRE_OK;
}

genre_code
genre_analysis_power(genre_analysis *a, const float **pow, genre_status *st)
{
	if (a->power == NULL)
	{
		const float *mag;
		size_t		i,
					count;

		if (genre_analysis_magnitude(a, &mag, st) != GENRE_OK)
			return st->code;
		count = (size_t) a->n_frames * a->n_bins;
		a->power = work(a, count, sizeof(float));
		if (a->power == NULL)
			return genre_fail_nomem(st);
		/* np.abs(S) ** 2: the float32 magnitude squared in float32 */
		for (i = 0; i < count; i++)
			a->power[i] = mag[i] * mag[i];
	}
	*pow = a->power;
	return GENRE_OK;
}

genre_code
genre_analysis_mel_db(genre_analysis *a, const float **db, genre_status *st)
{
	if (ensure(a, GENRE_WANT_MEL, st) != GENRE_OK)
		return st->code;
	*db = a->mel_db;
	return GENRE_OK;
}

genre_code
genre_analysis_spectral_shape(genre_analysis *a, const double **centroid,
							  const double **bandwidth, genre_status *st)
{
	if (ensure(a, GENRE_WANT_SHAPE, st) != GENRE_OK)
		return st->code;
	*centroid = a->centroid;
	*bandwidth = a->bandwidth;
	return GENRE_OK;
}

genre_code
genre_analysis_rolloff(genre_analysis *a, const double **rolloff, genre_status *st)
{
	if (ensure(a, GENRE_WANT_SHAPE, st) != GENRE_OK)
		return st->code;
	*rolloff = a->rolloff;
	return GENRE_OK;
}

genre_code
genre_analysis_chroma(genre_analysis *a, const float **chroma, genre_status *st)
{
	if (ensure(a, GENRE_WANT_CHROMA, st) != GENRE_OK)
		return st->code;
	*chroma = a->chroma;
	return GENRE_OK;
}

genre_code
genre_analysis_cqt_tuning(genre_analysis *a, double *tuning, int *have, genre_status *st)
{
	*have = 0;
	*tuning = 0.0;
	if (!default_stft(a))
		return GENRE_OK;
	if (ensure(a, GENRE_WANT_CQT_TUNING, st) != GENRE_OK)
		return st->code;
	*have = a->have_cqt_tuning;
	*tuning = a->cqt_tuning;
	return GENRE_OK;
}

size_t
genre_analysis_memory(const genre_analysis *a)
{
	size_t		T = (size_t) a->n_frames,
				nb = (size_t) a->n_bins,
				mag = T * nb * sizeof(float),
				bytes = 0;
	unsigned	w = a->wants;

	if (w == 0)
		return 0;
	/* |X|: whole when small, else one block */
	bytes += mag <= a->keep_mag ? mag : (size_t) GENRE_ANALYSIS_BLOCK * nb * sizeof(float);
	bytes += sizeof(double) * a->stft_params.n_fft;
	if (w & GENRE_WANT_SHAPE)
		bytes += 3 * sizeof(double) * T;
	if (w & GENRE_WANT_MEL)
		bytes += sizeof(float) * GENRE_N_MELS * T;
	if (w & GENRE_WANT_CHROMA)
		bytes += sizeof(float) * 12 * T + sizeof(double) * 12 * nb;
	/* one set of tuning peaks at a time: pitch, magnitude, then the median's copy */
	if (w & (GENRE_WANT_CHROMA | GENRE_WANT_CQT_TUNING))
		bytes += 3 * sizeof(float) * T *
			genre_tuning_peaks_per_frame(a->n_bins, a->sr, a->stft_params.n_fft) +
			2 * sizeof(float) * nb;
	return bytes;
}

void
genre_analysis_free(genre_analysis *a)
{
	genre_work_free(a->cache, a->stft.x);
	genre_work_free(a->cache, a->mag);
	genre_work_free(a->cache, a->power);
	genre_work_free(a->cache, a->mel_db);
	genre_work_free(a->cache, a->centroid);
	genre_work_free(a->cache, a->bandwidth);
	genre_work_free(a->cache, a->rolloff);
	genre_work_free(a->cache, a->chroma);
	memset(&a->stft, 0, sizeof(a->stft));
	a->mag = a->power = a->mel_db = a->chroma = NULL;
	a->centroid = a->bandwidth = a->rolloff = NULL;
	a->made = 0;
}
