/*
 * harness.h - the tiny unit-test harness of the core.
 *
 * A test is a void function; RUN() counts it passed when none of its CHECKs
 * failed.  A binary ends with HARNESS_END(), which prints "N passed, N failed"
 * (summed by test/scripts/run-all) and exits non-zero on failure.
 */
#ifndef GENRE_TEST_HARNESS_H
#define GENRE_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int	harness_passed;
static int	harness_failed;
static int	harness_current_failed;

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			harness_current_failed = 1; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

/* |a - b| <= tol, and neither is NaN. */
#define CHECK_NEAR(a, b, tol) \
	do { \
		double ha_ = (double) (a), hb_ = (double) (b), ht_ = (double) (tol); \
		if (!(fabs(ha_ - hb_) <= ht_)) { \
			harness_current_failed = 1; \
			fprintf(stderr, "%s:%d: %s = %.9g, expected %.9g (tolerance %.3g)\n", \
					__FILE__, __LINE__, #a, ha_, hb_, ht_); \
		} \
	} while (0)

#define RUN(fn) \
	do { \
		harness_current_failed = 0; \
		fn(); \
		if (harness_current_failed) { \
			harness_failed++; \
			fprintf(stderr, "FAIL %s\n", #fn); \
		} else \
			harness_passed++; \
	} while (0)

#define HARNESS_END() \
	do { \
		printf("%d passed, %d failed\n", harness_passed, harness_failed); \
		return harness_failed ? 1 : 0; \
	} while (0)

#endif
