/*
 * bench_umap.c - fits genre's UMAP on the standardised public GTZAN table
 * (test/data, 1000 x 57; StandardScaler's population scale) with seeds
 * 0 .. RUNS - 1 and writes each 2-D embedding, one line per table row in
 * the table's order, to PREFIX<seed>.csv; prints the fit time, wall and
 * CPU (median over the runs: on a shared machine CPU time is the
 * steadier), and the model's summary.
 * test/bench/umap/run builds it and compares it with umap-learn.
 */
#include "base/alloc.h"
#include "gtzan.h"
#include "ml/model.h"
#include "ml/umap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static gtzan_table gt;

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	static float x[GTZAN_MAX_ROWS * GTZAN_COLS];
	int			runs = argc > 2 ? atoi(argv[2]) : 3,
				n = gtzan_load(&gt, NULL);
	double		times[32],
				cpu[32];
	genre_umap_params p;
	genre_umap *m = NULL;
	genre_status st;
	genre_writer w;
	FILE	   *out;

	if (argc < 2 || n != 1000 || runs < 1 || runs > 32)
	{
		fprintf(stderr, "usage: bench_umap PREFIX [RUNS] (from the repository root)\n");
		return 2;
	}
	/* StandardScaler: (x - mean) / population std, in float64, stored float32 */
	for (int j = 0; j < GTZAN_COLS; j++)
	{
		double		mean = 0,
					var = 0;

		for (int i = 0; i < n; i++)
			mean += gt.x[i][j];
		mean /= n;
		for (int i = 0; i < n; i++)
			var += (gt.x[i][j] - mean) * (gt.x[i][j] - mean);
		var /= n;
		for (int i = 0; i < n; i++)
			x[i * GTZAN_COLS + j] = (float) ((gt.x[i][j] - mean) / (var > 0 ? sqrt(var) : 1));
	}
	genre_umap_defaults(&p);
	for (int r = 0; r < runs; r++)
	{
		double		t0 = now(),
					c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		char		path[4096];

		genre_umap_free(m);
		p.seed = (uint64_t) r;
		if (genre_umap_fit(x, n, GTZAN_COLS, &p, &m, &st) != GENRE_OK)
		{
			fprintf(stderr, "umap fit failed: %s\n", st.message);
			return 1;
		}
		times[r] = now() - t0;
		cpu[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		/* the table's rows map to their fitted coordinates */
		snprintf(path, sizeof(path), "%s%d.csv", argv[1], r);
		if ((out = fopen(path, "w")) == NULL)
		{
			perror(path);
			return 1;
		}
		t0 = now();
		for (int i = 0; i < n; i++)
		{
			float		e[2];

			if (genre_umap_embed(m, x + i * GTZAN_COLS, GTZAN_COLS, e, &st) != GENRE_OK)
			{
				fprintf(stderr, "transform failed: %s\n", st.message);
				return 1;
			}
			fprintf(out, "%.9g,%.9g,%s\n", e[0], e[1], gtzan_genres[gt.genre[i]]);
		}
		fclose(out);
		if (r == 0)
			printf("genre transform of the 1000 fitted rows: %.3f s\n", now() - t0);
	}
	qsort(times, runs, sizeof(double), cmp_double);
	qsort(cpu, runs, sizeof(double), cmp_double);
	printf("genre fit: median %.3f s wall, %.3f s cpu, of %d runs\n", times[runs / 2], cpu[runs / 2], runs);
	genre_writer_init(&w, 0);
	genre_umap_write(m, &w, &st);
	printf("genre model: %zu bytes, a %.6f b %.6f, %d epochs, %u graph component(s), spectral init %s\n",
		   w.len, m->a, m->b, m->n_epochs, m->graph_components,
		   m->spectral_converged ? "converged" : "at its budget");
	genre_writer_free(&w);
	genre_umap_free(m);
	return 0;
}
