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

/* Magnitude spectrogram and a 1 x frames output for the spectral shapes. */
static genre_code
spectral_setup(genre_analysis *a, genre_frame_matrix *out, const float **mag, genre_status *st)
{
	if (genre_analysis_magnitude(a, mag, st) != GENRE_OK)
		return st->code;
	return genre_frames_alloc(out, 1, a->n_frames, st);
}

static genre_code
feat_centroid(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	const float *mag;

	if (spectral_setup(a, out, &mag, st) != GENRE_OK)
		return st->code;
	genre_spectral_centroid_bandwidth(mag, a->n_frames, a->n_bins, a->sr,
									  a->stft_params.n_fft, out->v, NULL);
	return GENRE_OK;
}

static genre_code
feat_bandwidth(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	genre_frame_matrix centroid;
	const float *mag;

	if (spectral_setup(a, out, &mag, st) != GENRE_OK ||
		genre_frames_alloc(&centroid, 1, a->n_frames, st) != GENRE_OK)
		return st->code;
	genre_spectral_centroid_bandwidth(mag, a->n_frames, a->n_bins, a->sr,
									  a->stft_params.n_fft, centroid.v, out->v);
	genre_frames_free(&centroid);
	return GENRE_OK;
}

static genre_code
feat_rolloff(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	const float *mag;

	if (spectral_setup(a, out, &mag, st) != GENRE_OK)
		return st->code;
	genre_spectral_rolloff_frames(mag, a->n_frames, a->n_bins, a->sr,
								  a->stft_params.n_fft, 0.85, out->v);
	return GENRE_OK;
}

static genre_code
feat_mfcc(genre_analysis *a, genre_frame_matrix *out, genre_status *st)
{
	return genre_mfcc_frames(a, GENRE_N_MFCC, out, st);
}

/* ---- the registry ---- */

static const genre_feature f_rms = {"rms", 1, NULL, feat_rms};
static const genre_feature f_zcr = {"zero_crossing_rate", 1, NULL, feat_zcr};
static const genre_feature f_centroid = {"spectral_centroid", 1, NULL, feat_centroid};
static const genre_feature f_bandwidth = {"spectral_bandwidth", 1, NULL, feat_bandwidth};
static const genre_feature f_rolloff = {"spectral_rolloff", 1, NULL, feat_rolloff};
static const genre_feature f_mfcc = {"mfcc", GENRE_N_MFCC, NULL, feat_mfcc};

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
		if (!isfinite(y[i]))
			return genre_fail(st, GENRE_EBADDATA, "audio contains a non-finite sample at %zu", i);
	return GENRE_OK;
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
			return genre_fail(st, GENRE_EINTERNAL, "feature %s is not finite",
							  b->feature->name);
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
				return genre_fail(st, GENRE_EINTERNAL, "feature %s is not finite",
								  b->feature->name);
			out[k++] = (float) v[j];
		}
	}
	return GENRE_OK;
}

genre_code
genre_features_compute(genre_plan_cache *cache, const float *y, size_t n, int sr,
					   const genre_layout *l, float *out, genre_status *st)
{
	genre_analysis a;
	int			i,
				slot = 0;

	if (check_signal(y, n, sr, st) != GENRE_OK)
		return st->code;
	genre_analysis_init(&a, cache, y, n, sr, l->stft_pad);
	for (i = 0; i < l->n_blocks; i++)
	{
		const genre_block *b = &l->blocks[i];
		genre_frame_matrix fr = {0};

		if (b->feature->compute(&a, &fr, st) != GENRE_OK ||
			summarise(b, &fr, out + slot, st) != GENRE_OK)
		{
			genre_frames_free(&fr);
			genre_analysis_free(&a);
			return st->code;
		}
		slot += block_slots(b);
		genre_frames_free(&fr);
	}
	genre_analysis_free(&a);
	return GENRE_OK;
}

genre_code
genre_feature_frames(genre_plan_cache *cache, const float *y, size_t n, int sr,
					 const genre_feature *f, genre_pad_mode pad, genre_frame_matrix *out,
					 genre_status *st)
{
	genre_analysis a;
	genre_code	rc;

	out->v = NULL;
	if (check_signal(y, n, sr, st) != GENRE_OK)
		return st->code;
	genre_analysis_init(&a, cache, y, n, sr, pad);
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
			return genre_fail(st, GENRE_EINTERNAL, "feature %s is not finite", f->name);
		}
	}
	genre_frames_free(&fr);
	return GENRE_OK;
}
