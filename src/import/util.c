/*
 * util.c - memory, buffers, the string map, UTF-8 validation, clocks.
 */
#include "import/util.h"

#include "import/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *
gi_malloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		gi_fatal(GI_EXIT_SERVER, "out of memory (%zu bytes)", n);
	return p;
}

void *
gi_realloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (q == NULL)
		gi_fatal(GI_EXIT_SERVER, "out of memory (%zu bytes)", n);
	return q;
}

char *
gi_strdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(gi_malloc(n), s, n);
}

char *
gi_printf(const char *fmt,...)
{
	va_list		ap;
	int			n;
	char	   *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = gi_malloc((size_t) n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t) n + 1, fmt, ap);
	va_end(ap);
	return s;
}

double
gi_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

char *
gi_buf_reserve(gi_buf *b, size_t n)
{
	if (n > SIZE_MAX / 2 - b->len)
		gi_fatal(GI_EXIT_SERVER, "out of memory (buffer of %zu bytes)", n);
	if (b->len + n > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 4096;

		while (cap < b->len + n)
			cap *= 2;
		b->data = gi_realloc(b->data, cap);
		b->cap = cap;
	}
	return b->data + b->len;
}

void
gi_buf_append(gi_buf *b, const void *p, size_t n)
{
	memcpy(gi_buf_reserve(b, n), p, n);
	b->len += n;
}

void
gi_buf_puts(gi_buf *b, const char *s)
{
	gi_buf_append(b, s, strlen(s));
}

void
gi_buf_printf(gi_buf *b, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	gi_buf_reserve(b, (size_t) n + 1);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t) n;
}

void
gi_buf_int16(gi_buf *b, int16_t v)
{
	unsigned char c[2] = {(unsigned char) ((uint16_t) v >> 8), (unsigned char) v};

	gi_buf_append(b, c, 2);
}

void
gi_buf_int32(gi_buf *b, int32_t v)
{
	uint32_t	u = (uint32_t) v;
	unsigned char c[4] = {u >> 24, u >> 16, u >> 8, u};

	gi_buf_append(b, c, 4);
}

void
gi_buf_free(gi_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* FNV-1a */
static size_t
hash_str(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * 1099511628211ULL;
	return (size_t) h;
}

static size_t
map_slot(const gi_map *m, const char *key)
{
	size_t		i = hash_str(key) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *
gi_map_get(const gi_map *m, const char *key)
{
	size_t		i;

	if (m->cap == 0)
		return NULL;
	i = map_slot(m, key);
	return m->keys[i] ? m->values[i] : NULL;
}

const char *
gi_map_key(const gi_map *m, const char *key)
{
	return m->cap == 0 ? NULL : m->keys[map_slot(m, key)];
}

int
gi_map_has(const gi_map *m, const char *key)
{
	return m->cap != 0 && m->keys[map_slot(m, key)] != NULL;
}

int
gi_map_put(gi_map *m, const char *key, void *value)
{
	size_t		i;

	if (2 * (m->n + 1) > m->cap)
	{
		gi_map		bigger = {0};
		size_t		j;

		bigger.cap = m->cap ? 2 * m->cap : 64;
		bigger.keys = calloc(bigger.cap, sizeof(char *));
		bigger.values = calloc(bigger.cap, sizeof(void *));
		if (bigger.keys == NULL || bigger.values == NULL)
			gi_fatal(GI_EXIT_SERVER, "out of memory (map of %zu entries)", bigger.cap);
		for (j = 0; j < m->cap; j++)
			if (m->keys[j] != NULL)
			{
				i = map_slot(&bigger, m->keys[j]);
				bigger.keys[i] = m->keys[j];
				bigger.values[i] = m->values[j];
			}
		bigger.n = m->n;
		free(m->keys);
		free(m->values);
		*m = bigger;
	}
	i = map_slot(m, key);
	if (m->keys[i] != NULL)
	{
		m->values[i] = value;
		return 0;
	}
	m->keys[i] = gi_strdup(key);
	m->values[i] = value;
	m->n++;
	return 1;
}

void
gi_map_free(gi_map *m)
{
	size_t		i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof(*m));
}

int
gi_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	while (*p)
	{
		unsigned char c = *p;
		int			n;
		uint32_t	cp;

		if (c < 0x80)
		{
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (int i = 1; i <= n; i++)
		{
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			(cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += n + 1;
	}
	return 1;
}

const char *
gi_size(int64_t bytes, char *out, size_t outlen)
{
	double		b = (double) bytes;

	if (b < 1e3)
		snprintf(out, outlen, "%lld B", (long long) bytes);
	else if (b < 1e6)
		snprintf(out, outlen, "%.0f kB", b / 1e3);
	else if (b < 1e9)
		snprintf(out, outlen, "%.1f MB", b / 1e6);
	else
		snprintf(out, outlen, "%.2f GB", b / 1e9);
	return out;
}
