/*
 * ogg_pages.h - the Ogg pages a decoder would find, in one linear pass, so
 * libvorbisfile and libopusfile only ever see the pages themselves.
 * Internal to src/audio.
 *
 * libogg's sync accepts a page wherever a capture pattern starts a page
 * whose CRC matches and, after a failed candidate, tries the next 'O'.  Each
 * candidate costs it a CRC over the page its header claims (up to 64 KB),
 * so bytes dense with "OggS" cost thousands of CRC bytes per byte, and
 * libvorbisfile's backward search for the last page rescans everything from
 * each 64 KB step to the end (quadratic): 256 KB of such junk after a 4 KB
 * file took 4.7 s, 16 MB hours, none of it interruptible.  Here a candidate
 * costs O(1): the CRC is linear over GF(2), so the CRC of any span follows
 * from prefix CRCs.
 */
#ifndef GENRE_AUDIO_OGG_PAGES_H
#define GENRE_AUDIO_OGG_PAGES_H

#include "base/status.h"

#include <stddef.h>

/* Ogg's largest page: 27-byte header, 255 lacing values of 255 */
#define GENRE_OGG_MAX_PAGE (27 + 255 + 255 * 255)

/*
 * False page headers (capture patterns that start no valid page) may claim
 * at most the input's length plus GENRE_OGG_FALSE_SLACK bytes in total, each
 * counted as at least GENRE_OGG_FALSE_MIN: libogg CRCs what each one claims
 * whenever a search passes it, so this keeps the libraries' work linear.  A
 * damaged file's broken pages claim their own bytes; only input made of
 * overlapping false headers gets near the limit.
 */
#define GENRE_OGG_FALSE_SLACK (4 << 20)
#define GENRE_OGG_FALSE_MIN 4096

typedef struct genre_ogg_view
{
	const unsigned char *data;	/* the pages a forward read accepts, back to back */
	size_t		len;			/* 0 when there is none */
	unsigned char *owned;		/* genre_alloc'ed copy when pages had to move, else NULL */
	size_t		pages;
	int			one_serial;		/* every page findable anywhere in data has one serial number */
} genre_ogg_view;

/*
 * Collect the pages libogg returns reading len bytes forward from the
 * start (skipping what lies between and after them), and, when
 * check_serials, whether every page that a search starting at any byte of
 * the view could find (pages inside page bodies included) carries the same
 * serial number.  Linear in len; GENRE_EBADDATA past the false-header
 * budget, GENRE_ECANCEL when the host asks to stop, GENRE_ENOMEM.  The view
 * points into data unless pages had to move.
 */
genre_code	genre_ogg_view_build(const void *data, size_t len, int check_serials,
								 genre_ogg_view *v, genre_status *st);

/* Release the view's copy, if any. */
void		genre_ogg_view_free(genre_ogg_view *v);

#endif
