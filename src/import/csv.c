/*
 * csv.c - RFC 4180 records from a file.
 */
#include "import/csv.h"

#include <stdlib.h>
#include <string.h>

int
gi_csv_open(gi_csv *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->f = fopen(path, "rb");
	if (c->f == NULL)
		return -1;
	c->name = path;
	c->next_line = 1;
	return 0;
}

void
gi_csv_close(gi_csv *c)
{
	if (c->f)
		fclose(c->f);
	free(c->fields);
	gi_buf_free(&c->text);
	memset(c, 0, sizeof(*c));
}

/* The next byte, counting lines; a CR before LF is dropped, so CRLF reads as LF. */
static int
get(gi_csv *c)
{
	int			ch = getc(c->f);

	if (ch == '\r')
	{
		int			next = getc(c->f);

		if (next == '\n')
			ch = '\n';
		else if (next != EOF)
			ungetc(next, c->f);
	}
	if (ch == '\n')
		c->next_line++;
	return ch;
}

static void
add_byte(gi_csv *c, int ch)
{
	char		b = (char) ch;

	gi_buf_append(&c->text, &b, 1);
}

int
gi_csv_next(gi_csv *c, char *err, size_t errlen)
{
	size_t	   *starts = NULL;
	int			nstarts = 0;
	int			ch;
	int			i;

	if (!c->started)
	{
		unsigned char bom[3];
		size_t		got = fread(bom, 1, 3, c->f);

		c->started = 1;
		if (!(got == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF))
			rewind(c->f);
	}

	/* skip blank lines */
	do
	{
		c->line = c->next_line;
		ch = get(c);
	} while (ch == '\n');
	if (ch == EOF)
		return ferror(c->f) ? (snprintf(err, errlen, "%s: read error", c->name), -1) : 0;

	c->text.len = 0;
	for (;;)
	{
		/* one field; ch is its first byte */
		starts = gi_realloc(starts, sizeof(size_t) * (nstarts + 1));
		starts[nstarts++] = c->text.len;
		if (ch == '"')
		{
			int			quote_line = c->next_line;

			for (;;)
			{
				ch = get(c);
				if (ch == EOF)
				{
					snprintf(err, errlen, "%s:%d: quoted field not closed", c->name, quote_line);
					free(starts);
					return -1;
				}
				if (ch == '"')
				{
					ch = get(c);
					if (ch != '"')
						break;
				}
				if (ch == '\0')
					goto nul;
				/* a CRLF inside quotes reads as LF: line breaks in values are LF */
				add_byte(c, ch);
			}
			if (ch != ',' && ch != '\n' && ch != EOF)
			{
				snprintf(err, errlen, "%s:%d: text after a closing quote", c->name, c->next_line);
				free(starts);
				return -1;
			}
		}
		else
		{
			while (ch != ',' && ch != '\n' && ch != EOF)
			{
				if (ch == '"')
				{
					snprintf(err, errlen, "%s:%d: quote inside an unquoted field (quote the whole field)",
							 c->name, c->next_line);
					free(starts);
					return -1;
				}
				if (ch == '\0')
					goto nul;
				add_byte(c, ch);
				ch = get(c);
			}
		}
		gi_buf_append(&c->text, "", 1);
		if (ch != ',')
			break;
		ch = get(c);
	}

	if (nstarts > c->cap)
	{
		c->cap = nstarts;
		c->fields = gi_realloc(c->fields, sizeof(char *) * c->cap);
	}
	for (i = 0; i < nstarts; i++)
		c->fields[i] = c->text.data + starts[i];
	c->nfields = nstarts;
	free(starts);
	return 1;

nul:
	snprintf(err, errlen, "%s:%d: NUL byte in a field", c->name, c->next_line);
	free(starts);
	return -1;
}
