/*
 * mem_source.c - bytes in memory behind the libraries' I/O callbacks (see
 * mem_source.h).
 */
#include "audio/mem_source.h"

#include <stdio.h>
#include <string.h>

void
genre_mem_source_init(genre_mem_source *m, const void *data, size_t len)
{
	m->data = data;
	m->len = len;
	m->pos = 0;
	m->canceled = 0;
}

/* True once the host asked to stop: every later call fails too. */
static int
stop(genre_mem_source *m)
{
	if (!m->canceled && genre_interrupted())
		m->canceled = 1;
	return m->canceled;
}

int64_t
genre_mem_read(genre_mem_source *m, void *buf, size_t n)
{
	size_t		left;

	if (stop(m))
		return -1;
	if (m->pos >= m->len || n == 0)
		return 0;
	left = m->len - (size_t) m->pos;
	if (n > left)
		n = left;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (int64_t) n;
}

int
genre_mem_seek(genre_mem_source *m, int64_t offset, int whence)
{
	int64_t		base;

	if (stop(m))
		return -1;
	switch (whence)
	{
		case SEEK_SET:
			base = 0;
			break;
		case SEEK_CUR:
			base = (int64_t) m->pos;
			break;
		case SEEK_END:
			base = (int64_t) m->len;
			break;
		default:
			return -1;
	}
	if (offset < -base || offset > INT64_MAX - base)
		return -1;
	m->pos = (uint64_t) (base + offset);
	return 0;
}

genre_code
genre_mem_check(const genre_mem_source *m, genre_status *st)
{
	if (m->canceled)
		return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
	return GENRE_OK;
}
