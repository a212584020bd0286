/*
 * scaler.h - standardisation (z-scores) as scikit-learn's StandardScaler:
 * per-slot mean and population standard deviation; a constant slot gets
 * scale 1 so it maps to 0 instead of dividing by zero.
 *
 * Payload (after the model envelope, kind GENRE_MODEL_SCALER):
 *   u32 dim, f64 n_samples, f64 mean[dim], f64 var[dim], f64 scale[dim]
 */
#ifndef GENRE_ML_SCALER_H
#define GENRE_ML_SCALER_H

#include "base/bytes.h"
#include "base/status.h"
#include "ml/model_kinds.h"

#define GENRE_SCALER_MAX_DIM	(1 << 20)

typedef struct genre_scaler
{
	int			dim;
	double		n_samples;
	double	   *mean;
	double	   *var;			/* population variance */
	double	   *scale;			/* sqrt(var), or 1 for a constant slot */
} genre_scaler;

/*
 * Serialise a scaler fitted from a diagonal moments accumulator
 * (ml/moments.h) into w as a complete model.  22023 when it holds no rows,
 * 22P03 when acc is not a plausible accumulator (genre_moments_valid).
 */
genre_code	genre_scaler_write(const double *acc, int dim, genre_writer *w,
							   genre_status *st);

/* Load and validate a payload; the result and its arrays are genre_alloc'ed. */
void	   *genre_scaler_load(const unsigned char *payload, size_t len, genre_status *st);

/* out[i] = (x[i] - mean[i]) / scale[i]; 22023 unless n == dim. */
genre_code	genre_scaler_apply(const genre_scaler *s, const float *x, int n, float *out,
							   genre_status *st);

/* The scaler row of the model-kind table. */
extern const genre_model_kind_ops genre_scaler_kind;

#endif
