/*
 * cart.c - one Gini CART tree of the forest (see cart.h).
 */
#include "ml/cart.h"

#include "base/alloc.h"

#include <math.h>
#include <string.h>

typedef struct cart_frame
{
	size_t		start;
	size_t		end;
	uint32_t	depth;
	size_t		parent;			/* node whose right child this is, or SIZE_MAX */
} cart_frame;

genre_code
genre_cart_work_init(genre_cart_work *wk, const genre_cart_data *data, genre_status *st)
{
	size_t		n = data->n;
	size_t		c = data->n_classes;

	memset(wk, 0, sizeof(*wk));
	wk->samples = genre_calloc(n, sizeof(uint32_t));
	wk->where = genre_calloc(n, sizeof(uint32_t));
	wk->keys = genre_calloc(n, sizeof(uint64_t));
	wk->sv = genre_calloc(n, sizeof(float));
	wk->ss = genre_calloc(n, sizeof(uint32_t));
	wk->feats = genre_calloc(data->d, sizeof(uint32_t));
	wk->cnt = genre_calloc(c, sizeof(double));
	wk->left = genre_calloc(c, sizeof(double));
	wk->right = genre_calloc(c, sizeof(double));
	wk->stack_cap = n + 2;
	wk->stack = genre_calloc(wk->stack_cap, sizeof(cart_frame));
	if (!wk->samples || !wk->where || !wk->keys || !wk->sv || !wk->ss || !wk->feats ||
		!wk->cnt || !wk->left || !wk->right || !wk->stack)
	{
		genre_cart_work_free(wk);
		return genre_fail_nomem(st);
	}
	return GENRE_OK;
}

void
genre_cart_work_free(genre_cart_work *wk)
{
	genre_free(wk->samples);
	genre_free(wk->where);
	genre_free(wk->keys);
	genre_free(wk->sv);
	genre_free(wk->ss);
	genre_free(wk->feats);
	genre_free(wk->cnt);
	genre_free(wk->left);
	genre_free(wk->right);
	genre_free(wk->stack);
	memset(wk, 0, sizeof(*wk));
}

void
genre_cart_out_free(genre_cart_out *out)
{
	genre_free(out->nodes);
	genre_free(out->values);
	memset(out, 0, sizeof(*out));
}

static void
insertion_sort(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++)
	{
		uint64_t	v = a[i];
		size_t		j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Quicksort of distinct u64 keys (median of three, smaller side first). */
void
genre_cart_sort_keys(uint64_t *a, size_t n)
{
	while (n > 24)
	{
		uint64_t	x = a[0],
					y = a[n / 2],
					z = a[n - 1],
					p,
					t;
		size_t		i = 0,
					j = n - 1;

		p = (x < y) ? ((y < z) ? y : (x < z ? z : x)) : ((x < z) ? x : (y < z ? z : y));
		for (;;)
		{
			while (a[i] < p)
				i++;
			while (a[j] > p)
				j--;
			if (i >= j)
				break;
			t = a[i];
			a[i] = a[j];
			a[j] = t;
			i++;
			j--;
		}
		/* keys are distinct, so [0, j] < p or == p and [j+1, n) >= p */
		if (j + 1 < n - j - 1)
		{
			genre_cart_sort_keys(a, j + 1);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			genre_cart_sort_keys(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion_sort(a, n);
}

/* Append a node, growing the array; returns its index or SIZE_MAX on OOM. */
static size_t
add_node(genre_cart_out *out)
{
	if (out->n_nodes == out->cap_nodes)
	{
		size_t		cap = out->cap_nodes ? out->cap_nodes * 2 : 1024;
		genre_forest_node *p = genre_realloc(out->nodes, cap * sizeof(*p));

		if (p == NULL)
			return SIZE_MAX;
		out->nodes = p;
		out->cap_nodes = cap;
	}
	return out->n_nodes++;
}

static float *
add_values(genre_cart_out *out, size_t count)
{
	if (out->n_values + count > out->cap_values)
	{
		size_t		cap = out->cap_values ? out->cap_values : 1024;
		float	   *p;

		while (cap < out->n_values + count)
			cap *= 2;
		p = genre_realloc(out->values, cap * sizeof(float));
		if (p == NULL)
			return NULL;
		out->values = p;
		out->cap_values = cap;
	}
	out->n_values += count;
	return out->values + out->n_values - count;
}

/*
 * Fill wk->sv / wk->ss with the node's values of feature f in ascending
 * order.  Returns 0 when the feature is constant in the node.
 */
static int
sorted_feature(const genre_cart_data *data, genre_cart_work *wk, uint32_t f,
			   size_t start, size_t m, uint32_t node_id, int scan)
{
	const float *col = data->xt + (size_t) f * data->n;
	const uint32_t *samples = wk->samples + start;

	if (scan)
	{
		const uint32_t *ord = data->order + (size_t) f * data->n;
		size_t		k = 0;

		for (size_t i = 0; i < data->n && k < m; i++)
		{
			uint32_t	s = ord[i];

			if (wk->where[s] == node_id)
			{
				wk->sv[k] = col[s];
				wk->ss[k++] = s;
			}
		}
	}
	else
	{
		uint64_t   *keys = wk->keys;

		for (size_t i = 0; i < m; i++)
			keys[i] = ((uint64_t) genre_cart_ordered_bits(col[samples[i]]) << 32) | i;
		genre_cart_sort_keys(keys, m);
		for (size_t i = 0; i < m; i++)
		{
			uint32_t	s = samples[keys[i] & 0xffffffffu];

			wk->sv[i] = col[s];
			wk->ss[i] = s;
		}
	}
	return wk->sv[0] < wk->sv[m - 1];
}

typedef struct best_split
{
	int64_t		feature;		/* -1: none found */
	double		proxy;
	float		threshold;
} best_split;

/*
 * Scan the sorted node for the split maximising sum_c L_c^2 / W_L +
 * sum_c R_c^2 / W_R (the weighted Gini decrease up to constants).
 */
static void
scan_feature(const genre_cart_data *data, genre_cart_work *wk, uint32_t f, size_t m,
			 double wsum, double sq, best_split *best)
{
	const uint32_t *y = data->y;
	double	   *left = wk->left;
	double	   *right = wk->right;
	double		sqL = 0,
				sqR = sq,
				wL = 0,
				wR = wsum;
	size_t		msl = data->min_samples_leaf;

	memset(left, 0, data->n_classes * sizeof(double));
	memcpy(right, wk->cnt, data->n_classes * sizeof(double));
	for (size_t i = 0; i + 1 < m; i++)
	{
		uint32_t	s = wk->ss[i];
		uint32_t	c = y[s];
		double		ww = wk->weight[s];

		sqL += ww * (2.0 * left[c] + ww);
		left[c] += ww;
		sqR += ww * (ww - 2.0 * right[c]);
		right[c] -= ww;
		wL += ww;
		wR -= ww;
		if (wk->sv[i + 1] > wk->sv[i] && i + 1 >= msl && m - i - 1 >= msl)
		{
			double		proxy = sqL / wL + sqR / wR;

			if (proxy > best->proxy)
			{
				float		lo = wk->sv[i],
							hi = wk->sv[i + 1];
				float		mid = (float) (((double) lo + (double) hi) * 0.5);

				/* the threshold must separate the two values as float32 */
				if (!(mid >= lo && mid < hi))
					mid = lo;
				best->proxy = proxy;
				best->feature = f;
				best->threshold = mid;
			}
		}
	}
}

/* Node class weights into wk->cnt; returns the number of classes present. */
static uint32_t
node_counts(const genre_cart_data *data, genre_cart_work *wk, size_t start, size_t end,
			double *wsum, double *sq)
{
	double		sum = 0,
				s2 = 0;
	uint32_t	present = 0;

	memset(wk->cnt, 0, data->n_classes * sizeof(double));
	for (size_t i = start; i < end; i++)
	{
		uint32_t	s = wk->samples[i];

		wk->cnt[data->y[s]] += wk->weight[s];
	}
	for (uint32_t c = 0; c < data->n_classes; c++)
		if (wk->cnt[c] > 0)
		{
			present++;
			sum += wk->cnt[c];
			s2 += wk->cnt[c] * wk->cnt[c];
		}
	*wsum = sum;
	*sq = s2;
	return present;
}

/* Gini impurity from class weights */
static double
gini_of(const double *cnt, uint32_t nc, double *wsum_out)
{
	double		sum = 0,
				s2 = 0;

	for (uint32_t c = 0; c < nc; c++)
	{
		sum += cnt[c];
		s2 += cnt[c] * cnt[c];
	}
	*wsum_out = sum;
	return sum > 0 ? 1.0 - s2 / (sum * sum) : 0.0;
}

/* Write the leaf for the node whose counts are in wk->cnt. */
static genre_code
make_leaf(const genre_cart_data *data, genre_cart_work *wk, genre_cart_out *out,
		  size_t idx, uint32_t present, double wsum, genre_status *st)
{
	genre_forest_node *node = &out->nodes[idx];

	node->threshold = 0;
	if (present == 1)
	{
		for (uint32_t c = 0; c < data->n_classes; c++)
			if (wk->cnt[c] > 0)
				node->arg = c;
		node->feature = -1;
	}
	else
	{
		size_t		off = out->n_values;
		float	   *v = add_values(out, data->n_classes);

		if (v == NULL)
			return genre_fail_nomem(st);
		node = &out->nodes[idx];
		for (uint32_t c = 0; c < data->n_classes; c++)
			v[c] = (float) (wk->cnt[c] / wsum);
		node->feature = -2;
		node->arg = (uint32_t) off;
	}
	return GENRE_OK;
}

genre_code
genre_cart_grow(const genre_cart_data *data, const double *w, genre_rng *rng,
				genre_cart_work *wk, genre_cart_out *out, double *importance,
				uint32_t *depth, genre_status *st)
{
	size_t		n = data->n;
	size_t		m = 0;
	size_t		top = 0;
	uint32_t	d = data->d;
	size_t		msl = data->min_samples_leaf;

	wk->weight = w;
	for (size_t i = 0; i < n; i++)
	{
		wk->where[i] = UINT32_MAX;
		if (w[i] > 0)
			wk->samples[m++] = (uint32_t) i;
	}
	if (m == 0)
		return genre_fail(st, GENRE_EINTERNAL, "empty bootstrap sample");
	if (out->n_nodes > (size_t) UINT32_MAX - 2 * m)
		return genre_fail(st, GENRE_ELIMIT, "forest has more than 2^32 nodes");

	wk->stack[top++] = (cart_frame) {0, m, 0, SIZE_MAX};
	while (top > 0)
	{
		cart_frame	fr = wk->stack[--top];
		size_t		cnt_m = fr.end - fr.start;
		size_t		idx;
		double		wsum,
					sq;
		uint32_t	present;
		best_split	best = {-1, 0, 0};

		GENRE_CHECK_CANCEL(st);
		idx = add_node(out);
		if (idx == SIZE_MAX)
			return genre_fail_nomem(st);
		if (fr.parent != SIZE_MAX)
			out->nodes[fr.parent].arg = (uint32_t) idx;
		if (fr.depth > *depth)
			*depth = fr.depth;

		present = node_counts(data, wk, fr.start, fr.end, &wsum, &sq);
		if (present > 1 && cnt_m >= 2 * msl &&
			(data->max_depth == 0 || fr.depth < data->max_depth))
		{
			/* walking all n presorted samples beats sorting m keys for big nodes */
			double		lg = log2((double) cnt_m);
			int			scan = (double) n < 1.5 * (double) cnt_m * lg;
			uint32_t	tried = 0;

			if (scan)
				for (size_t i = fr.start; i < fr.end; i++)
					wk->where[wk->samples[i]] = (uint32_t) idx;
			best.proxy = -1;
			for (uint32_t j = 0; j < d; j++)
				wk->feats[j] = j;
			/* draw features without replacement; constant ones do not count */
			for (uint32_t j = 0; j < d && tried < data->mtry; j++)
			{
				uint32_t	r = j + (uint32_t) genre_rng_below(rng, d - j);
				uint32_t	f = wk->feats[r];

				wk->feats[r] = wk->feats[j];
				wk->feats[j] = f;
				/* a node of millions of samples takes tens of ms per feature */
				GENRE_CHECK_CANCEL(st);
				if (!sorted_feature(data, wk, f, fr.start, cnt_m, (uint32_t) idx, scan))
					continue;
				tried++;
				scan_feature(data, wk, f, cnt_m, wsum, sq, &best);
			}
		}

		if (best.feature < 0)
		{
			genre_code	rc = make_leaf(data, wk, out, idx, present, wsum, st);

			if (rc != GENRE_OK)
				return rc;
			continue;
		}

		/* partition the node's samples: x <= threshold to the front */
		{
			const float *col = data->xt + (size_t) best.feature * n;
			size_t		i = fr.start,
						j = fr.end;
			double		wl,
						wr,
						gl,
						gr,
						g;

			while (i < j)
			{
				if (col[wk->samples[i]] <= best.threshold)
					i++;
				else
				{
					uint32_t	t = wk->samples[--j];

					wk->samples[j] = wk->samples[i];
					wk->samples[i] = t;
				}
			}
			/* impurity decrease for the importances, weighted like scikit-learn */
			memset(wk->left, 0, data->n_classes * sizeof(double));
			for (size_t k = fr.start; k < i; k++)
			{
				uint32_t	s = wk->samples[k];

				wk->left[data->y[s]] += w[s];
			}
			for (uint32_t c = 0; c < data->n_classes; c++)
				wk->right[c] = wk->cnt[c] - wk->left[c];
			g = gini_of(wk->cnt, data->n_classes, &wsum);
			gl = gini_of(wk->left, data->n_classes, &wl);
			gr = gini_of(wk->right, data->n_classes, &wr);
			importance[best.feature] += wsum * g - wl * gl - wr * gr;

			out->nodes[idx].feature = (int32_t) best.feature;
			out->nodes[idx].threshold = best.threshold;
			out->nodes[idx].arg = 0;	/* patched when the right child is made */
			if (top + 2 > wk->stack_cap)
				return genre_fail(st, GENRE_EINTERNAL, "tree stack overflow");
			wk->stack[top++] = (cart_frame) {i, fr.end, fr.depth + 1, idx};
			wk->stack[top++] = (cart_frame) {fr.start, i, fr.depth + 1, SIZE_MAX};
		}
	}
	return GENRE_OK;
}
