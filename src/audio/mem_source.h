/*
 * mem_source.h - the caller's bytes as a readable, seekable file for the
 * decoding libraries' I/O callbacks, with the host's cancel check in every
 * read and seek.  Internal to src/audio.
 *
 * A library that is busy inside one call (libogg resyncing over junk,
 * libmpg123 hunting for a frame) comes back to its callbacks often; failing
 * them once the host asks to stop ends the call within milliseconds, and the
 * sticky `canceled` flag tells the decoder to report GENRE_ECANCEL rather
 * than whatever the library made of the failed read.
 */
#ifndef GENRE_AUDIO_MEM_SOURCE_H
#define GENRE_AUDIO_MEM_SOURCE_H

#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct genre_mem_source
{
	const unsigned char *data;
	size_t		len;
	uint64_t	pos;			/* may lie past len after a seek: reads then give 0 */
	int			canceled;		/* a read or seek saw genre_interrupted(); sticky */
} genre_mem_source;

/* Point m at len bytes of data, positioned at 0. */
void		genre_mem_source_init(genre_mem_source *m, const void *data, size_t len);

/* Copy up to n bytes at the position into buf; the count, 0 at the end, -1 once canceled. */
int64_t		genre_mem_read(genre_mem_source *m, void *buf, size_t n);

/*
 * fseek: position at offset from SEEK_SET, SEEK_CUR or SEEK_END.  0 on
 * success; -1 for an unknown whence, a target before the start or past
 * INT64_MAX, or once canceled.
 */
int			genre_mem_seek(genre_mem_source *m, int64_t offset, int whence);

/* GENRE_ECANCEL once a read or seek saw a cancel (whatever the library made of it), else GENRE_OK. */
genre_code	genre_mem_check(const genre_mem_source *m, genre_status *st);

#endif
