/*
 * onset.c - spectral flux onset envelope, float32 like librosa.
 */
#include "dsp/onset.h"

#include "base/alloc.h"
#include "dsp/median.h"

/* lag 1 + n_fft / (2 * hop) = 1 + 2048 / 1024 frames of leading zeros */
#define ONSET_SHIFT 3

genre_code
genre_onset_strength(const float *db, int n_frames, int n_mels,
					 genre_onset_aggregate agg, float *env, genre_status *st)
{
	float	   *diff;
	int			t,
				m;

	if (n_frames <= 0)
		return GENRE_OK;
	if (n_mels <= 0)
		return genre_fail(st, GENRE_EINVAL, "onset strength needs at least one band");
	diff = genre_alloc(sizeof(float) * n_mels);
	if (!diff)
		return genre_fail_nomem(st);
	for (t = 0; t < n_frames; t++)
	{
		const float *cur,
				   *prev;

		env[t] = 0.0f;
		if (t < ONSET_SHIFT)
			continue;
		if ((t & 255) == 0 && genre_interrupted())
		{
			genre_free(diff);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		cur = db + (size_t) (t - 2) * n_mels;
		prev = db + (size_t) (t - 3) * n_mels;
		for (m = 0; m < n_mels; m++)
		{
			float		d = cur[m] - prev[m];

			diff[m] = d > 0.0f ? d : 0.0f;
		}
		if (agg == GENRE_ONSET_MEAN)
		{
			/* numpy reduces axis 0 of a C-order array row by row: sequential float32 */
			float		s = 0.0f;

			for (m = 0; m < n_mels; m++)
				s += diff[m];
			env[t] = s / (float) n_mels;
		}
		else
			env[t] = genre_median_f32(diff, (size_t) n_mels);
	}
	genre_free(diff);
	return GENRE_OK;
}
