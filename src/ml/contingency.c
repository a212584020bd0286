/*
 * contingency.c - flat pair-count table and its canonical view (see
 * contingency.h).
 *
 * Flat layout (native byte order: the state never leaves one architecture):
 *
 *   header  32 bytes: magic, nslots, nentries, pad, strcap (u64), strused (u64)
 *   slots   nslots x u32: entry index + 1, 0 = empty (linear probing)
 *   entries nslots/2 x 24 bytes: count u64, offset u32, alen u32, blen u32, hash u32
 *   strings strcap bytes: a then b of each entry, back to back
 *
 * The load factor stays at most 1/2, so a probe always meets an empty slot
 * in a table we wrote; probes are still bounded by nslots for crafted ones.
 */
#include "ml/contingency.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

#define CTAB_MAGIC 0x31544347u	/* "GCT1" */
#define HDR_SIZE 32
#define ENTRY_SIZE 24
#define MIN_SLOTS 16
#define MAX_SLOTS (1u << 26)
#define INITIAL_STRBYTES 512
/* totals above this would overflow the pair counts of ARI (n^2 in 128 bits is fine, n itself not) */
#define MAX_TOTAL ((uint64_t) 1 << 62)
/* loops over the pairs ask for a cancel this often (2^25 pairs take seconds) */
#define CANCEL_EVERY 65536
#define CANCEL_DUE(i) (((i) & (CANCEL_EVERY - 1)) == CANCEL_EVERY - 1 && genre_interrupted())

typedef struct ctab_header
{
	uint32_t	magic;
	uint32_t	nslots;
	uint32_t	nentries;
	uint32_t	pad;
	uint64_t	strcap;
	uint64_t	strused;
} ctab_header;

typedef struct ctab_entry
{
	uint64_t	count;
	uint32_t	offset;
	uint32_t	alen;
	uint32_t	blen;
	uint32_t	hash;
} ctab_entry;

size_t
genre_ctab_size(uint32_t nslots, size_t strbytes)
{
	return HDR_SIZE + (size_t) nslots * 4 + (size_t) (nslots / 2) * ENTRY_SIZE + strbytes;
}

size_t
genre_ctab_initial_size(void)
{
	return genre_ctab_size(MIN_SLOTS, INITIAL_STRBYTES);
}

static inline unsigned char *
slots_of(void *buf)
{
	return (unsigned char *) buf + HDR_SIZE;
}

static inline size_t
entries_offset(uint32_t nslots)
{
	return HDR_SIZE + (size_t) nslots * 4;
}

static inline size_t
strings_offset(uint32_t nslots)
{
	return entries_offset(nslots) + (size_t) (nslots / 2) * ENTRY_SIZE;
}

/* Read and sanity-check the header; 0 when it cannot describe a table of size bytes. */
static int
read_header(const void *buf, size_t size, ctab_header *h)
{
	if (buf == NULL || size < HDR_SIZE)
		return 0;
	memcpy(h, buf, sizeof(*h));
	if (h->magic != CTAB_MAGIC || h->nslots < 8 || h->nslots > MAX_SLOTS ||
		(h->nslots & (h->nslots - 1)) != 0 || h->nentries > h->nslots / 2 ||
		h->strused > h->strcap || h->strcap > size || h->strcap > UINT32_MAX ||
		genre_ctab_size(h->nslots, (size_t) h->strcap) > size)
		return 0;
	return 1;
}

static void
write_header(void *buf, const ctab_header *h)
{
	memcpy(buf, h, sizeof(*h));
}

static inline uint32_t
get_slot(const void *buf, uint32_t i)
{
	uint32_t	v;

	memcpy(&v, (const unsigned char *) buf + HDR_SIZE + (size_t) i * 4, 4);
	return v;
}

static inline void
set_slot(void *buf, uint32_t i, uint32_t v)
{
	memcpy(slots_of(buf) + (size_t) i * 4, &v, 4);
}

static inline void
get_entry(const void *buf, const ctab_header *h, uint32_t i, ctab_entry *e)
{
	memcpy(e, (const unsigned char *) buf + entries_offset(h->nslots) + (size_t) i * ENTRY_SIZE,
		   ENTRY_SIZE);
}

static inline void
set_entry(void *buf, const ctab_header *h, uint32_t i, const ctab_entry *e)
{
	memcpy((unsigned char *) buf + entries_offset(h->nslots) + (size_t) i * ENTRY_SIZE, e,
		   ENTRY_SIZE);
}

/* An entry whose strings lie inside the used string area. */
static inline int
entry_ok(const ctab_header *h, const ctab_entry *e)
{
	return (uint64_t) e->offset + e->alen + e->blen <= h->strused &&
		e->alen <= GENRE_CTAB_MAX_LABEL && e->blen <= GENRE_CTAB_MAX_LABEL;
}

static inline const char *
entry_a(const void *buf, const ctab_header *h, const ctab_entry *e)
{
	return (const char *) buf + strings_offset(h->nslots) + e->offset;
}

/* FNV-1a over a, a separator byte and b. */
static uint32_t
pair_hash(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t	x = 2166136261u;

	for (size_t i = 0; i < alen; i++)
		x = (x ^ (unsigned char) a[i]) * 16777619u;
	x = (x ^ 0xffu) * 16777619u;
	for (size_t i = 0; i < blen; i++)
		x = (x ^ (unsigned char) b[i]) * 16777619u;
	return x;
}

void
genre_ctab_init(void *buf, size_t size, uint32_t nslots)
{
	ctab_header h;

	memset(buf, 0, strings_offset(nslots));
	h.magic = CTAB_MAGIC;
	h.nslots = nslots;
	h.nentries = 0;
	h.pad = 0;
	h.strcap = size - strings_offset(nslots);
	h.strused = 0;
	write_header(buf, &h);
}

/* Slots needed so that n entries keep the load factor at most 1/2. */
static uint32_t
slots_for(uint64_t n, uint32_t at_least)
{
	uint32_t	s = at_least < MIN_SLOTS ? MIN_SLOTS : at_least;

	while ((uint64_t) s / 2 < n && s < MAX_SLOTS)
		s *= 2;
	return s;
}

static size_t
grown_strcap(const ctab_header *h, uint64_t extra)
{
	uint64_t	cap = h->strcap < INITIAL_STRBYTES ? INITIAL_STRBYTES : h->strcap;

	while (cap < h->strused + extra)
		cap *= 2;
	return (size_t) cap;
}

/* Add with a known hash; same returns as genre_ctab_add. */
static int
add_hashed(void *buf, size_t size, ctab_header *h, uint32_t hash,
		   const char *a, size_t alen, const char *b, size_t blen, uint64_t count,
		   uint32_t *need_slots, size_t *need_size)
{
	uint32_t	mask = h->nslots - 1;
	uint32_t	idx = hash & mask;

	if (alen > GENRE_CTAB_MAX_LABEL || blen > GENRE_CTAB_MAX_LABEL)
		return -1;
	for (uint32_t probe = 0; probe < h->nslots; probe++, idx = (idx + 1) & mask)
	{
		uint32_t	slot = get_slot(buf, idx);
		ctab_entry	e;

		if (slot == 0)
		{
			if (h->nentries >= h->nslots / 2 || h->strused + alen + blen > h->strcap)
			{
				uint32_t	ns = slots_for((uint64_t) h->nentries + 1, h->nslots);
				size_t		sc = grown_strcap(h, alen + blen);

				if (need_slots)
					*need_slots = ns;
				if (need_size)
					*need_size = genre_ctab_size(ns, sc);
				return 0;
			}
			e.count = count;
			e.offset = (uint32_t) h->strused;
			e.alen = (uint32_t) alen;
			e.blen = (uint32_t) blen;
			e.hash = hash;
			{
				char	   *dst = (char *) buf + strings_offset(h->nslots) + e.offset;

				memcpy(dst, a, alen);
				memcpy(dst + alen, b, blen);
			}
			set_entry(buf, h, h->nentries, &e);
			set_slot(buf, idx, h->nentries + 1);
			h->nentries++;
			h->strused += alen + blen;
			write_header(buf, h);
			return 1;
		}
		if (slot - 1 >= h->nentries)
			return -1;
		get_entry(buf, h, slot - 1, &e);
		if (!entry_ok(h, &e))
			return -1;
		if (e.hash == hash && e.alen == alen && e.blen == blen &&
			memcmp(entry_a(buf, h, &e), a, alen) == 0 &&
			memcmp(entry_a(buf, h, &e) + alen, b, blen) == 0)
		{
			if (e.count > UINT64_MAX - count)
				return -1;
			e.count += count;
			set_entry(buf, h, slot - 1, &e);
			return 1;
		}
	}
	return -1;					/* no empty slot: not a table we wrote */
}

int
genre_ctab_add(void *buf, size_t size, const char *a, size_t alen,
			   const char *b, size_t blen, uint64_t count,
			   uint32_t *need_slots, size_t *need_size)
{
	ctab_header h;

	if (!read_header(buf, size, &h))
		return -1;
	return add_hashed(buf, size, &h, pair_hash(a, alen, b, blen), a, alen, b, blen, count,
					  need_slots, need_size);
}

uint32_t
genre_ctab_npairs(const void *buf, size_t size)
{
	ctab_header h;

	return read_header(buf, size, &h) ? h.nentries : 0;
}

/* Add every entry of src to dst; dst must have been checked to be big enough. */
static int
add_all(void *dst, size_t dst_size, const void *src, size_t src_size)
{
	ctab_header sh,
				dh;

	if (!read_header(src, src_size, &sh))
		return -1;
	for (uint32_t i = 0; i < sh.nentries; i++)
	{
		ctab_entry	e;
		const char *a;
		int			rc;

		if (CANCEL_DUE(i))
			return GENRE_CTAB_CANCELED;
		get_entry(src, &sh, i, &e);
		if (!entry_ok(&sh, &e))
			return -1;
		a = entry_a(src, &sh, &e);
		if (!read_header(dst, dst_size, &dh))
			return -1;
		/* recompute the hash: src is untrusted and a wrong one would duplicate pairs */
		rc = add_hashed(dst, dst_size, &dh, pair_hash(a, e.alen, a + e.alen, e.blen),
						a, e.alen, a + e.alen, e.blen, e.count, NULL, NULL);
		if (rc != 1)
			return rc;
	}
	return 1;
}

int
genre_ctab_copy(void *dst, size_t dst_size, const void *src, size_t src_size)
{
	return add_all(dst, dst_size, src, src_size);
}

int
genre_ctab_merge(void *dst, size_t dst_size, const void *src, size_t src_size,
				 uint32_t *need_slots, size_t *need_size)
{
	ctab_header sh,
				dh;

	if (!read_header(src, src_size, &sh) || !read_header(dst, dst_size, &dh))
		return -1;
	/* room for the worst case (no pair in common) before touching dst */
	if ((uint64_t) dh.nentries + sh.nentries > dh.nslots / 2 ||
		dh.strused + sh.strused > dh.strcap)
	{
		/* past the slot limit this stays too small, and the caller reports it */
		uint32_t	ns = slots_for((uint64_t) dh.nentries + sh.nentries, dh.nslots);

		*need_slots = ns;
		*need_size = genre_ctab_size(ns, grown_strcap(&dh, sh.strused));
		return 0;
	}
	return add_all(dst, dst_size, src, src_size);
}

/* ---- packed form ---- */

#define PACKED_HDR 8
#define PACKED_PAIR 16

size_t
genre_ctab_packed_size(const void *buf, size_t size)
{
	ctab_header h;
	size_t		strings = 0;

	if (!read_header(buf, size, &h))
		return 0;
	/* the strings of the entries (a table we wrote uses exactly strused) */
	for (uint32_t i = 0; i < h.nentries; i++)
	{
		ctab_entry	e;

		if (CANCEL_DUE(i))
			return 0;
		get_entry(buf, &h, i, &e);
		if (!entry_ok(&h, &e))
			return 0;
		strings += (size_t) e.alen + e.blen;
	}
	return PACKED_HDR + (size_t) h.nentries * PACKED_PAIR + strings;
}

int
genre_ctab_pack(const void *buf, size_t size, void *out, size_t out_size)
{
	ctab_header h;
	unsigned char *o = out;
	size_t		spos;
	uint32_t	zero = 0;

	if (!read_header(buf, size, &h) || out_size != genre_ctab_packed_size(buf, size))
		return 0;
	memcpy(o, &h.nentries, 4);
	memcpy(o + 4, &zero, 4);
	spos = PACKED_HDR + (size_t) h.nentries * PACKED_PAIR;
	for (uint32_t i = 0; i < h.nentries; i++)
	{
		ctab_entry	e;
		unsigned char *p = o + PACKED_HDR + (size_t) i * PACKED_PAIR;

		if (CANCEL_DUE(i))
			return 0;
		get_entry(buf, &h, i, &e);
		memcpy(p, &e.count, 8);
		memcpy(p + 8, &e.alen, 4);
		memcpy(p + 12, &e.blen, 4);
		memcpy(o + spos, entry_a(buf, &h, &e), (size_t) e.alen + e.blen);
		spos += (size_t) e.alen + e.blen;
	}
	return 1;
}

/* Check a packed form whole; its pair count and string bytes: 1, 0 when corrupt, canceled. */
static int
packed_check(const unsigned char *p, size_t len, uint32_t *npairs, uint64_t *strbytes)
{
	uint32_t	n,
				zero;
	uint64_t	total = 0;

	if (len < PACKED_HDR)
		return 0;
	memcpy(&n, p, 4);
	memcpy(&zero, p + 4, 4);
	/* count x size against the bytes present before reading any pair */
	if (zero != 0 || n > MAX_SLOTS / 2 || n > (len - PACKED_HDR) / PACKED_PAIR)
		return 0;
	for (uint32_t i = 0; i < n; i++)
	{
		const unsigned char *q = p + PACKED_HDR + (size_t) i * PACKED_PAIR;
		uint64_t	count;
		uint32_t	alen,
					blen;

		if (CANCEL_DUE(i))
			return GENRE_CTAB_CANCELED;
		memcpy(&count, q, 8);
		memcpy(&alen, q + 8, 4);
		memcpy(&blen, q + 12, 4);
		if (count == 0 || alen > GENRE_CTAB_MAX_LABEL || blen > GENRE_CTAB_MAX_LABEL)
			return 0;
		total += (uint64_t) alen + blen;
	}
	if (total != len - PACKED_HDR - (size_t) n * PACKED_PAIR)
		return 0;
	*npairs = n;
	*strbytes = total;
	return 1;
}

int
genre_ctab_unpack(void *dst, size_t dst_size, const void *packed, size_t len,
				  uint32_t *need_slots, size_t *need_size)
{
	const unsigned char *p = packed;
	ctab_header dh;
	uint32_t	n;
	uint64_t	strbytes;
	size_t		spos;
	int			checked = packed_check(p, len, &n, &strbytes);

	if (checked != 1)
		return checked == GENRE_CTAB_CANCELED ? checked : -1;
	if (!read_header(dst, dst_size, &dh))
		return -1;
	if ((uint64_t) dh.nentries + n > dh.nslots / 2 || dh.strused + strbytes > dh.strcap)
	{
		uint32_t	ns = slots_for((uint64_t) dh.nentries + n, dh.nslots);

		*need_slots = ns;
		*need_size = genre_ctab_size(ns, grown_strcap(&dh, strbytes));
		return 0;
	}
	spos = PACKED_HDR + (size_t) n * PACKED_PAIR;
	for (uint32_t i = 0; i < n; i++)
	{
		const unsigned char *q = p + PACKED_HDR + (size_t) i * PACKED_PAIR;
		const char *a = (const char *) p + spos;
		uint64_t	count;
		uint32_t	alen,
					blen;
		int			rc;

		if (CANCEL_DUE(i))
			return GENRE_CTAB_CANCELED;
		memcpy(&count, q, 8);
		memcpy(&alen, q + 8, 4);
		memcpy(&blen, q + 12, 4);
		if (!read_header(dst, dst_size, &dh))
			return -1;
		rc = add_hashed(dst, dst_size, &dh, pair_hash(a, alen, a + alen, blen),
						a, alen, a + alen, blen, count, NULL, NULL);
		/* room for the worst case was checked: anything but 1 is a corrupt table */
		if (rc != 1)
			return -1;
		spos += (size_t) alen + blen;
	}
	return 1;
}

/* ---- canonical view ---- */

typedef struct label_ref
{
	const char *s;
	uint32_t	len;
	uint32_t	entry;
	uint32_t	side;			/* 0 = a, 1 = b */
} label_ref;

static int
cmp_bytes(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static int
cmp_ref(const void *x, const void *y)
{
	const label_ref *a = x,
			   *b = y;

	return cmp_bytes(a->s, a->len, b->s, b->len);
}

typedef struct cell
{
	uint32_t	row;
	uint32_t	col;
	uint64_t	count;
} cell;

static int
cmp_cell(const void *x, const void *y)
{
	const cell *a = x,
			   *b = y;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/*
 * Sort refs, give equal labels one index, and write each ref's index into
 * index[side][entry]; labels are collected in *labels / *lens.
 */
static genre_code
rank_labels(label_ref *refs, uint32_t n, uint32_t *index[2],
			const char ***labels, uint32_t **lens, uint32_t *nlabels, genre_status *st)
{
	uint32_t	k = 0;

	qsort(refs, n, sizeof(label_ref), cmp_ref);
	*labels = genre_calloc(n ? n : 1, sizeof(const char *));
	*lens = genre_calloc(n ? n : 1, sizeof(uint32_t));
	if (*labels == NULL || *lens == NULL)
		return genre_fail_nomem(st);
	for (uint32_t i = 0; i < n; i++)
	{
		if (i == 0 || cmp_ref(&refs[i - 1], &refs[i]) != 0)
		{
			(*labels)[k] = refs[i].s;
			(*lens)[k] = refs[i].len;
			k++;
		}
		index[refs[i].side][refs[i].entry] = k - 1;
	}
	*nlabels = k;
	return GENRE_OK;
}

genre_code
genre_contingency_build(const void *buf, size_t size, int shared,
						genre_contingency *out, genre_status *st)
{
	ctab_header h;
	label_ref  *refs = NULL;
	uint32_t   *index[2] = {NULL, NULL};
	cell	   *cells = NULL;
	uint32_t	n,
				k;
	genre_code	rc = GENRE_OK;

	memset(out, 0, sizeof(*out));
	if (!read_header(buf, size, &h))
		return genre_fail(st, GENRE_EBADDATA, "invalid contingency table state");
	n = h.nentries;
	refs = genre_calloc((size_t) n * 2 + 1, sizeof(label_ref));
	index[0] = genre_calloc((size_t) n + 1, sizeof(uint32_t));
	index[1] = genre_calloc((size_t) n + 1, sizeof(uint32_t));
	cells = genre_calloc((size_t) n + 1, sizeof(cell));
	if (!refs || !index[0] || !index[1] || !cells)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (uint32_t i = 0; i < n; i++)
	{
		ctab_entry	e;

		get_entry(buf, &h, i, &e);
		/* every stored pair was counted at least once; a zero count would
		 * leave a label without rows, a 0/0 in NMI's entropies */
		if (!entry_ok(&h, &e) || e.count == 0)
		{
			rc = genre_fail(st, GENRE_EBADDATA, "invalid contingency table state");
			goto done;
		}
		if (e.count > MAX_TOTAL || out->total + e.count > MAX_TOTAL)
		{
			rc = genre_fail(st, GENRE_ELIMIT, "more than 2^62 rows in one contingency table");
			goto done;
		}
		out->total += e.count;
		refs[2 * i] = (label_ref) {entry_a(buf, &h, &e), e.alen, i, 0};
		refs[2 * i + 1] = (label_ref) {entry_a(buf, &h, &e) + e.alen, e.blen, i, 1};
		cells[i].count = e.count;
	}
	if (shared)
	{
		rc = rank_labels(refs, 2 * n, index, &out->row_label, &out->row_len, &out->nrows, st);
		out->col_label = out->row_label;
		out->col_len = out->row_len;
		out->ncols = out->nrows;
	}
	else
	{
		/* a refs at even positions, b refs at odd ones: split them */
		label_ref  *brefs = refs + n;
		label_ref  *tmp = genre_calloc((size_t) n + 1, sizeof(label_ref));

		if (tmp == NULL)
		{
			rc = genre_fail_nomem(st);
			goto done;
		}
		for (uint32_t i = 0; i < n; i++)
			tmp[i] = refs[2 * i + 1];
		for (uint32_t i = 0; i < n; i++)
			refs[i] = refs[2 * i];
		memcpy(brefs, tmp, (size_t) n * sizeof(label_ref));
		genre_free(tmp);
		rc = rank_labels(refs, n, index, &out->row_label, &out->row_len, &out->nrows, st);
		if (rc == GENRE_OK)
			rc = rank_labels(brefs, n, index, &out->col_label, &out->col_len, &out->ncols, st);
	}
	if (rc != GENRE_OK)
		goto done;

	for (uint32_t i = 0; i < n; i++)
	{
		cells[i].row = index[0][i];
		cells[i].col = index[1][i];
	}
	qsort(cells, n, sizeof(cell), cmp_cell);
	out->cell_row = genre_calloc((size_t) n + 1, sizeof(uint32_t));
	out->cell_col = genre_calloc((size_t) n + 1, sizeof(uint32_t));
	out->cell_count = genre_calloc((size_t) n + 1, sizeof(uint64_t));
	if (!out->cell_row || !out->cell_col || !out->cell_count)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	/* equal pairs only appear in a crafted state; sum them */
	k = 0;
	for (uint32_t i = 0; i < n; i++)
	{
		if (k > 0 && out->cell_row[k - 1] == cells[i].row && out->cell_col[k - 1] == cells[i].col)
		{
			out->cell_count[k - 1] += cells[i].count;
			continue;
		}
		out->cell_row[k] = cells[i].row;
		out->cell_col[k] = cells[i].col;
		out->cell_count[k] = cells[i].count;
		k++;
	}
	out->ncells = k;

done:
	genre_free(refs);
	genre_free(index[0]);
	genre_free(index[1]);
	genre_free(cells);
	if (rc != GENRE_OK)
		genre_contingency_free(out);
	return rc;
}

void
genre_contingency_free(genre_contingency *c)
{
	if (c->col_label != c->row_label)
	{
		genre_free(c->col_label);
		genre_free(c->col_len);
	}
	genre_free(c->row_label);
	genre_free(c->row_len);
	genre_free(c->cell_row);
	genre_free(c->cell_col);
	genre_free(c->cell_count);
	memset(c, 0, sizeof(*c));
}

genre_code
genre_contingency_margins(const genre_contingency *c, uint64_t **row_sum,
						  uint64_t **col_sum, genre_status *st)
{
	*row_sum = genre_calloc((size_t) c->nrows + 1, sizeof(uint64_t));
	*col_sum = genre_calloc((size_t) c->ncols + 1, sizeof(uint64_t));
	if (*row_sum == NULL || *col_sum == NULL)
	{
		genre_free(*row_sum);
		genre_free(*col_sum);
		*row_sum = *col_sum = NULL;
		return genre_fail_nomem(st);
	}
	for (uint32_t i = 0; i < c->ncells; i++)
	{
		(*row_sum)[c->cell_row[i]] += c->cell_count[i];
		(*col_sum)[c->cell_col[i]] += c->cell_count[i];
	}
	return GENRE_OK;
}
