/*
 * decode_sndfile.c - WAV, AIFF, AU, FLAC and MP3 through libsndfile's
 * virtual I/O over the caller's bytes.
 *
 * libsndfile reads other containers too; only the ones above are accepted,
 * so the surface exposed to untrusted bytes stays the one that is tested and
 * fuzzed.  Ogg never comes here: libsndfile's Ogg reader leaks on malformed
 * streams (DESIGN.md), so Vorbis and Opus have their own decoders.  Every
 * read and seek checks for a cancel (mem_source.h): libmpg123 hunting for a
 * frame sync through junk stops at the next read.
 */
#include "audio/decoder.h"

#include "audio/mem_source.h"
#include "base/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sndfile.h>

typedef struct sndfile_impl
{
	genre_mem_source mem;
	SNDFILE    *sf;
} sndfile_impl;

static sf_count_t
mem_get_filelen(void *user)
{
	return (sf_count_t) ((genre_mem_source *) user)->len;
}

static sf_count_t
mem_seek(sf_count_t offset, int whence, void *user)
{
	genre_mem_source *m = user;

	/* like a file: never before the start, past the end allowed (reads give 0) */
	if (genre_mem_seek(m, (int64_t) offset, whence) != 0)
		return -1;
	return (sf_count_t) m->pos;
}

static sf_count_t
mem_read(void *ptr, sf_count_t count, void *user)
{
	int64_t		n;

	if (count <= 0)
		return 0;
	n = genre_mem_read(user, ptr, (size_t) count);
	return n < 0 ? 0 : (sf_count_t) n;	/* libsndfile takes a short read as the end */
}

static sf_count_t
mem_write(const void *ptr, sf_count_t count, void *user)
{
	return 0;					/* read-only */
}

static sf_count_t
mem_tell(void *user)
{
	return (sf_count_t) ((genre_mem_source *) user)->pos;
}

/* libsndfile's message for a detail line, without its trailing period. */
static void
library_message(char *buf, size_t size, const char *msg)
{
	size_t		n;

	snprintf(buf, size, "%s", msg ? msg : "unknown error");
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
}

/* The accepted containers and their names; NULL for anything else. */
static const char *
format_name(int format)
{
	switch (format & SF_FORMAT_TYPEMASK)
	{
		case SF_FORMAT_WAV:
		case SF_FORMAT_WAVEX:
		case SF_FORMAT_RF64:
			return "wav";
		case SF_FORMAT_AIFF:
			return "aiff";
		case SF_FORMAT_AU:
			return "au";
		case SF_FORMAT_FLAC:
			return "flac";
		case SF_FORMAT_MPEG:
			return (format & SF_FORMAT_SUBMASK) == SF_FORMAT_MPEG_LAYER_III ? "mp3" : "mpeg";
	}
	return NULL;
}

static genre_code
sndfile_seek(genre_decoder *d, int64_t frame, genre_status *st)
{
	sndfile_impl *impl = d->impl;
	sf_count_t	r = sf_seek(impl->sf, (sf_count_t) frame, SEEK_SET);

	if (impl->mem.canceled)
		return genre_mem_check(&impl->mem, st);
	if (r != (sf_count_t) frame)
		return genre_fail(st, GENRE_EBADDATA, "could not seek to frame %lld", (long long) frame);
	return GENRE_OK;
}

static genre_code
sndfile_read(genre_decoder *d, float *buf, size_t n, size_t *got, genre_status *st)
{
	sndfile_impl *impl = d->impl;
	sf_count_t	r = sf_readf_float(impl->sf, buf, (sf_count_t) n);

	/* a failed read looks like the end of the data to libsndfile */
	if (impl->mem.canceled)
		return genre_mem_check(&impl->mem, st);
	if (r < 0)
		return genre_fail(st, GENRE_EBADDATA, "could not decode %s audio", d->info.format);
	/*
	 * r == 0 is the end, also when a decoder stopped at corrupt data:
	 * soundfile (and so librosa) keeps what was decoded up to there
	 */
	*got = (size_t) r;
	return GENRE_OK;
}

static void
sndfile_close(genre_decoder *d)
{
	sndfile_impl *impl = d->impl;

	if (impl == NULL)
		return;
	if (impl->sf)
		sf_close(impl->sf);
	genre_free(impl);
	d->impl = NULL;
}

genre_code
genre_sndfile_open(const void *data, size_t len, const char *family, genre_decoder *d,
				   genre_status *st)
{
	static SF_VIRTUAL_IO io = {mem_get_filelen, mem_seek, mem_read, mem_write, mem_tell};
	sndfile_impl *impl;
	SF_INFO		sfi;
	const char *name;

	impl = genre_calloc(1, sizeof(sndfile_impl));
	if (impl == NULL)
		return genre_fail_nomem(st);
	genre_mem_source_init(&impl->mem, data, len);
	memset(&sfi, 0, sizeof(sfi));
	impl->sf = sf_open_virtual(&io, SFM_READ, &sfi, &impl->mem);
	if (impl->mem.canceled)
	{
		genre_code	rc = genre_mem_check(&impl->mem, st);

		if (impl->sf)
			sf_close(impl->sf);
		genre_free(impl);
		return rc;
	}
	if (impl->sf == NULL)
	{
		char		msg[200];

		library_message(msg, sizeof(msg), sf_strerror(NULL));
		genre_free(impl);
		genre_fail(st, GENRE_EBADDATA, "could not decode %s audio", family);
		genre_status_detail(st, "libsndfile: %s.", msg);
		return GENRE_EBADDATA;
	}
	name = format_name(sfi.format);
	if (name == NULL)
	{
		sf_close(impl->sf);
		genre_free(impl);
		genre_fail(st, GENRE_EBADDATA, "unsupported audio format");
		genre_status_detail(st, "libsndfile read the %s bytes as container type 0x%06x.", family,
							(unsigned) (sfi.format & SF_FORMAT_TYPEMASK));
		return GENRE_EBADDATA;
	}

	memset(&d->info, 0, sizeof(d->info));
	snprintf(d->info.format, sizeof(d->info.format), "%s", name);
	d->info.sample_rate = sfi.samplerate;
	d->info.channels = sfi.channels;
	/* SF_COUNT_MAX and negative counts mean libsndfile does not know */
	d->info.frames = (sfi.frames >= 0 && sfi.frames < SF_COUNT_MAX) ? (int64_t) sfi.frames : -1;
	d->impl = impl;
	d->seek = sndfile_seek;
	d->read = sndfile_read;
	d->close = sndfile_close;
	return GENRE_OK;
}
