/*
 * pipeline.c - the pipeline model kind: a recipe (layout, window or
 * segments, preprocessing steps) stored with its classifier (pipeline.h).
 */
#include "ml/pipeline.h"

#include "audio/audio.h"
#include "base/alloc.h"
#include "ml/kmeans.h"
#include "ml/model.h"
#include "ml/pca.h"
#include "ml/polynomial.h"
#include "ml/scaler.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_LAYOUT_NAME 63

/* Fail with code and "<prefix>: <st's own message>" (the message is copied first). */
static genre_code
wrap(genre_status *st, genre_code code, const char *prefix)
{
	char		msg[GENRE_MSG_LEN];

	snprintf(msg, sizeof(msg), "%s", st->message);
	return genre_fail(st, code, "%s: %s", prefix, msg);
}

static void
pipeline_free(void *object)
{
	genre_pipeline_model *p = object;

	if (p == NULL)
		return;
	for (int i = 0; i < p->n_steps; i++)
		if (p->steps[i].ops && p->steps[i].object)
			p->steps[i].ops->free(p->steps[i].object);
	if (p->classifier_ops && p->classifier_object)
		p->classifier_ops->free(p->classifier_object);
	genre_free(p->buf[0]);
	genre_free(p->buf[1]);
	genre_free(p->importances);
	genre_free(p);
}

static const char *
vote_name(genre_vote v)
{
	return v == GENRE_VOTE_HARD ? "hard" : v == GENRE_VOTE_SOFT ? "soft" : "none";
}

/* "layout genre, window 45+40 s", "layout gtzan, whole clip, segments of 3 s (soft vote)" */
static void
format_recipe(genre_pipeline_model *p)
{
	char		window[80],
				segments[80] = "";

	if (p->offset_s == 0 && p->duration_s < 0)
		snprintf(window, sizeof(window), "whole clip");
	else if (p->duration_s < 0)
		snprintf(window, sizeof(window), "window %g s to the end", p->offset_s);
	else
		snprintf(window, sizeof(window), "window %g+%g s", p->offset_s, p->duration_s);
	if (p->segment_s > 0)
		snprintf(segments, sizeof(segments), ", segments of %g s (%s vote)", p->segment_s,
				 vote_name(p->vote));
	snprintf(p->recipe, sizeof(p->recipe), "layout %s, %s%s", p->layout->name, window, segments);
}

/* Window, segments and vote; code is the failure's (EBADDATA loading, EINVAL building). */
static genre_code
check_window(const genre_pipeline_model *p, genre_code code, genre_status *st)
{
	const char *what = code == GENRE_EBADDATA ? "invalid pipeline model: " : "pipeline: ";

	if (!isfinite(p->offset_s) || p->offset_s < 0)
		return genre_fail(st, code, "%soffset_s must be a number >= 0", what);
	if (!(p->duration_s == -1.0 || (isfinite(p->duration_s) && p->duration_s > 0)))
		return genre_fail(st, code, "%sduration_s must be a number > 0 (or absent: to the end)", what);
	if (p->segment_s == 0)
	{
		if (p->vote != GENRE_VOTE_NONE)
			return genre_fail(st, code, "%sa vote needs segments", what);
		return GENRE_OK;
	}
	if (!(p->segment_s >= GENRE_PIPELINE_MIN_SEGMENT && p->segment_s <= GENRE_PIPELINE_MAX_SEGMENT))
		return genre_fail(st, code, "%ssegment_s must be a number between %g and %g",
						  what, GENRE_PIPELINE_MIN_SEGMENT, GENRE_PIPELINE_MAX_SEGMENT);
	if (p->vote != GENRE_VOTE_HARD && p->vote != GENRE_VOTE_SOFT)
		return genre_fail(st, code, "%svote must be \"hard\" or \"soft\"", what);
	if (p->duration_s > 0 && p->duration_s < p->segment_s)
		return genre_fail(st, code, "%sduration_s %g is shorter than one segment (%g s)",
						  what, p->duration_s, p->segment_s);
	return GENRE_OK;
}

/*
 * Load one embedded model; a pipeline is refused before its loader runs,
 * so nesting cannot recurse (a crafted model could nest thousands deep).
 */
static void *
load_embedded(const void *data, size_t len, const genre_model_kind_ops **ops, genre_status *st)
{
	const unsigned char *payload;
	size_t		plen;

	if (genre_model_kind_open(data, len, ops, &payload, &plen, st) != GENRE_OK)
		return NULL;
	if ((*ops)->kind == GENRE_MODEL_PIPELINE)
	{
		genre_fail(st, GENRE_EKIND, "a pipeline cannot hold a pipeline");
		return NULL;
	}
	return (*ops)->load(payload, plen, st);
}

/*
 * Load the embedded models of spec into p (whose layout and window are set)
 * and check the chain of widths.  building: the failures are the caller's
 * arguments (22023, 42809) instead of a corrupt payload (22P03).
 */
static genre_code
assemble(genre_pipeline_model *p, const genre_pipeline_spec *spec, int building, genre_status *st)
{
	genre_code	bad = building ? GENRE_EINVAL : GENRE_EBADDATA;
	genre_code	badkind = building ? GENRE_EKIND : GENRE_EBADDATA;
	const char *what = building ? "pipeline: " : "invalid pipeline model: ";
	int			width = p->n_inputs;
	int			widest = width;
	int			reshaped = 0;

	for (int i = 0; i < spec->n_steps; i++)
	{
		const genre_pipeline_step_spec *s = &spec->steps[i];
		genre_pipeline_step *t = &p->steps[i];

		t->type = s->type;
		t->n_in = width;
		if (s->type == GENRE_STEP_POLYNOMIAL)
		{
			size_t		out;
			genre_status pst;

			t->degree = s->degree;
			genre_status_clear(&pst);
			if (genre_polynomial_size(width, s->degree, &out, &pst) != GENRE_OK)
				return genre_fail(st, building ? pst.code : GENRE_EBADDATA, "%ssteps[%d] (polynomial): %s",
								  what, i + 1, pst.message);
			t->n_out = (int) out;
		}
		else if (s->type == GENRE_STEP_MODEL)
		{
			int			dim;

			if ((t->object = load_embedded(s->model, s->model_len, &t->ops, st)) == NULL)
			{
				char		prefix[64];

				snprintf(prefix, sizeof(prefix), "%ssteps[%d]", what, i + 1);
				return wrap(st, building ? st->code : GENRE_EBADDATA, prefix);
			}
			p->n_steps = i + 1; /* so pipeline_free releases it */
			if (t->ops->kind == GENRE_MODEL_SCALER)
			{
				dim = ((const genre_scaler *) t->object)->dim;
				t->n_out = dim;
			}
			else if (t->ops->kind == GENRE_MODEL_PCA)
			{
				dim = ((const genre_pca *) t->object)->dim;
				t->n_out = ((const genre_pca *) t->object)->n_components;
			}
			else if (t->ops->kind == GENRE_MODEL_KMEANS)
			{
				dim = ((const genre_kmeans *) t->object)->dim;
				t->n_out = dim + ((const genre_kmeans *) t->object)->k;
				if (t->n_out > GENRE_POLY_MAX_OUTPUT)
					return genre_fail(st, bad, "%ssteps[%d]: %d values with the distances, more than %d",
									  what, i + 1, t->n_out, GENRE_POLY_MAX_OUTPUT);
			}
			else
				return genre_fail(st, badkind, "%ssteps[%d] is a %s model; a step is a scaler, pca or kmeans model",
								  what, i + 1, t->ops->name);
			if (dim != width)
				return genre_fail(st, bad, "%ssteps[%d] (%s) takes %d values, but its input has %d",
								  what, i + 1, t->ops->name, dim, width);
		}
		else
			return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: step %d has unknown type %u",
							  i + 1, (unsigned) s->type);
		p->n_steps = i + 1;
		if (!(t->type == GENRE_STEP_MODEL && t->ops->kind == GENRE_MODEL_SCALER))
			reshaped = 1;
		width = t->n_out;
		if (width > widest)
			widest = width;
	}

	if ((p->classifier_object = load_embedded(spec->classifier, spec->classifier_len,
											  &p->classifier_ops, st)) == NULL)
		return wrap(st, building ? st->code : GENRE_EBADDATA,
					building ? "pipeline: classifier" : "invalid pipeline model: classifier");
	if (p->classifier_ops->classifier == NULL)
	{
		const char *name = p->classifier_ops->name;

		p->classifier_ops->free(p->classifier_object);
		p->classifier_object = NULL;
		return genre_fail(st, badkind, "%sthe classifier is a %s model; it must be a classifier (forest, ...)",
						  what, name);
	}
	genre_classifier_view(p->classifier_ops, p->classifier_object, &p->inner);
	if ((int64_t) p->inner.n_features != width)
		return genre_fail(st, bad, "%sthe classifier takes %u values, but the recipe makes %d",
						  what, p->inner.n_features, width);

	p->buf[0] = genre_alloc((size_t) widest * sizeof(float));
	p->buf[1] = genre_alloc((size_t) widest * sizeof(float));
	p->importances = genre_calloc((size_t) p->n_inputs, sizeof(double));
	if (p->buf[0] == NULL || p->buf[1] == NULL || p->importances == NULL)
		return genre_fail_nomem(st);
	/* a scaler keeps each column where it was: the classifier's importances still apply */
	if (!reshaped)
		memcpy(p->importances, p->inner.importances, (size_t) p->n_inputs * sizeof(double));
	format_recipe(p);
	return GENRE_OK;
}

/* A new pipeline with its layout and window from spec; NULL with st filled. */
static genre_pipeline_model *
pipeline_new(const genre_pipeline_spec *spec, int building, genre_status *st)
{
	genre_pipeline_model *p = genre_calloc(1, sizeof(genre_pipeline_model));
	genre_status lst;

	if (p == NULL)
	{
		genre_fail_nomem(st);
		return NULL;
	}
	genre_status_clear(&lst);
	if ((p->layout = genre_layout_find(spec->layout, &lst)) == NULL)
	{
		if (building)
			genre_fail(st, GENRE_EINVAL, "pipeline: %s", lst.message);
		else
			genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: unknown layout");
		genre_free(p);
		return NULL;
	}
	p->n_inputs = genre_layout_size(p->layout);
	p->offset_s = spec->offset_s;
	p->duration_s = spec->duration_s < 0 && building ? -1.0 : spec->duration_s;
	p->segment_s = spec->segment_s;
	p->vote = spec->vote;
	if (spec->n_steps < 0 || spec->n_steps > GENRE_PIPELINE_MAX_STEPS)
	{
		genre_fail(st, building ? GENRE_EINVAL : GENRE_EBADDATA, "%sat most %d steps",
				   building ? "pipeline: " : "invalid pipeline model: ", GENRE_PIPELINE_MAX_STEPS);
		genre_free(p);
		return NULL;
	}
	if (check_window(p, building ? GENRE_EINVAL : GENRE_EBADDATA, st) != GENRE_OK ||
		assemble(p, spec, building, st) != GENRE_OK)
	{
		pipeline_free(p);
		return NULL;
	}
	return p;
}

genre_code
genre_pipeline_write(const genre_pipeline_spec *spec, genre_writer *w, genre_status *st)
{
	genre_pipeline_model *p = pipeline_new(spec, 1, st);
	size_t		name_len;

	if (p == NULL)
		return st->code;
	name_len = strlen(p->layout->name);
	genre_model_begin(w, GENRE_MODEL_PIPELINE);
	genre_put_u32(w, GENRE_PIPELINE_FORMAT);
	genre_put_u32(w, GENRE_PIPELINE_FEATURES_VERSION);
	genre_put_u32(w, (uint32_t) name_len);
	genre_put_bytes(w, p->layout->name, name_len);
	genre_put_u32(w, (uint32_t) p->n_inputs);
	genre_put_f64(w, p->offset_s);
	genre_put_f64(w, p->duration_s);
	genre_put_f64(w, p->segment_s);
	genre_put_u32(w, (uint32_t) p->vote);
	genre_put_u32(w, (uint32_t) spec->n_steps);
	for (int i = 0; i < spec->n_steps; i++)
	{
		genre_put_u32(w, (uint32_t) spec->steps[i].type);
		if (spec->steps[i].type == GENRE_STEP_MODEL)
		{
			genre_put_u64(w, spec->steps[i].model_len);
			genre_put_bytes(w, spec->steps[i].model, spec->steps[i].model_len);
		}
		else
			genre_put_u32(w, (uint32_t) spec->steps[i].degree);
	}
	genre_put_u64(w, spec->classifier_len);
	genre_put_bytes(w, spec->classifier, spec->classifier_len);
	genre_model_finish(w);
	pipeline_free(p);
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

/* An embedded model: u64 length, then that many bytes present. */
static const void *
get_embedded(genre_reader *r, size_t *len)
{
	uint64_t	n = genre_get_u64(r);

	if (r->failed || n > genre_reader_remaining(r))
	{
		r->failed = 1;
		return NULL;
	}
	*len = (size_t) n;
	return genre_get_bytes(r, (size_t) n);
}

/*
 * Parse a payload into spec (steps and layout: the caller's arrays; the
 * embedded models point into the payload) and *n_inputs, checking its
 * structure only: pipeline_new checks what it means.  EBADDATA naming
 * what is wrong.
 */
static genre_code
read_spec(const unsigned char *payload, size_t len, genre_pipeline_spec *spec,
		  genre_pipeline_step_spec *steps, char *layout, uint32_t *n_inputs, genre_status *st)
{
	genre_reader r;
	uint32_t	format,
				version,
				name_len,
				vote,
				n_steps;
	const void *name;

	memset(spec, 0, sizeof(*spec));
	memset(steps, 0, GENRE_PIPELINE_MAX_STEPS * sizeof(*steps));
	genre_reader_init(&r, payload, len);
	format = genre_get_u32(&r);
	version = genre_get_u32(&r);
	if (r.failed || format != GENRE_PIPELINE_FORMAT || version != GENRE_PIPELINE_FEATURES_VERSION)
		return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: unknown format or features version");
	name_len = genre_get_u32(&r);
	if (r.failed || name_len < 1 || name_len > MAX_LAYOUT_NAME ||
		(name = genre_get_bytes(&r, name_len)) == NULL || memchr(name, 0, name_len) != NULL)
		return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: bad layout name");
	memcpy(layout, name, name_len);
	layout[name_len] = '\0';
	spec->layout = layout;
	*n_inputs = genre_get_u32(&r);
	spec->offset_s = genre_get_f64(&r);
	spec->duration_s = genre_get_f64(&r);
	spec->segment_s = genre_get_f64(&r);
	vote = genre_get_u32(&r);
	n_steps = genre_get_u32(&r);
	if (r.failed || n_steps > GENRE_PIPELINE_MAX_STEPS || vote > GENRE_VOTE_SOFT)
		return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: truncated recipe or bad step count");
	spec->vote = (genre_vote) vote;
	spec->n_steps = (int) n_steps;
	spec->steps = steps;
	for (uint32_t i = 0; i < n_steps; i++)
	{
		steps[i].type = (genre_pipeline_step_type) genre_get_u32(&r);
		if (steps[i].type == GENRE_STEP_MODEL)
			steps[i].model = get_embedded(&r, &steps[i].model_len);
		else if (steps[i].type == GENRE_STEP_POLYNOMIAL)
			steps[i].degree = (int) (genre_get_u32(&r) & 0x7fffffff);
		else
			r.failed = 1;
		if (r.failed)
			return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: step %u truncated or of unknown type",
							  (unsigned) i + 1);
	}
	spec->classifier = get_embedded(&r, &spec->classifier_len);
	if (r.failed)
		return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: truncated classifier");
	if (genre_reader_remaining(&r) != 0)
		return genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: trailing bytes");
	return GENRE_OK;
}

void *
genre_pipeline_load(const unsigned char *payload, size_t len, genre_status *st)
{
	genre_pipeline_spec spec;
	genre_pipeline_step_spec steps[GENRE_PIPELINE_MAX_STEPS];
	char		layout[MAX_LAYOUT_NAME + 1];
	uint32_t	n_inputs;
	genre_pipeline_model *p;

	if (read_spec(payload, len, &spec, steps, layout, &n_inputs, st) != GENRE_OK ||
		(p = pipeline_new(&spec, 0, st)) == NULL)
		return NULL;
	if ((uint32_t) p->n_inputs != n_inputs)
	{
		genre_fail(st, GENRE_EBADDATA, "invalid pipeline model: layout %s has %d values, not %u",
				   p->layout->name, p->n_inputs, (unsigned) n_inputs);
		pipeline_free(p);
		return NULL;
	}
	return p;
}

/*
 * The loaded_size of an embedded model through its kind's row of the
 * table (0: refused, as load_embedded refuses it, or its kind cannot
 * tell); *ops and the payload are the model's.
 */
static size_t
embedded_loaded_size(const void *data, size_t len, const genre_model_kind_ops **ops,
					 const unsigned char **payload, size_t *plen)
{
	genre_status st;

	genre_status_clear(&st);
	if (genre_model_kind_open(data, len, ops, payload, plen, &st) != GENRE_OK ||
		(*ops)->kind == GENRE_MODEL_PIPELINE || (*ops)->loaded_size == NULL)
		return 0;
	return (*ops)->loaded_size(*payload, *plen);
}

/*
 * The width a model step makes of its input of width n, as assemble finds
 * it on the loaded step, read here from the step's payload (formats in
 * scaler.h, pca.h, kmeans.h: each starts with u32 dim; pca's and kmeans'
 * next u32 is n_components or k); 0 when assemble would refuse the step.
 */
static size_t
step_width(const genre_model_kind_ops *ops, const unsigned char *payload, size_t plen, size_t n)
{
	genre_reader r;
	uint32_t	dim,
				second;

	genre_reader_init(&r, payload, plen);
	dim = genre_get_u32(&r);
	second = genre_get_u32(&r);
	if (r.failed || dim != n)
		return 0;
	if (ops->kind == GENRE_MODEL_SCALER)
		return n;
	if (ops->kind == GENRE_MODEL_PCA)
		return second;
	if (ops->kind == GENRE_MODEL_KMEANS && n + second <= GENRE_POLY_MAX_OUTPUT)
		return n + second;
	return 0;
}

/* a + b, or SIZE_MAX when it does not fit */
static size_t
size_add(size_t a, size_t b)
{
	return b > SIZE_MAX - a ? SIZE_MAX : a + b;
}

/*
 * What genre_pipeline_load allocates at most for a payload, from the
 * payload alone: the pipeline, its scratch and importances, and each
 * embedded model's own loaded_size (a bound of its loader's peak; the
 * models load one after another and keep what they hold).  0 for a payload
 * the loader refuses by its structure or widths, or when an embedded
 * kind cannot tell its size.
 */
static size_t
pipeline_loaded_size(const unsigned char *payload, size_t len)
{
	genre_pipeline_spec spec;
	genre_pipeline_step_spec steps[GENRE_PIPELINE_MAX_STEPS];
	char		layout[MAX_LAYOUT_NAME + 1];
	uint32_t	n_inputs;
	genre_status st;
	const genre_layout *l;
	const genre_model_kind_ops *ops;
	const unsigned char *part;
	size_t		plen,
				width,
				widest,
				size,
				one;

	genre_status_clear(&st);
	if (read_spec(payload, len, &spec, steps, layout, &n_inputs, &st) != GENRE_OK ||
		(l = genre_layout_find(layout, &st)) == NULL ||
		(uint32_t) genre_layout_size(l) != n_inputs)
		return 0;
	width = widest = n_inputs;
	size = sizeof(genre_pipeline_model) + (size_t) n_inputs * sizeof(double);
	for (int i = 0; i < spec.n_steps; i++)
	{
		if (steps[i].type == GENRE_STEP_POLYNOMIAL)
		{
			if (genre_polynomial_size((int) width, steps[i].degree, &width, &st) != GENRE_OK)
				return 0;
		}
		else
		{
			if ((one = embedded_loaded_size(steps[i].model, steps[i].model_len, &ops,
											&part, &plen)) == 0 ||
				(width = step_width(ops, part, plen, width)) == 0)
				return 0;
			size = size_add(size, one);
		}
		if (width > widest)
			widest = width;
	}
	if ((one = embedded_loaded_size(spec.classifier, spec.classifier_len, &ops,
									&part, &plen)) == 0 || ops->classifier == NULL)
		return 0;
	/* the two scratch vectors of the widest step output (at most GENRE_POLY_MAX_OUTPUT) */
	return size_add(size_add(size, one), 2 * widest * sizeof(float));
}

genre_code
genre_pipeline_proba(const genre_pipeline_model *p, const float *x, double *proba, genre_status *st)
{
	const float *in = x;

	for (int i = 0; i < p->n_steps; i++)
	{
		const genre_pipeline_step *t = &p->steps[i];
		float	   *out = p->buf[i & 1];
		genre_code	rc = GENRE_OK;

		if (t->type == GENRE_STEP_POLYNOMIAL)
			rc = genre_polynomial_features(in, t->n_in, t->degree, out, (size_t) t->n_out, st);
		else if (t->ops->kind == GENRE_MODEL_SCALER)
			rc = genre_scaler_apply(t->object, in, t->n_in, out, st);
		else if (t->ops->kind == GENRE_MODEL_PCA)
			rc = genre_pca_apply(t->object, in, t->n_in, out, st);
		else
		{
			/* the study's cluster-distance features: the input, then its distances */
			memmove(out, in, (size_t) t->n_in * sizeof(float));
			rc = genre_kmeans_transform(t->object, out, t->n_in, out + t->n_in, st);
		}
		if (rc != GENRE_OK)
		{
			char		prefix[64];

			snprintf(prefix, sizeof(prefix), "pipeline step %d (%s)", i + 1,
					 t->type == GENRE_STEP_POLYNOMIAL ? "polynomial" : t->ops->name);
			return wrap(st, rc, prefix);
		}
		for (int j = 0; j < t->n_out; j++)
			if (!isfinite(out[j]))
				return genre_fail(st, GENRE_EINVAL, "pipeline step %d (%s): value %d overflows real",
								  i + 1, t->type == GENRE_STEP_POLYNOMIAL ? "polynomial" : t->ops->name,
								  j + 1);
		in = out;
	}
	return genre_classifier_proba(&p->inner, in, proba, st);
}

genre_code
genre_pipeline_classify(const genre_pipeline_model *p, genre_plan_cache *cache, const float *y,
						size_t n, int sr, double *proba, int *n_segments, genre_status *st)
{
	uint32_t	nc = p->inner.n_classes;
	float	   *v = genre_alloc((size_t) p->n_inputs * sizeof(float));
	double	   *seg = genre_alloc((size_t) nc * sizeof(double));
	genre_code	rc = GENRE_OK;
	int			count = 0;

	if (v == NULL || seg == NULL)
	{
		rc = genre_fail_nomem(st);
		goto done;
	}
	if (p->segment_s == 0)
	{
		if ((rc = genre_features_compute(cache, y, n, sr, p->layout, v, st)) == GENRE_OK)
			rc = genre_pipeline_proba(p, v, proba, st);
		count = 1;
		goto done;
	}
	else
	{
		/* genre.segments' windows: [round(k s sr), + round(s sr) - 1), whole ones only */
		double		window = round(p->segment_s * sr) - 1;

		for (uint32_t c = 0; c < nc; c++)
			proba[c] = 0;
		for (int64_t k = 0;; k++)
		{
			double		start = round((double) k * p->segment_s * sr);

			if (start + window > (double) n)
				break;
			if (genre_interrupted())
			{
				rc = genre_fail(st, GENRE_ECANCEL, "canceling statement due to user request");
				goto done;
			}
			if ((rc = genre_features_compute(cache, y + (size_t) start, (size_t) window, sr,
											 p->layout, v, st)) != GENRE_OK ||
				(rc = genre_pipeline_proba(p, v, seg, st)) != GENRE_OK)
				goto done;
			if (p->vote == GENRE_VOTE_SOFT)
				for (uint32_t c = 0; c < nc; c++)
					proba[c] += seg[c];
			else
			{
				uint32_t	best = 0;

				for (uint32_t c = 1; c < nc; c++)
					if (seg[c] > seg[best])
						best = c;
				proba[best] += 1;
			}
			count++;
		}
		if (count == 0)
		{
			rc = genre_fail(st, GENRE_EINVAL, "the audio (%.6g s) is shorter than one segment of the recipe (%g s)",
							(double) n / sr, p->segment_s);
			goto done;
		}
		for (uint32_t c = 0; c < nc; c++)
			proba[c] /= count;
	}

done:
	genre_free(v);
	genre_free(seg);
	if (n_segments)
		*n_segments = count;
	return rc;
}

/* The view's infallible proba, for callers that cannot report errors: uniform on failure. */
static void
view_proba(const void *model, const float *x, double *proba)
{
	const genre_pipeline_model *p = model;
	genre_status st;

	genre_status_clear(&st);
	if (genre_pipeline_proba(p, x, proba, &st) != GENRE_OK)
		for (uint32_t c = 0; c < p->inner.n_classes; c++)
			proba[c] = 1.0 / p->inner.n_classes;
}

static genre_code
view_proba_checked(const void *model, const float *x, double *proba, genre_status *st)
{
	return genre_pipeline_proba(model, x, proba, st);
}

static void
pipeline_classifier(const void *object, genre_classifier *view)
{
	const genre_pipeline_model *p = object;

	view->model = p;
	view->n_features = (uint32_t) p->n_inputs;
	view->n_classes = p->inner.n_classes;
	view->class_names = p->inner.class_names;
	view->class_lens = p->inner.class_lens;
	view->importances = p->importances;
	view->proba = view_proba;
	view->input = p->recipe;
	view->proba_checked = view_proba_checked;
}

static genre_code
pipeline_describe(const void *object, genre_writer *w, genre_status *st)
{
	const genre_pipeline_model *p = object;
	char		name[128];

	genre_put_text(w, "{\"kind\": \"pipeline\", \"recipe\": ");
	genre_put_json_string(w, p->recipe, strlen(p->recipe));
	genre_put_text(w, ", \"layout\": ");
	genre_put_json_string(w, p->layout->name, strlen(p->layout->name));
	genre_put_text(w, ", \"features_version\": %d, \"n_features\": %d, \"offset_s\": ",
				   GENRE_PIPELINE_FEATURES_VERSION, p->n_inputs);
	genre_put_json_number(w, p->offset_s);
	genre_put_text(w, ", \"duration_s\": ");
	if (p->duration_s < 0)
		genre_put_text(w, "null");
	else
		genre_put_json_number(w, p->duration_s);
	if (p->segment_s > 0)
	{
		genre_put_text(w, ", \"segments\": {\"seconds\": ");
		genre_put_json_number(w, p->segment_s);
		genre_put_text(w, ", \"vote\": \"%s\"}", vote_name(p->vote));
	}
	genre_put_text(w, ", \"feature_names\": [");
	for (int i = 0; i < p->n_inputs; i++)
	{
		genre_layout_slot_name(p->layout, i, name, sizeof(name));
		if (i)
			genre_put_text(w, ", ");
		genre_put_json_string(w, name, strlen(name));
	}
	genre_put_text(w, "], \"steps\": [");
	for (int i = 0; i < p->n_steps; i++)
	{
		const genre_pipeline_step *t = &p->steps[i];
		const char *what = t->type == GENRE_STEP_POLYNOMIAL ? "polynomial" :
			t->ops->kind == GENRE_MODEL_SCALER ? "scale" :
			t->ops->kind == GENRE_MODEL_PCA ? "pca_transform" : "append kmeans_distances";

		genre_put_text(w, "%s{\"step\": \"%s\", \"n_in\": %d, \"n_out\": %d", i ? ", " : "",
					   what, t->n_in, t->n_out);
		if (t->type == GENRE_STEP_POLYNOMIAL)
			genre_put_text(w, ", \"degree\": %d}", t->degree);
		else
		{
			genre_put_text(w, ", \"model\": ");
			if (t->ops->describe(t->object, w, st) != GENRE_OK)
				return st->code;
			genre_put_text(w, "}");
		}
	}
	genre_put_text(w, "], \"classifier\": ");
	if (p->classifier_ops->describe(p->classifier_object, w, st) != GENRE_OK)
		return st->code;
	genre_put_text(w, "}");
	if (w->failed)
		return genre_fail_nomem(st);
	return GENRE_OK;
}

static size_t
pipeline_size(const void *object)
{
	const genre_pipeline_model *p = object;
	size_t		size = sizeof(genre_pipeline_model) + (size_t) p->n_inputs * sizeof(double);

	for (int i = 0; i < p->n_steps; i++)
	{
		size += 2 * (size_t) p->steps[i].n_out * sizeof(float);
		if (p->steps[i].ops)
			size += p->steps[i].ops->size(p->steps[i].object);
	}
	return size + p->classifier_ops->size(p->classifier_object);
}

const genre_model_kind_ops genre_pipeline_kind = {
	.kind = GENRE_MODEL_PIPELINE,
	.name = "pipeline",
	.load = genre_pipeline_load,
	.free = pipeline_free,
	.describe = pipeline_describe,
	.size = pipeline_size,
	.loaded_size = pipeline_loaded_size,
	.classifier = pipeline_classifier,
};
