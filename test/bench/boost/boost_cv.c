/*
 * boost_cv.c - cross-validates genre's boosted trees (the C core, no
 * server) on folds made elsewhere (test/bench/boost/folds.py exports
 * scikit-learn's), printing accuracy and fit time per fold.
 *
 *   boost_cv DATA [key=value ...] [proba=FILE]
 *
 * DATA is CSV with a header: group,fold,label,<features...>.  Fold k's
 * model trains on every row whose fold is not k and predicts the rows of
 * fold k; rows with a negative fold only ever train.  Fit time is the
 * process's CPU time (the machine is shared).  Options are the
 * fields of genre_boost_options (rounds=300 learning_rate=0.05 ...;
 * class_weight=balanced, early_stopping=1).  proba=FILE writes
 * "group,label,p_class0,..." per predicted row (header: the class names).
 *
 * Over all predicted rows it prints the core's macro ROC-AUC (roc.h, ovr
 * and ovo) and, when groups hold several rows (segments of a track), the
 * accuracy per group of the hard vote (most frequent prediction, ties to
 * the lowest label, as mode() WITHIN GROUP) and of the soft vote (arg-max
 * of the mean probabilities, proba_mean.h).  Last line:
 * "accuracy A fit_cpu_s S predict_us P trees T auc_ovr X auc_ovo Y
 * [hard H soft S groups G]" (predict_us: CPU microseconds per row, one row
 * per call as SQL predicts).
 */
#include "base/alloc.h"
#include "base/bytes.h"
#include "base/status.h"
#include "ml/boost.h"
#include "ml/dataset.h"
#include "ml/model_kinds.h"
#include "ml/proba_mean.h"
#include "ml/roc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct table
{
	size_t		n;
	uint32_t	d;
	char	  **group;
	char	  **label;
	int		   *fold;
	float	   *x;
} table;

static void
die(const char *what)
{
	fprintf(stderr, "boost_cv: %s\n", what);
	exit(2);
}

static char *
xstrdup(const char *s)
{
	char	   *p = strdup(s);

	if (p == NULL)
		die("out of memory");
	return p;
}

static void
read_table(const char *path, table *t)
{
	FILE	   *fp = fopen(path, "r");
	char	   *line = NULL;
	size_t		cap = 0,
				rows_cap = 0;
	ssize_t		len;

	if (fp == NULL)
		die("cannot open the data file");
	memset(t, 0, sizeof(*t));
	if ((len = getline(&line, &cap, fp)) <= 0)
		die("empty data file");
	for (char *p = line; *p; p++)
		t->d += (*p == ',');
	t->d -= 2;
	while ((len = getline(&line, &cap, fp)) > 0)
	{
		char	   *save = NULL;
		char	   *tok;
		uint32_t	f = 0;

		if (t->n == rows_cap)
		{
			rows_cap = rows_cap ? rows_cap * 2 : 1024;
			t->group = realloc(t->group, rows_cap * sizeof(char *));
			t->label = realloc(t->label, rows_cap * sizeof(char *));
			t->fold = realloc(t->fold, rows_cap * sizeof(int));
			t->x = realloc(t->x, rows_cap * t->d * sizeof(float));
			if (!t->group || !t->label || !t->fold || !t->x)
				die("out of memory");
		}
		t->group[t->n] = xstrdup(strtok_r(line, ",", &save));
		t->fold[t->n] = atoi(strtok_r(NULL, ",", &save));
		t->label[t->n] = xstrdup(strtok_r(NULL, ",", &save));
		while ((tok = strtok_r(NULL, ",\r\n", &save)) != NULL && f < t->d)
			t->x[t->n * t->d + f++] = strtof(tok, NULL);
		if (f != t->d)
			die("short row in the data file");
		t->n++;
	}
	free(line);
	fclose(fp);
}

/* key=value into the options; 0 when the key is not an option. */
static int
set_option(genre_boost_options *o, const char *kv)
{
	const char *eq = strchr(kv, '=');
	const char *v;
	size_t		k;

	if (eq == NULL)
		return 0;
	v = eq + 1;
	k = (size_t) (eq - kv);
#define KEY(name) (k == strlen(name) && strncmp(kv, name, k) == 0)
	if (KEY("rounds"))
		o->rounds = (uint32_t) strtoul(v, NULL, 10);
	else if (KEY("learning_rate"))
		o->learning_rate = strtod(v, NULL);
	else if (KEY("max_depth"))
		o->max_depth = (uint32_t) strtoul(v, NULL, 10);
	else if (KEY("max_leaves"))
		o->max_leaves = (uint32_t) strtoul(v, NULL, 10);
	else if (KEY("min_samples_leaf"))
		o->min_samples_leaf = (uint32_t) strtoul(v, NULL, 10);
	else if (KEY("l2"))
		o->l2 = strtod(v, NULL);
	else if (KEY("max_bins"))
		o->max_bins = (uint32_t) strtoul(v, NULL, 10);
	else if (KEY("subsample"))
		o->subsample = strtod(v, NULL);
	else if (KEY("colsample"))
		o->colsample = strtod(v, NULL);
	else if (KEY("class_weight"))
		o->class_weight_balanced = strcmp(v, "balanced") == 0;
	else if (KEY("early_stopping"))
		o->early_stopping = (uint8_t) atoi(v);
	else if (KEY("validation_fraction"))
		o->validation_fraction = strtod(v, NULL);
	else if (KEY("patience"))
		o->patience = (uint32_t) strtoul(v, NULL, 10);
	else if (KEY("seed"))
		o->seed = strtoull(v, NULL, 10);
	else
		return 0;
#undef KEY
	return 1;
}

/* CPU seconds of this process: the machine is shared, wall time is not ours */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* qsort has no context argument: the table and the row of each position */
static const table *sort_table;
static const size_t *sort_row;

static int
by_group(const void *a, const void *b)
{
	return strcmp(sort_table->group[sort_row[*(const size_t *) a]],
				  sort_table->group[sort_row[*(const size_t *) b]]);
}

/*
 * Votes per group of predicted rows (printed when some group has more than
 * one row): hard (most frequent predicted class, lowest on ties) and soft
 * (genre_proba_mean over the rows' probability objects).
 */
static void
votes(const table *t, size_t m, uint32_t nc, char **names, const uint32_t *y,
	  const uint32_t *pred, const double *p, const size_t *row)
{
	size_t	   *ord = calloc(m, sizeof(size_t));
	size_t		groups = 0,
				hard_ok = 0,
				soft_ok = 0,
				biggest = 0;
	uint32_t   *lens = calloc(nc, sizeof(uint32_t));
	size_t	   *count = calloc(nc, sizeof(size_t));

	for (uint32_t c = 0; c < nc; c++)
		lens[c] = (uint32_t) strlen(names[c]);
	/* positions sorted by group: rows of one group are adjacent */
	for (size_t k = 0; k < m; k++)
		ord[k] = k;
	sort_table = t;
	sort_row = row;
	qsort(ord, m, sizeof(size_t), by_group);
	for (size_t a = 0; a < m;)
	{
		size_t		b = a;
		genre_proba_mean pm;
		genre_status st;
		uint32_t	hard = 0;

		while (b < m && strcmp(t->group[row[ord[b]]], t->group[row[ord[a]]]) == 0)
			b++;
		memset(count, 0, nc * sizeof(size_t));
		genre_proba_mean_init(&pm);
		genre_status_clear(&st);
		for (size_t k = a; k < b; k++)
		{
			count[pred[ord[k]]]++;
			if (genre_proba_mean_add(&pm, (const char *const *) names, lens, p + ord[k] * nc, nc,
									 &st) != GENRE_OK)
				die(st.message);
		}
		for (uint32_t c = 1; c < nc; c++)
			if (count[c] > count[hard])
				hard = c;
		/* proba_mean sorts its labels: names are sorted already, so indices agree */
		hard_ok += hard == y[ord[a]];
		soft_ok += (uint32_t) genre_proba_mean_argmax(&pm) == y[ord[a]];
		genre_proba_mean_free(&pm);
		if (b - a > biggest)
			biggest = b - a;
		groups++;
		a = b;
	}
	if (biggest > 1)
		printf(" hard %.4f soft %.4f groups %zu", (double) hard_ok / groups,
			   (double) soft_ok / groups, groups);
	free(ord);
	free(lens);
	free(count);
}

int
main(int argc, char **argv)
{
	table		t;
	genre_boost_options o;
	const char *proba_path = NULL;
	FILE	   *pf = NULL;
	int			k_max = -1;
	size_t		ok = 0,
				tested = 0;
	double		fit_s = 0,
				predict_s = 0;
	uint64_t	trees = 0;
	uint32_t	nc = 0;
	char	  **names = NULL;
	uint32_t   *oof_y = NULL;
	uint32_t   *oof_c = NULL;
	double	   *oof_p = NULL;
	size_t	   *oof_row = NULL;

	if (argc < 2)
		die("usage: boost_cv DATA [key=value ...] [proba=FILE]");
	read_table(argv[1], &t);
	genre_boost_options_default(&o);
	for (int a = 2; a < argc; a++)
	{
		if (strncmp(argv[a], "proba=", 6) == 0)
			proba_path = argv[a] + 6;
		else if (!set_option(&o, argv[a]))
			die("unknown option");
	}
	if (proba_path && (pf = fopen(proba_path, "w")) == NULL)
		die("cannot write the probability file");
	for (size_t i = 0; i < t.n; i++)
		if (t.fold[i] > k_max)
			k_max = t.fold[i];

	for (int k = 0; k <= k_max; k++)
	{
		genre_labeled_row *rows = calloc(t.n, sizeof(genre_labeled_row));
		size_t		m = 0,
					fold_ok = 0,
					fold_n = 0;
		genre_dataset ds;
		genre_status st;
		genre_writer w;
		const genre_model_kind_ops *ops;
		void	   *model;
		double	   *p;
		double		t0;

		for (size_t i = 0; i < t.n; i++)
			if (t.fold[i] != k)
			{
				rows[m].label = t.label[i];
				rows[m].label_len = (uint32_t) strlen(t.label[i]);
				rows[m].x = t.x + i * t.d;
				m++;
			}
		genre_status_clear(&st);
		genre_writer_init(&w, 0);
		t0 = now();
		if (genre_dataset_build(rows, m, t.d, &ds, &st) != GENRE_OK ||
			genre_boost_train(&ds, &o, &w, &st) != GENRE_OK)
		{
			fprintf(stderr, "boost_cv: fold %d: %s\n", k, st.message);
			return 1;
		}
		fit_s += now() - t0;
		if ((model = genre_model_load(w.data, w.len, &ops, &st)) == NULL || ops != &genre_boost_kind)
		{
			fprintf(stderr, "boost_cv: fold %d: %s\n", k, st.message);
			return 1;
		}
		trees += ((genre_boost *) model)->n_trees;
		if (names == NULL)
		{
			nc = ds.n_classes;
			names = calloc(nc, sizeof(char *));
			for (uint32_t c = 0; c < nc; c++)
				names[c] = xstrdup(ds.class_names[c]);
			oof_y = calloc(t.n, sizeof(uint32_t));
			oof_c = calloc(t.n, sizeof(uint32_t));
			oof_p = calloc(t.n * nc, sizeof(double));
			oof_row = calloc(t.n, sizeof(size_t));
		}
		else if (ds.n_classes != nc)
			die("a fold's training rows lack a class");
		p = calloc(ds.n_classes, sizeof(double));
		if (pf && k == 0)
		{
			fprintf(pf, "group,label");
			for (uint32_t c = 0; c < ds.n_classes; c++)
				fprintf(pf, ",%s", ds.class_names[c]);
			fprintf(pf, "\n");
		}
		for (size_t i = 0; i < t.n; i++)
			if (t.fold[i] == k)
			{
				double		t1 = now();
				uint32_t	c = genre_boost_predict(model, t.x + i * t.d, p);
				uint32_t	y = 0;

				predict_s += now() - t1;

				while (y < nc && strcmp(names[y], t.label[i]) != 0)
					y++;
				if (y == nc)
					die("a test row's class is not in its training rows");
				fold_ok += c == y;
				fold_n++;
				oof_y[tested + fold_n - 1] = y;
				oof_c[tested + fold_n - 1] = c;
				oof_row[tested + fold_n - 1] = i;
				memcpy(oof_p + (tested + fold_n - 1) * nc, p, nc * sizeof(double));
				if (pf)
				{
					fprintf(pf, "%s,%s", t.group[i], t.label[i]);
					for (uint32_t j = 0; j < ds.n_classes; j++)
						fprintf(pf, ",%.17g", p[j]);
					fprintf(pf, "\n");
				}
			}
		printf("fold %d: accuracy %.4f (%zu/%zu), rounds %u\n", k,
			   fold_n ? (double) fold_ok / fold_n : 0.0, fold_ok, fold_n,
			   ((genre_boost *) model)->n_rounds);
		ok += fold_ok;
		tested += fold_n;
		free(p);
		genre_boost_free(model);
		genre_writer_free(&w);
		genre_dataset_free(&ds);
		free(rows);
	}
	if (pf)
		fclose(pf);
	{
		genre_status st;
		double		ovr = NAN,
					ovo = NAN;

		genre_status_clear(&st);
		if (genre_roc_auc(oof_y, oof_p, tested, nc, GENRE_ROC_OVR, &ovr, &st) != GENRE_OK ||
			genre_roc_auc(oof_y, oof_p, tested, nc, GENRE_ROC_OVO, &ovo, &st) != GENRE_OK)
			fprintf(stderr, "boost_cv: roc_auc: %s\n", st.message);
		printf("accuracy %.4f fit_cpu_s %.3f predict_us %.1f trees %llu auc_ovr %.17g auc_ovo %.17g",
			   tested ? (double) ok / tested : 0.0, fit_s, tested ? predict_s / tested * 1e6 : 0.0,
			   (unsigned long long) trees, ovr, ovo);
	}
	votes(&t, tested, nc, names, oof_y, oof_c, oof_p, oof_row);
	printf("\n");
	return 0;
}
