/*
 * output.h - what genre-import prints on stderr: warnings, fatal errors and
 * the progress display (a bar on a terminal, one line per batch otherwise).
 * Warnings printed while a bar is shown erase it and draw it again below.
 */
#ifndef GENRE_IMPORT_OUTPUT_H
#define GENRE_IMPORT_OUTPUT_H

#include <stdint.h>

typedef enum gi_progress_mode
{
	GI_PROGRESS_NONE,			/* --quiet */
	GI_PROGRESS_LINES,			/* stderr is not a terminal: one line per batch */
	GI_PROGRESS_BAR				/* a terminal: one line redrawn in place */
} gi_progress_mode;

typedef struct gi_progress
{
	const char *what;			/* "import", "features" */
	const char *unit;			/* "files", "rows" */
	int64_t		total_items;
	int64_t		done_items;
	int64_t		total_bytes;	/* 0: the display shows no byte rate */
	int64_t		done_bytes;
	double		start;
	double		last_draw;
} gi_progress;

/* Pick the display: none when quiet, a bar when stderr is a terminal, else lines. */
void		gi_output_init(int quiet);
gi_progress_mode gi_output_mode(void);

/* "genre-import: error: ..." on stderr, then exit(code). */
void		gi_fatal(int code, const char *fmt,...)
			__attribute__((format(printf, 2, 3), noreturn));

/* "genre-import: ..." on stderr. */
void		gi_warn(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* Begin a display of total items (and bytes, 0 for none); it becomes the active one. */
void		gi_progress_start(gi_progress *p, const char *what, const char *unit,
							  int64_t total_items, int64_t total_bytes);
/* Count items and bytes done; redraws the bar at most ten times a second. */
void		gi_progress_add(gi_progress *p, int64_t items, int64_t bytes);
/* In line mode, print "<what>: <text> | <totals>"; in bar mode, redraw. */
void		gi_progress_line(gi_progress *p, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
/* Erase the bar; the display is no longer active. */
void		gi_progress_end(gi_progress *p);

#endif
