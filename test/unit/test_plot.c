/*
 * test_plot.c - SVG writer, ticks and the plots: scatter, line, confusion,
 * the spectrogram-style heat maps, waveform, means with confidence
 * intervals and the QQ plot.  Every SVG made here is written to a directory
 * ($GENRE_PLOT_DIR, else a temporary one) and must pass `xmllint --noout`
 * (libxml2-utils); test/scripts/render-plots turns the same files into the
 * PNGs of doc/plots/.
 */
#include "harness.h"

#include "audio/audio.h"
#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "dsp/beat.h"
#include "dsp/db.h"
#include "dsp/onset.h"
#include "features/analysis.h"
#include "features/chroma.h"
#include "features/mfcc.h"
#include "gtzan.h"
#include "ml/contingency.h"
#include "ml/roc.h"
#include "ml/umap.h"
#include "npy.h"
#include "plot/chart.h"
#include "plot/confusion.h"
#include "plot/heatmap.h"
#include "plot/line.h"
#include "plot/means.h"
#include "plot/qq.h"
#include "plot/roc.h"
#include "plot/scatter.h"
#include "plot/svg.h"
#include "plot/waveform.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

static char outdir[512];

static char *
text_of(genre_writer *w)
{
	genre_writer_cstring(w);
	return (char *) w->data;
}

static int
count_of(const char *s, const char *needle)
{
	int			n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Write the SVG to outdir/name and check it with xmllint. */
static void
write_and_lint(const char *name, genre_writer *w)
{
	char		path[700],
				cmd[800];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(fwrite(w->data, 1, w->len, f) == w->len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", path);
	CHECK(system(cmd) == 0);
}

static void
test_escape(void)
{
	genre_writer w;

	genre_writer_init(&w, 0);
	genre_svg_escape(&w, "<b>&\"'</b>", 10, 0);
	CHECK(strcmp(text_of(&w), "&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;") == 0);
	genre_writer_free(&w);

	/* invalid UTF-8, a control character and each byte of a surrogate become U+FFFD; tabs spaces */
	genre_writer_init(&w, 0);
	genre_svg_escape(&w, "a\xff" "b\x01" "c\t\xed\xa0\x80" "d\xc3\xa9", 12, 0);
	CHECK(strcmp(text_of(&w), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				 "d\xc3\xa9") == 0);
	genre_writer_free(&w);

	/* truncation keeps max_chars characters, the last one an ellipsis */
	genre_writer_init(&w, 0);
	genre_svg_escape(&w, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 10, 3);
	CHECK(strcmp(text_of(&w), "\xc3\xa9\xc3\xa9\xe2\x80\xa6") == 0);
	genre_writer_free(&w);
	genre_writer_init(&w, 0);
	genre_svg_escape(&w, "abc", 3, 3);
	CHECK(strcmp(text_of(&w), "abc") == 0);
	genre_writer_free(&w);

	CHECK(genre_svg_char_count("\xc3\xa9t\xc3\xa9", 5) == 3);
	CHECK(genre_svg_char_count("\xff\xfe", 2) == 2);
}

static void
test_ticks(void)
{
	genre_ticks t;
	genre_writer w;

	genre_nice_ticks(0, 1, 6, &t);
	CHECK_NEAR(t.lo, 0, 0);
	CHECK_NEAR(t.hi, 1, 1e-12);
	CHECK_NEAR(t.step, 0.2, 1e-15);
	CHECK(t.count == 6 && t.decimals == 1);

	genre_nice_ticks(-1, 3.2, 6, &t);
	CHECK(t.lo == -1 && t.hi == 4 && t.step == 1 && t.count == 6);

	genre_nice_ticks(205, 980, 6, &t);
	CHECK(t.lo == 200 && t.hi == 1000 && t.step == 200 && t.count == 5);

	genre_nice_ticks(0.0012, 0.0049, 6, &t);
	CHECK_NEAR(t.step, 0.001, 1e-18);
	CHECK(t.count == 5 && t.decimals == 3);
	genre_nice_ticks(0.0012, 0.0049, 10, &t);
	CHECK_NEAR(t.step, 0.0005, 1e-18);
	CHECK(t.decimals == 4);

	/* one value: widened around it */
	genre_nice_ticks(5, 5, 6, &t);
	CHECK(t.lo < 5 && t.hi > 5 && t.count >= 2);
	genre_nice_ticks(0, 0, 6, &t);
	CHECK(t.lo < 0 && t.hi > 0);
	/* huge and tiny magnitudes stay finite */
	genre_nice_ticks(-1e300, 1e300, 6, &t);
	CHECK(isfinite(t.lo) && isfinite(t.hi) && t.count >= 2 && t.count <= 100);
	genre_nice_ticks(1e-300, 3e-300, 6, &t);
	CHECK(t.count >= 2 && t.count <= 100);

	genre_writer_init(&w, 0);
	genre_nice_ticks(-1, 1, 4, &t);
	genre_tick_label(&w, &t, t.lo + 2 * t.step);	/* 0, never "-0.0" */
	genre_put_u8(&w, ' ');
	genre_tick_label(&w, &t, -0.5);
	genre_put_u8(&w, ' ');
	genre_nice_ticks(1e9, 3e9, 4, &t);
	genre_tick_label(&w, &t, 1.5e9);
	CHECK(strcmp(text_of(&w), "0.0 -0.5 1.5e+09") == 0);
	genre_writer_free(&w);
}

static void
test_scatter_small(void)
{
	genre_plot_point pts[] = {
		{0.5, 1.0, "rock", 4}, {1.5, 2.5, "rock", 4}, {2.0, 0.2, "jazz", 4},
		{3.2, 4.1, "<b>&\"'</b>", 10}, {-1.0, 3.3, "jazz", 4},
	};
	genre_writer w;
	genre_status st;
	const char *title = "PCA of <genres> & \"more\"";
	char	   *svg;

	genre_writer_init(&w, 0);
	CHECK(genre_plot_scatter(pts, 5, title, strlen(title), &w, &st) == GENRE_OK);
	svg = text_of(&w);
	CHECK(strncmp(svg, "<?xml", 5) == 0 && strstr(svg, "<svg xmlns=") != NULL);
	CHECK(count_of(svg, "r=\"3.5\"/>") == 5);
	CHECK(count_of(svg, "<g fill=\"#") == 3);
	CHECK(strstr(svg, "&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;") != NULL);
	CHECK(strstr(svg, "PCA of &lt;genres&gt; &amp; &quot;more&quot;") != NULL);
	CHECK(strstr(svg, "<b>") == NULL);
	write_and_lint("scatter_small.svg", &w);
	genre_writer_free(&w);

	/* NaN and infinity are refused, no points too */
	pts[2].x = NAN;
	genre_writer_init(&w, 0);
	CHECK(genre_plot_scatter(pts, 5, NULL, 0, &w, &st) == GENRE_EINVAL);
	CHECK(genre_plot_scatter(pts, 0, NULL, 0, &w, &st) == GENRE_EINVAL);
	pts[2].x = 1;
	pts[3].y = -INFINITY;
	CHECK(genre_plot_line(pts, 5, &w, &st) == GENRE_EINVAL);
	pts[3].y = 1.7e308;
	CHECK(genre_plot_scatter(pts, 5, NULL, 0, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);
}

/* 10 000 random points: one circle each, same SVG for a shuffled input */
static void
test_scatter_many(void)
{
	const size_t n = 10000;
	genre_plot_point *pts = calloc(n, sizeof(genre_plot_point));
	static const char *labels[] = {"blues", "classical", "country", "disco", "hiphop",
	"jazz", "metal", "pop", "reggae", "rock", "world", "folk"};
	genre_rng	rng;
	genre_writer w1,
				w2;
	genre_status st;

	genre_rng_seed(&rng, 7);
	for (size_t i = 0; i < n; i++)
	{
		size_t		g = genre_rng_below(&rng, 12);

		pts[i].x = (double) g + 3 * genre_rng_double(&rng);
		pts[i].y = (double) (g % 4) * 2 + 4 * genre_rng_double(&rng) - 1e4;
		pts[i].label = labels[g];
		pts[i].label_len = strlen(labels[g]);
	}
	genre_writer_init(&w1, 0);
	CHECK(genre_plot_scatter(pts, n, "10 000 points", 13, &w1, &st) == GENRE_OK);
	text_of(&w1);
	CHECK(count_of((char *) w1.data, "r=\"1.8\"/>") == (int) n);
	write_and_lint("scatter_many.svg", &w1);
	/* shuffle, plot again */
	for (size_t i = n - 1; i > 0; i--)
	{
		size_t		j = genre_rng_below(&rng, i + 1);
		genre_plot_point tmp = pts[i];

		pts[i] = pts[j];
		pts[j] = tmp;
	}
	genre_writer_init(&w2, 0);
	CHECK(genre_plot_scatter(pts, n, "10 000 points", 13, &w2, &st) == GENRE_OK);
	CHECK(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0);
	genre_writer_free(&w1);
	genre_writer_free(&w2);
	free(pts);
}

static void
test_line(void)
{
	genre_plot_point pts[] = {
		{5, 410, "inertia", 7}, {2, 980, "inertia", 7}, {3, 700, "inertia", 7},
		{4, 520, "inertia", 7}, {6, 380, "inertia", 7}, {7, 360, "inertia", 7},
		{2, 310, "silhouette x 1000", 17}, {4, 270, "silhouette x 1000", 17},
		{3, 350, "silhouette x 1000", 17}, {5, 220, "silhouette x 1000", 17},
		{6, 205, "silhouette x 1000", 17}, {7, 190, "silhouette x 1000", 17},
	};
	genre_writer w;
	genre_status st;
	char	   *svg,
			   *p;
	double		last = -1;

	genre_writer_init(&w, 0);
	CHECK(genre_plot_line(pts, 12, &w, &st) == GENRE_OK);
	svg = text_of(&w);
	CHECK(count_of(svg, "<polyline ") == 2);
	CHECK(count_of(svg, "r=\"3.5\"") == 12);
	/* the first polyline (inertia) goes through x = 2..7 in order */
	p = strstr(svg, "points=\"") + 8;
	for (int i = 0; i < 6; i++)
	{
		double		x = strtod(p, &p);

		CHECK(x > last);
		last = x;
		p = strchr(p, ' ');
		if (p == NULL)
			break;
	}
	write_and_lint("line.svg", &w);
	genre_writer_free(&w);
}

static void
test_confusion(void)
{
	const char *pairs[][2] = {
		{"rock", "rock"}, {"rock", "rock"}, {"rock", "jazz"}, {"jazz", "jazz"},
		{"<i>", "rock"}, {"<i>", "<i>"}, {"<i>", "<i>"}, {"<i>", "<i>"},
	};
	size_t		size = genre_ctab_initial_size();
	void	   *buf = malloc(size);
	genre_contingency c;
	genre_status st;
	genre_writer w;
	char	   *svg;

	genre_ctab_init(buf, size, 16);
	for (int i = 0; i < 8; i++)
		CHECK(genre_ctab_add(buf, size, pairs[i][0], strlen(pairs[i][0]), pairs[i][1],
							 strlen(pairs[i][1]), 1, NULL, NULL) == 1);
	CHECK(genre_contingency_build(buf, size, 1, &c, &st) == GENRE_OK);
	genre_writer_init(&w, 0);
	CHECK(genre_plot_confusion(&c, &w, &st) == GENRE_OK);
	svg = text_of(&w);
	CHECK(count_of(svg, "<title>") == 9);
	CHECK(strstr(svg, "fill=\"#08306b\"><title>3</title>") != NULL);
	CHECK(count_of(svg, "&lt;i&gt;") == 2);
	CHECK(strstr(svg, "accuracy = 75.0%") != NULL);
	write_and_lint("confusion_small.svg", &w);
	genre_writer_free(&w);
	genre_contingency_free(&c);
	free(buf);
}

/* ---- the GTZAN pictures of doc/plots: the public feature table ---- */

static gtzan_table gt;

static void
test_gtzan_pictures(void)
{
	static genre_plot_point pts[GTZAN_MAX_ROWS];
	int			cx = gtzan_column(&gt, "spectral_centroid_mean"),
				cy = gtzan_column(&gt, "mfcc2_mean"),
				n = gt.n;
	genre_writer w;
	genre_status st;
	const char *title = "GTZAN: spectral centroid vs. MFCC 2 (track means)";
	size_t		size;
	void	   *buf;
	genre_contingency c;

	CHECK(n == 1000 && cx >= 0 && cy >= 0);
	for (int i = 0; i < n; i++)
	{
		pts[i].x = gt.x[i][cx];
		pts[i].y = gt.x[i][cy];
		pts[i].label = gtzan_genres[gt.genre[i]];
		pts[i].label_len = strlen(gtzan_genres[gt.genre[i]]);
	}
	genre_writer_init(&w, 0);
	CHECK(genre_plot_scatter(pts, n, title, strlen(title), &w, &st) == GENRE_OK);
	write_and_lint("gtzan_scatter.svg", &w);
	genre_writer_free(&w);

	/* the rule-made predictions of sql/eval_report.sql: 68.7 % right */
	size = genre_ctab_size(64, 4096);
	buf = malloc(size);
	genre_ctab_init(buf, size, 64);
	for (int i = 0; i < n; i++)
	{
		int			g = gt.genre[i],
					p = g;

		if (gt.track[i] % 5 == 0)
			p = (p + 1) % 10;
		else if (gt.track[i] % 7 == 0)
			p = 9;
		else if (gt.track[i] % 13 == 0 && p == 7)
			p = 3;
		CHECK(genre_ctab_add(buf, size, gtzan_genres[g], strlen(gtzan_genres[g]),
							 gtzan_genres[p], strlen(gtzan_genres[p]), 1, NULL, NULL) == 1);
	}
	CHECK(genre_contingency_build(buf, size, 1, &c, &st) == GENRE_OK);
	genre_writer_init(&w, 0);
	CHECK(genre_plot_confusion(&c, &w, &st) == GENRE_OK);
	CHECK(strstr(text_of(&w), "accuracy = 68.7%") != NULL);
	write_and_lint("gtzan_confusion.svg", &w);
	genre_writer_free(&w);
	genre_contingency_free(&c);
	free(buf);
}

/* The UMAP map of the standardised table, coloured by genre (doc/plots). */
static void
test_gtzan_umap(void)
{
	static float x[GTZAN_MAX_ROWS * GTZAN_COLS];
	static genre_plot_point pts[GTZAN_MAX_ROWS];
	genre_umap_params p;
	genre_umap *m = NULL;
	genre_status st;
	genre_writer w;
	const char *title = "GTZAN: UMAP of the standardised features";

	for (int j = 0; j < GTZAN_COLS; j++)
	{
		double		mean = 0,
					var = 0;

		for (int i = 0; i < gt.n; i++)
			mean += gt.x[i][j];
		mean /= gt.n;
		for (int i = 0; i < gt.n; i++)
			var += (gt.x[i][j] - mean) * (gt.x[i][j] - mean);
		for (int i = 0; i < gt.n; i++)
			x[i * GTZAN_COLS + j] = (float) ((gt.x[i][j] - mean) / sqrt(var / gt.n));
	}
	genre_umap_defaults(&p);
	CHECK(genre_umap_fit(x, gt.n, GTZAN_COLS, &p, &m, &st) == GENRE_OK);
	if (m == NULL)
		return;
	for (int i = 0; i < gt.n; i++)
	{
		float		e[2];

		CHECK(genre_umap_embed(m, x + i * GTZAN_COLS, GTZAN_COLS, e, &st) == GENRE_OK);
		pts[i].x = e[0];
		pts[i].y = e[1];
		pts[i].label = gtzan_genres[gt.genre[i]];
		pts[i].label_len = strlen(gtzan_genres[gt.genre[i]]);
	}
	genre_umap_free(m);
	genre_writer_init(&w, 0);
	CHECK(genre_plot_scatter(pts, gt.n, title, strlen(title), &w, &st) == GENRE_OK);
	write_and_lint("gtzan_umap.svg", &w);
	genre_writer_free(&w);
}

/* ---- heat maps, waveform, means, QQ ---- */

/* A heat map with defaults for the tests: frame-major n_cols x n_rows data. */
static genre_heatmap
heatmap_of(const float *data, int n_rows, int n_cols, genre_heatmap_yaxis kind)
{
	genre_heatmap h;

	memset(&h, 0, sizeof(h));
	h.data = data;
	h.n_rows = n_rows;
	h.n_cols = n_cols;
	h.row_stride = 1;
	h.col_stride = n_rows;
	h.sr = 22050;
	h.hop = 512;
	h.yaxis = kind;
	h.n_fft = 2048;
	h.fmax = 0;
	h.bins_per_octave = kind == GENRE_YAXIS_CQT_NOTE ? 12 : 0;
	h.fmin = kind == GENRE_YAXIS_CQT_NOTE ? 32.70319566257483 : 0;
	h.diverging = -1;
	h.pool = GENRE_POOL_MEAN;
	h.unit = "dB";
	return h;
}

/* Plot h, lint it as name, check it is the same the second time; returns its size. */
static size_t
plot_heatmap_file(const genre_heatmap *h, const char *name, const char *must_contain)
{
	genre_writer w1,
				w2;
	genre_status st;
	size_t		len = 0;

	genre_writer_init(&w1, 0);
	genre_writer_init(&w2, 0);
	CHECK(genre_plot_heatmap(h, &w1, &st) == GENRE_OK);
	CHECK(genre_plot_heatmap(h, &w2, &st) == GENRE_OK);
	CHECK(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0);
	if (w1.len)
	{
		len = w1.len;
		if (must_contain)
		{
			CHECK(strstr(text_of(&w1), must_contain) != NULL);
			if (!strstr(text_of(&w1), must_contain))
				fprintf(stderr, "%s lacks \"%s\"\n", name, must_contain);
		}
		write_and_lint(name, &w1);
	}
	genre_writer_free(&w1);
	genre_writer_free(&w2);
	return len;
}

/* Synthetic matrices: one test per axis kind, and the refusals. */
static void
test_heatmap_axes(void)
{
	const int	frames = 300;
	float	   *m = calloc((size_t) frames * 1025, sizeof(float));
	genre_heatmap h;
	genre_writer w;
	genre_status st;

	/* stft: a rising tone in dB */
	for (int t = 0; t < frames; t++)
		for (int k = 0; k < 1025; k++)
			m[(size_t) t * 1025 + k] = -80.0f + 80.0f * expf(-(float) abs(k - (20 + 3 * t)) / 4.0f);
	h = heatmap_of(m, 1025, frames, GENRE_YAXIS_FFT_LOG);
	h.title = "Rising <tone> & \"more\"";
	h.title_len = strlen(h.title);
	plot_heatmap_file(&h, "heatmap_stft.svg", "Rising &lt;tone&gt; &amp; &quot;more&quot;");
	plot_heatmap_file(&h, "heatmap_stft.svg", ">8192</text>");
	/* one band per px row at most, no more columns than frames */
	genre_writer_init(&w, 0);
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_OK);
	CHECK(strstr(text_of(&w), "scale(2.66667 0.5)") != NULL);	/* 800 px / 300 columns */
	genre_writer_free(&w);
	h.n_fft = 1024;
	genre_writer_init(&w, 0);
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "n_fft") != NULL);
	genre_writer_free(&w);

	/* mel, chroma, mfcc (both signs: coolwarm around 0), cqt notes, tempo */
	h = heatmap_of(m, 128, frames, GENRE_YAXIS_MEL);
	plot_heatmap_file(&h, "heatmap_mel.svg", ">4096</text>");
	h = heatmap_of(m, 12, frames, GENRE_YAXIS_CHROMA);
	h.unit = NULL;
	plot_heatmap_file(&h, "heatmap_chroma.svg", ">C\xe2\x99\xaf</text>");
	for (int i = 0; i < 20 * frames; i++)
		m[i] = (float) ((i % 20) - 9.5) * (1 + (i / 20) % 7);
	h = heatmap_of(m, 20, frames, GENRE_YAXIS_INDEX);
	h.unit = "";
	h.ylabel = "MFCC";
	plot_heatmap_file(&h, "heatmap_index.svg", "#b50927");	/* coolwarm's red end */
	h = heatmap_of(m, 84, frames, GENRE_YAXIS_CQT_NOTE);
	plot_heatmap_file(&h, "heatmap_cqt.svg", ">C4</text>");
	/* an autocorrelation tempogram of the 120 BPM clicks' onset envelope: a line at 120 BPM */
	{
		npy_array	env = npy_load("test/data/npy/clicks_120bpm_22k_mono/onset_env_median.npy");
		int			nf = (int) (env.rows * env.cols);
		float	   *tg = calloc((size_t) nf * 384, sizeof(float));

		for (int t = 0; t < nf; t++)
		{
			double		ac0 = 0;

			for (int lag = 0; lag < 384; lag++)
			{
				double		ac = 0;

				for (int i = t - 192; i + lag < t + 192; i++)
					if (i >= 0 && i + lag < nf)
						ac += env.v[i] * env.v[i + lag];
				if (lag == 0)
					ac0 = ac > 0 ? ac : 1;
				tg[(size_t) t * 384 + lag] = (float) (ac / ac0);
			}
		}
		h = heatmap_of(tg, 384, nf, GENRE_YAXIS_TEMPO);
		h.unit = NULL;
		h.title = "clicks_120bpm: autocorrelation tempogram";
		h.title_len = strlen(h.title);
		plot_heatmap_file(&h, "heatmap_tempo.svg", ">128</text>");
		free(tg);
		free(env.v);
	}

	/* refusals: empty, all NaN, too large, bad parameters */
	h = heatmap_of(m, 20, 0, GENRE_YAXIS_INDEX);
	genre_writer_init(&w, 0);
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_EINVAL);
	for (int i = 0; i < 20 * 5; i++)
		m[i] = NAN;
	h = heatmap_of(m, 20, 5, GENRE_YAXIS_INDEX);
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_EINVAL);
	CHECK(strstr(st.message, "no finite value") != NULL);
	h = heatmap_of(m, 1 << 15, 1 << 14, GENRE_YAXIS_INDEX);
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_ELIMIT);
	h = heatmap_of(m, 20, 5, GENRE_YAXIS_CQT_NOTE);
	h.fmin = 0;
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_EINVAL);
	h = heatmap_of(m, 20, 5, GENRE_YAXIS_MEL);
	h.fmin = 20000;
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_EINVAL);
	h.fmin = 0;
	h.sr = NAN;
	CHECK(genre_plot_heatmap(&h, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);
	free(m);
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	unsigned char *data;
	long		n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
	{
		if (f)
			fclose(f);
		return NULL;
	}
	rewind(f);
	data = malloc((size_t) n + 1);
	if (data && fread(data, 1, (size_t) n, f) != (size_t) n)
	{
		free(data);
		data = NULL;
	}
	fclose(f);
	*len = (size_t) n;
	return data;
}

/* What the pictures of a clip need: its signal, mel dB, power, beats. */
typedef struct clip
{
	genre_signal sig;
	genre_plan_cache *cache;
	genre_analysis a;
	const float *mel_db;
	const float *power;
	double	   *beats;
	int			n_beats;
} clip;

static int
clip_open(clip *c, const char *path, double seconds)
{
	size_t		len;
	unsigned char *data = read_file(path, &len);
	genre_status st;
	float	   *env;
	int		   *frames = NULL;
	double		bpm;

	memset(c, 0, sizeof(*c));
	CHECK(data != NULL);
	if (data == NULL)
		return 0;
	CHECK(genre_audio_load(data, len, 0, seconds, 22050, &c->sig, &st) == GENRE_OK);
	free(data);
	if (c->sig.samples == NULL)
		return 0;
	c->cache = genre_plan_cache_create();
	genre_analysis_init(&c->a, c->cache, c->sig.samples, c->sig.n, 22050, GENRE_PAD_ZEROS);
	CHECK(genre_analysis_mel_db(&c->a, &c->mel_db, &st) == GENRE_OK);
	CHECK(genre_analysis_power(&c->a, &c->power, &st) == GENRE_OK);
	env = malloc((size_t) c->a.n_frames * sizeof(float));
	CHECK(genre_onset_strength(c->mel_db, c->a.n_frames, GENRE_N_MELS, GENRE_ONSET_MEDIAN, env,
							   &st) == GENRE_OK);
	CHECK(genre_beat_track(env, c->a.n_frames, 22050, 512, &bpm, &frames, &c->n_beats, &st) == GENRE_OK);
	c->beats = malloc(((size_t) c->n_beats + 1) * sizeof(double));
	for (int i = 0; i < c->n_beats; i++)
		c->beats[i] = frames[i] * 512.0 / 22050.0;
	genre_free(frames);
	free(env);
	return 1;
}

static void
clip_close(clip *c)
{
	genre_analysis_free(&c->a);
	if (c->cache)
		genre_plan_cache_destroy(c->cache);
	genre_signal_free(&c->sig);
	free(c->beats);
}

#define MUSIC "test/data/audio/loaded22k/fof_muldjord_chaos_god@45+40.wav"

/* The pictures of real music (doc/plots): spectrograms, chromagram, MFCC, waveform. */
static void
test_heatmap_music(void)
{
	clip		c;
	genre_heatmap h;
	genre_status st;
	float	   *db,
			   *chroma = NULL;
	genre_frame_matrix mf = {0};
	genre_writer w;
	genre_waveform wf;
	const char *title = "fof_muldjord_chaos_god, 45 s + 40 s";
	size_t		nb;

	if (!clip_open(&c, MUSIC, -1))
		return;
	/* mel spectrogram in dB with the beats */
	h = heatmap_of(c.mel_db, GENRE_N_MELS, c.a.n_frames, GENRE_YAXIS_MEL);
	h.diverging = 0;			/* dB is a level: magma, whatever its sign */
	h.t0 = 45;
	h.beats = c.beats;
	h.n_beats = c.n_beats;
	for (int i = 0; i < c.n_beats; i++)
		c.beats[i] += 45;
	h.title = title;
	h.title_len = strlen(title);
	plot_heatmap_file(&h, "music_mel.svg", "class=\"beats\"");

	/* log-frequency power spectrogram in dB */
	nb = (size_t) c.a.n_frames * c.a.n_bins;
	db = malloc(nb * sizeof(float));
	memcpy(db, c.power, nb * sizeof(float));
	genre_power_to_db(db, nb, 1e-10, 80);
	h = heatmap_of(db, c.a.n_bins, c.a.n_frames, GENRE_YAXIS_FFT_LOG);
	h.diverging = 0;
	h.t0 = 45;
	h.title = title;
	h.title_len = strlen(title);
	plot_heatmap_file(&h, "music_stft.svg", ">Hz</text>");
	h.pool = GENRE_POOL_MAX;
	plot_heatmap_file(&h, "music_stft_max.svg", NULL);
	free(db);

	/* chromagram with beats */
	CHECK(genre_chroma_stft(c.power, c.a.n_frames, c.a.n_bins, 22050, GENRE_PIPTRACK_0_10, &chroma,
							NULL, &st) == GENRE_OK);
	h = heatmap_of(chroma, 12, c.a.n_frames, GENRE_YAXIS_CHROMA);
	h.t0 = 45;
	h.unit = NULL;
	h.beats = c.beats;
	h.n_beats = c.n_beats;
	h.title = title;
	h.title_len = strlen(title);
	plot_heatmap_file(&h, "music_chroma.svg", ">Pitch class</text>");
	genre_free(chroma);

	/* MFCC (rows x frames, float64 in genre_frame_matrix: plotted from a float copy) */
	CHECK(genre_mfcc_frames(&c.a, 20, &mf, &st) == GENRE_OK);
	if (mf.v)
	{
		float	   *v = malloc((size_t) mf.rows * mf.n_frames * sizeof(float));

		for (int i = 0; i < mf.rows * mf.n_frames; i++)
			v[i] = (float) mf.v[i];
		h = heatmap_of(v, mf.rows, mf.n_frames, GENRE_YAXIS_INDEX);
		h.row_stride = mf.n_frames;
		h.col_stride = 1;
		h.t0 = 45;
		h.unit = NULL;
		h.ylabel = "MFCC";
		h.title = title;
		h.title_len = strlen(title);
		plot_heatmap_file(&h, "music_mfcc.svg", ">MFCC</text>");
		free(v);
		genre_frames_free(&mf);
	}

	/* waveform with beats */
	memset(&wf, 0, sizeof(wf));
	wf.y = c.sig.samples;
	wf.n = c.sig.n;
	wf.sr = 22050;
	wf.t0 = 45;
	wf.beats = c.beats;
	wf.n_beats = c.n_beats;
	wf.title = title;
	wf.title_len = strlen(title);
	genre_writer_init(&w, 0);
	CHECK(genre_waveform_plot(&wf, &w, &st) == GENRE_OK);
	CHECK(strstr(text_of(&w), ">Amplitude</text>") != NULL);
	write_and_lint("music_waveform.svg", &w);
	genre_writer_free(&w);
	clip_close(&c);
}

/* librosa's CQT magnitude of a 440 Hz sine (npy fixture): one line at A4, between C4 and C5. */
static void
test_heatmap_cqt_fixture(void)
{
	npy_array	a = npy_load("test/data/npy/sine440_22k_mono/cqt_mag_252x36.npy");
	float	   *db = malloc((size_t) a.rows * a.cols * sizeof(float));
	genre_heatmap h;

	for (long i = 0; i < a.rows * a.cols; i++)
		db[i] = (float) (a.v[i] * a.v[i]);
	genre_power_to_db(db, (size_t) a.rows * a.cols, 1e-10, 80);
	/* bins x frames, row-major */
	h = heatmap_of(db, (int) a.rows, (int) a.cols, GENRE_YAXIS_CQT_NOTE);
	h.row_stride = a.cols;
	h.col_stride = 1;
	h.bins_per_octave = 36;
	h.diverging = 0;
	plot_heatmap_file(&h, "cqt_notes.svg", ">C7</text>");
	free(db);
	free(a.v);
}

/* Ten minutes of music: the SVG stays under 1 MB, at most 800 columns. */
static void
test_heatmap_ten_minutes(void)
{
	size_t		len;
	unsigned char *data = read_file("test/data/audio/real/asc_frontiers.mp3", &len);
	genre_signal sig = {0};
	genre_status st;
	genre_plan_cache *cache;
	genre_analysis a;
	const float *mel,
			   *power;
	float	   *y,
			   *db;
	size_t		n = (size_t) 600 * 22050,
				size,
				nb;
	genre_heatmap h;
	genre_waveform wf;
	genre_writer w;

	CHECK(data != NULL);
	if (data == NULL)
		return;
	CHECK(genre_audio_load(data, len, 0, -1, 22050, &sig, &st) == GENRE_OK);
	free(data);
	if (sig.samples == NULL)
		return;
	/* 441 s of music, repeated up to 600 s */
	y = malloc(n * sizeof(float));
	for (size_t i = 0; i < n; i++)
		y[i] = sig.samples[i % sig.n];
	cache = genre_plan_cache_create();
	genre_analysis_init(&a, cache, y, n, 22050, GENRE_PAD_ZEROS);
	CHECK(genre_analysis_mel_db(&a, &mel, &st) == GENRE_OK);
	h = heatmap_of(mel, GENRE_N_MELS, a.n_frames, GENRE_YAXIS_MEL);
	h.diverging = 0;
	h.title = "asc_frontiers, 10 minutes";
	h.title_len = strlen(h.title);
	size = plot_heatmap_file(&h, "ten_minutes_mel.svg", "scale(1 0.5)");
	printf("10-minute mel spectrogram (%d frames): %zu bytes\n", a.n_frames, size);
	CHECK(size > 0 && size <= 1000000);

	CHECK(genre_analysis_power(&a, &power, &st) == GENRE_OK);
	nb = (size_t) a.n_frames * a.n_bins;
	db = malloc(nb * sizeof(float));
	memcpy(db, power, nb * sizeof(float));
	genre_power_to_db(db, nb, 1e-10, 80);
	h = heatmap_of(db, a.n_bins, a.n_frames, GENRE_YAXIS_FFT_LOG);
	h.diverging = 0;
	size = plot_heatmap_file(&h, "ten_minutes_stft.svg", NULL);
	printf("10-minute log-frequency spectrogram: %zu bytes\n", size);
	CHECK(size > 0 && size <= 1000000);
	free(db);

	memset(&wf, 0, sizeof(wf));
	wf.y = y;
	wf.n = n;
	wf.sr = 22050;
	genre_writer_init(&w, 0);
	CHECK(genre_waveform_plot(&wf, &w, &st) == GENRE_OK);
	printf("10-minute waveform: %zu bytes\n", w.len);
	CHECK(w.len < 100000 && strstr(text_of(&w), ">8:00</text>") != NULL);
	write_and_lint("ten_minutes_waveform.svg", &w);
	genre_writer_free(&w);
	genre_analysis_free(&a);
	genre_plan_cache_destroy(cache);
	free(y);
	genre_signal_free(&sig);
}

/*
 * The largest picture: a level drawn at random in every one of the 160
 * bands x 800 columns (more rows pool into 2 px bands, more frames into
 * columns), so every cell is its own run.
 */
static void
test_heatmap_worst_size(void)
{
	const int	rows = 160,
				cols = 800;
	float	   *m = malloc((size_t) rows * cols * sizeof(float));
	genre_rng	rng;
	genre_heatmap h;
	size_t		size;

	genre_rng_seed(&rng, 5);
	for (int i = 0; i < rows * cols; i++)
		m[i] = (float) genre_rng_double(&rng);
	h = heatmap_of(m, rows, cols, GENRE_YAXIS_INDEX);
	h.diverging = 0;
	size = plot_heatmap_file(&h, "worst_noise.svg", NULL);
	printf("noise in every cell: %zu bytes\n", size);
	CHECK(size > 0 && size <= 1000000);
	free(m);
}

static void
test_waveform_small(void)
{
	float		y[5] = {0.0f, 0.5f, -0.25f, 1.0f, -1.0f};
	double		beats[] = {0.0001, NAN, 10.0};
	genre_waveform wf;
	genre_writer w;
	genre_status st;

	memset(&wf, 0, sizeof(wf));
	wf.y = y;
	wf.n = 5;
	wf.sr = 10;
	wf.beats = beats;
	wf.n_beats = 3;
	genre_writer_init(&w, 0);
	CHECK(genre_waveform_plot(&wf, &w, &st) == GENRE_OK);
	CHECK(count_of(text_of(&w), "L") >= 9);
	write_and_lint("waveform_small.svg", &w);
	genre_writer_free(&w);
	genre_writer_init(&w, 0);
	wf.n = 0;
	CHECK(genre_waveform_plot(&wf, &w, &st) == GENRE_EINVAL);
	wf.n = 5;
	y[2] = NAN;
	CHECK(genre_waveform_plot(&wf, &w, &st) == GENRE_EINVAL);
	y[2] = 0;
	wf.sr = 0;
	CHECK(genre_waveform_plot(&wf, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);
}

static void
test_means(void)
{
	static genre_plot_point pts[GTZAN_MAX_ROWS + 1];
	int			col = gtzan_column(&gt, "tempo");
	genre_writer w1,
				w2;
	genre_status st;
	const char *title = "GTZAN tempo by genre";
	char	   *svg;

	for (int i = 0; i < gt.n; i++)
	{
		pts[i].x = 0;
		pts[i].y = gt.x[i][col];
		pts[i].label = gtzan_genres[gt.genre[i]];
		pts[i].label_len = strlen(gtzan_genres[gt.genre[i]]);
	}
	/* one value alone: a mean without a bar */
	pts[gt.n] = (genre_plot_point) {0, 99.5, "<solo>", 6};
	genre_writer_init(&w1, 0);
	CHECK(genre_plot_means(pts, gt.n + 1, 0.95, title, strlen(title), &w1, &st) == GENRE_OK);
	svg = text_of(&w1);
	CHECK(count_of(svg, "<circle") == 11);
	CHECK(count_of(svg, "h12\"/>") == 10);
	/* blues: scipy's t.interval of the 100 tempi (test_stats.c) */
	CHECK(strstr(svg, "blues: mean 120.742, interval 114.434 .. 127.05, n = 100") != NULL);
	CHECK(strstr(svg, "&lt;solo&gt;: mean 99.5, interval 99.5 .. 99.5, n = 1") != NULL);
	CHECK(strstr(svg, "95% confidence interval") != NULL);
	write_and_lint("gtzan_means.svg", &w1);
	/* same picture from the rows in another order */
	for (int i = 0; i < gt.n; i++)
	{
		genre_plot_point t = pts[i];
		int			j = (i * 7919) % (gt.n + 1);

		pts[i] = pts[j];
		pts[j] = t;
	}
	genre_writer_init(&w2, 0);
	CHECK(genre_plot_means(pts, gt.n + 1, 0.95, title, strlen(title), &w2, &st) == GENRE_OK);
	CHECK(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0);
	genre_writer_free(&w1);
	genre_writer_free(&w2);

	genre_writer_init(&w1, 0);
	CHECK(genre_plot_means(pts, 0, 0.95, NULL, 0, &w1, &st) == GENRE_EINVAL);
	CHECK(genre_plot_means(pts, 10, 1.5, NULL, 0, &w1, &st) == GENRE_EINVAL);
	pts[3].y = INFINITY;
	CHECK(genre_plot_means(pts, 10, 0.95, NULL, 0, &w1, &st) == GENRE_EINVAL);
	genre_writer_free(&w1);
}

static void
test_qq(void)
{
	static double v[GTZAN_MAX_ROWS];
	const size_t big = 20000;
	double	   *many = malloc(big * sizeof(double));
	int			n = gtzan_values(&gt, "tempo", -1, v);
	genre_writer w;
	genre_status st;
	genre_rng	rng;

	genre_writer_init(&w, 0);
	CHECK(genre_plot_qq(v, n, "GTZAN tempo", 11, &w, &st) == GENRE_OK);
	/* R^2 of scipy's probplot: r = 0.9868769718600201 */
	CHECK(strstr(text_of(&w), "R\xc2\xb2 = 0.9739, n = 1000") != NULL);
	CHECK(count_of(text_of(&w), "r=\"3\"/>") == 1000);
	write_and_lint("gtzan_qq.svg", &w);
	genre_writer_free(&w);

	/* many values: thinned to GENRE_PLOT_QQ_MAX_POINTS */
	genre_rng_seed(&rng, 11);
	for (size_t i = 0; i < big; i++)
		many[i] = genre_rng_double(&rng) + genre_rng_double(&rng) + genre_rng_double(&rng);
	genre_writer_init(&w, 0);
	CHECK(genre_plot_qq(many, big, NULL, 0, &w, &st) == GENRE_OK);
	CHECK(count_of(text_of(&w), "r=\"3\"/>") == GENRE_PLOT_QQ_MAX_POINTS);
	write_and_lint("qq_many.svg", &w);
	CHECK(genre_plot_qq(many, 1, NULL, 0, &w, &st) == GENRE_EINVAL);
	many[5] = NAN;
	CHECK(genre_plot_qq(many, big, NULL, 0, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);
	free(many);
}

/*
 * ROC curves of three classes from the core's roc_curve: one polyline per
 * class, the diagonal, labels escaped, the AUCs in the legend; a curve of
 * 20000 rows keeps only the points that show.
 */
static void
test_roc(void)
{
	/* 6 rows, classes a, b, <c&d> with hand-checkable curves */
	static const uint32_t y[6] = {0, 0, 1, 1, 2, 2};
	static const double p[18] = {
		0.8, 0.1, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1,
		0.5, 0.2, 0.3, 0.1, 0.2, 0.7, 0.2, 0.5, 0.3,
	};
	const char *labels[3] = {"a", "b", "<c&d>"};
	genre_roc_curve cv[3];
	genre_plot_roc_class cl[3];
	genre_status st;
	genre_writer w;
	const char *svg;

	genre_status_clear(&st);
	for (int c = 0; c < 3; c++)
	{
		CHECK(genre_roc_curve_of(y, p, 6, 3, (uint32_t) c, &cv[c], &st) == GENRE_OK);
		cl[c] = (genre_plot_roc_class) {labels[c], strlen(labels[c]), &cv[c]};
	}
	/* class a: scores 0.8 0.6 | 0.3 0.5 0.1 0.2 -> both positives above all negatives */
	CHECK(cv[0].auc == 1.0);
	genre_writer_init(&w, 0);
	CHECK(genre_plot_roc(cl, 3, "ROC <test>", 10, &w, &st) == GENRE_OK);
	svg = text_of(&w);
	CHECK(count_of(svg, "<polyline class=\"roc\"") == 3);
	CHECK(count_of(svg, "<line class=\"chance\"") == 1);
	CHECK(strstr(svg, "&lt;c&amp;d&gt;") != NULL && strstr(svg, "<c&d>") == NULL);
	CHECK(strstr(svg, "ROC &lt;test&gt;") != NULL);
	CHECK(strstr(svg, ">1.000</text>") != NULL);
	CHECK(strstr(svg, ">false positive rate</text>") != NULL);
	/* sklearn's roc_curve: a (0,0) (0,.5) (0,1) (1,1), b AUC 0.6875, c 0.9375 (macro 0.875) */
	CHECK(cv[1].auc == 0.6875 && cv[2].auc == 0.9375);
	/* drawn in the 420 px square from (72, 48), 10 px inside its edges */
	CHECK(strstr(svg, "points=\"82,458 82,258 82,58 482,58\"") != NULL);
	CHECK(strstr(svg, "points=\"82,458 82,258 282,258 382,58 482,58\"") != NULL);
	write_and_lint("roc_small.svg", &w);
	genre_writer_free(&w);

	/* no class, too many, a point outside the square */
	CHECK(genre_plot_roc(cl, 0, NULL, 0, &w, &st) == GENRE_EINVAL);
	CHECK(genre_plot_roc(cl, GENRE_PLOT_ROC_MAX_CLASSES + 1, NULL, 0, &w, &st) == GENRE_ELIMIT);
	cv[1].tpr[1] = 1.5;
	genre_writer_init(&w, 0);
	CHECK(genre_plot_roc(cl, 3, NULL, 0, &w, &st) == GENRE_EINVAL);
	genre_writer_free(&w);
	for (int c = 0; c < 3; c++)
		genre_roc_curve_free(&cv[c]);

	/* 20000 noisy rows of two classes: thousands of points, at most a few per pixel column */
	{
		enum
		{
			N = 20000
		};
		uint32_t   *yy = genre_calloc(N, sizeof(uint32_t));
		double	   *pp = genre_calloc(2 * N, sizeof(double));
		genre_rng	rng;
		genre_roc_curve big;
		genre_plot_roc_class one;

		genre_rng_seed(&rng, 7);
		for (int i = 0; i < N; i++)
		{
			double		u = genre_rng_double(&rng);

			yy[i] = (uint32_t) (i % 2);
			pp[2 * i + 1] = yy[i] ? 0.3 + 0.7 * u : 0.7 * u;
			pp[2 * i] = 1 - pp[2 * i + 1];
		}
		CHECK(genre_roc_curve_of(yy, pp, N, 2, 1, &big, &st) == GENRE_OK);
		CHECK(big.n > 5000);
		one = (genre_plot_roc_class) {"noisy", 5, &big};
		genre_writer_init(&w, 0);
		CHECK(genre_plot_roc(&one, 1, NULL, 0, &w, &st) == GENRE_OK);
		CHECK(w.len < 60000);
		write_and_lint("roc_many.svg", &w);
		genre_writer_free(&w);
		genre_roc_curve_free(&big);
		genre_free(yy);
		genre_free(pp);
	}
}

int
main(void)
{
	const char *dir = getenv("GENRE_PLOT_DIR");

	if (dir && dir[0])
		snprintf(outdir, sizeof(outdir), "%s", dir);
	else
	{
		snprintf(outdir, sizeof(outdir), "/tmp/genre-plots-XXXXXX");
		if (mkdtemp(outdir) == NULL)
		{
			perror("mkdtemp");
			return 1;
		}
	}
	if (system("command -v xmllint >/dev/null") != 0)
	{
		fprintf(stderr, "xmllint is missing (Debian package libxml2-utils)\n");
		return 1;
	}
	RUN(test_escape);
	RUN(test_ticks);
	RUN(test_scatter_small);
	RUN(test_scatter_many);
	RUN(test_line);
	RUN(test_confusion);
	RUN(test_roc);
	if (gtzan_load(&gt, NULL) != 1000)
	{
		fprintf(stderr, "cannot read %s (run from the repository root)\n", GTZAN_CSV);
		return 1;
	}
	RUN(test_gtzan_pictures);
	RUN(test_gtzan_umap);
	RUN(test_heatmap_axes);
	RUN(test_heatmap_music);
	RUN(test_heatmap_cqt_fixture);
	RUN(test_heatmap_ten_minutes);
	RUN(test_heatmap_worst_size);
	RUN(test_waveform_small);
	RUN(test_means);
	RUN(test_qq);
	if (!(dir && dir[0]))
	{
		char		cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", outdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", outdir);
	}
	HARNESS_END();
}
