/*
 * moments.c - exact moment sums and the moments made from them (see
 * moments.h).
 */
#include "ml/moments.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define HDR ((size_t) sizeof(genre_msum_header))
#define MASK32 0xffffffffu
#define MAX_COUNT ((uint64_t) 1 << 53)
/* additions a digit takes before carries must be propagated (each adds < 2^32) */
#define MAX_PENDING (1u << 28)
/* |digit| in any accumulator; normalised top digits of real rows stay far below 2^40 */
#define MAX_DIGIT ((int64_t) 1 << 61)
#define MAX_TOP ((int64_t) 1 << 40)

/*
 * Where float32 rows can set bits, in digits: a value is m 2^e with e in
 * [-149, 104] and m < 2^24 (two digits from floor(e / 32)), a product
 * 2^(e1 + e2) times m < 2^48 (three digits); two more digits of headroom
 * for the count.
 */
#define S_LOWEST (-5)
#define S_END 7
#define P_LOWEST (-10)
#define P_END 11

static inline int
floor_div32(int v)
{
	return v >= 0 ? v / 32 : -((-v + 31) / 32);
}

static inline size_t
npairs(uint32_t dim, int full)
{
	return full ? (size_t) dim * (dim + 1) / 2 : dim;
}

static inline void
read_header(const void *buf, genre_msum_header *h)
{
	memcpy(h, buf, HDR);
}

static inline int64_t *
sums_of(void *buf)
{
	return (int64_t *) ((char *) buf + HDR);
}

static inline const int64_t *
csums_of(const void *buf)
{
	return (const int64_t *) ((const char *) buf + HDR);
}

size_t
genre_msum_size(uint32_t dim, int full, const genre_msum_layout *l, size_t max_bytes)
{
	size_t		pairs = npairs(dim, full);
	size_t		max_digits = (max_bytes - HDR) / sizeof(int64_t);

	if (max_bytes < HDR || dim == 0 || (full && dim > 65535))
		return 0;
	/* each part against what is left, never a product that can wrap */
	if (l->slen && dim > max_digits / l->slen)
		return 0;
	max_digits -= (size_t) dim * l->slen;
	if (l->plen && pairs > max_digits / l->plen)
		return 0;
	return HDR + ((size_t) dim * l->slen + pairs * l->plen) * sizeof(int64_t);
}

void
genre_msum_init(void *buf, uint32_t dim, int full)
{
	genre_msum_header h;

	memset(&h, 0, sizeof(h));
	h.dim = dim;
	h.full = full ? 1 : 0;
	memcpy(buf, &h, HDR);
}

void
genre_msum_layout_of(const void *buf, genre_msum_layout *l)
{
	genre_msum_header h;

	read_header(buf, &h);
	l->sbase = h.sbase;
	l->slen = h.slen;
	l->pbase = h.pbase;
	l->plen = h.plen;
}

static int
window_ok(int32_t base, uint32_t len, int lowest, int end)
{
	if (len == 0)
		return base == 0;
	return base >= lowest && base < end && len <= (uint32_t) (end - base);
}

genre_code
genre_msum_check(const void *buf, size_t size, uint32_t max_dim, genre_status *st)
{
	genre_msum_header h;
	genre_msum_layout l;
	size_t		ndigits;
	const int64_t *d;

	if (size < HDR)
		return genre_fail(st, GENRE_EBADDATA, "%zu bytes, shorter than the moments header", size);
	read_header(buf, &h);
	genre_msum_layout_of(buf, &l);
	if (h.dim < 1 || h.dim > max_dim)
		return genre_fail(st, GENRE_EBADDATA, "dimension %u out of range", h.dim);
	if (h.full > 1 || h.zero != 0)
		return genre_fail(st, GENRE_EBADDATA, "form %u or reserved field out of range", h.full);
	if (h.count > MAX_COUNT || h.pending > MAX_PENDING)
		return genre_fail(st, GENRE_EBADDATA, "row count or pending additions out of range");
	if (!window_ok(h.sbase, h.slen, S_LOWEST, S_END) || !window_ok(h.pbase, h.plen, P_LOWEST, P_END) ||
		(h.slen == 0) != (h.plen == 0))
		return genre_fail(st, GENRE_EBADDATA, "sum windows out of range");
	if (genre_msum_size(h.dim, h.full, &l, size) != size)
		return genre_fail(st, GENRE_EBADDATA, "%zu bytes for dimension %u and its windows", size, h.dim);
	ndigits = (size - HDR) / sizeof(int64_t);
	d = csums_of(buf);
	for (size_t i = 0; i < ndigits; i++)
		if (d[i] > MAX_DIGIT || d[i] < -MAX_DIGIT)
			return genre_fail(st, GENRE_EBADDATA, "a digit of the sums out of range");
	return GENRE_OK;
}

/* A float32 as m 2^e (|m| < 2^24; m == 0 for zeros). */
static inline void
decompose(float x, int32_t *m, int *e)
{
	uint32_t	b;
	uint32_t	ex,
				fr;

	memcpy(&b, &x, 4);
	ex = (b >> 23) & 0xff;
	fr = b & 0x7fffff;
	if (ex == 0)
	{
		*m = (int32_t) fr;
		*e = -149;
	}
	else
	{
		*m = (int32_t) (fr | 0x800000);
		*e = (int) ex - 150;
	}
	if (b >> 31)
		*m = -*m;
}

/* The union of window (base, len) and [lo, end). */
static void
window_union(int32_t *base, uint32_t *len, int lo, int end)
{
	int			b = *base,
				e = *base + (int) *len;

	if (*len == 0)
	{
		*base = lo;
		*len = (uint32_t) (end - lo);
		return;
	}
	if (lo < b)
		b = lo;
	if (end > e)
		e = end;
	*base = b;
	*len = (uint32_t) (e - b);
}

int
genre_msum_fits_row(const void *buf, const float *x, genre_msum_layout *l)
{
	genre_msum_header h;
	int			emin = 1000,
				emax = -1000;
	genre_msum_layout need;

	read_header(buf, &h);
	for (uint32_t i = 0; i < h.dim; i++)
	{
		int32_t		m;
		int			e;

		decompose(x[i], &m, &e);
		if (m == 0)
			continue;
		if (e < emin)
			emin = e;
		if (e > emax)
			emax = e;
	}
	genre_msum_layout_of(buf, l);
	if (emax < emin)
		return 1;				/* a row of zeros adds nothing */
	need = *l;
	window_union(&need.sbase, &need.slen, floor_div32(emin), floor_div32(emax) + 4);
	window_union(&need.pbase, &need.plen, floor_div32(2 * emin), floor_div32(2 * emax) + 5);
	if (memcmp(&need, l, sizeof(need)) == 0)
		return 1;
	*l = need;
	return 0;
}

int
genre_msum_fits_merge(const void *a, const void *b, genre_msum_layout *l)
{
	genre_msum_layout la,
				lb;

	genre_msum_layout_of(a, &la);
	genre_msum_layout_of(b, &lb);
	*l = la;
	if (lb.slen)
		window_union(&l->sbase, &l->slen, lb.sbase, lb.sbase + (int) lb.slen);
	if (lb.plen)
		window_union(&l->pbase, &l->plen, lb.pbase, lb.pbase + (int) lb.plen);
	return memcmp(l, &la, sizeof(la)) == 0;
}

/* Copy n sums of slen digits at base sbase into sums of dlen digits at dbase (which covers them). */
static void
copy_sums(int64_t *dst, int32_t dbase, uint32_t dlen, const int64_t *src, int32_t sbase,
		  uint32_t slen, size_t n)
{
	size_t		off = (size_t) (sbase - dbase);

	for (size_t i = 0; i < n; i++)
	{
		int64_t    *dd = dst + i * dlen;

		memset(dd, 0, dlen * sizeof(int64_t));
		if (slen)
			memcpy(dd + off, src + i * slen, slen * sizeof(int64_t));
	}
}

void
genre_msum_relayout(void *dst, const genre_msum_layout *l, const void *src)
{
	genre_msum_header h;
	const int64_t *s = csums_of(src);
	int64_t    *d = sums_of(dst);

	read_header(src, &h);
	copy_sums(d, l->sbase, l->slen, s, h.sbase, h.slen, h.dim);
	copy_sums(d + (size_t) h.dim * l->slen, l->pbase, l->plen,
			  s + (size_t) h.dim * h.slen, h.pbase, h.plen, npairs(h.dim, h.full));
	h.sbase = l->sbase;
	h.slen = l->slen;
	h.pbase = l->pbase;
	h.plen = l->plen;
	memcpy(dst, &h, HDR);
}

/* Propagate carries of one sum; 0 when its value is beyond what rows reach. */
static int
normalise(int64_t *d, uint32_t len)
{
	int64_t		carry = 0;

	if (len == 0)
		return 1;
	for (uint32_t k = 0; k + 1 < len; k++)
	{
		int64_t		t = d[k] + carry;

		d[k] = t & MASK32;
		carry = t >> 32;
	}
	d[len - 1] += carry;
	return d[len - 1] <= MAX_TOP && d[len - 1] >= -MAX_TOP;
}

static int
normalise_all(void *buf)
{
	genre_msum_header h;
	int64_t    *d = sums_of(buf);
	size_t		pairs;
	int			ok = 1;

	read_header(buf, &h);
	pairs = npairs(h.dim, h.full);
	for (uint32_t i = 0; i < h.dim; i++)
		ok &= normalise(d + (size_t) i * h.slen, h.slen);
	d += (size_t) h.dim * h.slen;
	for (size_t i = 0; i < pairs; i++)
		ok &= normalise(d + i * h.plen, h.plen);
	h.pending = 0;
	memcpy(buf, &h, HDR);
	return ok;
}

/* Add m 2^e to a sum of two-digit contributions whose first digit weighs 2^(32 base). */
static inline void
add_value(int64_t *d, int32_t base, int32_t m, int e)
{
	int			p = e - 32 * base;
	int64_t		v = (int64_t) m * ((int64_t) 1 << (p & 31));

	d += p >> 5;
	d[0] += v & MASK32;
	d[1] += v >> 32;
}

/* Add w 2^p (|w| < 2^48, p relative to the window, >= 0): three digits. */
static inline void
add_product(int64_t *d, int64_t w, int p)
{
	int			r = p & 31;
	uint64_t	u = (uint64_t) w << r;

	d += p >> 5;
	d[0] += (int64_t) (u & MASK32);
	d[1] += (int64_t) (u >> 32);
	d[2] += r ? (w >> (64 - r)) : (w >> 63);
}

void
genre_msum_add(void *buf, const float *x)
{
	genre_msum_header h;
	int64_t    *s,
			   *p;

	read_header(buf, &h);
	if (h.pending >= MAX_PENDING)
	{
		/* a state we wrote normalises within its bounds; a crafted one is caught by the final */
		normalise_all(buf);
		read_header(buf, &h);
	}
	s = sums_of(buf);
	p = s + (size_t) h.dim * h.slen;
	for (uint32_t i = 0; i < h.dim; i++)
	{
		int32_t		mi;
		int			ei;

		decompose(x[i], &mi, &ei);
		if (mi == 0)
		{
			p += (size_t) (h.full ? h.dim - i : 1) * h.plen;
			continue;
		}
		add_value(s + (size_t) i * h.slen, h.sbase, mi, ei);
		if (!h.full)
		{
			add_product(p, (int64_t) mi * mi, 2 * ei - 32 * h.pbase);
			p += h.plen;
			continue;
		}
		for (uint32_t j = i; j < h.dim; j++, p += h.plen)
		{
			int32_t		mj;
			int			ej;

			decompose(x[j], &mj, &ej);
			if (mj != 0)
				add_product(p, (int64_t) mi * mj, ei + ej - 32 * h.pbase);
		}
	}
	h.count++;
	h.pending++;
	memcpy(buf, &h, HDR);
}

genre_code
genre_msum_merge(void *a, const void *b, genre_status *st)
{
	genre_msum_header ha,
				hb;
	int64_t    *da = sums_of(a);
	const int64_t *db = csums_of(b);

	read_header(a, &ha);
	read_header(b, &hb);
	if (ha.count > MAX_COUNT - hb.count)
		return genre_fail(st, GENRE_ELIMIT, "more than 2^53 rows");
	if (!normalise_all(a))
		return genre_fail(st, GENRE_EBADDATA, "sums beyond what float32 rows reach");
	read_header(a, &ha);
	for (int part = 0; part < 2; part++)
	{
		size_t		n = part ? npairs(ha.dim, ha.full) : ha.dim;
		uint32_t	alen = part ? ha.plen : ha.slen,
					blen = part ? hb.plen : hb.slen;
		size_t		off = (size_t) (part ? hb.pbase - ha.pbase : hb.sbase - ha.sbase);

		for (size_t i = 0; i < n; i++)
			for (uint32_t k = 0; k < blen; k++)
				da[i * alen + off + k] += db[i * blen + k];
		da += (size_t) ha.dim * ha.slen;
		db += (size_t) hb.dim * hb.slen;
	}
	ha.count += hb.count;
	memcpy(a, &ha, HDR);
	if (!normalise_all(a))
		return genre_fail(st, GENRE_EBADDATA, "sums beyond what float32 rows reach");
	return GENRE_OK;
}

/* ---- exact integers for the summary ---- */

/* digits: S 12, P 21; products of two sums and n x P fit in 48 */
#define BIG_DIGITS 48

/* sign and magnitude, digit k weighing 2^(32 (base + k)) */
typedef struct big
{
	int			neg;
	int			base;
	int			len;
	uint32_t	d[BIG_DIGITS];
} big;

/* A sum of lazy digits as sign and magnitude (its value unchanged). */
static void
big_from_sum(const int64_t *src, uint32_t len, int32_t base, big *out)
{
	int64_t		carry = 0;
	uint32_t	u[BIG_DIGITS];
	int			n = (int) len + 2;

	for (uint32_t k = 0; k < len; k++)
	{
		int64_t		t = src[k] + carry;

		u[k] = (uint32_t) (t & MASK32);
		carry = t >> 32;
	}
	/* two's complement digits of the carry, then the sign from it */
	u[len] = (uint32_t) ((uint64_t) carry & MASK32);
	u[len + 1] = (uint32_t) ((uint64_t) carry >> 32);
	out->neg = carry < 0;
	if (out->neg)
	{
		uint64_t	c = 1;

		for (int k = 0; k < n; k++)
		{
			uint64_t	t = (uint64_t) (uint32_t) ~u[k] + c;

			u[k] = (uint32_t) t;
			c = t >> 32;
		}
	}
	while (n > 0 && u[n - 1] == 0)
		n--;
	memcpy(out->d, u, (size_t) n * 4);
	out->len = n;
	out->base = base;
	if (n == 0)
		out->neg = 0;
}

static void
big_mul(const big *a, const big *b, big *out)
{
	int			n = a->len + b->len;

	memset(out->d, 0, (size_t) n * 4);
	for (int i = 0; i < a->len; i++)
	{
		uint64_t	carry = 0;

		for (int j = 0; j < b->len; j++)
		{
			uint64_t	t = (uint64_t) out->d[i + j] + (uint64_t) a->d[i] * b->d[j] + carry;

			out->d[i + j] = (uint32_t) t;
			carry = t >> 32;
		}
		out->d[i + b->len] = (uint32_t) carry;
	}
	while (n > 0 && out->d[n - 1] == 0)
		n--;
	out->len = n;
	out->neg = n ? a->neg != b->neg : 0;
	out->base = a->base + b->base;
}

/* Magnitude of a, shifted up by `by` digits, compared with b shifted by `bb`. */
static int
big_cmp_shifted(const big *a, int sa, const big *b, int sb)
{
	int			na = a->len ? a->len + sa : 0,
				nb = b->len ? b->len + sb : 0;

	if (na != nb)
		return na < nb ? -1 : 1;
	for (int k = na - 1; k >= 0; k--)
	{
		uint32_t	x = k >= sa && k - sa < a->len ? a->d[k - sa] : 0;
		uint32_t	y = k >= sb && k - sb < b->len ? b->d[k - sb] : 0;

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* out = a - b, exactly (any bases). */
static void
big_sub(const big *a, const big *b, big *out)
{
	int			base = a->base < b->base ? a->base : b->base;
	int			sa = a->base - base,
				sb = b->base - base;
	int			bneg = b->len ? !b->neg : 0;
	const big  *x = a,
			   *y = b;
	int			sx = sa,
				sy = sb,
				n;

	out->base = base;
	if (a->len && bneg == a->neg)
	{
		/* same signs: add magnitudes */
		uint64_t	c = 0;

		n = (a->len + sa > b->len + sb ? a->len + sa : b->len + sb) + 1;
		for (int k = 0; k < n; k++)
		{
			uint64_t	t = c;

			if (k >= sa && k - sa < a->len)
				t += a->d[k - sa];
			if (k >= sb && k - sb < b->len)
				t += b->d[k - sb];
			out->d[k] = (uint32_t) t;
			c = t >> 32;
		}
		out->neg = a->neg;
	}
	else
	{
		/* opposite signs: the larger magnitude minus the smaller */
		int64_t		borrow = 0;

		if (big_cmp_shifted(a, sa, b, sb) < 0)
		{
			x = b;
			y = a;
			sx = sb;
			sy = sa;
			out->neg = bneg;
		}
		else
			out->neg = a->neg;
		n = x->len + sx;
		for (int k = 0; k < n; k++)
		{
			int64_t		t = -borrow;

			if (k >= sx && k - sx < x->len)
				t += x->d[k - sx];
			if (k >= sy && k - sy < y->len)
				t -= y->d[k - sy];
			borrow = t < 0;
			out->d[k] = (uint32_t) (t + (borrow ? ((int64_t) 1 << 32) : 0));
		}
	}
	while (n > 0 && out->d[n - 1] == 0)
		n--;
	out->len = n;
	if (n == 0)
		out->neg = 0;
}

/* ---- double-double ---- */

typedef struct dd
{
	double		hi,
				lo;
} dd;

static inline dd
two_sum(double a, double b)
{
	double		s = a + b,
				v = s - a;

	return (dd) {s, (a - (s - v)) + (b - v)};
}

static inline dd
quick_two_sum(double a, double b)
{
	double		s = a + b;

	return (dd) {s, b - (s - a)};
}

static inline dd
dd_add_d(dd a, double b)
{
	dd			s = two_sum(a.hi, b);

	return quick_two_sum(s.hi, s.lo + a.lo);
}

/* a / d for a double d. */
static inline dd
dd_div_d(dd a, double d)
{
	double		q1 = a.hi / d,
				p1 = q1 * d,
				p2 = fma(q1, d, -p1),
				r = ((a.hi - p1) - p2) + a.lo;

	return quick_two_sum(q1, r / d);
}

/* The value of a, rounded to double-double. */
static dd
big_to_dd(const big *a)
{
	dd			v = {0.0, 0.0};

	for (int k = a->len - 1; k >= 0; k--)
	{
		v.hi *= 4294967296.0;
		v.lo *= 4294967296.0;
		v = dd_add_d(v, (double) a->d[k]);
	}
	v.hi = ldexp(v.hi, 32 * a->base);
	v.lo = ldexp(v.lo, 32 * a->base);
	if (a->neg)
	{
		v.hi = -v.hi;
		v.lo = -v.lo;
	}
	return v;
}

genre_code
genre_msum_moments(const void *buf, double *acc, genre_status *st)
{
	genre_msum_header h;
	const int64_t *s = csums_of(buf),
			   *p;
	double		n;
	big			cnt,
				si,
				sj,
				pij,
				a,
				b,
				num;
	size_t		k = 0;

	read_header(buf, &h);
	if (h.count == 0)
		return genre_fail(st, GENRE_EBADDATA, "no rows");
	n = (double) h.count;
	p = s + (size_t) h.dim * h.slen;
	cnt.neg = 0;
	cnt.base = 0;
	cnt.d[0] = (uint32_t) (h.count & MASK32);
	cnt.d[1] = (uint32_t) (h.count >> 32);
	cnt.len = cnt.d[1] ? 2 : 1;
	acc[0] = n;
	for (uint32_t i = 0; i < h.dim; i++)
	{
		big_from_sum(s + (size_t) i * h.slen, h.slen, h.sbase, &si);
		acc[1 + i] = dd_div_d(big_to_dd(&si), n).hi;
	}
	/* sum of squared deviations = (n P - S_i S_j) / n, rounded once */
	for (uint32_t i = 0; i < h.dim; i++)
	{
		GENRE_CHECK_CANCEL(st);
		big_from_sum(s + (size_t) i * h.slen, h.slen, h.sbase, &si);
		for (uint32_t j = i; j < (h.full ? h.dim : i + 1); j++, k++)
		{
			if (j == i)
				sj = si;
			else
				big_from_sum(s + (size_t) j * h.slen, h.slen, h.sbase, &sj);
			big_from_sum(p + k * h.plen, h.plen, h.pbase, &pij);
			big_mul(&cnt, &pij, &a);
			big_mul(&si, &sj, &b);
			big_sub(&a, &b, &num);
			acc[1 + h.dim + (h.full ? (size_t) i * h.dim + j : i)] = dd_div_d(big_to_dd(&num), n).hi;
		}
	}
	return GENRE_OK;
}

/* ---- the summary ---- */

size_t
genre_moments_len(int dim, int full)
{
	size_t		d = (size_t) dim;

	if (dim < 1)
		return 0;
	if (full && d > SIZE_MAX / 8 / d)
		return 0;
	return 1 + d + (full ? d * d : d);
}

void
genre_moments_covariance(const double *acc, int dim, int full, int ddof, double *cov)
{
	double		div = acc[0] - ddof;
	const double *m2 = acc + 1 + dim;

	if (!full)
	{
		for (int i = 0; i < dim; i++)
			cov[i] = m2[i] / div;
		return;
	}
	for (int i = 0; i < dim; i++)
		for (int j = i; j < dim; j++)
		{
			double		c = m2[(size_t) i * dim + j] / div;

			cov[(size_t) i * dim + j] = c;
			cov[(size_t) j * dim + i] = c;
		}
}

int
genre_moments_valid(const double *acc, int dim, int full)
{
	double		n = acc[0];
	const double *mean = acc + 1;
	const double *m2 = acc + 1 + dim;
	/* rows of float32 keep |mean| <= FLT_MAX and M2 <= n (2 FLT_MAX)^2; twice that for rounding */
	double		mean_max = 2.0 * FLT_MAX,
				m2_max;

	if (!(n >= 1.0 && n <= 9007199254740992.0) || n != floor(n))
		return 0;
	m2_max = n * 8.0 * (double) FLT_MAX * (double) FLT_MAX;
	for (int i = 0; i < dim; i++)
		if (!(fabs(mean[i]) <= mean_max))
			return 0;
	for (int i = 0; i < dim; i++)
	{
		/* the diagonal entry, then (full only) the rest of the upper triangle's row */
		const double *row = full ? m2 + (size_t) i * dim : m2;

		if (!(row[i] >= 0.0 && row[i] <= m2_max))
			return 0;
		for (int j = i + 1; full && j < dim; j++)
			if (!(fabs(row[j]) <= m2_max))
				return 0;
	}
	return 1;
}
