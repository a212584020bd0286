/*
 * summary.c - the registry of frame features and the layouts of features().
 */
#include "features/summary.h"

#include "features/harmonic.h"
#include "features/mfcc.h"
#include "features/spectral.h"
#include "features/temporal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* librosa's frame parameters for every feature here */
#define FRAME_LENGTH 2048
#define HOP 512

/* the estimates' rate (the sizes scale with samples, not with the rate) */
#define GENRE_SAMPLE_RATE_DEFAULT 22050
/* plans, filter banks, libsoxr's state and small buffers: a bound */
#define MEMORY_SLACK ((size_t) 4 << 20)

/* ---- frame features: adapters from the shared analysis ---- */

static genre_code
feat_rms(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	/* rms(y) frames the waveform itself, padded like the layout's STFT */
	if (genre_frames_alloc(out, 1, (int) genre_centred_frame_count(a->n, HOP), st) != GENRE_OK)
		return st->code;
	return genre_rms_frames(a->y, a->n, FRAME_LENGTH, HOP, a->stft_params.pad, out->v, st);
}

static genre_code
feat_zcr(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	if (genre_frames_alloc(out, 1, (int) genre_centred_frame_count(a->n, HOP), st) != GENRE_OK)
		return st->code;
	return genre_zero_crossing_rate_frames(a->y, a->n, FRAME_LENGTH, HOP, out->v, st);
}

/* One per-frame row of the analysis as a 1 x frames feature. */
static genre_code
copy_row(const double *v, int n_frames, genre_frame_matrix *out, genre_status *st)
{
	if (genre_frames_alloc(out, 1, n_frames, st) != GENRE_OK)
		return st->code;
	memcpy(out->v, v, sizeof(double) * n_frames);
	return GENRE_OK;
}

static genre_code
feat_centroid(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	const double *c,
			   *b;

	if (genre_analysis_spectral_shape(a, &c, &b, st) != GENRE_OK)
		return st->code;
	return copy_row(c, a->n_frames, out, st);
}

static genre_code
feat_bandwidth(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	const double *c,
			   *b;

	if (genre_analysis_spectral_shape(a, &c, &b, st) != GENRE_OK)
		return st->code;
	return copy_row(b, a->n_frames, out, st);
}

static genre_code
feat_rolloff(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	const double *r;

	if (genre_analysis_rolloff(a, &r, st) != GENRE_OK)
		return st->code;
	return copy_row(r, a->n_frames, out, st);
}

static genre_code
feat_mfcc(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	return genre_mfcc_frames(a, GENRE_N_MFCC, out, st);
}

/* ---- what each allocates beyond the analysis (memory estimates) ---- */

/* a frames matrix of rows x frames float64 */
static size_t
frames_bytes(int rows, size_t n_frames)
{
	return sizeof(double) * rows * n_frames;
}

static size_t
scratch_rms(const genre_analysis *a, int frames)
{
	/* block sums: one per 128 samples of the padded frames */
	return sizeof(float) * (a->n / 128 + FRAME_LENGTH / 128 + 8) +
		(frames ? frames_bytes(1, a->n_frames) : 0);
}

static size_t
scratch_zcr(const genre_analysis *a, int frames)
{
	return sizeof(int) * (a->n / HOP + 2) + (frames ? frames_bytes(1, a->n_frames) : 0);
}

static size_t
scratch_row(const genre_analysis *a, int frames)
{
	return (frames ? frames_bytes(1, a->n_frames) : 0) + 2 * sizeof(double) * a->n_bins;
}

static size_t
scratch_mfcc(const genre_analysis *a, int frames)
{
	/* the DCT's float32 output and its float64 basis */
	return sizeof(float) * GENRE_N_MFCC * a->n_frames + sizeof(double) * GENRE_N_MELS * GENRE_N_MFCC +
		(frames ? frames_bytes(GENRE_N_MFCC, a->n_frames) : 0);
}

/* ---- the registry ---- */

static const genre_feature f_rms = {"rms", 1, NULL, feat_rms, 0, scratch_rms};
static const genre_feature f_zcr = {"zero_crossing_rate", 1, NULL, feat_zcr, 0, scratch_zcr};
static const genre_feature f_centroid = {"spectral_centroid", 1, NULL, feat_centroid,
GENRE_WANT_SHAPE, scratch_row};
static const genre_feature f_bandwidth = {"spectral_bandwidth", 1, NULL, feat_bandwidth,
GENRE_WANT_SHAPE, scratch_row};
static const genre_feature f_rolloff = {"spectral_rolloff", 1, NULL, feat_rolloff,
GENRE_WANT_SHAPE, scratch_row};
static const genre_feature f_mfcc = {"mfcc", GENRE_N_MFCC, NULL, feat_mfcc, GENRE_WANT_MEL,
scratch_mfcc};

static const genre_feature *const registry[] = {
	&f_rms, &f_zcr, &f_centroid, &f_bandwidth, &f_rolloff, &f_mfcc,
	&genre_feature_chroma_stft, &genre_feature_tonnetz, &genre_feature_tempo,
	&genre_feature_hpss,
};

/* ---- layouts ---- */

/*
 * genre: librosa 0.10 definitions, mean and population std over frames;
 * names as reference.csv's columns (zcr_mean, spectral_centroid_mean,
 * mfcc1_mean, ...), each row's mean followed by its std.
 */
static const genre_block genre_blocks[] = {
	{&f_rms, GENRE_STAT_MEAN_STD, "rms"},
	{&f_zcr, GENRE_STAT_MEAN_STD, "zcr"},
	{&f_centroid, GENRE_STAT_MEAN_STD, NULL},
	{&f_bandwidth, GENRE_STAT_MEAN_STD, NULL},
	{&f_rolloff, GENRE_STAT_MEAN_STD, NULL},
	{&f_mfcc, GENRE_STAT_MEAN_STD, NULL},
	{&genre_feature_chroma_stft, GENRE_STAT_MEAN_STD, "chroma"},
	{&genre_feature_tonnetz, GENRE_STAT_MEAN_STD, NULL},
	{&genre_feature_tempo, GENRE_STAT_VALUE, NULL},
};

/*
 * gtzan: the 57 columns of the public GTZAN feature table, made with
 * librosa 0.7.2 (reflect-padded STFT and RMS frames, population variance,
 * chroma over all bins and frames, HPSS waveforms, beat_track's tempo).
 */
static const genre_block gtzan_blocks[] = {
	{&genre_feature_chroma_stft, GENRE_STAT_MEAN_VAR_ALL, NULL},
	{&f_rms, GENRE_STAT_MEAN_VAR, "rms"},
	{&f_centroid, GENRE_STAT_MEAN_VAR, NULL},
	{&f_bandwidth, GENRE_STAT_MEAN_VAR, NULL},
	{&f_rolloff, GENRE_STAT_MEAN_VAR, "rolloff"},
	{&f_zcr, GENRE_STAT_MEAN_VAR, NULL},
	{&genre_feature_hpss, GENRE_STAT_MEAN_VAR, ""},
	{&genre_feature_tempo, GENRE_STAT_VALUE, NULL},
	{&f_mfcc, GENRE_STAT_MEAN_VAR, NULL},
};

static const genre_layout layouts[] = {
	{"genre", GENRE_PAD_ZEROS, sizeof(genre_blocks) / sizeof(genre_blocks[0]), genre_blocks},
	{"gtzan", GENRE_PAD_REFLECT, sizeof(gtzan_blocks) / sizeof(gtzan_blocks[0]), gtzan_blocks},
};

#define N_REGISTRY ((int) (sizeof(registry) / sizeof(registry[0])))
#define N_LAYOUTS ((int) (sizeof(layouts) / sizeof(layouts[0])))

const genre_feature *
genre_feature_find(const char *name)
{
	int			i;

	for (i = 0; i < N_REGISTRY; i++)
		if (strcmp(registry[i]->name, name) == 0)
			return registry[i];
	return NULL;
}

const genre_layout *
genre_layout_find(const char *name, genre_status *st)
{
	char		valid[GENRE_MSG_LEN] = "";
	int			i;

	for (i = 0; i < N_LAYOUTS; i++)
		if (strcmp(layouts[i].name, name) == 0)
			return &layouts[i];
	for (i = 0; i < N_LAYOUTS; i++)
	{
		size_t		used = strlen(valid);

		snprintf(valid + used, sizeof(valid) - used, "%s%s", i ? ", " : "", layouts[i].name);
	}
	genre_fail(st, GENRE_EINVAL, "unknown layout \"%.64s\", valid layouts: %s", name, valid);
	return NULL;
}

static int
stat_slots(genre_stat stat)
{
	return stat == GENRE_STAT_VALUE ? 1 : 2;
}

/* slots a block fills: per row, or one pair for the whole feature */
static int
block_slots(const genre_block *b)
{
	if (b->stat == GENRE_STAT_MEAN_VAR_ALL)
		return 2;
	return b->feature->rows * stat_slots(b->stat);
}

int
genre_layout_size(const genre_layout *l)
{
	int			i,
				n = 0;

	for (i = 0; i < l->n_blocks; i++)
		n += block_slots(&l->blocks[i]);
	return n;
}

int
genre_layout_slot_name(const genre_layout *l, int slot, char *buf, size_t len)
{
	int			i;

	if (slot < 0)
		return 0;
	for (i = 0; i < l->n_blocks; i++)
	{
		const genre_block *b = &l->blocks[i];
		const genre_feature *f = b->feature;
		const char *stem = b->stem ? b->stem : f->name;
		int			per_row = stat_slots(b->stat);
		int			row,
					which;
		char		rowname[96];

		if (slot >= block_slots(b))
		{
			slot -= block_slots(b);
			continue;
		}
		if (b->stat == GENRE_STAT_MEAN_VAR_ALL)
		{
			snprintf(buf, len, "%s_%s", stem, slot ? "var" : "mean");
			return 1;
		}
		row = slot / per_row;
		which = slot % per_row;
		if (f->rows == 1)
			snprintf(rowname, sizeof(rowname), "%s", stem);
		else if (f->row_names && stem[0] == '\0')
			snprintf(rowname, sizeof(rowname), "%s", f->row_names[row]);
		else if (f->row_names)
			snprintf(rowname, sizeof(rowname), "%s_%s", stem, f->row_names[row]);
		else
			snprintf(rowname, sizeof(rowname), "%s%d", stem, row + 1);
		switch (b->stat)
		{
			case GENRE_STAT_MEAN_STD:
				snprintf(buf, len, "%s_%s", rowname, which ? "std" : "mean");
				break;
			case GENRE_STAT_MEAN_VAR:
				snprintf(buf, len, "%s_%s", rowname, which ? "var" : "mean");
				break;
			case GENRE_STAT_VALUE:
			case GENRE_STAT_MEAN_VAR_ALL:
				snprintf(buf, len, "%s", rowname);
				break;
		}
		return 1;
	}
	return 0;
}

/* librosa refuses non-finite audio (util.valid_audio); so does every entry here. */
static genre_code
check_signal(const float *y, size_t n, int sr, genre_status *st)
{
	size_t		i;

	if (y == NULL || n == 0)
		return genre_fail(st, GENRE_EBADDATA, "empty audio");
	if (sr < 1)
		return genre_fail(st, GENRE_EINVAL, "sample rate must be positive");
	if (n > (size_t) 0x7fffffff / 2)
		return genre_fail(st, GENRE_ELIMIT, "audio too long: at most %d samples",
						  0x7fffffff / 2);
	for (i = 0; i < n; i++)
	{
		if (i % ((size_t) 1 << 22) == 0)
			GENRE_CHECK_CANCEL(st);
		if (!isfinite(y[i]))
			return genre_fail(st, GENRE_EBADDATA, "audio contains a non-finite sample at %zu", i);
	}
	return GENRE_OK;
}

/*
 * A summary that is not finite comes from samples so large that float32
 * sums overflow (finite audio otherwise gives finite features): bad data.
 */
static genre_code
not_finite(const genre_feature *f, genre_status *st)
{
	return genre_fail(st, GENRE_EBADDATA,
					  "feature %s is not finite: the audio's samples are too large", f->name);
}

/* Write one block's summary slots; values must come out finite. */
static genre_code
summarise(const genre_block *b, const genre_frame_matrix *fr, float *out, genre_status *st)
{
	int			row,
				k = 0;

	if (fr->rows != b->feature->rows)
		return genre_fail(st, GENRE_EINTERNAL, "feature %s gave %d rows, expected %d",
						  b->feature->name, fr->rows, b->feature->rows);
	if (b->stat == GENRE_STAT_MEAN_VAR_ALL)
	{
		/* librosa 0.7.2 seeds: np.mean / np.var of the whole rows x frames matrix */
		genre_frame_matrix all = {1, fr->rows * fr->n_frames, fr->v};
		double		v[2] = {genre_frames_mean(&all, 0), genre_frames_var(&all, 0)};

		if (!isfinite(v[0]) || !isfinite(v[1]))
			return not_finite(b->feature, st);
		out[0] = (float) v[0];
		out[1] = (float) v[1];
		return GENRE_OK;
	}
	for (row = 0; row < fr->rows; row++)
	{
		double		v[2];
		int			j;

		switch (b->stat)
		{
			case GENRE_STAT_MEAN_STD:
				v[0] = genre_frames_mean(fr, row);
				v[1] = sqrt(genre_frames_var(fr, row));
				break;
			case GENRE_STAT_MEAN_VAR:
				v[0] = genre_frames_mean(fr, row);
				v[1] = genre_frames_var(fr, row);
				break;
			case GENRE_STAT_VALUE:
			default:
				v[0] = fr->v[(size_t) row * fr->n_frames];
				break;
		}
		for (j = 0; j < stat_slots(b->stat); j++)
		{
			if (!isfinite(v[j]))
				return not_finite(b->feature, st);
			out[k++] = (float) v[j];
		}
	}
	return GENRE_OK;
}

/* mean and std or var of every row from a feature's moments (no frames) */
static genre_code
summarise_moments(const genre_block *b, genre_analysis *a, float *out, genre_status *st)
{
	const genre_feature *f = b->feature;
	double		mean[16],
				var[16];
	int			row,
				k = 0;

	if (f->rows > 16)
		return genre_fail(st, GENRE_EINTERNAL, "feature %s has too many rows for moments", f->name);
	if (f->moments(a, mean, var, st) != GENRE_OK)
		return st->code;
	for (row = 0; row < f->rows; row++)
	{
		double		v[2] = {mean[row], b->stat == GENRE_STAT_MEAN_STD ? sqrt(var[row]) : var[row]};
		int			j;

		for (j = 0; j < 2; j++)
		{
			if (!isfinite(v[j]))
				return not_finite(f, st);
			out[k++] = (float) v[j];
		}
	}
	return GENRE_OK;
}

/* the layout's analysis: what its blocks take from the passes */
static void
layout_analysis(genre_analysis *a, genre_plan_cache *cache, const float *y, size_t n, int sr,
				const genre_layout *l)
{
	int			i;

	genre_analysis_init(a, cache, y, n, sr, l->stft_pad);
	a->wants = 0;
	for (i = 0; i < l->n_blocks; i++)
		a->wants |= l->blocks[i].feature->uses;
}

static int
use_moments(const genre_block *b)
{
	return b->feature->moments &&
		(b->stat == GENRE_STAT_MEAN_STD || b->stat == GENRE_STAT_MEAN_VAR);
}

size_t
genre_features_memory(const genre_layout *l, size_t n)
{
	genre_analysis a;
	size_t		most = 0;
	int			i;

	layout_analysis(&a, NULL, NULL, n, GENRE_SAMPLE_RATE_DEFAULT, l);
	for (i = 0; i < l->n_blocks; i++)
	{
		const genre_block *b = &l->blocks[i];
		size_t		s = b->feature->scratch(&a, !use_moments(b));

		if (s > most)
			most = s;
	}
	return sizeof(float) * n + genre_analysis_memory(&a) + most + MEMORY_SLACK;
}

size_t
genre_feature_memory(const genre_feature *f, size_t n, genre_pad_mode pad)
{
	genre_analysis a;

	genre_analysis_init(&a, NULL, NULL, n, GENRE_SAMPLE_RATE_DEFAULT, pad);
	a.wants = f->uses;
	return sizeof(float) * n + genre_analysis_memory(&a) + f->scratch(&a, 1) + MEMORY_SLACK;
}

/* refuse before allocating when the host's budget is smaller than the estimate */
static genre_code
check_memory(genre_plan_cache *cache, size_t need, size_t n, int sr, genre_status *st)
{
	char		what[96];

	snprintf(what, sizeof(what), "features of %.0f s of audio", (double) n / sr);
	return genre_memory_check(cache, need, what, st);
}

genre_code
genre_features_compute_timed(genre_plan_cache *cache, const float *y, size_t n, int sr,
							 const genre_layout *l, float *out, genre_timing *timing,
							 genre_status *st)
{
	genre_analysis a;
	int			i,
				slot = 0;

	if (check_signal(y, n, sr, st) != GENRE_OK ||
		check_memory(cache, genre_features_memory(l, n), n, sr, st) != GENRE_OK)
		return st->code;
	layout_analysis(&a, cache, y, n, sr, l);
	a.timing = timing;
	for (i = 0; i < l->n_blocks; i++)
	{
		const genre_block *b = &l->blocks[i];
		genre_frame_matrix fr = {0};
		genre_code	rc;

		genre_timing_enter(timing, b->feature->name);
		if (use_moments(b))
			rc = summarise_moments(b, &a, out + slot, st);
		else
		{
			rc = b->feature->compute(&a, &fr, st);
			if (rc == GENRE_OK)
				rc = summarise(b, &fr, out + slot, st);
		}
		genre_timing_leave(timing);
		genre_frames_free(&fr);
		if (rc != GENRE_OK)
		{
			genre_analysis_free(&a);
			return rc;
		}
		slot += block_slots(b);
	}
	genre_analysis_free(&a);
	return GENRE_OK;
}

genre_code
genre_features_compute(genre_plan_cache *cache, const float *y, size_t n, int sr,
					   const genre_layout *l, float *out, genre_status *st)
{
	return genre_features_compute_timed(cache, y, n, sr, l, out, NULL, st);
}

genre_code
genre_feature_frames(genre_plan_cache *cache, const float *y, size_t n, int sr,
					 const genre_feature *f, genre_pad_mode pad, genre_frame_matrix *out,
					 genre_status *st)
{
	genre_analysis a;
	genre_code	rc;

	out->v = NULL;
	if (check_signal(y, n, sr, st) != GENRE_OK ||
		check_memory(cache, genre_feature_memory(f, n, pad), n, sr, st) != GENRE_OK)
		return st->code;
	genre_analysis_init(&a, cache, y, n, sr, pad);
	a.wants = f->uses;
	rc = f->compute(&a, out, st);
	genre_analysis_free(&a);
	if (rc != GENRE_OK)
		genre_frames_free(out);
	return rc;
}

genre_code
genre_feature_means(genre_plan_cache *cache, const float *y, size_t n, int sr,
					const genre_feature *f, double *means, genre_status *st)
{
	genre_frame_matrix fr;
	int			row;

	if (genre_feature_frames(cache, y, n, sr, f, GENRE_PAD_ZEROS, &fr, st) != GENRE_OK)
		return st->code;
	for (row = 0; row < fr.rows; row++)
	{
		means[row] = genre_frames_mean(&fr, row);
		if (!isfinite(means[row]))
		{
			genre_frames_free(&fr);
			return not_finite(f, st);
		}
	}
	genre_frames_free(&fr);
	return GENRE_OK;
}
