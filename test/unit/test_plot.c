/*
 * test_plot.c - SVG writer, ticks and the three plots.  Every SVG made here
 * is written to a directory ($GENRE_PLOT_DIR, else a temporary one) and
 * must pass `xmllint --noout` (libxml2-utils); test/scripts/render-plots
 * turns the same files into the PNGs of doc/plots/.
 */
#include "harness.h"

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/rng.h"
#include "ml/contingency.h"
#include "ml/roc.h"
#include "plot/chart.h"
#include "plot/confusion.h"
#include "plot/line.h"
#include "plot/roc.h"
#include "plot/scatter.h"
#include "plot/svg.h"

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

#define GTZAN_CSV "test/data/gtzan_features_30_sec.csv"
#define MAX_ROWS 1000

static const char *genres[] = {"blues", "classical", "country", "disco", "hiphop",
"jazz", "metal", "pop", "reggae", "rock"};

typedef struct gtzan_row
{
	double		x;
	double		y;
	int			n;				/* track number */
	int			g;				/* genre index */
} gtzan_row;

static int
column_of(char *header, const char *name)
{
	int			i = 0;

	for (char *tok = strtok(header, ",\r\n"); tok; tok = strtok(NULL, ",\r\n"), i++)
		if (strcmp(tok, name) == 0)
			return i;
	return -1;
}

/* Rows of the table with two numeric columns; returns the row count. */
static int
read_gtzan(const char *xcol, const char *ycol, gtzan_row *rows)
{
	FILE	   *f = fopen(GTZAN_CSV, "r");
	char		line[8192],
				hdr[8192];
	int			cx,
				cy,
				nrows = 0;

	if (f == NULL || fgets(line, sizeof(line), f) == NULL)
		return 0;
	strcpy(hdr, line);
	cx = column_of(hdr, xcol);
	strcpy(hdr, line);
	cy = column_of(hdr, ycol);
	while (nrows < MAX_ROWS && fgets(line, sizeof(line), f))
	{
		char	   *fields[80];
		int			nf = 0;

		for (char *tok = strtok(line, ",\r\n"); tok && nf < 80; tok = strtok(NULL, ",\r\n"))
			fields[nf++] = tok;
		if (nf < 60)
			continue;
		rows[nrows].x = strtod(fields[cx], NULL);
		rows[nrows].y = strtod(fields[cy], NULL);
		rows[nrows].n = atoi(strchr(fields[0], '.') + 1);
		rows[nrows].g = -1;
		for (int g = 0; g < 10; g++)
			if (strcmp(fields[nf - 1], genres[g]) == 0)
				rows[nrows].g = g;
		nrows++;
	}
	fclose(f);
	return nrows;
}

static void
test_gtzan_pictures(void)
{
	static gtzan_row rows[MAX_ROWS];
	static genre_plot_point pts[MAX_ROWS];
	int			n = read_gtzan("spectral_centroid_mean", "mfcc2_mean", rows);
	genre_writer w;
	genre_status st;
	const char *title = "GTZAN: spectral centroid vs. MFCC 2 (track means)";
	size_t		size;
	void	   *buf;
	genre_contingency c;

	CHECK(n == 1000);
	for (int i = 0; i < n; i++)
	{
		pts[i].x = rows[i].x;
		pts[i].y = rows[i].y;
		pts[i].label = genres[rows[i].g];
		pts[i].label_len = strlen(genres[rows[i].g]);
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
		int			p = rows[i].g;

		if (rows[i].n % 5 == 0)
			p = (p + 1) % 10;
		else if (rows[i].n % 7 == 0)
			p = 9;
		else if (rows[i].n % 13 == 0 && p == 7)
			p = 3;
		CHECK(genre_ctab_add(buf, size, genres[rows[i].g], strlen(genres[rows[i].g]),
							 genres[p], strlen(genres[p]), 1, NULL, NULL) == 1);
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
	RUN(test_gtzan_pictures);
	if (!(dir && dir[0]))
	{
		char		cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", outdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", outdir);
	}
	HARNESS_END();
}
