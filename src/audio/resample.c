/*
 * resample.c - one float32 channel through libsoxr HQ, as python-soxr does
 * for librosa's res_type='soxr_hq'.
 */
#include "audio/resample.h"

#include "audio/audio.h"
#include "base/alloc.h"

#include <math.h>
#include <string.h>

#include <soxr.h>

/* input fed per soxr_process call: small enough to honour a cancel soon */
#define RESAMPLE_CHUNK ((size_t) 1 << 16)

size_t
genre_resample_length(size_t n, double sr_in, double sr_out)
{
	/* librosa: ratio = float(target_sr) / orig_sr; int(np.ceil(n * ratio)) */
	double		ratio = sr_out / sr_in;

	return (size_t) ceil((double) n * ratio);
}

static int
all_finite(const float *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

/* all_finite over x[0..n) a chunk at a time, checking for a cancel between chunks. */
static genre_code
check_finite(const float *x, size_t n, const char *what, genre_status *st)
{
	for (size_t pos = 0; pos < n; pos += RESAMPLE_CHUNK)
	{
		GENRE_CHECK_CANCEL(st);
		if (!all_finite(x + pos, n - pos < RESAMPLE_CHUNK ? n - pos : RESAMPLE_CHUNK))
			return genre_fail(st, GENRE_EBADDATA, "%s", what);
	}
	return GENRE_OK;
}

/* Stream in[0..n) through soxr into out[0..cap); *done = samples written. */
static genre_code
run_soxr(soxr_t soxr, const float *in, size_t n, float *out, size_t cap,
		 size_t *done, genre_status *st)
{
	size_t		pos = 0;
	size_t		written = 0;
	soxr_error_t err;

	while (pos < n)
	{
		size_t		take = n - pos < RESAMPLE_CHUNK ? n - pos : RESAMPLE_CHUNK;
		size_t		idone = 0;
		size_t		odone = 0;

		GENRE_CHECK_CANCEL(st);
		err = soxr_process(soxr, in + pos, take, &idone, out + written, cap - written, &odone);
		if (err)
			return genre_fail(st, GENRE_EINTERNAL, "resampling failed: %s", err);
		pos += idone;
		written += odone;
		if (idone == 0 && odone == 0)
			break;				/* output full: the rest would be trimmed anyway */
	}
	/* flush: in == NULL marks the end of the stream */
	while (written < cap)
	{
		size_t		odone = 0;

		GENRE_CHECK_CANCEL(st);
		err = soxr_process(soxr, NULL, 0, NULL, out + written, cap - written, &odone);
		if (err)
			return genre_fail(st, GENRE_EINTERNAL, "resampling failed: %s", err);
		if (odone == 0)
			break;
		written += odone;
	}
	*done = written;
	return GENRE_OK;
}

genre_code
genre_resample(const float *in, size_t n, double sr_in, double sr_out,
			   float **out, size_t *out_n, genre_status *st)
{
	size_t		target;
	size_t		cap;
	size_t		written = 0;
	float	   *buf;
	soxr_t		soxr;
	soxr_error_t err = NULL;
	soxr_io_spec_t io;
	soxr_quality_spec_t quality;
	soxr_runtime_spec_t runtime;
	genre_code	rc;

	*out = NULL;
	*out_n = 0;
	if (!(isfinite(sr_in) && sr_in > 0))
		return genre_fail(st, GENRE_EINVAL, "input sample rate must be positive and finite, not %g", sr_in);
	if (!(isfinite(sr_out) && sr_out > 0))
		return genre_fail(st, GENRE_EINVAL, "output sample rate must be positive and finite, not %g", sr_out);
	if (sr_out > sr_in * GENRE_RESAMPLE_MAX_RATIO || sr_in > sr_out * GENRE_RESAMPLE_MAX_RATIO)
		return genre_fail(st, GENRE_EINVAL, "resampling from %g Hz to %g Hz exceeds the ratio limit of %d",
						  sr_in, sr_out, GENRE_RESAMPLE_MAX_RATIO);
	if ((double) n * (sr_out / sr_in) > (double) GENRE_AUDIO_MAX_SAMPLES)
	{
		genre_fail(st, GENRE_ELIMIT, "resampled signal would exceed the limit of %zu samples",
				   GENRE_AUDIO_MAX_SAMPLES);
		genre_status_detail(st, "%zu samples from %g Hz to %g Hz.", n, sr_in, sr_out);
		return GENRE_ELIMIT;
	}
	if ((rc = check_finite(in, n, "signal contains NaN or infinite samples", st)) != GENRE_OK)
		return rc;
	target = genre_resample_length(n, sr_in, sr_out);

	if (sr_in == sr_out || n == 0)
	{
		buf = genre_alloc(n * sizeof(float));
		if (buf == NULL)
			return genre_fail_nomem(st);
		if (n)
			memcpy(buf, in, n * sizeof(float));
		*out = buf;
		*out_n = n;
		return GENRE_OK;
	}

	/* room for soxr's whole output (about n * ratio, python-soxr allows +1) */
	cap = target + 2;
	buf = genre_alloc(cap * sizeof(float));
	if (buf == NULL)
		return genre_fail_nomem(st);

	io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
	quality = soxr_quality_spec(SOXR_HQ, 0);
	runtime = soxr_runtime_spec(1);
	soxr = soxr_create(sr_in, sr_out, 1, &err, &io, &quality, &runtime);
	if (soxr == NULL || err)
	{
		soxr_delete(soxr);
		genre_free(buf);
		return genre_fail(st, GENRE_EINTERNAL, "could not create the resampler: %s",
						  err ? err : "unknown error");
	}
	rc = run_soxr(soxr, in, n, buf, cap, &written, st);
	soxr_delete(soxr);
	if (rc != GENRE_OK)
	{
		genre_free(buf);
		return rc;
	}

	/* librosa.util.fix_length: zero-pad or trim to the target */
	if (written < target)
		memset(buf + written, 0, (target - written) * sizeof(float));
	if ((rc = check_finite(buf, target, "resampled signal overflows float32", st)) != GENRE_OK)
	{
		genre_free(buf);
		return rc;
	}
	*out = buf;
	*out_n = target;
	return GENRE_OK;
}
