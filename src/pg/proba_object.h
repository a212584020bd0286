/*
 * proba_object.h - a jsonb probability object ({"class": p, ...}, what
 * predict_proba returns) read and checked, for the soft vote (votes.c)
 * and ROC-AUC (roc.c).
 */
#ifndef GENRE_PG_PROBA_OBJECT_H
#define GENRE_PG_PROBA_OBJECT_H

#include "postgres.h"

#include "utils/jsonb.h"

typedef struct GenreProbaObject
{
	int			k;				/* classes in the object, >= 1 */
	const char **labels;		/* point into the jsonb (not NUL-terminated) */
	uint32	   *lens;
	double	   *p;				/* each finite, in [0, 1] */
} GenreProbaObject;

/*
 * The pairs of jb (palloc'ed arrays pointing into it).  22023 naming
 * "<fname>: <arg>[ of row <row>]" (errors.h) and the key for anything but
 * a non-empty JSON object whose values are numbers in [0, 1]; 54000 for a
 * key longer than GENRE_PROBA_MAX_LABEL bytes.
 */
void		genre_proba_object(Jsonb *jb, const char *fname, const char *arg, uint64 row,
							   GenreProbaObject *out);

#endif
