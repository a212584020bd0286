/*
 * plot_title.c - the titled state of the plot aggregates (see plot_title.h).
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include "pg/errors.h"
#include "pg/plot_title.h"

GenreAggBuf *
genre_plot_title_state(FunctionCallInfo fcinfo, int title_arg, uint32 magic, const char *fname)
{
	GenreAggBuf *state;
	const char *title = NULL;
	uint32		tlen = 0;
	char		meta[1 + GENRE_PLOT_MAX_TITLE];

	genre_require_aggregate(fcinfo, NULL);
	state = PG_ARGISNULL(0) ? NULL : genre_aggbuf_from_datum(PG_GETARG_DATUM(0), magic);
	if (PG_NARGS() > title_arg && !PG_ARGISNULL(title_arg))
	{
		text	   *t = PG_GETARG_TEXT_PP(title_arg);

		title = VARDATA_ANY(t);
		tlen = VARSIZE_ANY_EXHDR(t);
		if (tlen > GENRE_PLOT_MAX_TITLE)
			genre_error_over_limit(fname, "title", state ? state->nrows + 1 : 1,
								   tlen, GENRE_PLOT_MAX_TITLE, "bytes");
	}
	meta[0] = title != NULL;
	if (tlen)
		memcpy(meta + 1, title, tlen);
	if (state == NULL)
		return genre_aggbuf_create(magic, meta, 1 + tlen);
	if (state->meta_len != 1 + tlen || memcmp(genre_aggbuf_meta(state), meta, 1 + tlen) != 0)
		genre_error_not_constant(fname, "title");
	return state;
}

const char *
genre_plot_title_of(const GenreAggBuf *state, size_t *len)
{
	const char *meta = genre_aggbuf_meta(state);

	if (state->meta_len < 1 || state->meta_len > 1 + GENRE_PLOT_MAX_TITLE ||
		(meta[0] != 0 && meta[0] != 1) || (meta[0] == 0 && state->meta_len != 1) ||
		!pg_verifymbstr(meta + 1, state->meta_len - 1, true))
		genre_error_bad_state();
	*len = state->meta_len - 1;
	return meta[0] ? meta + 1 : NULL;
}
