/*
 * decode_vorbis.c - Ogg Vorbis through libvorbisfile over the caller's
 * bytes.  libsndfile 1.2.0 leaks memory on malformed Ogg (DESIGN.md);
 * ov_open_callbacks / ov_clear over the same inputs leak nothing.
 *
 * The samples are the decoder's floats, as libsndfile hands them to
 * soundfile.  libvorbisfile reads only the pages a forward read finds
 * (ogg_pages.h), so its searches never meet the junk between or after
 * them, and every read and seek checks for a cancel (mem_source.h).  One
 * logical stream only (see genre_vorbis_open).
 */
#include "audio/decoder.h"

#include "audio/mem_source.h"
#include "audio/ogg_pages.h"
#include "base/alloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define OV_EXCLUDE_STATIC_CALLBACKS
#include <vorbis/vorbisfile.h>

typedef struct vorbis_impl
{
	genre_ogg_view view;		/* the pages only: junk never reaches libogg */
	genre_mem_source mem;
	OggVorbis_File vf;
	int			open;
} vorbis_impl;

static size_t
mem_read(void *ptr, size_t size, size_t nmemb, void *source)
{
	int64_t		n;

	if (size == 0 || nmemb == 0)
		return 0;
	if (nmemb > SIZE_MAX / size)
		nmemb = SIZE_MAX / size;
	n = genre_mem_read(source, ptr, size * nmemb);
	if (n < 0)
	{
		errno = EINTR;			/* vorbisfile: 0 bytes with errno set is a read error */
		return 0;
	}
	/* whole items only: the source moves back over a partial one */
	((genre_mem_source *) source)->pos -= (uint64_t) n % size;
	return (size_t) n / size;
}

static int
mem_seek(void *source, ogg_int64_t offset, int whence)
{
	genre_mem_source *m = source;
	uint64_t	old = m->pos;

	if (genre_mem_seek(m, (int64_t) offset, whence) != 0)
		return -1;
	if (m->pos > m->len)
	{
		m->pos = old;			/* vorbisfile never needs to stand past the end */
		return -1;
	}
	return 0;
}

static long
mem_tell(void *source)
{
	return (long) ((genre_mem_source *) source)->pos;
}

static const char *
ov_error_text(int code)
{
	switch (code)
	{
		case OV_EREAD:
			return "read error";
		case OV_ENOTVORBIS:
			return "not vorbis data";
		case OV_EVERSION:
			return "vorbis version mismatch";
		case OV_EBADHEADER:
			return "invalid vorbis header";
		case OV_EFAULT:
			return "internal decoder fault";
		case OV_EBADLINK:
			return "invalid stream section";
		case OV_ENOSEEK:
			return "stream is not seekable";
		case OV_EINVAL:
			return "invalid stream";
	}
	return "corrupt stream";
}

/* What a failed library call means: a cancel our callbacks turned into a read error, or bad data. */
static genre_code
vorbis_fail(const vorbis_impl *impl, int code, const char *what, genre_status *st)
{
	if (impl->mem.canceled)
		return genre_mem_check(&impl->mem, st);
	return genre_fail(st, GENRE_EBADDATA, "%s ogg vorbis audio: %s", what, ov_error_text(code));
}

static genre_code
vorbis_seek(genre_decoder *d, int64_t frame, genre_status *st)
{
	vorbis_impl *impl = d->impl;
	int			rc = ov_pcm_seek(&impl->vf, (ogg_int64_t) frame);

	if (rc != 0 || impl->mem.canceled)
		return vorbis_fail(impl, rc, "could not seek in", st);
	return GENRE_OK;
}
static genre_code
vorbis_read(genre_decoder *d, float *buf, size_t n, size_t *got, genre_status *st)
{
	vorbis_impl *impl = d->impl;
	int			channels = d->info.channels;
	int			want = n > 65536 ? 65536 : (int) n;

	*got = 0;
	for (;;)
	{
		float	  **pcm = NULL;
		int			section = 0;
		long		r = ov_read_float(&impl->vf, &pcm, want, &section);
		vorbis_info *vi;

		/* a failed read looks like the end of the stream to vorbisfile */
		if (impl->mem.canceled)
			return vorbis_fail(impl, 0, "could not decode", st);
		GENRE_CHECK_CANCEL(st);
		if (r == OV_HOLE)
			continue;			/* a gap in the data: vorbisfile resyncs, so does libsndfile */
		if (r < 0)
			return vorbis_fail(impl, (int) r, "could not decode", st);
		if (r == 0)
			return GENRE_OK;	/* end of stream */
		vi = ov_info(&impl->vf, section);
		if (vi == NULL || vi->channels != channels || vi->rate != d->info.sample_rate)
			return genre_fail(st, GENRE_EBADDATA,
							  "chained ogg vorbis streams change the channel count or sample rate");
		if ((size_t) r > n)
			r = (long) n;		/* never more than asked (vorbisfile honours the limit) */
		for (long i = 0; i < r; i++)
			for (int c = 0; c < channels; c++)
				buf[(size_t) i * channels + c] = pcm[c][i];
		*got = (size_t) r;
		return GENRE_OK;
	}
}

static void
vorbis_close(genre_decoder *d)
{
	vorbis_impl *impl = d->impl;

	if (impl == NULL)
		return;
	if (impl->open)
		ov_clear(&impl->vf);
	genre_ogg_view_free(&impl->view);
	genre_free(impl);
	d->impl = NULL;
}

genre_code
genre_vorbis_open(const void *data, size_t len, genre_decoder *d, genre_status *st)
{
	ov_callbacks cb = {mem_read, mem_seek, NULL, mem_tell};
	vorbis_impl *impl;
	vorbis_info *vi;
	ogg_int64_t total;
	genre_code	code;
	int			rc;

	impl = genre_calloc(1, sizeof(vorbis_impl));
	if (impl == NULL)
		return genre_fail_nomem(st);
	if ((code = genre_ogg_view_build(data, len, 1, &impl->view, st)) != GENRE_OK)
	{
		genre_free(impl);
		return code;
	}
	/*
	 * libvorbisfile 1.3.7 leaks its serial-number list when a later link of
	 * a chained stream is malformed (found by fuzz_audio: 8 bytes per input
	 * in _bisect_forward_serialno); with one serial number that code never
	 * runs
	 */
	if (!impl->view.one_serial)
	{
		genre_ogg_view_free(&impl->view);
		genre_free(impl);
		genre_fail(st, GENRE_EBADDATA, "chained or multiplexed ogg vorbis streams are not supported");
		genre_status_detail(st, "The Ogg pages carry more than one logical stream.");
		return GENRE_EBADDATA;
	}
	genre_mem_source_init(&impl->mem, impl->view.data, impl->view.len);
	/* on failure vorbisfile has already released what it allocated */
	rc = ov_open_callbacks(&impl->mem, &impl->vf, NULL, 0, cb);
	if (rc < 0 || impl->mem.canceled)
	{
		if (rc >= 0)
			ov_clear(&impl->vf);
		code = vorbis_fail(impl, rc, "could not decode", st);
		genre_ogg_view_free(&impl->view);
		genre_free(impl);
		return code;
	}
	impl->open = 1;
	d->impl = impl;
	d->seek = vorbis_seek;
	d->read = vorbis_read;
	d->close = vorbis_close;

	vi = ov_info(&impl->vf, -1);
	if (vi == NULL)
	{
		vorbis_close(d);
		return genre_fail(st, GENRE_EBADDATA, "could not decode ogg vorbis audio: %s",
						  ov_error_text(OV_EBADHEADER));
	}
	/* every link must agree with the first: the signal has one shape */
	for (int link = 1; link < ov_streams(&impl->vf); link++)
	{
		vorbis_info *li = ov_info(&impl->vf, link);

		if (li == NULL || li->channels != vi->channels || li->rate != vi->rate)
		{
			vorbis_close(d);
			return genre_fail(st, GENRE_EBADDATA,
							  "chained ogg vorbis streams change the channel count or sample rate");
		}
	}
	total = ov_pcm_total(&impl->vf, -1);

	memset(&d->info, 0, sizeof(d->info));
	snprintf(d->info.format, sizeof(d->info.format), "ogg");
	d->info.channels = vi->channels;
	/* rate is a long in the header: clamp so the range check in audio.c sees it */
	d->info.sample_rate = vi->rate < 0 ? 0 : vi->rate > 0x7fffffffL ? 0x7fffffff : (int) vi->rate;
	d->info.frames = total >= 0 ? (int64_t) total : -1;
	return GENRE_OK;
}
