/*
 * scaler.c - StandardScaler fit from moments, model I/O, transform.
 */
#include "ml/scaler.h"

#include "base/alloc.h"
#include "ml/json_array.h"
#include "ml/model.h"
#include "ml/moments.h"

#include <float.h>
#include <math.h>

/*
 * scikit-learn 1.2 (_is_constant_feature): a variance within the rounding
 * error of the running computation counts as zero.
 */
static int
is_constant(double var, double mean, double n)
{
	double		bound = n * DBL_EPSILON * var + (n * mean * DBL_EPSILON) * (n * mean * DBL_EPSILON);

	return var <= bound;
}

genre_code
genre_scaler_write(const double *acc, int dim, genre_writer *w, genre_status *st)
{
	const double *mean = acc + 1;
	const double *m2 = acc + 1 + dim;
	double		n = acc[0];

	if (!genre_moments_valid(acc, dim, 0))
		return genre_fail(st, GENRE_EBADDATA, "moments that float32 rows cannot give");
	if (!(n >= 1.0))
		return genre_fail(st, GENRE_EINVAL, "scaler_fit needs at least one row");
	genre_model_begin(w, GENRE_MODEL_SCALER);
	genre_put_u32(w, (uint32_t) dim);
	genre_put_f64(w, n);
	for (int i = 0; i < dim; i++)
		genre_put_f64(w, mean[i]);
	for (int i = 0; i < dim; i++)
		genre_put_f64(w, m2[i] / n);
	for (int i = 0; i < dim; i++)
	{
		double		var = m2[i] / n;

		genre_put_f64(w, is_constant(var, mean[i], n) ? 1.0 : sqrt(var));
	}
	genre_model_finish(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static void
scaler_free(void *object)
{
	genre_scaler *s = object;

	if (s == NULL)
		return;
	genre_free(s->mean);
	genre_free(s->var);
	genre_free(s->scale);
	genre_free(s);
}

void *
genre_scaler_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_reader r;
	genre_scaler *s;
	uint32_t	dim;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	if (r.failed || dim < 1 || dim > GENRE_SCALER_MAX_DIM)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid scaler model: bad dimension");
		return NULL;
	}
	s = genre_calloc(1, sizeof(genre_scaler));
	if (s == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	s->dim = (int) dim;
	s->n_samples = genre_get_f64(&r);
	if (r.failed || !(s->n_samples >= 1.0) || !isfinite(s->n_samples))
	{
		genre_fail(st, GENRE_EBADDATA, "invalid scaler model: bad sample count");
		goto fail;
	}
	if ((s->mean = genre_model_read_finite(&r, s->dim, genre_scaler_kind.name, "mean", st)) == NULL ||
		(s->var = genre_model_read_finite(&r, s->dim, genre_scaler_kind.name, "variance", st)) == NULL ||
		(s->scale = genre_model_read_finite(&r, s->dim, genre_scaler_kind.name, "scale", st)) == NULL)
		goto fail;
	for (int i = 0; i < s->dim; i++)
		if (!(s->var[i] >= 0.0) || !(s->scale[i] > 0.0))
		{
			genre_fail(st, GENRE_EBADDATA, "invalid scaler model: negative variance or non-positive scale");
			goto fail;
		}
	if (genre_reader_remaining(&r) != 0)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid scaler model: trailing bytes");
		goto fail;
	}
	return s;

fail:
	scaler_free(s);
	return NULL;
}

genre_code
genre_scaler_apply(const genre_scaler *s, const float *x, int n, float *out,
				   genre_status *st)
{
	if (n != s->dim)
		return genre_fail(st, GENRE_EINVAL, "features has length %d, but the model expects length %d",
						  n, s->dim);
	for (int i = 0; i < n; i++)
	{
		out[i] = (float) (((double) x[i] - s->mean[i]) / s->scale[i]);
		if (!isfinite(out[i]))
			return genre_fail(st, GENRE_EINVAL, "scaled element %d overflows real", i + 1);
	}
	return GENRE_OK;
}

static genre_code
scaler_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_scaler *s = object;

	genre_put_text(w, "{\"kind\": \"scaler\", \"n_features\": %d, \"n_samples\": %.0f, \"mean\": ",
				   s->dim, s->n_samples);
	genre_json_doubles(w, s->mean, s->dim);
	genre_put_text(w, ", \"var\": ");
	genre_json_doubles(w, s->var, s->dim);
	genre_put_text(w, ", \"scale\": ");
	genre_json_doubles(w, s->scale, s->dim);
	genre_put_text(w, "}");
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static size_t
scaler_size(const void *object)
{
	const genre_scaler *s = object;

	return sizeof(genre_scaler) + 3 * (size_t) s->dim * sizeof(double);
}

/* What genre_scaler_load allocates for a payload of the right size; 0 otherwise. */
static size_t
scaler_loaded_size(const unsigned char *payload, size_t len)
{
	genre_reader r;
	uint32_t	dim;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	if (r.failed || dim < 1 || dim > GENRE_SCALER_MAX_DIM ||
		genre_reader_remaining(&r) != 8 + 3 * (size_t) dim * 8)
		return 0;
	return sizeof(genre_scaler) + 3 * (size_t) dim * sizeof(double);
}

const genre_model_kind_ops genre_scaler_kind = {
	.kind = GENRE_MODEL_SCALER,
	.name = "scaler",
	.load = genre_scaler_load,
	.free = scaler_free,
	.describe = scaler_describe,
	.size = scaler_size,
	.loaded_size = scaler_loaded_size,
	.classifier = NULL,
};
