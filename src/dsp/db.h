/*
 * db.h - librosa.power_to_db with ref 1.0, in float32.
 */
#ifndef GENRE_DSP_DB_H
#define GENRE_DSP_DB_H

#include <stddef.h>

/*
 * In place: x = 10 log10(max(amin, x)), then, when top_db >= 0, floored at
 * (max over all n values) - top_db.  The max is global over what is passed:
 * pass the whole clip's spectrogram, as librosa does.
 */
void		genre_power_to_db(float *x, size_t n, double amin, double top_db);

/*
 * The same in pieces, for a spectrogram made block by block: the log of
 * each block (returns the larger of top and the block's max), then the
 * floor of every block at the final max - top_db (none when top_db < 0).
 */
float		genre_power_to_db_log(float *x, size_t n, double amin, float top);
void		genre_db_floor(float *x, size_t n, float top, double top_db);

#endif
