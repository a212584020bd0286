/*
 * report.h - why files or rows were skipped: one message per item as it
 * happens, a count per reason for the summary.  Server messages are counted
 * with their numbers masked ("wav header claims # frames, # present"), so
 * one kind of damage is one line of the summary.
 */
#ifndef GENRE_IMPORT_REPORT_H
#define GENRE_IMPORT_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "import/util.h"

/* Reasons that are not a problem (exit 0): the file is there already. */
#define GI_SKIP_PRESENT		"already in the table"
#define GI_SKIP_DUPLICATE	"listed twice in the input"

typedef struct gi_reasons
{
	gi_map		counts;			/* reason -> (intptr_t) count */
	int64_t		total;
	int64_t		problems;		/* counted reasons other than the benign ones */
} gi_reasons;

/*
 * Count one skipped item under reason; when detail is not NULL also print
 * "skipped <what>: <detail>" (the full message for this item); files
 * already present are only counted (detail NULL).  Returns the reason as
 * stored, valid as long as r.
 */
const char *gi_reasons_add(gi_reasons *r, const char *reason, const char *what,
						   const char *detail);

/* reason with every run of digits replaced by '#' (caller frees). */
char	   *gi_reason_mask(const char *message);

/* "      3  empty file" lines, most frequent first, each prefixed by indent. */
void		gi_reasons_print(const gi_reasons *r, FILE *out, const char *indent);

void		gi_reasons_free(gi_reasons *r);

#endif
