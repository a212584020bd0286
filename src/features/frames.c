/*
 * frames.c - frame matrices and float64 summaries over frames (the seeds'
 * np.mean / np.std(ddof=0) of librosa's outputs, reference.csv's convention).
 */
#include "features/frames.h"

#include "base/alloc.h"

genre_code
genre_frames_alloc(genre_frame_matrix *f, int rows, int n_frames, genre_status *st)
{
	f->rows = 0;
	f->n_frames = 0;
	f->v = NULL;
	if (rows < 1 || n_frames < 1)
		return genre_fail(st, GENRE_EINTERNAL, "empty frame matrix");
	f->v = genre_calloc((size_t) rows * (size_t) n_frames, sizeof(double));
	if (f->v == NULL)
		return genre_fail_nomem(st);
	f->rows = rows;
	f->n_frames = n_frames;
	return GENRE_OK;
}

void
genre_frames_free(genre_frame_matrix *f)
{
	if (f == NULL)
		return;
	genre_free(f->v);
	f->v = NULL;
	f->rows = 0;
	f->n_frames = 0;
}

double
genre_frames_mean(const genre_frame_matrix *f, int row)
{
	const double *x = f->v + (size_t) row * f->n_frames;
	double		sum = 0.0;
	int			t;

	for (t = 0; t < f->n_frames; t++)
		sum += x[t];
	return sum / f->n_frames;
}

double
genre_frames_var(const genre_frame_matrix *f, int row)
{
	const double *x = f->v + (size_t) row * f->n_frames;
	double		mean = genre_frames_mean(f, row);
	double		sum = 0.0;
	int			t;

	for (t = 0; t < f->n_frames; t++)
		sum += (x[t] - mean) * (x[t] - mean);
	return sum / f->n_frames;
}
