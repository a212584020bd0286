/*
 * pca.c - PCA by eigen-decomposition of the covariance (LAPACK dsyevr).
 */
#include "ml/pca.h"

#include "base/alloc.h"
#include "ml/json_array.h"
#include "ml/model.h"
#include "ml/moments.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

/* Flip v so that its largest-magnitude entry (first on ties) is positive. */
static void
fix_sign(double *v, int n)
{
	int			best = 0;

	for (int i = 1; i < n; i++)
		if (fabs(v[i]) > fabs(v[best]))
			best = i;
	if (v[best] < 0.0)
		for (int i = 0; i < n; i++)
			v[i] = -v[i];
}

genre_code
genre_pca_write(const double *acc, int dim, int nc, genre_writer *w, genre_status *st)
{
	size_t		dd = (size_t) dim * dim;
	double	   *cov,
			   *evals,
			   *evecs;
	lapack_int *isuppz,
				found = 0,
				info;
	double		total = 0.0;
	const double *mean = acc + 1;

	if (!genre_moments_valid(acc, dim, 1))
		return genre_fail(st, GENRE_EBADDATA, "moments that float32 rows cannot give");
	if (nc < 1 || nc > dim)
		return genre_fail(st, GENRE_EINVAL, "n_components must be between 1 and the vector length %d, got %d",
						  dim, nc);
	if (!(acc[0] >= 2.0))
		return genre_fail(st, GENRE_EINVAL, "pca_fit needs at least 2 rows, got %.0f", acc[0]);

	cov = genre_alloc(dd * sizeof(double));
	evals = genre_alloc((size_t) dim * sizeof(double));
	evecs = genre_alloc((size_t) dim * nc * sizeof(double));
	isuppz = genre_alloc(2 * (size_t) dim * sizeof(lapack_int));
	if (!cov || !evals || !evecs || !isuppz)
	{
		genre_free(cov);
		genre_free(evals);
		genre_free(evecs);
		genre_free(isuppz);
		return genre_fail_nomem(st);
	}
	/* float64 throughout, as numpy computes sklearn's PCA on float64 input */
	genre_moments_covariance(acc, dim, 1, 1, cov);
	for (int i = 0; i < dim; i++)
		total += cov[(size_t) i * dim + i];

	/* the nc largest eigenpairs: indices dim-nc+1 .. dim of the ascending order */
	info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', dim, cov, dim, 0.0, 0.0,
						  dim - nc + 1, dim, 0.0, &found, evals, evecs, nc, isuppz);
	if (info != 0 || found != nc)
	{
		/*
		 * dsyevr's inverse iteration can fail on clustered eigenvalues (two
		 * rows of tiny values in 5 dimensions did); QR iteration on the whole
		 * spectrum (dsyev) is slower but does not, so take the top nc from it
		 */
		genre_moments_covariance(acc, dim, 1, 1, cov);
		info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', dim, cov, dim, evals);
		if (info == 0)
			for (int c = 0; c < nc; c++)
			{
				evals[c] = evals[dim - nc + c];
				for (int i = 0; i < dim; i++)
					evecs[(size_t) i * nc + c] = cov[(size_t) i * dim + dim - nc + c];
			}
	}
	genre_free(cov);
	genre_free(isuppz);
	if (info != 0)
	{
		genre_free(evals);
		genre_free(evecs);
		return genre_fail(st, GENRE_EINTERNAL, "eigen-decomposition failed (dsyev info %d)", (int) info);
	}

	/* rows give a positive semidefinite matrix, whose top eigenvalues sum to at most its trace */
	{
		double		top = 0.0;

		for (int c = 0; c < nc; c++)
			top += fmax(evals[c], 0.0);
		if (top > total * (1.0 + 1e-9))
		{
			genre_free(evals);
			genre_free(evecs);
			return genre_fail(st, GENRE_EBADDATA, "moments that float32 rows cannot give");
		}
	}
	genre_model_begin(w, GENRE_MODEL_PCA);
	genre_put_u32(w, (uint32_t) dim);
	genre_put_u32(w, (uint32_t) nc);
	genre_put_f64(w, acc[0]);
	genre_put_f64(w, total);
	for (int i = 0; i < dim; i++)
		genre_put_f64(w, mean[i]);
	/* descending order; rounding can leave tiny negative eigenvalues */
	for (int c = 0; c < nc; c++)
		genre_put_f64(w, fmax(evals[nc - 1 - c], 0.0));
	for (int c = 0; c < nc; c++)
		genre_put_f64(w, total > 0.0 ? fmax(evals[nc - 1 - c], 0.0) / total : 0.0);
	{
		double	   *v = genre_alloc((size_t) dim * sizeof(double));

		if (v == NULL)
		{
			genre_free(evals);
			genre_free(evecs);
			return genre_fail_nomem(st);
		}
		for (int c = 0; c < nc; c++)
		{
			/* column nc-1-c of the row-major dim x nc eigenvector matrix */
			for (int i = 0; i < dim; i++)
				v[i] = evecs[(size_t) i * nc + (nc - 1 - c)];
			fix_sign(v, dim);
			for (int i = 0; i < dim; i++)
				genre_put_f64(w, v[i]);
		}
		genre_free(v);
	}
	genre_free(evals);
	genre_free(evecs);
	genre_model_finish(w);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static void
pca_free(genre_pca *p)
{
	if (p == NULL)
		return;
	genre_free(p->mean);
	genre_free(p->variance);
	genre_free(p->ratio);
	genre_free(p->components);
	genre_free(p);
}

void *
genre_pca_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_reader r;
	genre_pca  *p;
	uint32_t	dim,
				nc;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	nc = genre_get_u32(&r);
	if (r.failed || dim < 1 || dim > GENRE_PCA_MAX_DIM || nc < 1 || nc > dim)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid pca model: bad dimension or component count");
		return NULL;
	}
	if ((p = genre_calloc(1, sizeof(genre_pca))) == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	p->dim = (int) dim;
	p->n_components = (int) nc;
	p->n_samples = genre_get_f64(&r);
	p->total_variance = genre_get_f64(&r);
	if (r.failed || !isfinite(p->n_samples) || !(p->n_samples >= 2.0) ||
		!isfinite(p->total_variance) || !(p->total_variance >= 0.0))
	{
		genre_fail(st, GENRE_EBADDATA, "invalid pca model: bad sample count or total variance");
		goto fail;
	}
	if ((p->mean = genre_model_read_finite(&r, dim, genre_pca_kind.name, "mean", st)) == NULL ||
		(p->variance = genre_model_read_finite(&r, nc, genre_pca_kind.name, "explained variance", st)) == NULL ||
		(p->ratio = genre_model_read_finite(&r, nc, genre_pca_kind.name, "explained variance ratio", st)) == NULL ||
		(p->components = genre_model_read_finite(&r, (size_t) nc * dim, genre_pca_kind.name, "components", st)) == NULL)
		goto fail;
	for (uint32_t c = 0; c < nc; c++)
		if (!(p->variance[c] >= 0.0) || !(p->ratio[c] >= 0.0 && p->ratio[c] <= 1.0 + 1e-9))
		{
			genre_fail(st, GENRE_EBADDATA, "invalid pca model: explained variance out of range");
			goto fail;
		}
	if (genre_reader_remaining(&r) != 0)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid pca model: trailing bytes");
		goto fail;
	}
	return p;

fail:
	pca_free(p);
	return NULL;
}

genre_code
genre_pca_apply(const genre_pca *p, const float *x, int n, float *out, genre_status *st)
{
	if (n != p->dim)
		return genre_fail(st, GENRE_EINVAL, "features has length %d, but the model expects length %d",
						  n, p->dim);
	for (int c = 0; c < p->n_components; c++)
	{
		const double *v = p->components + (size_t) c * p->dim;
		double		s = 0.0;

		for (int i = 0; i < n; i++)
			s += ((double) x[i] - p->mean[i]) * v[i];
		out[c] = (float) s;
		if (!isfinite(out[c]))
			return genre_fail(st, GENRE_EINVAL, "projected component %d overflows real", c + 1);
	}
	return GENRE_OK;
}

static genre_code
pca_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_pca *p = object;

	genre_put_text(w, "{\"kind\": \"pca\", \"n_features\": %d, \"n_components\": %d, \"n_samples\": %.0f, ",
				   p->dim, p->n_components, p->n_samples);
	genre_put_text(w, "\"total_variance\": ");
	genre_put_json_number(w, p->total_variance);
	genre_put_text(w, ", \"explained_variance\": ");
	genre_json_doubles(w, p->variance, p->n_components);
	genre_put_text(w, ", \"explained_variance_ratio\": ");
	genre_json_doubles(w, p->ratio, p->n_components);
	genre_put_text(w, ", \"mean\": ");
	genre_json_doubles(w, p->mean, p->dim);
	genre_put_text(w, ", \"components\": ");
	genre_json_matrix(w, p->components, p->n_components, p->dim);
	genre_put_text(w, "}");
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static void
pca_free_object(void *object)
{
	pca_free(object);
}

static size_t
pca_size(const void *object)
{
	const genre_pca *p = object;

	return sizeof(genre_pca) +
		((size_t) p->dim + 2 * (size_t) p->n_components + (size_t) p->n_components * p->dim) * sizeof(double);
}

/* What genre_pca_load allocates for a payload of the right size; 0 otherwise. */
static size_t
pca_loaded_size(const unsigned char *payload, size_t len)
{
	genre_reader r;
	uint32_t	dim,
				nc;
	size_t		values;

	genre_reader_init(&r, payload, len);
	dim = genre_get_u32(&r);
	nc = genre_get_u32(&r);
	if (r.failed || dim < 1 || dim > GENRE_PCA_MAX_DIM || nc < 1 || nc > dim)
		return 0;
	/* small enough not to wrap: dim <= 4096 */
	values = (size_t) dim + 2 * (size_t) nc + (size_t) nc * dim;
	if (genre_reader_remaining(&r) != 16 + values * 8)
		return 0;
	return sizeof(genre_pca) + values * sizeof(double);
}

const genre_model_kind_ops genre_pca_kind = {
	.kind = GENRE_MODEL_PCA,
	.name = "pca",
	.load = genre_pca_load,
	.free = pca_free_object,
	.describe = pca_describe,
	.size = pca_size,
	.loaded_size = pca_loaded_size,
	.classifier = NULL,
};
