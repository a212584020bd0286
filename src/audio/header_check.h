/*
 * header_check.h - sanity checks of uncompressed containers before
 * libsndfile reads them: libsndfile quietly shortens a WAV, AIFF or AU
 * file whose header claims more data than the bytes hold; genre refuses it.
 */
#ifndef GENRE_AUDIO_HEADER_CHECK_H
#define GENRE_AUDIO_HEADER_CHECK_H

#include "base/status.h"

#include <stddef.h>

/*
 * Check a RIFF/RIFX/RF64 WAVE, FORM AIFF/AIFC or .snd header: channels and
 * sample rate present and within GENRE_AUDIO_MAX_*, and the data size the
 * header claims no larger than the bytes present.  GENRE_OK for anything it
 * does not recognise (libsndfile judges that).
 */
genre_code	genre_check_header(const unsigned char *data, size_t len, genre_status *st);

#endif
