/*
 * mfcc.c - MFCCs from the analysis's mel dB spectrogram.
 */
#include "features/mfcc.h"

#include "base/alloc.h"
#include "dsp/dct.h"

genre_code
genre_mfcc_frames(genre_analysis *a, int n_mfcc, genre_frame_matrix *out,
				  genre_status *st)
{
	const float *db;
	float	   *c;
	int			n_frames,
				t,
				j;

	if (n_mfcc < 1 || n_mfcc > GENRE_N_MELS)
		return genre_fail(st, GENRE_EINVAL, "n_mfcc must be between 1 and %d", GENRE_N_MELS);
	if (genre_analysis_mel_db(a, &db, st) != GENRE_OK)
		return st->code;
	n_frames = a->n_frames;
	c = genre_alloc(sizeof(float) * (size_t) n_frames * n_mfcc);
	if (c == NULL)
		return genre_fail_nomem(st);
	/* librosa keeps MFCCs in float32 (scipy's dct of a float32 array) */
	if (genre_dct2_ortho(db, n_frames, GENRE_N_MELS, n_mfcc, c, st) != GENRE_OK ||
		genre_frames_alloc(out, n_mfcc, n_frames, st) != GENRE_OK)
	{
		genre_free(c);
		return st->code;
	}
	for (t = 0; t < n_frames; t++)
		for (j = 0; j < n_mfcc; j++)
			out->v[(size_t) j * n_frames + t] = c[(size_t) t * n_mfcc + j];
	genre_free(c);
	return GENRE_OK;
}
