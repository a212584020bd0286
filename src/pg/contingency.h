/*
 * contingency.h - the label-pair state shared by the evaluation, cluster
 * agreement and confusion-plot aggregates (contingency.c).
 */
#ifndef GENRE_PG_CONTINGENCY_H
#define GENRE_PG_CONTINGENCY_H

#include "postgres.h"

#include "fmgr.h"

#include "base/status.h"
#include "ml/contingency.h"

/*
 * The canonical view of the state in argument 0 (read only; shared: labels
 * of both sides in one sorted list, else each side its own).  22P03 on a
 * bad state; release with genre_contingency_free.
 */
void		genre_contingency_view(FunctionCallInfo fcinfo, int shared, genre_contingency *c,
								   genre_status *st);

#endif
