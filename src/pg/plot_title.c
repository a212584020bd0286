/*
 * plot_title.c - the titled state of the plot aggregates (see plot_title.h).
 */
#include "postgres.h"

#include "pg/errors.h"
#include "pg/plot_title.h"

GenreRowBuf *
genre_plot_title_state(FunctionCallInfo fcinfo, int title_arg, const GenreStateFamily *fam,
					   const char *fname)
{
	GenreRowBuf *state = genre_rowbuf_arg0(fcinfo, fam, fname);
	GenreRows	r = {0};
	const char *title = NULL;
	uint32		tlen = 0;
	char		meta[1 + GENRE_PLOT_MAX_TITLE];

	if (state)
		genre_rowbuf_view(state, &r);
	if (PG_NARGS() > title_arg && !PG_ARGISNULL(title_arg))
	{
		text	   *t = PG_GETARG_TEXT_PP(title_arg);

		title = VARDATA_ANY(t);
		tlen = VARSIZE_ANY_EXHDR(t);
		if (tlen > GENRE_PLOT_MAX_TITLE)
			genre_error_over_limit(fname, "title", r.nrows + 1, tlen, GENRE_PLOT_MAX_TITLE, "bytes");
	}
	meta[0] = title != NULL;
	if (tlen)
		memcpy(meta + 1, title, tlen);
	if (state == NULL)
		return genre_rowbuf_create(fcinfo, fam, meta, 1 + tlen);
	if (r.meta_len != 1 + tlen || memcmp(r.meta, meta, 1 + tlen) != 0)
		genre_error_not_constant(fname, "title");
	return state;
}

const char *
genre_plot_title_of(const GenreRows *r, const char *fname, size_t *len)
{
	if (r->meta_len < 1 || r->meta_len > 1 + GENRE_PLOT_MAX_TITLE ||
		(r->meta[0] != 0 && r->meta[0] != 1) || (r->meta[0] == 0 && r->meta_len != 1))
		genre_error_bad_state(fname, "title of %u bytes", r->meta_len);
	*len = r->meta_len - 1;
	if (r->meta[0] == 0)
		return NULL;
	genre_state_check_label(fname, r->meta + 1, r->meta_len - 1, 0);
	return r->meta + 1;
}
