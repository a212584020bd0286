/*
 * model.c - model envelope: header, checksum, version, payload arrays.
 */
#include "ml/model.h"

#include "base/alloc.h"

#include <math.h>

uint64_t
genre_checksum(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t	h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
	{
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void
genre_model_begin(genre_writer *w, genre_model_kind kind)
{
	genre_put_u32(w, GENRE_MODEL_MAGIC);
	genre_put_u16(w, GENRE_MODEL_VERSION);
	genre_put_u16(w, (uint16_t) kind);
	genre_put_u64(w, 0);
	genre_put_u64(w, 0);
}

static void
patch_u64(unsigned char *dst, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		dst[i] = (unsigned char) (v >> (8 * i));
}

void
genre_model_finish(genre_writer *w)
{
	size_t		plen;

	if (w->failed || w->len < GENRE_MODEL_HEADER_SIZE)
		return;
	plen = w->len - GENRE_MODEL_HEADER_SIZE;
	patch_u64(w->data + 8, plen);
	patch_u64(w->data + 16, genre_checksum(w->data + GENRE_MODEL_HEADER_SIZE, plen));
}

uint64_t
genre_model_header_checksum(const void *data, size_t len)
{
	genre_reader r;

	if (len < GENRE_MODEL_HEADER_SIZE)
		return 0;
	genre_reader_init(&r, (const unsigned char *) data + 16, 8);
	return genre_get_u64(&r);
}

genre_code
genre_model_open(const void *data, size_t len, genre_model_kind *kind,
				 const unsigned char **payload, size_t *payload_len,
				 genre_status *st)
{
	genre_reader r;
	uint32_t	magic;
	uint16_t	version,
				k;
	uint64_t	plen,
				sum;

	genre_reader_init(&r, data, len);
	magic = genre_get_u32(&r);
	version = genre_get_u16(&r);
	k = genre_get_u16(&r);
	plen = genre_get_u64(&r);
	sum = genre_get_u64(&r);
	if (r.failed)
		return genre_fail(st, GENRE_EBADDATA, "invalid model: %zu bytes is shorter than the %d-byte header",
						  len, GENRE_MODEL_HEADER_SIZE);
	if (magic != GENRE_MODEL_MAGIC)
		return genre_fail(st, GENRE_EBADDATA, "invalid model: bad magic number");
	if (version != GENRE_MODEL_VERSION)
		return genre_fail(st, GENRE_EBADDATA, "invalid model: unsupported format version %u (this build reads %d)",
						  version, GENRE_MODEL_VERSION);
	if (plen != genre_reader_remaining(&r))
		return genre_fail(st, GENRE_EBADDATA, "invalid model: header says %llu payload bytes but %zu are present",
						  (unsigned long long) plen, genre_reader_remaining(&r));
	if (genre_checksum(r.data + r.pos, (size_t) plen) != sum)
		return genre_fail(st, GENRE_EBADDATA, "invalid model: checksum mismatch");
	*kind = (genre_model_kind) k;
	*payload = r.data + r.pos;
	*payload_len = (size_t) plen;
	return GENRE_OK;
}

double *
genre_model_read_finite(genre_reader *r, size_t n, const char *kind_name,
						const char *what, genre_status *st)
{
	double	   *v;

	if (!genre_reader_can_read(r, n, 8))
	{
		genre_fail(st, GENRE_EBADDATA, "invalid %s model: truncated %s",
				   kind_name, what);
		return NULL;
	}
	if ((v = genre_alloc((n ? n : 1) * sizeof(double))) == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i] = genre_get_f64(r)))
		{
			genre_fail(st, GENRE_EBADDATA, "invalid %s model: non-finite %s",
					   kind_name, what);
			genre_free(v);
			return NULL;
		}
	return v;
}
