/*
 * ogg_pages.c - the pages libogg's sync finds, with an O(1) check per
 * candidate (see ogg_pages.h).
 *
 * Ogg's CRC-32 (polynomial 0x04c11db7, MSB first, initial value 0, no final
 * xor) of a message M is M(x) x^32 mod P.  With C[i] the CRC of the first i
 * bytes, the CRC of bytes [a, b) is C[b] + C[a] x^(8(b-a)) mod P, and
 * zeroing the stored CRC field of a page (bytes 22..25), as the CRC is
 * defined, subtracts the CRC of those four bytes times x^(8(size-26)).
 * Prefix byte sums give a page's body length from its lacing values the same
 * way.  The prefixes are kept every 8 bytes (slice-by-8 between them, so an
 * ordinary file costs less than one CRC pass byte by byte) in rings longer
 * than the largest page; a prefix in between is at most 7 steps away.
 */
#include "audio/ogg_pages.h"

#include "base/alloc.h"

#include <stdint.h>
#include <string.h>

#define STEP 8					/* bytes between kept prefixes */
#define RING_MAX ((size_t) 1 << 14)	/* kept prefixes: 128 KB > GENRE_OGG_MAX_PAGE + STEP */
#define CHECK_EVERY ((size_t) 1 << 20)	/* work units (bytes) between cancel checks */

typedef struct scanner
{
	const unsigned char *d;
	size_t		len;
	uint32_t	table[8][256];	/* slice-by-8: table[k][v] = v x^(32 + 8k) mod P */
	uint32_t   *shift;			/* shift[n] = x^(8n) mod P for n < nshift */
	size_t		nshift;
	uint32_t   *crc;			/* ring: crc[j & mask] = C[j * STEP] */
	uint32_t   *sum;			/* ring: sum[j & mask] = d[0] + ... + d[j * STEP - 1] mod 2^32 */
	size_t		mask;
	size_t		done;			/* prefixes are kept up to block done */
	size_t		work;
} scanner;

/* The CRC register after one more byte: r x^8 + c x^32 mod P. */
static inline uint32_t
crc_step(const uint32_t *table, uint32_t r, unsigned char c)
{
	return (r << 8) ^ table[((r >> 24) ^ c) & 0xff];
}

/*
 * a(x) b(x) mod P: carry-less product four bits of b at a time; the high
 * word hi x^32 reduces to table[3][h3] + ... + table[0][h0] (its bytes).
 */
static uint32_t
gf_mul(const uint32_t (*table)[256], uint32_t a, uint32_t b)
{
	uint64_t	t[16];
	uint64_t	p;
	uint32_t	hi;

	t[0] = 0;
	t[1] = a;
	t[2] = (uint64_t) a << 1;
	t[3] = t[2] ^ a;
	t[4] = (uint64_t) a << 2;
	t[5] = t[4] ^ a;
	t[6] = t[3] << 1;
	t[7] = t[6] ^ a;
	t[8] = (uint64_t) a << 3;
	t[9] = t[8] ^ a;
	t[10] = t[5] << 1;
	t[11] = t[10] ^ a;
	t[12] = t[6] << 1;
	t[13] = t[12] ^ a;
	t[14] = t[7] << 1;
	t[15] = t[14] ^ a;
	p = t[b >> 28];
	p = (p << 4) ^ t[(b >> 24) & 15];
	p = (p << 4) ^ t[(b >> 20) & 15];
	p = (p << 4) ^ t[(b >> 16) & 15];
	p = (p << 4) ^ t[(b >> 12) & 15];
	p = (p << 4) ^ t[(b >> 8) & 15];
	p = (p << 4) ^ t[(b >> 4) & 15];
	p = (p << 4) ^ t[b & 15];
	hi = (uint32_t) (p >> 32);
	return (uint32_t) p ^ table[3][hi >> 24] ^ table[2][(hi >> 16) & 0xff] ^
		table[1][(hi >> 8) & 0xff] ^ table[0][hi & 0xff];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static void
scanner_free(scanner *s)
{
	genre_free(s->shift);
	genre_free(s->crc);
	genre_free(s->sum);
	s->shift = s->crc = s->sum = NULL;
}

static genre_code
scanner_init(scanner *s, const unsigned char *d, size_t len, genre_status *st)
{
	size_t		ring = 2;

	memset(s, 0, sizeof(*s));
	s->d = d;
	s->len = len;
	for (uint32_t i = 0; i < 256; i++)
	{
		uint32_t	r = i << 24;

		for (int k = 0; k < 8; k++)
			r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : r << 1;
		s->table[0][i] = r;
	}
	for (int k = 1; k < 8; k++)
		for (int i = 0; i < 256; i++)
			s->table[k][i] = crc_step(s->table[0], s->table[k - 1][i], 0);
	while (ring < RING_MAX && ring <= len / STEP + 1)
		ring <<= 1;
	s->mask = ring - 1;
	s->crc = genre_alloc(ring * sizeof(uint32_t));
	s->sum = genre_alloc(ring * sizeof(uint32_t));
	if (!s->crc || !s->sum)
	{
		scanner_free(s);
		return genre_fail_nomem(st);
	}
	s->crc[0] = 0;
	s->sum[0] = 0;
	return GENRE_OK;
}

/* Count work and check for a cancel now and then. */
static genre_code
charge(scanner *s, size_t units, genre_status *st)
{
	s->work += units;
	if (s->work >= CHECK_EVERY)
	{
		s->work = 0;
		GENRE_CHECK_CANCEL(st);
	}
	return GENRE_OK;
}

/* Keep the prefixes of every whole block up to byte upto (<= len). */
static genre_code
extend(scanner *s, size_t upto, genre_status *st)
{
	const uint32_t (*t)[256] = s->table;
	const unsigned char *d = s->d;
	size_t		last = upto / STEP;
	size_t		start = s->done;
	uint32_t	r,
				sum;

	if (last <= start)
		return GENRE_OK;
	r = s->crc[start & s->mask];
	sum = s->sum[start & s->mask];
	for (size_t j = start; j < last; j++)
	{
		const unsigned char *b = d + j * STEP;
		uint32_t	a = r ^ ((uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 |
							 (uint32_t) b[2] << 8 | (uint32_t) b[3]);

		r = t[7][a >> 24] ^ t[6][(a >> 16) & 0xff] ^ t[5][(a >> 8) & 0xff] ^ t[4][a & 0xff] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]];
		sum += (uint32_t) b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7];
		s->crc[(j + 1) & s->mask] = r;
		s->sum[(j + 1) & s->mask] = sum;
	}
	s->done = last;
	return charge(s, (last - start) * STEP, st);
}

/* C[i] and the byte sum before i, from the kept prefix at or below i (extended past i). */
static uint32_t
crc_at(const scanner *s, size_t i)
{
	uint32_t	r = s->crc[(i / STEP) & s->mask];

	for (size_t k = i - i % STEP; k < i; k++)
		r = crc_step(s->table[0], r, s->d[k]);
	return r;
}

static uint32_t
sum_at(const scanner *s, size_t i)
{
	uint32_t	t = s->sum[(i / STEP) & s->mask];

	for (size_t k = i - i % STEP; k < i; k++)
		t += s->d[k];
	return t;
}

/* x^(8n) mod P, n <= min(len, GENRE_OGG_MAX_PAGE): the table grows with the largest page seen */
static genre_code
shift_of(scanner *s, size_t n, uint32_t *out, genre_status *st)
{
	if (n >= s->nshift)
	{
		size_t		want = s->nshift ? s->nshift : 4096;
		uint32_t   *p;

		while (want <= n)
			want *= 2;
		if (want > GENRE_OGG_MAX_PAGE + 1)
			want = GENRE_OGG_MAX_PAGE + 1;
		if ((p = genre_realloc(s->shift, want * sizeof(uint32_t))) == NULL)
			return genre_fail_nomem(st);
		s->shift = p;
		if (s->nshift == 0)
			s->shift[s->nshift++] = 1;
		for (; s->nshift < want; s->nshift++)
			s->shift[s->nshift] = crc_step(s->table[0], s->shift[s->nshift - 1], 0);
	}
	*out = s->shift[n];
	return GENRE_OK;
}

/*
 * Is there a page libogg's sync accepts at p ("OggS" there): header and
 * lacing table present, the whole page present, CRC right?  *size is its
 * length, 0 for none; *claim is the length the header claims (what libogg
 * CRCs before it gives up on a false one), SIZE_MAX when the header or the
 * page runs past the data (libogg then waits for more data, which ends a
 * forward read).  libogg checks the version only later, in
 * ogg_stream_pagein, so a page of another version still counts.
 */
static genre_code
page_at(scanner *s, size_t p, size_t *size, size_t *claim, genre_status *st)
{
	size_t		left = s->len - p;
	size_t		nseg,
				n;
	uint32_t	field = 0,
				xn,
				xf,
				c;
	genre_code	rc;

	*size = 0;
	*claim = SIZE_MAX;			/* runs past the end of the data */
	if ((rc = charge(s, 64, st)) != GENRE_OK)
		return rc;
	if (left < 27)
		return GENRE_OK;
	nseg = s->d[p + 26];
	if (left - 27 < nseg)
		return GENRE_OK;
	if ((rc = extend(s, p + 27 + nseg, st)) != GENRE_OK)
		return rc;
	n = 27 + nseg + (uint32_t) (sum_at(s, p + 27 + nseg) - sum_at(s, p + 27));
	if (n > left)
		return GENRE_OK;
	*claim = n;
	if ((rc = extend(s, p + n, st)) != GENRE_OK ||
		(rc = shift_of(s, n, &xn, st)) != GENRE_OK ||
		(rc = shift_of(s, n - 26, &xf, st)) != GENRE_OK)
		return rc;
	for (int i = 22; i < 26; i++)
		field = crc_step(s->table[0], field, s->d[p + i]);
	c = crc_at(s, p + n) ^ gf_mul(s->table, crc_at(s, p), xn) ^ gf_mul(s->table, field, xf);
	if (c == le32(s->d + p + 22))
		*size = n;
	return GENRE_OK;
}

/* Index of the next "OggS" at or after from, len when there is none. */
static size_t
next_capture(const unsigned char *d, size_t len, size_t from)
{
	while (from < len && len - from >= 4)
	{
		const unsigned char *o = memchr(d + from, 'O', len - from - 3);

		if (o == NULL)
			break;
		from = (size_t) (o - d);
		if (memcmp(o, "OggS", 4) == 0)
			return from;
		from++;
	}
	return len;
}

/*
 * Charge a false page header (a capture pattern that starts no page) to the
 * budget: len + 4 MB of claimed bytes, each false header at least 4 KB.
 */
static genre_code
charge_false(size_t *spent, size_t claim, size_t len, genre_status *st)
{
	size_t		budget = len + GENRE_OGG_FALSE_SLACK;

	/* one running past the data costs libogg no CRC, only a wait for more data */
	*spent += (claim > GENRE_OGG_FALSE_MIN && claim != SIZE_MAX) ? claim : GENRE_OGG_FALSE_MIN;
	if (*spent <= budget)
		return GENRE_OK;
	genre_fail(st, GENRE_EBADDATA, "ogg data holds too many false page headers");
	genre_status_detail(st, "Capture patterns (\"OggS\") that start no valid page claim over %zu bytes; "
						"at most the input's length plus %d bytes are accepted.",
						budget, GENRE_OGG_FALSE_SLACK);
	return GENRE_EBADDATA;
}

/* Do all pages findable from any byte of d[0..len) share one serial number? */
static genre_code
serials_agree(const unsigned char *d, size_t len, int *one, genre_status *st)
{
	scanner		s;
	int			have = 0;
	uint32_t	serial = 0;
	size_t		spent = 0;
	genre_code	rc;

	*one = 1;
	if ((rc = scanner_init(&s, d, len, st)) != GENRE_OK)
		return rc;
	for (size_t p = next_capture(d, len, 0); p < len; p = next_capture(d, len, p + 1))
	{
		size_t		n,
					claim;

		if ((rc = page_at(&s, p, &n, &claim, st)) != GENRE_OK)
			break;
		if (n == 0)
		{
			if ((rc = charge_false(&spent, claim, len, st)) != GENRE_OK)
				break;
			continue;
		}
		if (have && le32(d + p + 14) != serial)
		{
			*one = 0;
			break;
		}
		serial = le32(d + p + 14);
		have = 1;
	}
	scanner_free(&s);
	return rc;
}

void
genre_ogg_view_free(genre_ogg_view *v)
{
	genre_free(v->owned);
	memset(v, 0, sizeof(*v));
}

genre_code
genre_ogg_view_build(const void *data, size_t len, int check_serials, genre_ogg_view *v,
					 genre_status *st)
{
	const unsigned char *d = data;
	scanner		s;
	size_t		pos = 0;		/* where libogg's forward read resumes */
	size_t		end = 0;		/* end of the last accepted page */
	unsigned char *copy = NULL; /* set once a page is not where the last one ended */
	size_t		copy_len = 0;
	uint32_t	serial = 0;
	size_t		foreign_end = SIZE_MAX; /* first end of a page of another serial */
	size_t		spent = 0;
	genre_code	rc;

	memset(v, 0, sizeof(*v));
	if ((rc = scanner_init(&s, d, len, st)) != GENRE_OK)
		return rc;
	/* every capture: those inside pages count for the budget and the serial numbers */
	for (size_t p = next_capture(d, len, 0); p < len; p = next_capture(d, len, p + 1))
	{
		size_t		n,
					claim;

		if ((rc = page_at(&s, p, &n, &claim, st)) != GENRE_OK)
			break;
		/* libogg waits for the rest of a page that runs past the data: the read ends */
		if (n == 0 && p >= pos && claim == SIZE_MAX)
			break;
		if (n == 0)
		{
			if ((rc = charge_false(&spent, claim, len, st)) != GENRE_OK)
				break;
			continue;
		}
		if (p >= pos)
		{
			/* the page a forward read returns next */
			if (v->pages == 0)
				serial = le32(d + p + 14);
			if (copy == NULL && p != end)
			{
				if ((copy = genre_alloc(len)) == NULL)
				{
					rc = genre_fail_nomem(st);
					break;
				}
				memcpy(copy, d, end);
				copy_len = end;
			}
			if (copy != NULL)
			{
				memcpy(copy + copy_len, d + p, n);
				copy_len += n;
			}
			else
				end = p + n;
			pos = p + n;
			v->pages++;
		}
		if (le32(d + p + 14) != serial && p + n < foreign_end)
			foreign_end = p + n;
	}
	scanner_free(&s);
	if (rc != GENRE_OK)
	{
		genre_free(copy);
		return rc;
	}

	v->one_serial = 1;
	if (copy == NULL)
	{
		/* the view is d[0..end): the pages found in it are the ones found here */
		v->data = d;
		v->len = end;
		v->one_serial = foreign_end > end;
		return GENRE_OK;
	}
	v->data = v->owned = copy;
	v->len = copy_len;
	/* moved pages meet new neighbours: judge the copy itself */
	if (check_serials && (rc = serials_agree(copy, copy_len, &v->one_serial, st)) != GENRE_OK)
		genre_ogg_view_free(v);
	return rc;
}
