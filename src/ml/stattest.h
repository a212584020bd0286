/*
 * stattest.h - one-way tests of a value across groups, for feature
 * selection: Kruskal-Wallis H (scipy.stats.kruskal, with the tie
 * correction, chi-square p-value) and the one-way ANOVA F
 * (scipy.stats.f_oneway, F-distribution p-value).  float64 throughout.
 *
 * Input: n values and their group numbers 0 .. n_groups - 1, every group
 * non-empty.
 */
#ifndef GENRE_ML_STATTEST_H
#define GENRE_ML_STATTEST_H

#include "base/status.h"

#include <stddef.h>

/* H and its p-value; 22023 with fewer than 2 groups or all values equal. */
genre_code	genre_kruskal_wallis(const double *values, const int *group, size_t n,
								 int n_groups, double *statistic, double *p_value,
								 genre_status *st);

/*
 * F and its p-value; 22023 with fewer than 2 groups, no more rows than
 * groups, or no variance within any group (F would be infinite or 0/0).
 */
genre_code	genre_anova_f(const double *values, const int *group, size_t n,
						  int n_groups, double *statistic, double *p_value,
						  genre_status *st);

#endif
