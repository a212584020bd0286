/*
 * output.c - warnings, fatal errors and the progress display.
 */
#include "import/output.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/util.h"

static gi_progress_mode mode = GI_PROGRESS_LINES;
static gi_progress *active;		/* the display being drawn, or NULL */
static int	bar_shown;			/* a bar is on the terminal's last line */

void
gi_output_init(int quiet)
{
	const char *term = getenv("TERM");

	if (quiet)
		mode = GI_PROGRESS_NONE;
	else if (isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0))
		mode = GI_PROGRESS_BAR;
	else
		mode = GI_PROGRESS_LINES;
}

gi_progress_mode
gi_output_mode(void)
{
	return mode;
}

static void
erase_bar(void)
{
	if (bar_shown)
	{
		fputs("\r\033[K", stderr);
		bar_shown = 0;
	}
}

static void
format_eta(double seconds, char *out, size_t outlen)
{
	long		s = seconds < 0 ? 0 : (long) (seconds + 0.5);

	if (s >= 3600)
		snprintf(out, outlen, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, outlen, "%ld:%02ld", s / 60, s % 60);
}

/* "45/112 files, 38.2 MB, 12.1 MB/s, ETA 0:05" */
static void
totals(const gi_progress *p, char *out, size_t outlen)
{
	double		elapsed = gi_now() - p->start;
	double		frac,
				rate;
	char		eta[32] = "",
				size[32];
	int			n;

	n = snprintf(out, outlen, "%lld/%lld %s", (long long) p->done_items,
				 (long long) p->total_items, p->unit);
	if (p->total_bytes > 0)
	{
		frac = (double) p->done_bytes / p->total_bytes;
		rate = elapsed > 0 ? p->done_bytes / elapsed / 1e6 : 0;
		n += snprintf(out + n, outlen - n, ", %s, %.1f MB/s",
					  gi_size(p->done_bytes, size, sizeof(size)), rate);
	}
	else
	{
		frac = p->total_items ? (double) p->done_items / p->total_items : 1;
		rate = elapsed > 0 ? p->done_items / elapsed : 0;
		n += snprintf(out + n, outlen - n, ", %.2f %s/s", rate, p->unit);
	}
	if (frac > 0 && frac < 1 && elapsed > 0.5)
	{
		format_eta(elapsed * (1 - frac) / frac, eta, sizeof(eta));
		snprintf(out + n, outlen - n, ", ETA %s", eta);
	}
}

static void
draw_bar(gi_progress *p)
{
	char		text[200];
	char		bar[31];
	double		frac;
	int			fill;

	if (p->total_bytes > 0)
		frac = (double) p->done_bytes / p->total_bytes;
	else
		frac = p->total_items ? (double) p->done_items / p->total_items : 1;
	fill = (int) (frac * 30 + 0.5);
	if (fill > 30)
		fill = 30;
	memset(bar, '#', fill);
	memset(bar + fill, '.', 30 - fill);
	bar[30] = '\0';
	totals(p, text, sizeof(text));
	fprintf(stderr, "\r\033[K%s [%s] %s", p->what, bar, text);
	fflush(stderr);
	bar_shown = 1;
	p->last_draw = gi_now();
}

void
gi_fatal(int code, const char *fmt,...)
{
	va_list		ap;

	erase_bar();
	fputs("genre-import: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void
gi_warn(const char *fmt,...)
{
	va_list		ap;

	erase_bar();
	fputs("genre-import: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (active && mode == GI_PROGRESS_BAR)
		draw_bar(active);
}

void
gi_progress_start(gi_progress *p, const char *what, const char *unit,
				  int64_t total_items, int64_t total_bytes)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->unit = unit;
	p->total_items = total_items;
	p->total_bytes = total_bytes;
	p->start = gi_now();
	active = p;
	if (mode == GI_PROGRESS_BAR)
		draw_bar(p);
}

void
gi_progress_add(gi_progress *p, int64_t items, int64_t bytes)
{
	p->done_items += items;
	p->done_bytes += bytes;
	if (mode == GI_PROGRESS_BAR && gi_now() - p->last_draw >= 0.1)
		draw_bar(p);
}

void
gi_progress_line(gi_progress *p, const char *fmt,...)
{
	va_list		ap;
	char		text[200];

	if (mode == GI_PROGRESS_BAR)
	{
		draw_bar(p);
		return;
	}
	if (mode == GI_PROGRESS_NONE)
		return;
	totals(p, text, sizeof(text));
	fprintf(stderr, "genre-import: %s: ", p->what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " | %s\n", text);
}

void
gi_progress_end(gi_progress *p)
{
	erase_bar();
	if (active == p)
		active = NULL;
}
