/*
 * inputs.h - the files to import: found by walking folders or listed in a
 * manifest CSV, each with its label (by default the name of the folder that
 * holds it, as in genre/track.wav layouts) and, from a manifest, metadata
 * columns.
 */
#ifndef GENRE_IMPORT_INPUTS_H
#define GENRE_IMPORT_INPUTS_H

#include <stdint.h>

#include "import/report.h"
#include "import/util.h"

typedef struct gi_file
{
	char	   *path;			/* the key stored in the table's path column */
	char	   *open_path;		/* where to read it */
	char	   *label;			/* NULL: no label */
	char	  **meta;			/* one value per metadata column, NULL for empty */
	int64_t		size;			/* bytes, from stat */
	const char *skip;			/* why it is not imported; NULL while a candidate */
} gi_file;

typedef struct gi_inputs
{
	gi_file    *files;
	size_t		n;
	size_t		cap;
	char	  **meta_names;		/* manifest columns other than path and label */
	int			nmeta;
	char	  **exts;			/* --ext filter, lower case, NULL-terminated; NULL: every file */
	gi_map		seen;			/* path -> 1, to find duplicates */
	gi_map		dirs;			/* "dev:ino" of folders walked, against symlink loops */
	gi_reasons *reasons;		/* where client-side skips are counted */
} gi_inputs;

/*
 * Add every file under a folder (recursively, sorted by name, following
 * symbolic links, skipping names that start with a dot) or the one file arg
 * names.  Returns -1 with a message in err when arg does not exist.
 */
int			gi_inputs_walk(gi_inputs *in, const char *arg, char *err, size_t errlen);

/*
 * Add the files a manifest lists: a header line naming the columns (path
 * required, label optional, the rest metadata), then one row per file.
 * Relative paths are read relative to the manifest's folder and stored as
 * written.  Returns -1 with a message in err on a syntax error.
 */
int			gi_inputs_manifest(gi_inputs *in, const char *manifest, char *err, size_t errlen);

/*
 * Load a label map (rows old,new; an optional header old,new; an empty new
 * label removes the label).  Returns -1 with a message in err.
 */
int			gi_label_map_load(gi_map *map, const char *file, char *err, size_t errlen);

/* Apply the map to every file's label; returns how many labels changed. */
size_t		gi_inputs_relabel(gi_inputs *in, const gi_map *map);

/* Mark a file skipped for reason and count it (detail: the message to print, or NULL). */
void		gi_file_skip(gi_inputs *in, gi_file *f, const char *reason, const char *detail);

#endif
