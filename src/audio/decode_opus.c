/*
 * decode_opus.c - Ogg Opus through libopusfile over the caller's bytes.
 *
 * libsndfile's Ogg reader leaks libvorbis memory on malformed streams even
 * when the first packet says Opus (found by fuzz_audio: 5.8 KB per input
 * from vorbis_info_init inside sf_open_virtual), so Opus, like Vorbis,
 * bypasses libsndfile.  libopusfile always decodes at 48 kHz and applies
 * the pre-skip and the header's output gain.  As for Vorbis, it reads only
 * the pages a forward read finds (ogg_pages.h), through callbacks that
 * check for a cancel (mem_source.h).
 */
#include "audio/decoder.h"

#include "audio/mem_source.h"
#include "audio/ogg_pages.h"
#include "base/alloc.h"

#include <stdio.h>
#include <string.h>

#include <opusfile.h>

#define OPUS_RATE 48000

typedef struct opus_impl
{
	genre_ogg_view view;
	genre_mem_source mem;
	OggOpusFile *of;
} opus_impl;

static int
mem_read(void *source, unsigned char *ptr, int nbytes)
{
	return nbytes <= 0 ? 0 : (int) genre_mem_read(source, ptr, (size_t) nbytes);
}

static int
mem_seek(void *source, opus_int64 offset, int whence)
{
	return genre_mem_seek(source, (int64_t) offset, whence);
}

static opus_int64
mem_tell(void *source)
{
	return (opus_int64) ((genre_mem_source *) source)->pos;
}

static const char *
op_error_text(int code)
{
	switch (code)
	{
		case OP_EREAD:
			return "read error";
		case OP_EFAULT:
			return "internal decoder fault";
		case OP_EIMPL:
			return "unsupported stream feature";
		case OP_EINVAL:
			return "invalid stream";
		case OP_ENOTFORMAT:
			return "not opus data";
		case OP_EBADHEADER:
			return "invalid opus header";
		case OP_EVERSION:
			return "unsupported opus version";
		case OP_EBADPACKET:
			return "invalid packet";
		case OP_EBADLINK:
			return "invalid stream section";
		case OP_ENOSEEK:
			return "stream is not seekable";
		case OP_EBADTIMESTAMP:
			return "invalid timestamp";
	}
	return "corrupt stream";
}

static genre_code
opus_read(genre_decoder *d, float *buf, size_t n, size_t *got, genre_status *st)
{
	opus_impl  *impl = d->impl;
	int			channels = d->info.channels;
	int			room = (int) (n * channels > 1 << 20 ? 1 << 20 : n * channels);

	*got = 0;
	for (;;)
	{
		int			link = 0;
		int			r;

		GENRE_CHECK_CANCEL(st);
		r = op_read_float(impl->of, buf, room, &link);
		if (impl->mem.canceled)
			return genre_mem_check(&impl->mem, st);
		if (r == OP_HOLE)
			continue;			/* a gap: opusfile resyncs */
		if (r < 0)
			return genre_fail(st, GENRE_EBADDATA, "could not decode ogg opus audio: %s",
							  op_error_text(r));
		if (r == 0)
			return GENRE_OK;
		if (op_channel_count(impl->of, link) != channels)
			return genre_fail(st, GENRE_EBADDATA,
							  "chained ogg opus streams change the channel count");
		*got = (size_t) r;
		return GENRE_OK;
	}
}

static void
opus_close(genre_decoder *d)
{
	opus_impl  *impl = d->impl;

	if (impl == NULL)
		return;
	if (impl->of)
		op_free(impl->of);
	genre_ogg_view_free(&impl->view);
	genre_free(impl);
	d->impl = NULL;
}

genre_code
genre_opus_open(const void *data, size_t len, genre_decoder *d, genre_status *st)
{
	static const OpusFileCallbacks cb = {mem_read, mem_seek, mem_tell, NULL};
	opus_impl  *impl;
	ogg_int64_t total;
	genre_code	code;
	int			err = 0;

	impl = genre_calloc(1, sizeof(opus_impl));
	if (impl == NULL)
		return genre_fail_nomem(st);
	/* chained Opus is decoded, so the serial numbers need no check */
	if ((code = genre_ogg_view_build(data, len, 0, &impl->view, st)) != GENRE_OK)
	{
		genre_free(impl);
		return code;
	}
	genre_mem_source_init(&impl->mem, impl->view.data, impl->view.len);
	/* opusfile reads the pages in place; op_free releases everything */
	impl->of = op_open_callbacks(&impl->mem, &cb, NULL, 0, &err);
	if (impl->of == NULL || impl->mem.canceled)
	{
		code = impl->mem.canceled ? genre_mem_check(&impl->mem, st)
			: genre_fail(st, GENRE_EBADDATA, "could not decode ogg opus audio: %s",
						 op_error_text(err));
		if (impl->of)
			op_free(impl->of);
		genre_ogg_view_free(&impl->view);
		genre_free(impl);
		return code;
	}
	d->impl = impl;
	/*
	 * no seek: op_pcm_seek pre-rolls 80 ms and lands within ~1e-4 of the
	 * continuous decode; decoding from the start and dropping frames keeps
	 * a window equal to the slice of the whole signal
	 */
	d->seek = NULL;
	d->read = opus_read;
	d->close = opus_close;

	/* every link must keep the first link's channel count */
	for (int link = 1; link < op_link_count(impl->of); link++)
		if (op_channel_count(impl->of, link) != op_channel_count(impl->of, 0))
		{
			opus_close(d);
			return genre_fail(st, GENRE_EBADDATA,
							  "chained ogg opus streams change the channel count");
		}
	total = op_pcm_total(impl->of, -1);

	memset(&d->info, 0, sizeof(d->info));
	snprintf(d->info.format, sizeof(d->info.format), "opus");
	d->info.channels = op_channel_count(impl->of, 0);
	d->info.sample_rate = OPUS_RATE;
	d->info.frames = total >= 0 ? (int64_t) total : -1;
	return GENRE_OK;
}
