/*
 * analysis.c - lazily computed shared intermediates of one clip.
 */
#include "features/analysis.h"

#include "base/alloc.h"
#include "dsp/db.h"
#include "dsp/mel.h"

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
}

int
genre_analysis_frames(const genre_analysis *a)
{
	return (int) genre_stft_frame_count(a->n, &a->stft_params);
}

genre_code
genre_analysis_stft(genre_analysis *a, const genre_stft_result **s, genre_status *st)
{
	if (a->stft.x == NULL &&
		genre_stft(a->cache, a->y, a->n, &a->stft_params, &a->stft, st) != GENRE_OK)
		return st->code;
	*s = &a->stft;
	return GENRE_OK;
}

genre_code
genre_analysis_magnitude(genre_analysis *a, const float **mag, genre_status *st)
{
	const genre_stft_result *s;

	if (a->mag == NULL)
	{
		if (genre_analysis_stft(a, &s, st) != GENRE_OK ||
			genre_stft_magnitude(s, &a->mag, st) != GENRE_OK)
			return st->code;
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
		count = (size_t) a->stft.n_frames * a->stft.n_bins;
		a->power = genre_alloc(sizeof(float) * count);
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
		const float *pow;

		if (genre_analysis_power(a, &pow, st) != GENRE_OK ||
			genre_mel_basis(a->cache, a->sr, a->stft_params.n_fft, GENRE_N_MELS,
							0.0, a->sr / 2.0, &bank, st) != GENRE_OK ||
			genre_mel_apply(bank, pow, a->stft.n_frames, &a->mel_db, st) != GENRE_OK)
			return st->code;
		/* the 80 dB floor is taken from the whole clip, as librosa does */
		genre_power_to_db(a->mel_db, (size_t) a->stft.n_frames * GENRE_N_MELS, 1e-10, 80.0);
	}
	*db = a->mel_db;
	return GENRE_OK;
}

void
genre_analysis_free(genre_analysis *a)
{
	genre_stft_free(&a->stft);
	genre_free(a->mag);
	genre_free(a->power);
	genre_free(a->mel_db);
	a->mag = a->power = a->mel_db = NULL;
}
