/*
 * onset.c - spectral flux onset envelope, float32 like librosa.
 */
#include "dsp/onset.h"

#include "base/alloc.h"
#include "dsp/median.h"

/* lag 1 + n_fft / (2 * hop) = 1 + 2048 / 1024 frames of leading zeros */
#define ONSET_SHIFT 3

/* value of rank r among n values of which the first z are 0 and pos[0..n-z) the rest */
static float
rank_value(float *pos, int n_pos, int z, int r)
{
	return r < z ? 0.0f : genre_select_f32(pos, (size_t) n_pos, (size_t) (r - z));
}

/*
 * np.median over bands of max(0, cur - prev): the zeros (half the bands,
 * typically) are counted, not sorted, and only the rises are selected.
 */
static float
median_of_rises(const float *cur, const float *prev, int n_mels, float *pos)
{
	int			n_pos = 0,
				z,
				m;

	for (m = 0; m < n_mels; m++)
	{
		float		d = cur[m] - prev[m];

		if (d > 0.0f)
			pos[n_pos++] = d;
	}
	z = n_mels - n_pos;
	if (n_mels % 2)
		return rank_value(pos, n_pos, z, n_mels / 2);
	if (n_mels / 2 < z)
		return 0.0f;
	/* both middle values among the rises, or a zero and the smallest rise */
	if (n_mels / 2 - 1 >= z)
	{
		float		lo,
					hi = genre_select_pair_f32(pos, (size_t) n_pos, (size_t) (n_mels / 2 - z), &lo);

		return (lo + hi) / 2.0f;
	}
	return (0.0f + rank_value(pos, n_pos, z, n_mels / 2)) / 2.0f;
}

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
		if (agg == GENRE_ONSET_MEDIAN)
		{
			env[t] = median_of_rises(cur, prev, n_mels, diff);
			continue;
		}
		for (m = 0; m < n_mels; m++)
		{
			float		d = cur[m] - prev[m];

			diff[m] = d > 0.0f ? d : 0.0f;
		}
		{
			/* numpy reduces axis 0 of a C-order array row by row: sequential float32 */
			float		s = 0.0f;

			for (m = 0; m < n_mels; m++)
				s += diff[m];
			env[t] = s / (float) n_mels;
		}
	}
	genre_free(diff);
	return GENRE_OK;
}
