/*
 * report.c - counting skip reasons.
 */
#include "import/report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/output.h"

const char *
gi_reasons_add(gi_reasons *r, const char *reason, const char *what, const char *detail)
{
	intptr_t	n = (intptr_t) gi_map_get(&r->counts, reason);

	gi_map_put(&r->counts, reason, (void *) (n + 1));
	r->total++;
	if (strcmp(reason, GI_SKIP_PRESENT) != 0 && strcmp(reason, GI_SKIP_DUPLICATE) != 0)
		r->problems++;
	if (detail != NULL)
		gi_warn("skipped %s: %s", what, detail);
	return gi_map_key(&r->counts, reason);
}

char *
gi_reason_mask(const char *message)
{
	char	   *out = gi_malloc(strlen(message) + 1);
	char	   *o = out;
	const char *p = message;

	while (*p)
	{
		if (isdigit((unsigned char) *p))
		{
			*o++ = '#';
			while (isdigit((unsigned char) *p) || (*p == '.' && isdigit((unsigned char) p[1])))
				p++;
		}
		else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

typedef struct reason_count
{
	const char *reason;
	intptr_t	count;
} reason_count;

static int
by_count(const void *a, const void *b)
{
	const reason_count *x = a,
			   *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->reason, y->reason);
}

void
gi_reasons_print(const gi_reasons *r, FILE *out, const char *indent)
{
	reason_count *rc = gi_malloc(sizeof(reason_count) * (r->counts.n + 1));
	size_t		n = 0,
				i;

	for (i = 0; i < r->counts.cap; i++)
		if (r->counts.keys[i] != NULL)
		{
			rc[n].reason = r->counts.keys[i];
			rc[n].count = (intptr_t) r->counts.values[i];
			n++;
		}
	qsort(rc, n, sizeof(reason_count), by_count);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%6ld  %s\n", indent, (long) rc[i].count, rc[i].reason);
	free(rc);
}

void
gi_reasons_free(gi_reasons *r)
{
	gi_map_free(&r->counts);
	r->total = r->problems = 0;
}
