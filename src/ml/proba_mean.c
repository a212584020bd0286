/*
 * proba_mean.c - exact, order-independent mean of probability objects (see
 * proba_mean.h).
 */
#include "ml/proba_mean.h"

#include "base/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

static int
label_cmp(const char *a, uint32_t al, const char *b, uint32_t bl)
{
	int			c = memcmp(a, b, al < bl ? al : bl);

	if (c != 0)
		return c;
	return al < bl ? -1 : (al > bl ? 1 : 0);
}

static u128
frac_of(const genre_proba_sum *s)
{
	return ((u128) s->hi << 64) | s->lo;
}

/* p in [0, 1] as 64.128 fixed point, truncated below 2^-128. */
static genre_proba_sum
to_fixed(double p)
{
	genre_proba_sum s = {0, 0, 0};
	int			e;
	double		mant;
	uint64_t	M;
	int			shift;
	u128		v;

	if (p >= 1)
	{
		s.ip = 1;
		return s;
	}
	if (p <= 0)
		return s;
	/* p = M 2^(e - 53) with a 53-bit M; times 2^128 that is M 2^(e + 75) */
	mant = frexp(p, &e);
	M = (uint64_t) ldexp(mant, 53);
	shift = e + 75;
	if (shift >= 0)
		v = (u128) M << shift;
	else if (shift > -64)
		v = (u128) (M >> -shift);
	else
		v = 0;
	s.hi = (uint64_t) (v >> 64);
	s.lo = (uint64_t) v;
	return s;
}

static genre_proba_sum
sum_add(genre_proba_sum a, genre_proba_sum b)
{
	u128		fa = frac_of(&a),
				f = fa + frac_of(&b);
	genre_proba_sum s;

	s.ip = a.ip + b.ip + (f < fa);
	s.hi = (uint64_t) (f >> 64);
	s.lo = (uint64_t) f;
	return s;
}

static int
sum_cmp(const genre_proba_sum *a, const genre_proba_sum *b)
{
	u128		fa,
				fb;

	if (a->ip != b->ip)
		return a->ip < b->ip ? -1 : 1;
	fa = frac_of(a);
	fb = frac_of(b);
	return fa < fb ? -1 : (fa > fb ? 1 : 0);
}

void
genre_proba_mean_init(genre_proba_mean *m)
{
	memset(m, 0, sizeof(*m));
}

void
genre_proba_mean_free(genre_proba_mean *m)
{
	for (uint32_t c = 0; c < m->n_classes; c++)
		genre_free(m->labels[c]);
	genre_free(m->labels);
	genre_free(m->lens);
	genre_free(m->sums);
	memset(m, 0, sizeof(*m));
}

/*
 * m += (labels, lens, sums)[0..k) (sorted, unique) and rows: a linear
 * merge into new arrays, swapped in only when everything succeeded.
 */
static genre_code
merge_into(genre_proba_mean *m, const char *const *labels, const uint32_t *lens,
		   const genre_proba_sum *sums, uint32_t k, uint64_t rows, genre_status *st)
{
	uint32_t	i = 0,
				j = 0,
				n = 0,
				fresh = 0,
				made = 0;
	char	  **nl = NULL,
			  **copies = NULL;
	uint32_t   *nlen = NULL;
	genre_proba_sum *ns = NULL;

	if (rows > UINT64_MAX / 2 - m->rows)
		return genre_fail(st, GENRE_ELIMIT, "more than 2^63 probability objects");
	while (i < m->n_classes || j < k)
	{
		int			c = i == m->n_classes ? 1 : j == k ? -1 :
			label_cmp(m->labels[i], m->lens[i], labels[j], lens[j]);

		if (c <= 0)
			i++;
		if (c >= 0)
		{
			fresh += c > 0;
			j++;
		}
	}
	if ((uint64_t) m->n_classes + fresh > GENRE_PROBA_MAX_CLASSES)
		return genre_fail(st, GENRE_ELIMIT, "more than %d classes in probability objects",
						  GENRE_PROBA_MAX_CLASSES);
	n = m->n_classes + fresh;
	nl = genre_calloc(n ? n : 1, sizeof(char *));
	nlen = genre_calloc(n ? n : 1, sizeof(uint32_t));
	ns = genre_calloc(n ? n : 1, sizeof(genre_proba_sum));
	copies = genre_calloc(fresh ? fresh : 1, sizeof(char *));
	if (!nl || !nlen || !ns || !copies)
		goto nomem;
	/* copy the new labels first: the merge below cannot fail */
	i = j = 0;
	while (i < m->n_classes || j < k)
	{
		int			c = i == m->n_classes ? 1 : j == k ? -1 :
			label_cmp(m->labels[i], m->lens[i], labels[j], lens[j]);

		if (c <= 0)
			i++;
		if (c > 0)
		{
			if ((copies[made] = genre_alloc((size_t) lens[j] + 1)) == NULL)
				goto nomem;
			memcpy(copies[made], labels[j], lens[j]);
			copies[made++][lens[j]] = '\0';
		}
		if (c >= 0)
			j++;
	}
	i = j = n = made = 0;
	while (i < m->n_classes || j < k)
	{
		int			c = i == m->n_classes ? 1 : j == k ? -1 :
			label_cmp(m->labels[i], m->lens[i], labels[j], lens[j]);

		if (c < 0)
		{
			nl[n] = m->labels[i];
			nlen[n] = m->lens[i];
			ns[n++] = m->sums[i++];
		}
		else if (c == 0)
		{
			nl[n] = m->labels[i];
			nlen[n] = m->lens[i];
			ns[n++] = sum_add(m->sums[i++], sums[j++]);
		}
		else
		{
			nl[n] = copies[made++];
			nlen[n] = lens[j];
			ns[n++] = sums[j++];
		}
	}
	genre_free(copies);
	genre_free(m->labels);
	genre_free(m->lens);
	genre_free(m->sums);
	m->labels = nl;
	m->lens = nlen;
	m->sums = ns;
	m->n_classes = n;
	m->cap = n;
	m->rows += rows;
	return GENRE_OK;

nomem:
	if (copies)
		for (uint32_t q = 0; q < made; q++)
			genre_free(copies[q]);
	genre_free(copies);
	genre_free(nl);
	genre_free(nlen);
	genre_free(ns);
	return genre_fail_nomem(st);
}

typedef struct item
{
	const char *label;
	uint32_t	len;
	double		p;
} item;

static int
item_cmp(const void *a, const void *b)
{
	const item *x = a,
			   *y = b;

	return label_cmp(x->label, x->len, y->label, y->len);
}

genre_code
genre_proba_mean_add(genre_proba_mean *m, const char *const *labels, const uint32_t *lens,
					 const double *p, uint32_t k, genre_status *st)
{
	item	   *it;
	const char **sl;
	uint32_t   *sn;
	genre_proba_sum *ss;
	genre_code	rc;

	for (uint32_t j = 0; j < k; j++)
	{
		if (lens[j] > GENRE_PROBA_MAX_LABEL)
			return genre_fail(st, GENRE_ELIMIT, "class label of %u bytes is longer than %d bytes",
							  lens[j], GENRE_PROBA_MAX_LABEL);
		if (memchr(labels[j], '\0', lens[j]) != NULL)
			return genre_fail(st, GENRE_EINVAL, "class label contains a NUL byte");
		if (!(p[j] >= 0 && p[j] <= 1))
			return genre_fail(st, GENRE_EINVAL, "probability of class \"%.*s\" is %g, not in [0, 1]",
							  (int) (lens[j] > 64 ? 64 : lens[j]), labels[j], p[j]);
	}
	it = genre_calloc(k ? k : 1, sizeof(item));
	sl = genre_calloc(k ? k : 1, sizeof(char *));
	sn = genre_calloc(k ? k : 1, sizeof(uint32_t));
	ss = genre_calloc(k ? k : 1, sizeof(genre_proba_sum));
	if (!it || !sl || !sn || !ss)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	for (uint32_t j = 0; j < k; j++)
		it[j] = (item) {labels[j], lens[j], p[j]};
	qsort(it, k, sizeof(item), item_cmp);
	for (uint32_t j = 0; j < k; j++)
	{
		if (j > 0 && item_cmp(&it[j - 1], &it[j]) == 0)
		{
			rc = genre_fail(st, GENRE_EINVAL, "class \"%.*s\" appears twice in one probability object",
							(int) (it[j].len > 64 ? 64 : it[j].len), it[j].label);
			goto done;
		}
		sl[j] = it[j].label;
		sn[j] = it[j].len;
		ss[j] = to_fixed(it[j].p);
	}
	rc = merge_into(m, sl, sn, ss, k, 1, st);
done:
	genre_free(it);
	genre_free(sl);
	genre_free(sn);
	genre_free(ss);
	return rc;
}

genre_code
genre_proba_mean_merge(genre_proba_mean *dst, const genre_proba_mean *src, genre_status *st)
{
	return merge_into(dst, (const char *const *) src->labels, src->lens, src->sums,
					  src->n_classes, src->rows, st);
}

/* Whether any of numerator bits i.. (of ip's 64 then frac's 128, most significant first) is set. */
static int
rest_nonzero(uint64_t ip, u128 frac, int i)
{
	if (i >= 192)
		return 0;
	if (i >= 64)
		return (frac << (i - 64)) != 0;
	return (i == 0 ? ip : ip << i) != 0 || frac != 0;
}

/*
 * (ip + frac 2^-128) / rows rounded once to the nearest float64 (ties to
 * even): long division, one quotient bit at a time, until 53 significant
 * bits and a round bit are known; the remainder is the sticky bit.  The
 * quotient is 0 or in [2^-128 / rows, 1] (no sum exceeds the rows), so 54
 * bits come within the numerator's 192 bits and 118 more.
 */
static double
fixed_quotient(const genre_proba_sum *s, uint64_t rows)
{
	/* numerator bits, most significant first: 64 of ip, then 128 of the fraction */
	u128		frac = frac_of(s);
	u128		rem = 0;
	uint64_t	mant = 0;
	int			have = 0;		/* significant quotient bits in mant */
	int			first = 0;		/* weight exponent of the leading bit */
	int			round_bit = 0,
				i;

	if (s->ip == 0 && frac == 0)
		return 0;
	for (i = 0; have < 54; i++)
	{
		int			bit = i < 64 ? (int) ((s->ip >> (63 - i)) & 1) :
			i < 192 ? (int) ((frac >> (191 - i)) & 1) : 0;
		int			q;

		rem = (rem << 1) | (u128) bit;
		q = rem >= rows;
		if (q)
			rem -= rows;
		/* this quotient bit weighs 2^(63 - i) */
		if (have == 0 && q)
			first = 63 - i;
		if (have > 0 || q)
		{
			if (have < 53)
				mant = (mant << 1) | (uint64_t) q;
			else
				round_bit = q;
			have++;
		}
	}
	/*
	 * round half to even: above half when anything is left, the remainder or
	 * numerator bits not yet brought down (bits i.. of the 192)
	 */
	if (round_bit && (rem != 0 || rest_nonzero(s->ip, frac, i) || (mant & 1)))
		mant++;
	return ldexp((double) mant, first - 52);
}

double
genre_proba_mean_value(const genre_proba_mean *m, uint32_t c)
{
	const genre_proba_sum *s = &m->sums[c];

	if (m->rows == 0)
		return 0;
	return fixed_quotient(s, m->rows);
}

int64_t
genre_proba_mean_argmax(const genre_proba_mean *m)
{
	int64_t		best = -1;

	for (uint32_t c = 0; c < m->n_classes; c++)
		if (best < 0 || sum_cmp(&m->sums[c], &m->sums[best]) > 0)
			best = c;
	return best;
}

void
genre_proba_mean_write(const genre_proba_mean *m, genre_writer *w)
{
	genre_put_u64(w, m->rows);
	genre_put_u32(w, m->n_classes);
	for (uint32_t c = 0; c < m->n_classes; c++)
	{
		genre_put_u32(w, m->lens[c]);
		genre_put_bytes(w, m->labels[c], m->lens[c]);
		genre_put_u64(w, m->sums[c].ip);
		genre_put_u64(w, m->sums[c].hi);
		genre_put_u64(w, m->sums[c].lo);
	}
}

static genre_code
bad_state(genre_proba_mean *m, genre_status *st, const char *what)
{
	genre_proba_mean_free(m);
	return genre_fail(st, GENRE_EBADDATA, "%s", what);
}

genre_code
genre_proba_mean_read(const void *data, size_t len, genre_proba_mean *m, genre_status *st)
{
	genre_reader r;
	uint32_t	n;

	genre_proba_mean_init(m);
	genre_reader_init(&r, data, len);
	m->rows = genre_get_u64(&r);
	n = genre_get_u32(&r);
	if (r.failed)
		return bad_state(m, st, "truncated header");
	if (m->rows > UINT64_MAX / 2 || n > GENRE_PROBA_MAX_CLASSES || (m->rows == 0 && n != 0))
		return bad_state(m, st, "counts out of range");
	if (!genre_reader_can_read(&r, n, 4 + 24))
		return bad_state(m, st, "class count exceeds the state size");
	m->labels = genre_calloc(n ? n : 1, sizeof(char *));
	m->lens = genre_calloc(n ? n : 1, sizeof(uint32_t));
	m->sums = genre_calloc(n ? n : 1, sizeof(genre_proba_sum));
	if (!m->labels || !m->lens || !m->sums)
	{
		genre_proba_mean_free(m);
		return genre_fail_nomem(st);
	}
	for (uint32_t c = 0; c < n; c++)
	{
		uint32_t	l = genre_get_u32(&r);
		const char *s = l <= GENRE_PROBA_MAX_LABEL ? genre_get_bytes(&r, l) : NULL;
		genre_proba_sum v;

		if (s == NULL)
			return bad_state(m, st, "truncated or over-long class label");
		if (memchr(s, '\0', l) != NULL)
			return bad_state(m, st, "class label contains a NUL byte");
		if (c > 0 && label_cmp(m->labels[c - 1], m->lens[c - 1], s, l) >= 0)
			return bad_state(m, st, "class labels are not sorted and unique");
		v.ip = genre_get_u64(&r);
		v.hi = genre_get_u64(&r);
		v.lo = genre_get_u64(&r);
		if (r.failed)
			return bad_state(m, st, "truncated sums");
		/* every probability is at most 1, so no sum exceeds the rows */
		if (v.ip > m->rows || (v.ip == m->rows && (v.hi | v.lo) != 0))
			return bad_state(m, st, "class sum exceeds the row count");
		if ((m->labels[c] = genre_alloc((size_t) l + 1)) == NULL)
		{
			genre_proba_mean_free(m);
			return genre_fail_nomem(st);
		}
		memcpy(m->labels[c], s, l);
		m->labels[c][l] = '\0';
		m->lens[c] = l;
		m->sums[c] = v;
		m->n_classes = c + 1;
	}
	m->cap = n;
	if (genre_reader_remaining(&r) != 0)
		return bad_state(m, st, "trailing bytes");
	return GENRE_OK;
}
