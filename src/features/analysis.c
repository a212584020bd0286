/*
 * analysis.c - lazily computed shared intermediates of one clip.
 */
#include "features/analysis.h"

#include "base/alloc.h"
#include "dsp/db.h"
#include "dsp/mel.h"
#include "features/spectral.h"

#include <string.h>

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
		size_t		count = (size_t) a->n_frames * a->n_bins,
					i;
		float	   *m = work(a, count, sizeof(float));
		genre_code	rc = GENRE_OK;

		if (m == NULL)
			return genre_fail_nomem(st);
		/* from the complex STFT when it is there, else without storing it */
		genre_timing_enter(a->timing, "stft");
		if (a->stft.x)
			for (i = 0; i < count; i++)
				m[i] = genre_abs_c64(crealf(a->stft.x[i]), cimagf(a->stft.x[i]));
		else
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
	if (a->mel_db == NULL)
	{
		const genre_bank *bank;
		const float *mag;
		float	   *m;

		/* power = mag * mag in float32, squared on the fly (no power buffer) */
		if (genre_analysis_magnitude(a, &mag, st) != GENRE_OK)
			return st->code;
		m = work(a, (size_t) a->n_frames * GENRE_N_MELS, sizeof(float));
		if (m == NULL)
			return genre_fail_nomem(st);
		genre_timing_enter(a->timing, "mel_db");
		if (genre_mel_basis(a->cache, a->sr, a->stft_params.n_fft, GENRE_N_MELS,
							0.0, a->sr / 2.0, &bank, st) != GENRE_OK ||
			genre_mel_apply_into(bank, mag, 1, a->n_frames, m, st) != GENRE_OK)
		{
			genre_timing_leave(a->timing);
			genre_work_free(a->cache, m);
			return st->code;
		}
		/* the 80 dB floor is taken from the whole clip, as librosa does */
		genre_power_to_db(m, (size_t) a->n_frames * GENRE_N_MELS, 1e-10, 80.0);
		genre_timing_leave(a->timing);
		a->mel_db = m;
	}
	*db = a->mel_db;
	return GENRE_OK;
}

genre_code
genre_analysis_spectral_shape(genre_analysis *a, const double **centroid,
							  const double **bandwidth, genre_status *st)
{
	if (a->centroid == NULL)
	{
		const float *mag;
		genre_code	rc;

		if (genre_analysis_magnitude(a, &mag, st) != GENRE_OK)
			return st->code;
		a->centroid = work(a, a->n_frames, sizeof(double));
		a->bandwidth = work(a, a->n_frames, sizeof(double));
		if (a->centroid == NULL || a->bandwidth == NULL)
		{
			genre_work_free(a->cache, a->centroid);
			genre_work_free(a->cache, a->bandwidth);
			a->centroid = a->bandwidth = NULL;
			return genre_fail_nomem(st);
		}
		genre_timing_enter(a->timing, "spectral_shape");
		rc = genre_spectral_centroid_bandwidth(mag, a->n_frames, a->n_bins, a->sr,
											   a->stft_params.n_fft, a->centroid,
											   a->bandwidth, st);
		genre_timing_leave(a->timing);
		if (rc != GENRE_OK)
		{
			genre_work_free(a->cache, a->centroid);
			genre_work_free(a->cache, a->bandwidth);
			a->centroid = a->bandwidth = NULL;
			return rc;
		}
	}
	*centroid = a->centroid;
	*bandwidth = a->bandwidth;
	return GENRE_OK;
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
	memset(&a->stft, 0, sizeof(a->stft));
	a->mag = a->power = a->mel_db = NULL;
	a->centroid = a->bandwidth = NULL;
}
