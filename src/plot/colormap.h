/*
 * colormap.h - the continuous colour maps of the heat maps, tabulated at
 * GENRE_COLORMAP_LEVELS evenly spaced points (the centres of the levels a
 * value is quantised to): matplotlib's magma (sequential, librosa's default
 * for non-negative data) and coolwarm (diverging, librosa's default for
 * data of both signs).
 */
#ifndef GENRE_PLOT_COLORMAP_H
#define GENRE_PLOT_COLORMAP_H

#define GENRE_COLORMAP_LEVELS 64

typedef enum genre_colormap
{
	GENRE_CMAP_MAGMA,
	GENRE_CMAP_COOLWARM
} genre_colormap;

/* "#rrggbb" of level (clamped to 0 .. GENRE_COLORMAP_LEVELS - 1) of map m into buf. */
void		genre_colormap_hex(genre_colormap m, int level, char buf[8]);

/*
 * Level of value v on a scale from lo to hi: floor((v - lo) / (hi - lo) *
 * levels), clamped; 0 for a zero-width scale or a NaN.
 */
int			genre_colormap_level(double v, double lo, double hi);

#endif
