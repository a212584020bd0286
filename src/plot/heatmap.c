/*
 * heatmap.c - specshow-style heat map (see heatmap.h).
 *
 * Rows are placed on a display axis (linear, matplotlib's symlog base 2,
 * or log2) at their edges as librosa computes them, rounded to px
 * boundaries; rows between two boundaries pool into one band.  Bands x
 * columns form the raster, drawn as run-length-merged rectangles, one
 * <path> per colour, in a group scaled so every coordinate is an integer.
 */
#include "plot/heatmap.h"

#include "base/alloc.h"
#include "dsp/mel.h"
#include "plot/chart.h"
#include "plot/colormap.h"
#include "plot/svg.h"
#include "plot/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HM_LEFT 72.0
#define HM_TOP 48.0
#define HM_BOTTOM_MARGIN 56.0
#define HM_BAR_GAP 18.0
#define HM_BAR_WIDTH 14.0
#define HM_RIGHT_MARGIN 64.0

/* librosa.note_to_hz("C1") and "C2" */
#define HZ_C1 32.70319566257483
#define HZ_C2 65.40639132514966

/* How a physical coordinate (Hz, BPM, index) becomes a display coordinate. */
typedef enum display_scale
{
	SCALE_LINEAR,
	SCALE_SYMLOG,				/* matplotlib symlog, base 2 */
	SCALE_LOG2
} display_scale;

typedef struct display_axis
{
	display_scale scale;
	double		thresh;			/* symlog: linear below this */
	double		linscale;		/* symlog: matplotlib's linscale */
	double		lo;				/* visible range, physical units */
	double		hi;
} display_axis;

static double
display(const display_axis *a, double v)
{
	switch (a->scale)
	{
		case SCALE_LINEAR:
			return v;
		case SCALE_SYMLOG:
			{
				/* matplotlib: linscale / (1 - 1 / base) per threshold below it */
				double		lin = a->linscale / (1.0 - 0.5);

				if (v <= a->thresh)
					return v / a->thresh * lin;
				return lin + log2(v / a->thresh);
			}
		case SCALE_LOG2:
			return v > 0 ? log2(v) : -INFINITY;
	}
	return v;
}

/* One tick of the vertical axis: a physical position and its label. */
typedef struct ytick
{
	double		v;
	char		label[GENRE_TICK_LABEL_SIZE];
} ytick;

#define MAX_YTICKS 64

/* Everything the vertical axis needs, derived from the heat map's fields. */
typedef struct yaxis_layout
{
	display_axis axis;
	double	   *edge;			/* n_rows + 1 physical edges, row r in [edge[r], edge[r + 1]] */
	const char *title;
	ytick		ticks[MAX_YTICKS];
	int			n_ticks;
} yaxis_layout;

static void
add_tick(yaxis_layout *y, double v, const char *fmt, double label_value)
{
	if (y->n_ticks >= MAX_YTICKS || !(v >= y->axis.lo && v <= y->axis.hi))
		return;
	y->ticks[y->n_ticks].v = v;
	snprintf(y->ticks[y->n_ticks].label, GENRE_TICK_LABEL_SIZE, fmt, label_value);
	y->n_ticks++;
}

/* 0 and the powers of two from half the symlog threshold up (matplotlib's symlog ticks). */
static void
power_of_two_ticks(yaxis_layout *y, double from)
{
	add_tick(y, 0.0, "%.0f", 0.0);
	for (double f = exp2(ceil(log2(from))); f <= y->axis.hi; f *= 2)
		add_tick(y, f, "%.0f", f);
}

static const char *const pitch_classes[12] = {
	"C", "C\xe2\x99\xaf", "D", "D\xe2\x99\xaf", "E", "F",
	"F\xe2\x99\xaf", "G", "G\xe2\x99\xaf", "A", "A\xe2\x99\xaf", "B",
};

static genre_code
yaxis_build(const genre_heatmap *h, yaxis_layout *y, genre_status *st)
{
	int			n = h->n_rows;
	double	   *e = y->edge;

	y->n_ticks = 0;
	y->axis.scale = SCALE_LINEAR;
	switch (h->yaxis)
	{
		case GENRE_YAXIS_FFT_LOG:
			{
				double		df;

				if (h->n_fft < 2 || n != h->n_fft / 2 + 1)
					return genre_fail(st, GENRE_EINVAL, "heat map: %d rows do not fit n_fft %d", n, h->n_fft);
				/* librosa's __coord_fft_hz: bin centres less half a bin, clipped, then Nyquist */
				df = h->sr / h->n_fft;
				for (int r = 0; r < n; r++)
					e[r] = fmax(0.0, r * df - 0.5 * df);
				e[n] = (n - 1) * df;
				y->axis = (display_axis) {SCALE_SYMLOG, HZ_C2, 0.5, 0.0, e[n]};
				y->title = "Hz";
				power_of_two_ticks(y, HZ_C2 / 2);
				break;
			}
		case GENRE_YAXIS_MEL:
			{
				double		top = h->fmax > 0 ? h->fmax : h->sr / 2,
							mlo,
							mhi,
							prev = 0;

				if (!(h->fmin >= 0.0 && h->fmin < top && isfinite(top)))
					return genre_fail(st, GENRE_EINVAL, "heat map: mel range %g .. %g Hz is empty", h->fmin, top);
				/* librosa's __coord_mel_hz: mel_frequencies(n), shifted down half a step */
				mlo = genre_hz_to_mel(h->fmin);
				mhi = genre_hz_to_mel(top);
				for (int r = 0; r < n; r++)
				{
					double		f = genre_mel_to_hz(n > 1 ? mlo + (mhi - mlo) * r / (n - 1) : mlo);

					e[r] = r == 0 ? fmax(0.0, f) : f - 0.5 * (f - prev);
					prev = f;
				}
				e[n] = top;
				y->axis = (display_axis) {SCALE_SYMLOG, 1000.0, 1.0, e[0], e[n]};
				y->title = "Hz";
				power_of_two_ticks(y, 500.0);
				break;
			}
		case GENRE_YAXIS_CHROMA:
			{
				int			bpo = h->bins_per_octave > 0 ? h->bins_per_octave : 12;

				for (int r = 0; r <= n; r++)
					e[r] = 12.0 * r / bpo;
				y->axis = (display_axis) {SCALE_LINEAR, 0, 0, 0.0, e[n]};
				y->title = "Pitch class";
				for (int k = 0; k < 12 * 10 && k + 0.5 <= e[n]; k++)
					if (y->n_ticks < MAX_YTICKS)
					{
						y->ticks[y->n_ticks].v = k + 0.5;
						snprintf(y->ticks[y->n_ticks].label, GENRE_TICK_LABEL_SIZE, "%s",
								 pitch_classes[k % 12]);
						y->n_ticks++;
					}
				break;
			}
		case GENRE_YAXIS_CQT_NOTE:
			{
				int			bpo = h->bins_per_octave;

				if (!(h->fmin > 0.0 && isfinite(h->fmin)) || bpo < 1)
					return genre_fail(st, GENRE_EINVAL, "heat map: CQT axis needs fmin > 0 and bins per octave >= 1");
				/* librosa's __coord_cqt_hz: bin centres shifted down half a bin */
				for (int r = 0; r <= n; r++)
					e[r] = h->fmin * exp2((r - 0.5) / bpo);
				y->axis = (display_axis) {SCALE_LOG2, 0, 0, e[0], e[n]};
				y->title = "Note";
				for (int oct = -1; oct < 12; oct++)
					add_tick(y, HZ_C1 * exp2(oct - 1), "C%.0f", (double) oct);
				break;
			}
		case GENRE_YAXIS_INDEX:
			{
				genre_ticks t;

				for (int r = 0; r <= n; r++)
					e[r] = r;
				y->axis = (display_axis) {SCALE_LINEAR, 0, 0, 0.0, n};
				y->title = "Coefficient";
				/* integer 1-2-5 steps at the row centres */
				genre_nice_ticks(0, n - 1, 6, &t);
				for (double c = 0; c < n; c += fmax(1.0, t.step))
					add_tick(y, c + 0.5, "%.0f", c);
				break;
			}
		case GENRE_YAXIS_TEMPO:
			/* row r is lag r: 60 sr / (hop r) BPM, edges at half lags; lag 0 is infinitely fast */
			for (int r = 0; r <= n; r++)
				e[r] = r == 0 ? INFINITY : 60.0 * h->sr / (h->hop * (r - 0.5));
			y->axis = (display_axis) {SCALE_LOG2, 0, 0, 16.0, 480.0};
			y->title = "BPM";
			for (double b = 16; b <= 480; b *= 2)
				add_tick(y, b, "%.0f", b);
			break;
		default:
			return genre_fail(st, GENRE_EINVAL, "heat map: unknown axis kind %d", (int) h->yaxis);
	}
	if (h->ylabel)
		y->title = h->ylabel;
	return GENRE_OK;
}

/* A band: rows row_lo .. row_hi (in display order) drawn between px y_lo and y_hi from the bottom. */
typedef struct band
{
	int			first;			/* index into the display-ordered row list */
	int			count;
	int			y_lo;
	int			y_hi;
} band;

/* Run of equal colour: level, band (and its height in px), first column, length. */
typedef struct run
{
	int			level;
	int			height;
	int			band;
	int			x;
	int			len;
} run;

static int
cmp_run_level(const void *pa, const void *pb)
{
	const run  *a = pa,
			   *b = pb;

	if (a->level != b->level)
		return a->level - b->level;
	if (a->height != b->height)
		return a->height - b->height;
	if (a->band != b->band)
		return a->band - b->band;
	return a->x - b->x;
}

/* The p-th percentile (0..100) of n sorted values, numpy's linear interpolation. */
static double
percentile(const float *sorted, size_t n, double p)
{
	double		pos = p / 100.0 * (double) (n - 1);
	size_t		i = (size_t) floor(pos);
	double		f = pos - (double) i;

	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + f * (sorted[i + 1] - sorted[i]);
}

static int
cmp_float(const void *pa, const void *pb)
{
	float		a = *(const float *) pa,
				b = *(const float *) pb;

	return (a > b) - (a < b);
}

/* Working memory of one plot. */
typedef struct hm_work
{
	double	   *edge;			/* n_rows + 1 */
	int		   *order;			/* rows in increasing display order */
	band	   *bands;
	float	   *raster;			/* n_bands x cols, NaN where nothing finite */
	float	   *sorted;
	run		   *runs;
} hm_work;

static void
work_free(hm_work *k)
{
	genre_free(k->edge);
	genre_free(k->order);
	genre_free(k->bands);
	genre_free(k->raster);
	genre_free(k->sorted);
	genre_free(k->runs);
}

static genre_code
fail_work(hm_work *k, genre_code rc)
{
	work_free(k);
	return rc;
}

/*
 * px boundary (from the bottom) of display value d on the visible range,
 * on a grid of step px: 1, or 2 when there are more rows than half the
 * height, which bounds the bands by GENRE_HEATMAP_HEIGHT / 2 and so the
 * size of the worst (noise) picture.
 */
static int
px_of(double d, double dlo, double dhi, int step)
{
	double		p = (d - dlo) / (dhi - dlo) * GENRE_HEATMAP_HEIGHT;

	if (!(p > 0))
		return 0;
	if (p >= GENRE_HEATMAP_HEIGHT)
		return GENRE_HEATMAP_HEIGHT;
	return step * (int) lround(p / step);
}

genre_code
genre_plot_heatmap(const genre_heatmap *h, genre_writer *w, genre_status *st)
{
	hm_work		k = {0};
	yaxis_layout y;
	int			n = h->n_rows,
				cols,
				n_bands = 0,
				n_visible = 0,
				mode_level = 0;
	size_t		n_runs = 0,
				n_finite = 0,
				level_cells[GENRE_COLORMAP_LEVELS] = {0};
	double		dlo,
				dhi,
				vmin = INFINITY,
				vmax = -INFINITY,
				plot_w = GENRE_HEATMAP_WIDTH,
				plot_h = GENRE_HEATMAP_HEIGHT,
				bar_x = HM_LEFT + plot_w + HM_BAR_GAP,
				duration;
	genre_colormap cmap;
	genre_frame frame;
	genre_timeline tl;
	char		colour[8];

	if (n < 1 || h->n_cols < 1)
		return genre_fail(st, GENRE_EINVAL, "heat map: the matrix is empty");
	if ((size_t) n * (size_t) h->n_cols > GENRE_HEATMAP_MAX_CELLS)
		return genre_fail(st, GENRE_ELIMIT, "heat map of %d x %d values exceeds the limit of %zu values",
						  n, h->n_cols, GENRE_HEATMAP_MAX_CELLS);
	if (!(h->sr > 0 && isfinite(h->sr)) || h->hop < 1 || !isfinite(h->t0))
		return genre_fail(st, GENRE_EINVAL, "heat map: sample rate, hop and start time must be positive and finite");
	cols = h->n_cols < GENRE_HEATMAP_WIDTH ? h->n_cols : GENRE_HEATMAP_WIDTH;
	k.edge = genre_alloc(((size_t) n + 1) * sizeof(double));
	k.order = genre_alloc((size_t) n * sizeof(int));
	k.bands = genre_alloc((size_t) (n < GENRE_HEATMAP_HEIGHT ? n : GENRE_HEATMAP_HEIGHT) * sizeof(band) + sizeof(band));
	if (!k.edge || !k.order || !k.bands)
		return fail_work(&k, genre_fail_nomem(st));
	y.edge = k.edge;
	if (yaxis_build(h, &y, st) != GENRE_OK)
		return fail_work(&k, st->code);
	dlo = display(&y.axis, y.axis.lo);
	dhi = display(&y.axis, y.axis.hi);
	if (!(dhi > dlo) || !isfinite(dlo) || !isfinite(dhi))
		return fail_work(&k, genre_fail(st, GENRE_EINVAL, "heat map: the frequency axis is empty"));

	/* rows in increasing display order (tempo lags run downwards), visible ones only */
	for (int i = 0; i < n; i++)
	{
		int			r = k.edge[n] >= k.edge[0] ? i : n - 1 - i;
		double		a = display(&y.axis, fmin(k.edge[r], k.edge[r + 1])),
					b = display(&y.axis, fmax(k.edge[r], k.edge[r + 1]));

		if (b > dlo && a < dhi)
			k.order[n_visible++] = r;
	}
	if (n_visible == 0)
		return fail_work(&k, genre_fail(st, GENRE_EINVAL, "heat map: no row lies on the visible axis"));
	/* bands: close one whenever the rows so far reach a new px boundary */
	{
		int			start = 0,
					y0 = -1,
					step = n_visible > GENRE_HEATMAP_HEIGHT / 2 ? 2 : 1;

		for (int i = 0; i < n_visible; i++)
		{
			int			r = k.order[i];
			int			lo = px_of(display(&y.axis, fmin(k.edge[r], k.edge[r + 1])), dlo, dhi, step),
						hi = px_of(display(&y.axis, fmax(k.edge[r], k.edge[r + 1])), dlo, dhi, step);

			if (y0 < 0)
				y0 = lo;
			if (hi > y0)
			{
				k.bands[n_bands++] = (band) {start, i + 1 - start, y0, hi};
				start = i + 1;
				y0 = hi;
			}
		}
		if (start < n_visible && n_bands > 0)
			k.bands[n_bands - 1].count += n_visible - start;	/* sub-px rows at the top */
		if (n_bands == 0)
			k.bands[n_bands++] = (band) {0, n_visible, 0, GENRE_HEATMAP_HEIGHT};
	}

	/* the raster: each band x column pooled over its rows and frames */
	k.raster = genre_alloc((size_t) n_bands * cols * sizeof(float));
	if (k.raster == NULL)
		return fail_work(&k, genre_fail_nomem(st));
	for (int b = 0; b < n_bands; b++)
	{
		for (int c = 0; c < cols; c++)
		{
			size_t		f0 = (size_t) c * h->n_cols / cols,
						f1 = (size_t) (c + 1) * h->n_cols / cols,
						count = 0;
			double		acc = h->pool == GENRE_POOL_MAX ? -INFINITY : 0.0;

			for (int i = k.bands[b].first; i < k.bands[b].first + k.bands[b].count; i++)
			{
				const float *row = h->data + (ptrdiff_t) k.order[i] * h->row_stride;

				for (size_t f = f0; f < f1; f++)
				{
					float		v = row[(ptrdiff_t) f * h->col_stride];

					if (!isfinite(v))
						continue;
					if (h->pool == GENRE_POOL_MAX)
						acc = fmax(acc, v);
					else
						acc += v;
					count++;
				}
			}
			if (count == 0)
				k.raster[(size_t) b * cols + c] = NAN;
			else
			{
				float		v = (float) (h->pool == GENRE_POOL_MAX ? acc : acc / (double) count);

				k.raster[(size_t) b * cols + c] = v;
				vmin = fmin(vmin, v);
				vmax = fmax(vmax, v);
				n_finite++;
			}
		}
		if (genre_interrupted())
			return fail_work(&k, genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request"));
	}
	if (n_finite == 0)
		return fail_work(&k, genre_fail(st, GENRE_EINVAL, "heat map: the matrix has no finite value"));

	/* librosa's cmap(): coolwarm when the 2nd and 98th percentiles straddle 0 */
	if (h->diverging < 0)
	{
		size_t		m = 0;

		k.sorted = genre_alloc(n_finite * sizeof(float));
		if (k.sorted == NULL)
			return fail_work(&k, genre_fail_nomem(st));
		for (size_t i = 0; i < (size_t) n_bands * cols; i++)
			if (!isnan(k.raster[i]))
				k.sorted[m++] = k.raster[i];
		qsort(k.sorted, m, sizeof(float), cmp_float);
		cmap = percentile(k.sorted, m, 2) < 0 && percentile(k.sorted, m, 98) > 0
			? GENRE_CMAP_COOLWARM : GENRE_CMAP_MAGMA;
	}
	else
		cmap = h->diverging ? GENRE_CMAP_COOLWARM : GENRE_CMAP_MAGMA;
	if (cmap == GENRE_CMAP_COOLWARM)
	{
		/* a diverging map is centred on 0 */
		vmax = fmax(fabs(vmin), fabs(vmax));
		vmin = -vmax;
	}
	if (!(vmax > vmin))
	{
		vmin -= 0.5;
		vmax += 0.5;
	}

	/* runs of one level along each band */
	k.runs = genre_alloc((size_t) n_bands * cols * sizeof(run));
	if (k.runs == NULL)
		return fail_work(&k, genre_fail_nomem(st));
	for (int b = 0; b < n_bands; b++)
		for (int c = 0; c < cols;)
		{
			int			level = genre_colormap_level(k.raster[(size_t) b * cols + c], vmin, vmax),
						e = c + 1;

			while (e < cols && genre_colormap_level(k.raster[(size_t) b * cols + e], vmin, vmax) == level)
				e++;
			k.runs[n_runs++] = (run) {level, k.bands[b].y_hi - k.bands[b].y_lo, b, c, e - c};
			level_cells[level] += (size_t) (e - c) * (k.bands[b].y_hi - k.bands[b].y_lo);
			c = e;
		}
	qsort(k.runs, n_runs, sizeof(run), cmp_run_level);
	for (int l = 1; l < GENRE_COLORMAP_LEVELS; l++)
		if (level_cells[l] > level_cells[mode_level])
			mode_level = l;

	genre_svg_begin(w, (int) (bar_x + HM_BAR_WIDTH + HM_RIGHT_MARGIN),
					(int) (HM_TOP + plot_h + HM_BOTTOM_MARGIN));
	/*
	 * The commonest colour is the background; every other run is a
	 * horizontal stroke as thick as its band, in a group scaled so that
	 * columns are x units and half px are y units: band centres and
	 * lengths are integers.  One path per colour and band height; along a
	 * band each run only moves on from the end of the last.
	 */
	genre_colormap_hex(cmap, mode_level, colour);
	genre_put_text(w, "<g class=\"heatmap\" transform=\"translate(%.0f %.0f) scale(%.6g 0.5)\" "
				   "fill=\"none\" shape-rendering=\"crispEdges\">\n"
				   "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
				   HM_LEFT, HM_TOP, plot_w / cols, cols, 2 * GENRE_HEATMAP_HEIGHT, colour);
	for (size_t i = 0; i < n_runs;)
	{
		int			level = k.runs[i].level,
					height = k.runs[i].height,
					band_now = -1,
					end = 0;

		if (level == mode_level)
		{
			while (i < n_runs && k.runs[i].level == level)
				i++;
			continue;
		}
		genre_colormap_hex(cmap, level, colour);
		genre_put_text(w, "<path stroke=\"%s\" stroke-width=\"%d\" d=\"", colour, 2 * height);
		for (; i < n_runs && k.runs[i].level == level && k.runs[i].height == height; i++)
		{
			const run  *r = &k.runs[i];

			if (r->band != band_now)
				genre_put_text(w, "M%d %dh%d", r->x,
							   2 * (GENRE_HEATMAP_HEIGHT - k.bands[r->band].y_hi) + height, r->len);
			else
				genre_put_text(w, "m%d 0h%d", r->x - end, r->len);
			band_now = r->band;
			end = r->x + r->len;
		}
		genre_put_text(w, "\"/>\n");
		if (genre_interrupted())
			return fail_work(&k, genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request"));
	}
	genre_put_text(w, "</g>\n");

	/* time axis, beats, the frame with its titles */
	duration = (double) h->n_cols * h->hop / h->sr;
	tl = (genre_timeline) {h->t0, h->t0 + duration, HM_LEFT, HM_LEFT + plot_w};
	if (h->beats && h->n_beats)
		genre_timeline_beats(w, &tl, h->beats, h->n_beats, HM_TOP, HM_TOP + plot_h, "#ffffff");
	memset(&frame, 0, sizeof(frame));
	frame.left = HM_LEFT;
	frame.top = HM_TOP;
	frame.right = HM_LEFT + plot_w;
	frame.bottom = HM_TOP + plot_h;
	genre_frame_draw(w, &frame, duration > 60 ? "Time (m:ss)" : "Time (s)", y.title,
					 h->title, h->title ? h->title_len : 0);
	genre_timeline_ticks(w, &tl, frame.bottom);
	genre_put_text(w, "<g class=\"ticks\" fill=\"#333333\" font-size=\"11\">\n");
	{
		double		last = -100;

		for (int i = 0; i < y.n_ticks; i++)
		{
			double		py = frame.bottom - (display(&y.axis, y.ticks[i].v) - dlo) / (dhi - dlo) * plot_h;

			if (fabs(py - last) < 12)
				continue;		/* labels would overlap */
			genre_tick_y(w, frame.left, py, y.ticks[i].label);
			last = py;
		}
	}
	genre_put_text(w, "</g>\n");

	/* colour bar: one rect per level, ticks on the right, the unit above */
	genre_put_text(w, "<g class=\"colorbar\" shape-rendering=\"crispEdges\">\n");
	for (int l = 0; l < GENRE_COLORMAP_LEVELS; l++)
	{
		double		y1 = frame.bottom - (l + 1) * plot_h / GENRE_COLORMAP_LEVELS;

		genre_colormap_hex(cmap, l, colour);
		genre_put_text(w, "<rect");
		genre_svg_attr(w, "x", bar_x);
		genre_svg_attr(w, "y", y1);
		genre_svg_attr(w, "width", HM_BAR_WIDTH);
		genre_svg_attr(w, "height", plot_h / GENRE_COLORMAP_LEVELS + 0.5);
		genre_put_text(w, " fill=\"%s\"/>\n", colour);
	}
	genre_put_text(w, "</g>\n<rect");
	genre_svg_attr(w, "x", bar_x);
	genre_svg_attr(w, "y", frame.top);
	genre_svg_attr(w, "width", HM_BAR_WIDTH);
	genre_svg_attr(w, "height", plot_h);
	genre_put_text(w, " fill=\"none\" stroke=\"#333333\" stroke-width=\"0.5\"/>\n");
	{
		genre_ticks t;

		genre_nice_ticks(vmin, vmax, 5, &t);
		genre_put_text(w, "<g class=\"scale-ticks\" fill=\"#333333\" font-size=\"11\">\n");
		for (int i = 0; i < t.count; i++)
		{
			double		v = t.lo + i * t.step,
						py = frame.bottom - (v - vmin) / (vmax - vmin) * plot_h;

			if (py < frame.top - 0.5 || py > frame.bottom + 0.5)
				continue;
			genre_put_text(w, "<line");
			genre_svg_attr(w, "x1", bar_x + HM_BAR_WIDTH);
			genre_svg_attr(w, "y1", py);
			genre_svg_attr(w, "x2", bar_x + HM_BAR_WIDTH + 4);
			genre_svg_attr(w, "y2", py);
			genre_put_text(w, " stroke=\"#333333\"/>\n<text");
			genre_svg_attr(w, "x", bar_x + HM_BAR_WIDTH + 7);
			genre_svg_attr(w, "y", py + 4);
			genre_put_text(w, ">");
			genre_tick_label(w, &t, v);
			genre_put_text(w, "</text>\n");
		}
		genre_put_text(w, "</g>\n");
	}
	if (h->unit && h->unit[0])
		genre_svg_text(w, bar_x + HM_BAR_WIDTH / 2, frame.top - 8, "middle", 11, "fill=\"#333333\"",
					   h->unit, strlen(h->unit), 0);
	genre_svg_end(w);
	work_free(&k);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}
