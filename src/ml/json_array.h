/*
 * json_array.h - JSON arrays of numbers for model describers (model_info).
 */
#ifndef GENRE_ML_JSON_ARRAY_H
#define GENRE_ML_JSON_ARRAY_H

#include "base/bytes.h"

#include <stddef.h>
#include <stdint.h>

/* Append [v0, v1, ...] (non-finite values as null). */
void		genre_json_doubles(genre_writer *w, const double *v, size_t n);

/* Append [[row 0], [row 1], ...] of a row-major rows x cols matrix. */
void		genre_json_matrix(genre_writer *w, const double *v, size_t rows, size_t cols);

/* Append [n0, n1, ...] of unsigned integers. */
void		genre_json_counts(genre_writer *w, const uint64_t *v, size_t n);

#endif
