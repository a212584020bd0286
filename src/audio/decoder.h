/*
 * decoder.h - the interface audio.c drives for every container: open over
 * memory, seek, read interleaved float32 frames, close.  Internal to
 * src/audio.
 */
#ifndef GENRE_AUDIO_DECODER_H
#define GENRE_AUDIO_DECODER_H

#include "audio/audio.h"

typedef struct genre_decoder genre_decoder;

struct genre_decoder
{
	genre_audio_header info;		/* frames = -1 when the header does not say */
	void	   *impl;			/* the library handle and the memory reader */
	/*
	 * Position at native frame `frame` (< info.frames); GENRE_EBADDATA when
	 * the library cannot.  NULL: audio.c decodes and drops frames instead.
	 */
	genre_code	(*seek) (genre_decoder *d, int64_t frame, genre_status *st);
	/* Read up to n interleaved frames into buf; *got = 0 at the end. */
	genre_code	(*read) (genre_decoder *d, float *buf, size_t n, size_t *got, genre_status *st);
	/* Release every library handle; safe on any path after a successful open. */
	void		(*close) (genre_decoder *d);
};

/*
 * Open WAV, AIFF, AU, FLAC, MP3 or Ogg Opus bytes with libsndfile's virtual
 * I/O; family is what the magic bytes said ("wav", ...), for messages.
 */
genre_code	genre_sndfile_open(const void *data, size_t len, const char *family,
							   genre_decoder *d, genre_status *st);

/* Open Ogg Opus bytes with libopusfile (op_open_memory), decoded at 48 kHz. */
genre_code	genre_opus_open(const void *data, size_t len, genre_decoder *d, genre_status *st);

/* Open Ogg Vorbis bytes with libvorbisfile (ov_open_callbacks over memory). */
genre_code	genre_vorbis_open(const void *data, size_t len, genre_decoder *d, genre_status *st);

#endif
