/*
 * report.h - confusion matrix and classification report as JSON text, from a
 * contingency table built with shared labels (rows = actual, columns =
 * predicted).  Values are scikit-learn 1.2's, bit for bit.
 */
#ifndef GENRE_ML_REPORT_H
#define GENRE_ML_REPORT_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/contingency.h"

/* Most classes a dense confusion matrix is written for (its size grows with the square). */
#define GENRE_CONFUSION_MAX_CLASSES 1000

/*
 * {"labels": [...], "matrix": [[...], ...], "total": n, "correct": n}:
 * matrix[i][j] counts rows of actual labels[i] predicted as labels[j].
 * GENRE_ELIMIT past GENRE_CONFUSION_MAX_CLASSES classes.
 */
genre_code	genre_confusion_json(const genre_contingency *c, genre_writer *w, genre_status *st);

/*
 * sklearn's classification_report(output_dict=True, zero_division=0):
 * {"<class>": {"precision", "recall", "f1-score", "support"}, ...,
 *  "accuracy": x, "macro avg": {...}, "weighted avg": {...}}.
 * A class named "accuracy", "macro avg" or "weighted avg" would be lost in
 * that layout: GENRE_EINVAL.
 */
genre_code	genre_report_json(const genre_contingency *c, genre_writer *w, genre_status *st);

#endif
