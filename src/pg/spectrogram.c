/*
 * spectrogram.c - pictures of one decoded window: genre.spectrogram (the
 * matrix, real[][]), genre.plot_spectrogram (its specshow-style SVG heat
 * map) and genre.plot_waveform (min/max envelope), with the beats of
 * genre.beats as optional tick marks.
 *
 * The window is decoded as the features decode it (mono, 22 050 Hz) and
 * the matrix comes from the same analysis (features/spectrogram.h).  NULL
 * audio, kind or offset gives NULL; a NULL duration means to the end.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "audio/audio.h"
#include "base/alloc.h"
#include "dsp/beat.h"
#include "dsp/cqt.h"
#include "features/harmonic.h"
#include "features/spectrogram.h"
#include "pg/audio_args.h"
#include "pg/backend_cache.h"
#include "pg/errors.h"
#include "pg/real_vector.h"
#include "pg/writer.h"
#include "plot/heatmap.h"
#include "plot/waveform.h"

PG_FUNCTION_INFO_V1(genre_spectrogram);
PG_FUNCTION_INFO_V1(genre_plot_spectrogram);
PG_FUNCTION_INFO_V1(genre_plot_waveform);

#define HOP 512
#define N_FFT 2048
#define MAX_TITLE 1024
/* a plot's own memory: its SVG (about 1 MB at most) and columns pooled to 800 (float64) */
#define PLOT_MEMORY ((size_t) 8 << 20)

static genre_spectrogram_kind
kind_arg(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	genre_spectrogram_kind kind;
	genre_status st;

	genre_status_clear(&st);
	if (genre_spectrogram_kind_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &kind, &st) != GENRE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s", fname, st.message)));
	return kind;
}

/* Title argument argno (NULL: none); 54000 over MAX_TITLE bytes. */
static const char *
title_arg(FunctionCallInfo fcinfo, int argno, const char *fname, size_t *len)
{
	text	   *t;

	*len = 0;
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return NULL;
	t = PG_GETARG_TEXT_PP(argno);
	*len = VARSIZE_ANY_EXHDR(t);
	if (*len > MAX_TITLE)
		genre_error_over_limit(fname, "title", 0, *len, MAX_TITLE, "bytes");
	return VARDATA_ANY(t);
}

/* Whether argument argno (absent or NULL: false) asks for beat marks. */
static bool
beats_wanted(FunctionCallInfo fcinfo, int argno)
{
	return PG_NARGS() > argno && !PG_ARGISNULL(argno) && PG_GETARG_BOOL(argno);
}

/* genre.beats of the analysis, in seconds on the clock of the window's offset (palloc'ed). */
static double *
beat_times(genre_analysis *a, double offset_s, size_t *n)
{
	genre_status st;
	float	   *env;
	int			nf,
				nb,
			   *frames;
	double		bpm,
			   *t;

	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_analysis_onset(a, 1, &env, &nf, &st));
	GENRE_CHECK(&st, genre_beat_track(env, nf, a->sr, HOP, &bpm, &frames, &nb, &st));
	t = palloc(sizeof(double) * (nb + 1));
	for (int i = 0; i < nb; i++)
		t[i] = offset_s + (double) frames[i] * HOP / a->sr;
	genre_free(frames);
	genre_free(env);
	*n = nb;
	return t;
}

/* What a call holds besides its decoded window, for genre.max_memory. */
typedef struct PictureWork
{
	bool		spectrogram;	/* a matrix of kind; else a waveform */
	genre_spectrogram_kind kind;
	bool		beats;			/* genre.beats marks */
	bool		copy_out;		/* the matrix copied out as real[][] */
	char		what[64];		/* what needs it, for the error */
} PictureWork;

/* Bytes the call holds for n samples at 22 050 Hz, the samples included. */
static size_t
picture_memory(const PictureWork *p, size_t n)
{
	size_t		matrix,
				need;

	if (p->spectrogram)
	{
		need = genre_spectrogram_memory(p->kind, n, p->beats, &matrix);
		return need + (p->copy_out ? matrix : PLOT_MEMORY);
	}
	/* the samples (the analysis of the beats' onsets, with them) and the plot */
	need = sizeof(float) * n;
	if (p->beats)
		need = genre_spectrogram_memory(GENRE_SPEC_MEL, n, true, &matrix) - matrix;
	return need + PLOT_MEMORY;
}

/*
 * Decode (audio 0, offset offset_arg, duration offset_arg + 1) within
 * genre.max_memory (from the header before, from the samples after) and
 * start its analysis with only what p needs; false on NULL.
 */
static bool
load_analysis(FunctionCallInfo fcinfo, int offset_arg, const PictureWork *p, genre_signal *sig,
			  genre_analysis *a)
{
	GenreAudioWindow w;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(offset_arg))
		return false;
	genre_pg_audio_window_args(fcinfo, 0, offset_arg, offset_arg + 1, GENRE_SAMPLE_RATE, &w);
	genre_pg_audio_budget(&w, picture_memory(p, w.samples), p->what);
	genre_pg_load_audio(fcinfo, 0, offset_arg, offset_arg + 1, GENRE_SAMPLE_RATE, sig);
	genre_pg_signal_budget(sig, picture_memory(p, sig->n), p->what);
	genre_analysis_init(a, genre_backend_cache(), sig->samples, sig->n, sig->sample_rate,
						GENRE_PAD_ZEROS);
	a->wants = (p->spectrogram ? genre_spectrogram_wants(p->kind) : 0) |
		(p->beats ? GENRE_WANT_MEL : 0);
	return true;
}

/* The work of a spectrogram of the kind in text argument argno. */
static void
spectrogram_work(FunctionCallInfo fcinfo, int argno, const char *fname, bool beats,
				 bool copy_out, PictureWork *p)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);

	memset(p, 0, sizeof(*p));
	p->spectrogram = true;
	p->kind = kind_arg(fcinfo, argno, fname);
	p->beats = beats;
	p->copy_out = copy_out;
	snprintf(p->what, sizeof(p->what), "the %.*s spectrogram frames",
			 (int) VARSIZE_ANY_EXHDR(t), VARDATA_ANY(t));
}

/* genre.spectrogram(audio, kind, offset_s, duration_s) -> real[][] (bins x frames) */
Datum
genre_spectrogram(PG_FUNCTION_ARGS)
{
	PictureWork p;
	genre_signal sig;
	genre_analysis a;
	genre_spectrogram_matrix s;
	genre_status st;
	ArrayType  *result;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	spectrogram_work(fcinfo, 1, "spectrogram", false, true, &p);
	if (!load_analysis(fcinfo, 2, &p, &sig, &a))
		PG_RETURN_NULL();
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_spectrogram_compute(&a, p.kind, &s, &st));
	result = genre_real_matrix(s.v, s.rows, s.n_frames);
	genre_spectrogram_free(&s);
	genre_analysis_free(&a);
	genre_signal_free(&sig);
	PG_RETURN_ARRAYTYPE_P(result);
}

/* The heat map of s, axes as librosa.display.specshow draws that kind. */
static void
heatmap_of(const genre_spectrogram_matrix *s, int sr, double t0, genre_heatmap *h)
{
	memset(h, 0, sizeof(*h));
	h->data = s->v;
	h->n_rows = s->rows;
	h->n_cols = s->n_frames;
	h->row_stride = s->n_frames;
	h->col_stride = 1;
	h->sr = sr;
	h->hop = HOP;
	h->t0 = t0;
	h->n_fft = N_FFT;
	h->pool = GENRE_POOL_MEAN;
	h->diverging = 0;			/* levels (dB, chroma energy): magma */
	h->unit = "dB";
	switch (s->kind)
	{
		case GENRE_SPEC_STFT:
			h->yaxis = GENRE_YAXIS_FFT_LOG;
			break;
		case GENRE_SPEC_MEL:
			h->yaxis = GENRE_YAXIS_MEL;
			h->fmin = 0;
			break;
		case GENRE_SPEC_CHROMA:
			h->yaxis = GENRE_YAXIS_CHROMA;
			h->bins_per_octave = 12;
			h->unit = NULL;
			break;
		case GENRE_SPEC_CQT:
			h->yaxis = GENRE_YAXIS_CQT_NOTE;
			h->fmin = s->fmin;
			h->bins_per_octave = GENRE_CQT_BPO;
			break;
		case GENRE_SPEC_MFCC:
			h->yaxis = GENRE_YAXIS_INDEX;
			h->ylabel = "MFCC";
			h->unit = NULL;
			h->diverging = -1;	/* librosa's rule: both signs, coolwarm around 0 */
			break;
		case GENRE_SPEC_TEMPOGRAM:
			/* specshow(y_axis='tempo'): lag r at 60 sr / (hop r) BPM */
			h->yaxis = GENRE_YAXIS_TEMPO;
			h->unit = NULL;
			h->diverging = 0;	/* magma, as specshow for the (mostly positive) tempogram */
			break;
	}
}

/* genre.plot_spectrogram(audio, kind, offset_s, duration_s, title, beats) -> SVG */
Datum
genre_plot_spectrogram(PG_FUNCTION_ARGS)
{
	PictureWork p;
	genre_signal sig;
	genre_analysis a;
	genre_spectrogram_matrix s;
	genre_heatmap h;
	genre_status st;
	genre_writer w;
	size_t		tlen;
	const char *title;
	text	   *svg;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	spectrogram_work(fcinfo, 1, "plot_spectrogram", beats_wanted(fcinfo, 5), false, &p);
	title = title_arg(fcinfo, 4, "plot_spectrogram", &tlen);
	if (!load_analysis(fcinfo, 2, &p, &sig, &a))
		PG_RETURN_NULL();
	genre_status_clear(&st);
	GENRE_CHECK(&st, genre_spectrogram_compute(&a, p.kind, &s, &st));
	heatmap_of(&s, sig.sample_rate, PG_GETARG_FLOAT8(2), &h);
	h.title = title;
	h.title_len = tlen;
	if (p.beats)
		h.beats = beat_times(&a, PG_GETARG_FLOAT8(2), &h.n_beats);
	genre_writer_init(&w, 64 * 1024);
	GENRE_CHECK(&st, genre_plot_heatmap(&h, &w, &st));
	svg = genre_writer_text(&w, "plot_spectrogram", "plot", NULL);
	genre_spectrogram_free(&s);
	genre_analysis_free(&a);
	genre_signal_free(&sig);
	PG_RETURN_TEXT_P(svg);
}

/* genre.plot_waveform(audio, offset_s, duration_s, title, beats) -> SVG */
Datum
genre_plot_waveform(PG_FUNCTION_ARGS)
{
	PictureWork p = {.beats = beats_wanted(fcinfo, 4), .what = "the waveform samples"};
	genre_signal sig;
	genre_analysis a;
	genre_waveform wf;
	genre_status st;
	genre_writer w;
	size_t		tlen;
	const char *title = title_arg(fcinfo, 3, "plot_waveform", &tlen);
	text	   *svg;

	if (!load_analysis(fcinfo, 1, &p, &sig, &a))
		PG_RETURN_NULL();
	memset(&wf, 0, sizeof(wf));
	wf.y = sig.samples;
	wf.n = sig.n;
	wf.sr = sig.sample_rate;
	wf.t0 = PG_GETARG_FLOAT8(1);
	wf.title = title;
	wf.title_len = tlen;
	if (p.beats)
		wf.beats = beat_times(&a, wf.t0, &wf.n_beats);
	genre_status_clear(&st);
	genre_writer_init(&w, 64 * 1024);
	GENRE_CHECK(&st, genre_waveform_plot(&wf, &w, &st));
	svg = genre_writer_text(&w, "plot_waveform", "plot", NULL);
	genre_analysis_free(&a);
	genre_signal_free(&sig);
	PG_RETURN_TEXT_P(svg);
}
