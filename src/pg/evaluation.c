/*
 * evaluation.c - finals of the label-pair aggregates (pg/contingency.h)
 * that evaluate a classifier: confusion_matrix and classification_report.
 * Rows where either label is NULL are skipped by the shared transition.
 */
#include "postgres.h"

#include "fmgr.h"

#include "base/bytes.h"
#include "ml/contingency.h"
#include "ml/report.h"
#include "pg/contingency.h"
#include "pg/errors.h"
#include "pg/writer.h"

PG_FUNCTION_INFO_V1(genre_confusion_matrix_final);
PG_FUNCTION_INFO_V1(genre_classification_report_final);

/* A final function whose result is the JSON that write produces from the table. */
static Datum
table_json_final(FunctionCallInfo fcinfo,
				 genre_code (*write) (const genre_contingency *c, genre_writer *w, genre_status *st))
{
	genre_contingency c;
	genre_status st;
	genre_writer w;

	genre_contingency_view(fcinfo, 1, &c, &st);
	genre_writer_init(&w, 1024);
	GENRE_CHECK(&st, write(&c, &w, &st));
	PG_RETURN_DATUM(genre_writer_jsonb(&w));
}

Datum
genre_confusion_matrix_final(PG_FUNCTION_ARGS)
{
	return table_json_final(fcinfo, genre_confusion_json);
}

Datum
genre_classification_report_final(PG_FUNCTION_ARGS)
{
	return table_json_final(fcinfo, genre_report_json);
}
