/*
 * boost_hist.c - feature binning and leaf-wise growth of one boosted tree
 * (see boost_hist.h).
 */
#include "ml/boost_hist.h"

#include "base/alloc.h"
#include "ml/boost.h"
#include "ml/cart.h"

#include <math.h>
#include <string.h>

/* scikit-learn's min_hessian_to_split: a child needs this much hessian */
#define MIN_HESSIAN 1e-3
/* histograms kept for later subtraction stay under this many bytes */
#define POOL_BYTES ((size_t) 64 << 20)

void
genre_boost_bins_free(genre_boost_bins *b)
{
	genre_free(b->codes);
	genre_free(b->cut_off);
	genre_free(b->cuts);
	memset(b, 0, sizeof(*b));
}

/* A float32 strictly between lo and hi (lo when their midpoint rounds to hi). */
static float
cut_between(float lo, float hi)
{
	float		mid = (float) (((double) lo + (double) hi) * 0.5);

	return (mid >= lo && mid < hi) ? mid : lo;
}

/*
 * Cuts of one feature from the fitting rows' sorted values sv[0..m):
 * between every two distinct values when there are at most max_bins, else
 * where the cumulative count passes j * m / max_bins (j = 1 .. max_bins-1).
 * Returns the number of cuts written to cuts.
 */
static uint32_t
feature_cuts(const float *sv, size_t m, uint32_t max_bins, float *cuts)
{
	size_t		distinct = 0;
	uint32_t	nc = 0;
	uint32_t	j = 1;

	for (size_t i = 0; i < m; i++)
		if (i == 0 || sv[i] > sv[i - 1])
			distinct++;
	for (size_t i = 0; i < m;)
	{
		size_t		e = i + 1;

		while (e < m && !(sv[e] > sv[i]))
			e++;
		if (e == m)
			break;
		/* sv[i] is a distinct value holding rows [i, e); sv[e] is the next one */
		if (distinct <= max_bins)
			cuts[nc++] = cut_between(sv[i], sv[e]);
		else if ((double) e >= (double) j * (double) m / max_bins)
		{
			cuts[nc++] = cut_between(sv[i], sv[e]);
			while (j < max_bins && (double) j * (double) m / max_bins <= (double) e)
				j++;
			if (j >= max_bins)
				break;
		}
		i = e;
	}
	return nc;
}

genre_code
genre_boost_bin(const float *x, size_t n, uint32_t d, uint32_t max_bins,
				const uint8_t *held_out, genre_boost_bins *b, genre_status *st)
{
	uint64_t   *keys = NULL;
	float	   *sv = NULL;
	size_t		nd;
	size_t		ncut = 0;

	memset(b, 0, sizeof(*b));
	if (!genre_size_mul(n, d, &nd))
		return genre_fail(st, GENRE_ELIMIT, "training data too large");
	for (size_t i = 0; i < nd; i++)
		if (!isfinite(x[i]))
			return genre_fail(st, GENRE_EINVAL, "feature %zu of row %zu is not finite",
							  i % d + 1, i / d + 1);
	b->n = n;
	b->d = d;
	b->codes = genre_alloc(nd ? nd : 1);
	b->cut_off = genre_calloc((size_t) d + 1, sizeof(uint32_t));
	b->cuts = genre_calloc((size_t) d, (size_t) (max_bins - 1) * sizeof(float));
	keys = genre_calloc(n, sizeof(uint64_t));
	sv = genre_calloc(n, sizeof(float));
	if (!b->codes || !b->cut_off || !b->cuts || !keys || !sv)
	{
		genre_free(keys);
		genre_free(sv);
		genre_boost_bins_free(b);
		return genre_fail_nomem(st);
	}
	for (uint32_t f = 0; f < d; f++)
	{
		uint8_t    *code = b->codes + (size_t) f * n;
		float	   *cuts = b->cuts + ncut;
		size_t		m = 0;
		uint32_t	nc,
					c = 0;

		if (genre_interrupted())
		{
			genre_free(keys);
			genre_free(sv);
			genre_boost_bins_free(b);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		for (size_t i = 0; i < n; i++)
			keys[i] = ((uint64_t) genre_cart_ordered_bits(x[i * d + f]) << 32) | i;
		genre_cart_sort_keys(keys, n);
		for (size_t k = 0; k < n; k++)
		{
			size_t		i = keys[k] & 0xffffffffu;

			if (held_out == NULL || !held_out[i])
				sv[m++] = x[i * d + f];
		}
		nc = feature_cuts(sv, m, max_bins, cuts);
		/* code = number of cuts below the value, walking values upwards */
		for (size_t k = 0; k < n; k++)
		{
			size_t		i = keys[k] & 0xffffffffu;
			float		v = x[i * d + f];

			while (c < nc && cuts[c] < v)
				c++;
			code[i] = (uint8_t) c;
		}
		ncut += nc;
		b->cut_off[f + 1] = (uint32_t) ncut;
	}
	genre_free(keys);
	genre_free(sv);
	return GENRE_OK;
}

/* One histogram bin: sums of gradients, hessians and rows. */
typedef struct hist_bin
{
	double		g;
	double		h;
	uint32_t	n;
} hist_bin;

/* A histogram over every feature, with a bit set of its non-empty bins. */
typedef struct hist
{
	hist_bin   *bins;			/* bin_off[f] + code */
	uint64_t   *used;			/* 4 words per feature */
	struct hist *next_free;
} hist;

/* A leaf that may still be split, with its best split. */
typedef struct leaf
{
	size_t		start;			/* rows idx[start, end) */
	size_t		end;
	uint32_t	node;
	uint32_t	depth;
	double		G;
	double		H;
	hist	   *h;				/* NULL when not kept */
	double		gain;
	int32_t		feature;
	uint32_t	bin;
} leaf;

struct genre_boost_grower
{
	const genre_boost_bins *b;
	genre_boost_grow_params p;
	uint32_t   *bin_off;		/* d + 1 */
	size_t		total_bins;
	/* histogram pool */
	hist	   *all;			/* pool_max entries */
	uint32_t	pool_max;
	uint32_t	pool_made;
	uint32_t	pool_free;		/* pool_max - in use */
	hist	   *free_list;
	/* per tree */
	const uint32_t *feats;
	uint32_t	nf;
	const double *grad;
	const double *hess;
	uint32_t   *idx;			/* n: rows, partitioned per leaf */
	uint32_t   *tmp;			/* n: right rows while partitioning */
	double	   *gg;				/* n: gradients in node order */
	double	   *hh;
	genre_boost_tnode *nodes;
	double	   *node_G;
	double	   *node_H;
	uint32_t	n_nodes;
	uint32_t	cap_nodes;
	leaf	   *heap;			/* candidates, max-heap by gain */
	uint32_t	n_heap;
	uint32_t	cap_heap;
};

genre_code
genre_boost_grower_new(const genre_boost_bins *b, const genre_boost_grow_params *p,
					   genre_boost_grower **out, genre_status *st)
{
	genre_boost_grower *g = genre_calloc(1, sizeof(genre_boost_grower));
	size_t		bytes;

	*out = NULL;
	if (g == NULL)
		return genre_fail_nomem(st);
	g->b = b;
	g->p = *p;
	g->bin_off = genre_calloc((size_t) b->d + 1, sizeof(uint32_t));
	if (g->bin_off == NULL)
	{
		genre_boost_grower_free(g);
		return genre_fail_nomem(st);
	}
	for (uint32_t f = 0; f < b->d; f++)
		g->bin_off[f + 1] = g->bin_off[f] + (b->cut_off[f + 1] - b->cut_off[f]) + 1;
	g->total_bins = g->bin_off[b->d];
	bytes = g->total_bins * sizeof(hist_bin) + (size_t) b->d * 4 * sizeof(uint64_t);
	g->pool_max = (uint32_t) (POOL_BYTES / bytes > 256 ? 256 : POOL_BYTES / bytes);
	if (g->pool_max < 3)
		g->pool_max = 3;		/* a parent and its two children */
	g->pool_free = g->pool_max;
	g->all = genre_calloc(g->pool_max, sizeof(hist));
	g->idx = genre_calloc(b->n ? b->n : 1, sizeof(uint32_t));
	g->tmp = genre_calloc(b->n ? b->n : 1, sizeof(uint32_t));
	g->gg = genre_calloc(b->n ? b->n : 1, sizeof(double));
	g->hh = genre_calloc(b->n ? b->n : 1, sizeof(double));
	if (!g->all || !g->idx || !g->tmp || !g->gg || !g->hh)
	{
		genre_boost_grower_free(g);
		return genre_fail_nomem(st);
	}
	*out = g;
	return GENRE_OK;
}

void
genre_boost_grower_free(genre_boost_grower *g)
{
	if (g == NULL)
		return;
	if (g->all)
		for (uint32_t i = 0; i < g->pool_made; i++)
		{
			genre_free(g->all[i].bins);
			genre_free(g->all[i].used);
		}
	genre_free(g->all);
	genre_free(g->bin_off);
	genre_free(g->idx);
	genre_free(g->tmp);
	genre_free(g->gg);
	genre_free(g->hh);
	genre_free(g->nodes);
	genre_free(g->node_G);
	genre_free(g->node_H);
	genre_free(g->heap);
	genre_free(g);
}

/* A zeroed histogram from the pool; NULL when none is free or out of memory. */
static hist *
hist_get(genre_boost_grower *g)
{
	hist	   *h;

	if (g->pool_free == 0)
		return NULL;
	if (g->free_list)
	{
		h = g->free_list;
		g->free_list = h->next_free;
	}
	else
	{
		h = &g->all[g->pool_made];
		h->bins = genre_calloc(g->total_bins, sizeof(hist_bin));
		h->used = genre_calloc((size_t) g->b->d * 4, sizeof(uint64_t));
		if (!h->bins || !h->used)
		{
			genre_free(h->bins);
			genre_free(h->used);
			h->bins = NULL;
			h->used = NULL;
			return NULL;
		}
		g->pool_made++;
	}
	g->pool_free--;
	return h;
}

/* Return a histogram to the pool, zeroing only the bins it used. */
static void
hist_put(genre_boost_grower *g, hist *h)
{
	if (h == NULL)
		return;
	for (uint32_t k = 0; k < g->nf; k++)
	{
		uint32_t	f = g->feats[k];
		hist_bin   *hb = h->bins + g->bin_off[f];
		uint64_t   *u = h->used + (size_t) f * 4;

		for (int w = 0; w < 4; w++)
		{
			uint64_t	word = u[w];

			while (word)
			{
				int			c = w * 64 + __builtin_ctzll(word);

				word &= word - 1;
				hb[c].g = 0;
				hb[c].h = 0;
				hb[c].n = 0;
			}
			u[w] = 0;
		}
	}
	h->next_free = g->free_list;
	g->free_list = h;
	g->pool_free++;
}

/* Add the rows idx[start, end) to h, one feature at a time (its bins stay in L1). */
static genre_code
hist_build(genre_boost_grower *g, hist *h, size_t start, size_t end, genre_status *st)
{
	const genre_boost_bins *b = g->b;
	size_t		m = end - start;
	const uint32_t *rows = g->idx + start;

	for (size_t k = 0; k < m; k++)
	{
		g->gg[k] = g->grad[rows[k]];
		g->hh[k] = g->hess[rows[k]];
	}
	for (uint32_t j = 0; j < g->nf; j++)
	{
		uint32_t	f = g->feats[j];
		const uint8_t *col = b->codes + (size_t) f * b->n;
		hist_bin   *hb = h->bins + g->bin_off[f];
		uint64_t   *u = h->used + (size_t) f * 4;

		/* one feature of a million rows is a few ms: check between features */
		if (m > 65536)
			GENRE_CHECK_CANCEL(st);
		for (size_t k = 0; k < m; k++)
		{
			uint8_t		c = col[rows[k]];

			hb[c].g += g->gg[k];
			hb[c].h += g->hh[k];
			hb[c].n++;
			u[c >> 6] |= (uint64_t) 1 << (c & 63);
		}
	}
	return GENRE_OK;
}

/*
 * big -= small, visiting only the bins small uses (a subset of big's);
 * bins left empty are cleared exactly.
 */
static void
hist_subtract(genre_boost_grower *g, hist *big, const hist *small)
{
	for (uint32_t j = 0; j < g->nf; j++)
	{
		uint32_t	f = g->feats[j];
		hist_bin   *hb = big->bins + g->bin_off[f];
		const hist_bin *sb = small->bins + g->bin_off[f];
		uint64_t   *u = big->used + (size_t) f * 4;
		const uint64_t *su = small->used + (size_t) f * 4;

		for (int w = 0; w < 4; w++)
		{
			uint64_t	word = su[w];

			while (word)
			{
				int			c = w * 64 + __builtin_ctzll(word);

				word &= word - 1;
				hb[c].n -= sb[c].n;
				if (hb[c].n == 0)
				{
					hb[c].g = 0;
					hb[c].h = 0;
					u[w] &= ~((uint64_t) 1 << (c & 63));
				}
				else
				{
					hb[c].g -= sb[c].g;
					hb[c].h -= sb[c].h;
				}
			}
		}
	}
}

/*
 * Best split of lf from its histogram: gain > 0, children within the
 * limits.  Candidates are compared without dividing: the children's score
 * GL^2/a + GR^2/b (a = HL + l2, b = HR + l2) beats the best so far, s, when
 * GL^2 b + GR^2 a > s a b; only an improvement pays for the division.
 */
static void
find_split(const genre_boost_grower *g, leaf *lf)
{
	double		l2 = g->p.l2;
	double		G = lf->G,
				H = lf->H;
	double		parent = G * G / (H + l2);
	double		best = parent;
	uint32_t	cnt = (uint32_t) (lf->end - lf->start);
	uint32_t	msl = g->p.min_samples_leaf;

	lf->gain = 0;
	lf->feature = -1;
	lf->bin = 0;
	for (uint32_t j = 0; j < g->nf; j++)
	{
		uint32_t	f = g->feats[j];
		const hist_bin *hb = lf->h->bins + g->bin_off[f];
		const uint64_t *u = lf->h->used + (size_t) f * 4;
		double		GL = 0,
					HL = 0;
		uint32_t	nL = 0;

		for (int w = 0; w < 4; w++)
		{
			uint64_t	word = u[w];

			while (word)
			{
				int			c = w * 64 + __builtin_ctzll(word);
				uint32_t	nR;
				double		HR,
							GR,
							a,
							b,
							num,
							den;

				word &= word - 1;
				GL += hb[c].g;
				HL += hb[c].h;
				nL += hb[c].n;
				nR = cnt - nL;
				if (nR < msl || nR == 0)
					goto next_feature;
				if (nL < msl || HL < MIN_HESSIAN)
					continue;
				HR = H - HL;
				if (HR < MIN_HESSIAN)
					goto next_feature;
				GR = G - GL;
				a = HL + l2;
				b = HR + l2;
				num = GL * GL * b + GR * GR * a;
				den = a * b;
				if (num > best * den)
				{
					double		score = num / den;

					if (score > best)
					{
						best = score;
						lf->gain = score - parent;
						lf->feature = (int32_t) f;
						lf->bin = (uint32_t) c;
					}
				}
			}
		}
next_feature:
		;
	}
	if (!(lf->gain > 0))
		lf->feature = -1;
}

/* Heap order: larger gain first, then the older node (deterministic). */
static int
heap_before(const leaf *a, const leaf *b)
{
	return a->gain > b->gain || (a->gain == b->gain && a->node < b->node);
}

static genre_code
heap_push(genre_boost_grower *g, const leaf *lf, genre_status *st)
{
	uint32_t	k;

	if (g->n_heap == g->cap_heap)
	{
		uint32_t	cap = g->cap_heap ? g->cap_heap * 2 : 64;
		leaf	   *p = genre_realloc(g->heap, (size_t) cap * sizeof(leaf));

		if (p == NULL)
			return genre_fail_nomem(st);
		g->heap = p;
		g->cap_heap = cap;
	}
	k = g->n_heap++;
	while (k > 0 && heap_before(lf, &g->heap[(k - 1) / 2]))
	{
		g->heap[k] = g->heap[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	g->heap[k] = *lf;
	return GENRE_OK;
}

static leaf
heap_pop(genre_boost_grower *g)
{
	leaf		top = g->heap[0];
	leaf		last = g->heap[--g->n_heap];
	uint32_t	k = 0;

	for (;;)
	{
		uint32_t	c = 2 * k + 1;

		if (c >= g->n_heap)
			break;
		if (c + 1 < g->n_heap && heap_before(&g->heap[c + 1], &g->heap[c]))
			c++;
		if (!heap_before(&g->heap[c], &last))
			break;
		g->heap[k] = g->heap[c];
		k = c;
	}
	if (g->n_heap > 0)
		g->heap[k] = last;
	return top;
}

/* Append a leaf node; UINT32_MAX when out of memory. */
static uint32_t
add_node(genre_boost_grower *g, uint32_t depth, double G, double H)
{
	uint32_t	k;

	if (g->n_nodes == g->cap_nodes)
	{
		uint32_t	cap = g->cap_nodes ? g->cap_nodes * 2 : 64;
		genre_boost_tnode *p = genre_realloc(g->nodes, (size_t) cap * sizeof(*p));
		double	   *pg,
				   *ph;

		if (p == NULL)
			return UINT32_MAX;
		g->nodes = p;
		pg = genre_realloc(g->node_G, (size_t) cap * sizeof(double));
		if (pg == NULL)
			return UINT32_MAX;
		g->node_G = pg;
		ph = genre_realloc(g->node_H, (size_t) cap * sizeof(double));
		if (ph == NULL)
			return UINT32_MAX;
		g->node_H = ph;
		g->cap_nodes = cap;
	}
	k = g->n_nodes++;
	memset(&g->nodes[k], 0, sizeof(genre_boost_tnode));
	g->nodes[k].feature = -1;
	g->nodes[k].depth = depth;
	g->node_G[k] = G;
	g->node_H[k] = H;
	return k;
}

/* Whether a leaf of cnt rows, hessian H at depth may be split at all. */
static int
can_split(const genre_boost_grower *g, size_t cnt, double H, uint32_t depth)
{
	return (g->p.max_depth == 0 || depth < g->p.max_depth) &&
		cnt >= 2 * (size_t) g->p.min_samples_leaf && H >= 2 * MIN_HESSIAN;
}

/*
 * Evaluate a leaf holding histogram lf->h: queue it when it has a split,
 * keeping the histogram only while two pool entries stay free for the
 * splits to come.
 */
static genre_code
evaluate(genre_boost_grower *g, leaf *lf, genre_status *st)
{
	find_split(g, lf);
	if (lf->feature < 0)
	{
		hist_put(g, lf->h);
		lf->h = NULL;
		return GENRE_OK;
	}
	if (g->pool_free < 2)
	{
		hist_put(g, lf->h);
		lf->h = NULL;
	}
	return heap_push(g, lf, st);
}

/* Stable partition of idx[start, end) by the split; returns the first right position. */
static size_t
partition(genre_boost_grower *g, const leaf *lf, double *GL, double *HL, double *GR, double *HR)
{
	const uint8_t *col = g->b->codes + (size_t) lf->feature * g->b->n;
	size_t		p = lf->start,
				nr = 0;
	double		gl = 0,
				hl = 0,
				gr = 0,
				hr = 0;

	for (size_t k = lf->start; k < lf->end; k++)
	{
		uint32_t	r = g->idx[k];

		if (col[r] <= lf->bin)
		{
			g->idx[p++] = r;
			gl += g->grad[r];
			hl += g->hess[r];
		}
		else
		{
			g->tmp[nr++] = r;
			gr += g->grad[r];
			hr += g->hess[r];
		}
	}
	memcpy(g->idx + p, g->tmp, nr * sizeof(uint32_t));
	*GL = gl;
	*HL = hl;
	*GR = gr;
	*HR = hr;
	return p;
}

/* Split lf into two new leaves, building / subtracting / evaluating their histograms. */
static genre_code
split_leaf(genre_boost_grower *g, leaf *lf, uint32_t n_leaves, double *gain, genre_status *st)
{
	const genre_boost_bins *b = g->b;
	double		GL,
				HL,
				GR,
				HR;
	size_t		mid = partition(g, lf, &GL, &HL, &GR, &HR);
	leaf		ch[2];
	int			ok[2];
	int			small,
				big;
	uint32_t	l,
				r;
	genre_code	rc;

	l = add_node(g, lf->depth + 1, GL, HL);
	r = l == UINT32_MAX ? UINT32_MAX : add_node(g, lf->depth + 1, GR, HR);
	if (r == UINT32_MAX)
	{
		hist_put(g, lf->h);
		return genre_fail_nomem(st);
	}
	g->nodes[lf->node].feature = lf->feature;
	g->nodes[lf->node].bin = lf->bin;
	g->nodes[lf->node].threshold = b->cuts[b->cut_off[lf->feature] + lf->bin];
	g->nodes[lf->node].left = l;
	g->nodes[lf->node].right = r;
	gain[lf->feature] += lf->gain;

	memset(ch, 0, sizeof(ch));
	ch[0] = (leaf) {lf->start, mid, l, lf->depth + 1, GL, HL, NULL, 0, -1, 0};
	ch[1] = (leaf) {mid, lf->end, r, lf->depth + 1, GR, HR, NULL, 0, -1, 0};
	/* no further split once the leaf budget is spent */
	for (int c = 0; c < 2; c++)
		ok[c] = (g->p.max_leaves == 0 || n_leaves < g->p.max_leaves) &&
			can_split(g, ch[c].end - ch[c].start, ch[c].H, ch[c].depth);
	if (!ok[0] && !ok[1])
	{
		hist_put(g, lf->h);
		return GENRE_OK;
	}
	small = (mid - lf->start <= lf->end - mid) ? 0 : 1;
	big = 1 - small;
	if (lf->h != NULL)
	{
		/* the bigger child's histogram is the parent's minus the smaller one's */
		ch[small].h = hist_get(g);
		if (ch[small].h == NULL)
		{
			hist_put(g, lf->h);
			return genre_fail_nomem(st);
		}
		if ((rc = hist_build(g, ch[small].h, ch[small].start, ch[small].end, st)) != GENRE_OK)
		{
			hist_put(g, ch[small].h);
			hist_put(g, lf->h);
			return rc;
		}
		hist_subtract(g, lf->h, ch[small].h);
		ch[big].h = lf->h;
	}
	else
		for (int c = 0; c < 2; c++)
		{
			if (!ok[c])
				continue;
			if ((ch[c].h = hist_get(g)) == NULL)
			{
				hist_put(g, ch[0].h);
				return genre_fail_nomem(st);
			}
			if ((rc = hist_build(g, ch[c].h, ch[c].start, ch[c].end, st)) != GENRE_OK)
			{
				hist_put(g, ch[0].h);
				hist_put(g, ch[1].h);
				return rc;
			}
		}
	for (int c = 0; c < 2; c++)
	{
		if (!ok[c])
		{
			hist_put(g, ch[c].h);
			continue;
		}
		if ((rc = evaluate(g, &ch[c], st)) != GENRE_OK)
		{
			hist_put(g, ch[c].h);
			if (c == 0)
				hist_put(g, ch[1].h);
			return rc;
		}
	}
	return GENRE_OK;
}

/* Return every queued histogram to the pool. */
static void
drain_heap(genre_boost_grower *g)
{
	for (uint32_t k = 0; k < g->n_heap; k++)
		hist_put(g, g->heap[k].h);
	g->n_heap = 0;
}

genre_code
genre_boost_grow(genre_boost_grower *g, const uint32_t *rows, size_t m,
				 const double *grad, const double *hess,
				 const uint32_t *feats, uint32_t nf,
				 const genre_boost_tnode **nodes, uint32_t *n_nodes,
				 double *gain, genre_status *st)
{
	double		G = 0,
				H = 0;
	uint32_t	n_leaves = 1;
	leaf		root;
	genre_code	rc;

	g->feats = feats;
	g->nf = nf;
	g->grad = grad;
	g->hess = hess;
	g->n_nodes = 0;
	g->n_heap = 0;
	memcpy(g->idx, rows, m * sizeof(uint32_t));
	for (size_t k = 0; k < m; k++)
	{
		G += grad[rows[k]];
		H += hess[rows[k]];
	}
	if (add_node(g, 0, G, H) == UINT32_MAX)
		return genre_fail_nomem(st);
	root = (leaf) {0, m, 0, 0, G, H, NULL, 0, -1, 0};
	if (nf > 0 && (g->p.max_leaves == 0 || g->p.max_leaves > 1) && can_split(g, m, H, 0))
	{
		if ((root.h = hist_get(g)) == NULL)
			return genre_fail_nomem(st);
		if ((rc = hist_build(g, root.h, 0, m, st)) != GENRE_OK ||
			(rc = evaluate(g, &root, st)) != GENRE_OK)
		{
			hist_put(g, root.h);
			return rc;
		}
	}
	while (g->n_heap > 0 && (g->p.max_leaves == 0 || n_leaves < g->p.max_leaves))
	{
		leaf		lf;

		if (genre_interrupted())
		{
			drain_heap(g);
			return genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
		}
		lf = heap_pop(g);
		n_leaves++;
		if ((rc = split_leaf(g, &lf, n_leaves, gain, st)) != GENRE_OK)
		{
			drain_heap(g);
			return rc;
		}
	}
	drain_heap(g);
	for (uint32_t k = 0; k < g->n_nodes; k++)
		if (g->nodes[k].feature < 0)
		{
			double		den = g->node_H[k] + g->p.l2;
			double		v = den > 0 ? -g->p.learning_rate * g->node_G[k] / den : 0.0;

			if (!(fabs(v) <= GENRE_BOOST_MAX_VALUE))
				v = v > 0 ? GENRE_BOOST_MAX_VALUE : (v < 0 ? -GENRE_BOOST_MAX_VALUE : 0.0);
			g->nodes[k].value = v;
		}
	*nodes = g->nodes;
	*n_nodes = g->n_nodes;
	return GENRE_OK;
}
