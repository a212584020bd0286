/*
 * svg.h - a small SVG writer on top of genre_writer: document frame, XML
 * escaping of user text, number formatting.  Output is standalone SVG 1.1
 * that browsers open and XML parsers accept.
 */
#ifndef GENRE_PLOT_SVG_H
#define GENRE_PLOT_SVG_H

#include <stddef.h>

#include "base/bytes.h"

/* Longest user label drawn, in characters; longer ones end with an ellipsis. */
#define GENRE_SVG_LABEL_CHARS 32

/* <?xml ...?><svg ...> of width x height px with a white background and the base font. */
void		genre_svg_begin(genre_writer *w, int width, int height);

/* Close the document. */
void		genre_svg_end(genre_writer *w);

/*
 * Append n bytes of user text escaped for XML character data and attribute
 * values: & < > " ' as entities, invalid UTF-8 and characters XML 1.0
 * forbids (most control characters) as U+FFFD.  At most max_chars
 * characters are kept (0 = all), then an ellipsis.
 */
void		genre_svg_escape(genre_writer *w, const char *s, size_t n, size_t max_chars);

/* Number of characters (code points) in n bytes of UTF-8; bad bytes count one each. */
size_t		genre_svg_char_count(const char *s, size_t n);

/*
 * <text x y text-anchor ...>escaped text</text>; anchor is "start", "middle"
 * or "end", extra is appended inside the tag verbatim (trusted, may be "").
 */
void		genre_svg_text(genre_writer *w, double x, double y, const char *anchor,
						   double size, const char *extra, const char *s, size_t n,
						   size_t max_chars);

/* A coordinate with one decimal, "-0.0" written as "0". */
void		genre_svg_num(genre_writer *w, double v);

/* An attribute: space, name="v" with v as genre_svg_num writes it. */
void		genre_svg_attr(genre_writer *w, const char *name, double v);

#endif
