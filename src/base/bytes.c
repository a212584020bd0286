/*
 * bytes.c - serialisation buffers (see bytes.h).
 */
#include "base/bytes.h"

#include "base/alloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
genre_writer_init(genre_writer *w, size_t initial_cap)
{
	w->data = NULL;
	w->len = 0;
	w->cap = 0;
	w->failed = 0;
	if (initial_cap)
		genre_writer_reserve(w, initial_cap);
}

void
genre_writer_free(genre_writer *w)
{
	genre_free(w->data);
	w->data = NULL;
	w->len = w->cap = 0;
}

int
genre_writer_reserve(genre_writer *w, size_t n)
{
	size_t		need,
				cap;
	unsigned char *p;

	if (w->failed)
		return 0;
	if (n > SIZE_MAX - w->len - 1)
	{
		w->failed = 1;
		return 0;
	}
	need = w->len + n + 1;		/* +1 keeps room for a terminating NUL */
	if (need <= w->cap)
		return 1;
	cap = w->cap ? w->cap : 64;
	while (cap < need)
		cap = (cap > SIZE_MAX / 2) ? need : cap * 2;
	p = genre_realloc(w->data, cap);
	if (p == NULL)
	{
		w->failed = 1;
		return 0;
	}
	w->data = p;
	w->cap = cap;
	return 1;
}

void
genre_put_bytes(genre_writer *w, const void *src, size_t n)
{
	if (n == 0 || !genre_writer_reserve(w, n))
		return;
	memcpy(w->data + w->len, src, n);
	w->len += n;
}

static void
put_le(genre_writer *w, uint64_t v, int nbytes)
{
	unsigned char b[8];

	for (int i = 0; i < nbytes; i++)
		b[i] = (unsigned char) (v >> (8 * i));
	genre_put_bytes(w, b, nbytes);
}

void
genre_put_u8(genre_writer *w, uint8_t v)
{
	put_le(w, v, 1);
}

void
genre_put_u16(genre_writer *w, uint16_t v)
{
	put_le(w, v, 2);
}

void
genre_put_u32(genre_writer *w, uint32_t v)
{
	put_le(w, v, 4);
}

void
genre_put_i32(genre_writer *w, int32_t v)
{
	put_le(w, (uint32_t) v, 4);
}

void
genre_put_u64(genre_writer *w, uint64_t v)
{
	put_le(w, v, 8);
}

void
genre_put_f32(genre_writer *w, float v)
{
	uint32_t	u;

	memcpy(&u, &v, 4);
	put_le(w, u, 4);
}

void
genre_put_f64(genre_writer *w, double v)
{
	uint64_t	u;

	memcpy(&u, &v, 8);
	put_le(w, u, 8);
}

void
genre_put_text(genre_writer *w, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !genre_writer_reserve(w, (size_t) n))
		return;
	va_start(ap, fmt);
	vsnprintf((char *) w->data + w->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	w->len += (size_t) n;
}

void
genre_put_json_string(genre_writer *w, const char *s, size_t n)
{
	genre_put_u8(w, '"');
	for (size_t i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
		{
			genre_put_u8(w, '\\');
			genre_put_u8(w, c);
		}
		else if (c < 0x20)
			genre_put_text(w, "\\u%04x", c);
		else
			genre_put_u8(w, c);
	}
	genre_put_u8(w, '"');
}

void
genre_put_json_number(genre_writer *w, double v)
{
	if (!isfinite(v))
		genre_put_text(w, "null");
	else
		genre_put_text(w, "%.17g", v);
}

int
genre_writer_cstring(genre_writer *w)
{
	if (!genre_writer_reserve(w, 0))
		return 0;
	w->data[w->len] = '\0';
	return 1;
}

void
genre_reader_init(genre_reader *r, const void *data, size_t len)
{
	r->data = data;
	r->len = len;
	r->pos = 0;
	r->failed = 0;
}

size_t
genre_reader_remaining(const genre_reader *r)
{
	return r->len - r->pos;
}

const void *
genre_get_bytes(genre_reader *r, size_t n)
{
	const void *p;

	if (r->failed || n > r->len - r->pos)
	{
		r->failed = 1;
		return NULL;
	}
	p = r->data + r->pos;
	r->pos += n;
	return p;
}

static uint64_t
get_le(genre_reader *r, int nbytes)
{
	const unsigned char *b = genre_get_bytes(r, nbytes);
	uint64_t	v = 0;

	if (b == NULL)
		return 0;
	for (int i = 0; i < nbytes; i++)
		v |= (uint64_t) b[i] << (8 * i);
	return v;
}

uint8_t
genre_get_u8(genre_reader *r)
{
	return (uint8_t) get_le(r, 1);
}

uint16_t
genre_get_u16(genre_reader *r)
{
	return (uint16_t) get_le(r, 2);
}

uint32_t
genre_get_u32(genre_reader *r)
{
	return (uint32_t) get_le(r, 4);
}

int32_t
genre_get_i32(genre_reader *r)
{
	return (int32_t) (uint32_t) get_le(r, 4);
}

uint64_t
genre_get_u64(genre_reader *r)
{
	return get_le(r, 8);
}

float
genre_get_f32(genre_reader *r)
{
	uint32_t	u = (uint32_t) get_le(r, 4);
	float		v;

	memcpy(&v, &u, 4);
	return v;
}

double
genre_get_f64(genre_reader *r)
{
	uint64_t	u = get_le(r, 8);
	double		v;

	memcpy(&v, &u, 8);
	return v;
}

int
genre_reader_can_read(const genre_reader *r, uint64_t count, size_t item_size)
{
	if (r->failed)
		return 0;
	if (item_size == 0)
		return 1;
	return count <= (uint64_t) (r->len - r->pos) / item_size;
}
