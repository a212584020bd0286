/*
 * json_array.c - JSON number arrays (see json_array.h).
 */
#include "ml/json_array.h"

void
genre_json_doubles(genre_writer *w, const double *v, size_t n)
{
	genre_put_u8(w, '[');
	for (size_t i = 0; i < n; i++)
	{
		if (i)
			genre_put_u8(w, ',');
		genre_put_json_number(w, v[i]);
	}
	genre_put_u8(w, ']');
}

void
genre_json_matrix(genre_writer *w, const double *v, size_t rows, size_t cols)
{
	genre_put_u8(w, '[');
	for (size_t i = 0; i < rows; i++)
	{
		if (i)
			genre_put_u8(w, ',');
		genre_json_doubles(w, v + i * cols, cols);
	}
	genre_put_u8(w, ']');
}

void
genre_json_counts(genre_writer *w, const uint64_t *v, size_t n)
{
	genre_put_u8(w, '[');
	for (size_t i = 0; i < n; i++)
		genre_put_text(w, i ? ",%llu" : "%llu", (unsigned long long) v[i]);
	genre_put_u8(w, ']');
}
