/*
 * svg.c - SVG document frame and XML escaping (see svg.h).
 */
#include "plot/svg.h"

#include <math.h>
#include <string.h>

void
genre_svg_begin(genre_writer *w, int width, int height)
{
	genre_put_text(w,
				   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
				   "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
				   "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
				   "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
				   width, height, width, height, width, height);
}

void
genre_svg_end(genre_writer *w)
{
	genre_put_text(w, "</svg>\n");
}

/*
 * Decode one UTF-8 character at s[0..n); returns its length (>= 1) and the
 * code point in *cp, or -1 in *cp for an invalid sequence (length 1).
 */
static size_t
utf8_next(const unsigned char *s, size_t n, long *cp)
{
	unsigned char c = s[0];
	size_t		len;
	long		v,
				min;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
	{
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	}
	else if (c >= 0xe0 && c <= 0xef)
	{
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	}
	else if (c >= 0xf0 && c <= 0xf4)
	{
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	}
	else
	{
		*cp = -1;
		return 1;
	}
	if (len > n)
	{
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++)
	{
		if ((s[i] & 0xc0) != 0x80)
		{
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
	{
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

/* Characters XML 1.0 allows in a document. */
static int
xml_char_ok(long cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd ||
		(cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff);
}

size_t
genre_svg_char_count(const char *s, size_t n)
{
	size_t		count = 0;

	for (size_t i = 0; i < n; count++)
	{
		long		cp;

		i += utf8_next((const unsigned char *) s + i, n - i, &cp);
	}
	return count;
}

void
genre_svg_escape(genre_writer *w, const char *s, size_t n, size_t max_chars)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		chars = 0;

	for (size_t i = 0; i < n;)
	{
		long		cp;
		size_t		len = utf8_next(u + i, n - i, &cp);

		if (max_chars && chars == max_chars - 1 && i + len < n)
		{
			genre_put_text(w, "\xe2\x80\xa6");	/* U+2026 ellipsis */
			return;
		}
		if (cp < 0 || !xml_char_ok(cp))
			genre_put_text(w, "\xef\xbf\xbd");	/* U+FFFD */
		else if (cp == '&')
			genre_put_text(w, "&amp;");
		else if (cp == '<')
			genre_put_text(w, "&lt;");
		else if (cp == '>')
			genre_put_text(w, "&gt;");
		else if (cp == '"')
			genre_put_text(w, "&quot;");
		else if (cp == '\'')
			genre_put_text(w, "&apos;");
		else if (cp == '\t' || cp == '\n' || cp == '\r')
			genre_put_u8(w, ' ');	/* labels are one line */
		else
			genre_put_bytes(w, u + i, len);
		i += len;
		chars++;
	}
}

void
genre_svg_text(genre_writer *w, double x, double y, const char *anchor,
			   double size, const char *extra, const char *s, size_t n,
			   size_t max_chars)
{
	genre_put_text(w, "<text x=\"");
	genre_svg_num(w, x);
	genre_put_text(w, "\" y=\"");
	genre_svg_num(w, y);
	genre_put_text(w, "\" text-anchor=\"%s\"", anchor);
	if (size != 12)
	{
		genre_put_text(w, " font-size=\"");
		genre_svg_num(w, size);
		genre_put_text(w, "\"");
	}
	if (extra && extra[0])
		genre_put_text(w, " %s", extra);
	genre_put_text(w, ">");
	genre_svg_escape(w, s, n, max_chars);
	genre_put_text(w, "</text>\n");
}

void
genre_svg_num(genre_writer *w, double v)
{
	double		r = round(v * 10.0) / 10.0;

	if (!isfinite(r))
		r = 0.0;
	if (r == floor(r) && fabs(r) < 1e15)
		genre_put_text(w, "%.0f", r == 0.0 ? 0.0 : r);
	else
		genre_put_text(w, "%.1f", r);
}

void
genre_svg_attr(genre_writer *w, const char *name, double v)
{
	genre_put_text(w, " %s=\"", name);
	genre_svg_num(w, v);
	genre_put_u8(w, '"');
}
