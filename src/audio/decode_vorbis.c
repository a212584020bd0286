/*
 * decode_vorbis.c - Ogg Vorbis through libvorbisfile over the caller's
 * bytes.  libsndfile 1.2.0 leaks memory on malformed Ogg (DESIGN.md);
 * ov_open_callbacks / ov_clear over the same inputs leak nothing.
 *
 * The samples are the decoder's floats, as libsndfile hands them to
 * soundfile; chained streams must keep one channel count and rate.
 */
#include "audio/decoder.h"

#include "base/alloc.h"

#include <stdio.h>
#include <string.h>

#define OV_EXCLUDE_STATIC_CALLBACKS
#include <vorbis/vorbisfile.h>

typedef struct mem_stream
{
	const unsigned char *data;
	size_t		len;
	size_t		pos;
} mem_stream;

typedef struct vorbis_impl
{
	mem_stream	mem;
	OggVorbis_File vf;
	int			open;
} vorbis_impl;

static size_t
mem_read(void *ptr, size_t size, size_t nmemb, void *source)
{
	mem_stream *m = source;
	size_t		left = m->len - m->pos;
	size_t		n;

	if (size == 0)
		return 0;
	n = nmemb;
	if (n > left / size)
		n = left / size;
	memcpy(ptr, m->data + m->pos, n * size);
	m->pos += n * size;
	return n;
}

static int
mem_seek(void *source, ogg_int64_t offset, int whence)
{
	mem_stream *m = source;
	ogg_int64_t base;

	switch (whence)
	{
		case SEEK_SET:
			base = 0;
			break;
		case SEEK_CUR:
			base = (ogg_int64_t) m->pos;
			break;
		case SEEK_END:
			base = (ogg_int64_t) m->len;
			break;
		default:
			return -1;
	}
	if (offset < -base || offset > (ogg_int64_t) m->len - base)
		return -1;
	m->pos = (size_t) (base + offset);
	return 0;
}

static long
mem_tell(void *source)
{
	return (long) ((mem_stream *) source)->pos;
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

static genre_code
vorbis_seek(genre_decoder *d, int64_t frame, genre_status *st)
{
	vorbis_impl *impl = d->impl;
	int			rc = ov_pcm_seek(&impl->vf, (ogg_int64_t) frame);

	if (rc != 0)
		return genre_fail(st, GENRE_EBADDATA, "could not seek in ogg vorbis audio: %s",
						  ov_error_text(rc));
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

		GENRE_CHECK_CANCEL(st);
		if (r == OV_HOLE)
			continue;			/* a gap in the data: vorbisfile resyncs, so does libsndfile */
		if (r < 0)
			return genre_fail(st, GENRE_EBADDATA, "could not decode ogg vorbis audio: %s",
							  ov_error_text((int) r));
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
	int			rc;

	impl = genre_calloc(1, sizeof(vorbis_impl));
	if (impl == NULL)
		return genre_fail_nomem(st);
	impl->mem.data = data;
	impl->mem.len = len;
	/* on failure vorbisfile has already released what it allocated */
	rc = ov_open_callbacks(&impl->mem, &impl->vf, NULL, 0, cb);
	if (rc < 0)
	{
		genre_free(impl);
		return genre_fail(st, GENRE_EBADDATA, "could not decode ogg vorbis audio: %s",
						  ov_error_text(rc));
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
