/*
 * contingency.h - counts of (a, b) label pairs, for confusion matrices and
 * clustering agreement (ARI, NMI).
 *
 * Three forms:
 *  - the flat table: an open-addressing hash of pairs with its strings, all
 *    inside one caller-owned byte buffer, so an aggregate updates it in
 *    place (amortised O(1) per row).  Every read is bounds-checked and
 *    genre_contingency_build() validates it completely.
 *  - the packed form: what a state ships (a parallel worker's tuple,
 *    Citus's text): the pairs and their strings with no hash slots and no
 *    spare capacity.  It is untrusted when it comes back from a datum;
 *    genre_ctab_unpack() validates it whole before adding it to a table.
 *  - genre_contingency: the canonical view built from a flat table, labels
 *    sorted byte-wise (code point order for UTF-8, like numpy's np.unique on
 *    str), cells sorted by (row, column), so results are deterministic
 *    whatever order the rows arrived in.
 */
#ifndef GENRE_ML_CONTINGENCY_H
#define GENRE_ML_CONTINGENCY_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/*
 * What copy, merge and unpack return when genre_interrupted() asked them
 * to stop (they check every 65536 pairs; dst is then half-filled).
 */
#define GENRE_CTAB_CANCELED (-2)

/* Longest label accepted (bytes); longer ones are refused with GENRE_EINVAL. */
#define GENRE_CTAB_MAX_LABEL 4096

/* Bytes of a flat table with nslots hash slots (a power of two >= 8) and strbytes for labels. */
size_t		genre_ctab_size(uint32_t nslots, size_t strbytes);

/* Bytes of a new empty table of the default size. */
size_t		genre_ctab_initial_size(void);

/* Format buf (size bytes, from genre_ctab_size) as an empty table with nslots slots. */
void		genre_ctab_init(void *buf, size_t size, uint32_t nslots);

/*
 * Add count to the pair (a, b).  Returns 1 when done, 0 when the table is
 * full: then *need_slots and *need_size say how big a table to copy it into
 * (genre_ctab_copy) before trying again; 0 again after that means the limit
 * of 2^25 pairs.  A corrupt table or a label over GENRE_CTAB_MAX_LABEL
 * bytes returns -1.
 */
int			genre_ctab_add(void *buf, size_t size, const char *a, size_t alen,
						   const char *b, size_t blen, uint64_t count,
						   uint32_t *need_slots, size_t *need_size);

/*
 * Copy every pair of src into dst, an empty table; -1 when src is corrupt,
 * 0 when dst is too small, GENRE_CTAB_CANCELED.
 */
int			genre_ctab_copy(void *dst, size_t dst_size, const void *src, size_t src_size);

/*
 * Merge every pair of src into dst (combine step).  Returns like
 * genre_ctab_add: 0 with the size dst must grow to, -1 on corruption,
 * GENRE_CTAB_CANCELED.
 */
int			genre_ctab_merge(void *dst, size_t dst_size, const void *src, size_t src_size,
							 uint32_t *need_slots, size_t *need_size);

/*
 * Packed form (native byte order):
 *   u32 npairs, u32 0, npairs x {u64 count >= 1, u32 alen, u32 blen},
 *   then the a and b bytes of each pair, in pair order; nothing else.
 * Bytes of the packed form of a table (0 for a corrupt one, or when
 * genre_interrupted() asked to stop).
 */
size_t		genre_ctab_packed_size(const void *buf, size_t size);

/*
 * Write the packed form of a table we wrote into out (genre_ctab_packed_size
 * bytes): 1, or 0 when out_size is not that size or genre_interrupted()
 * asked to stop (out is then incomplete).
 */
int			genre_ctab_pack(const void *buf, size_t size, void *out, size_t out_size);

/*
 * Add every pair of a packed form (len bytes, untrusted) to the table dst.
 * The packed form is validated whole first (-1 when corrupt: counts x sizes
 * against len, counts >= 1, label lengths <= GENRE_CTAB_MAX_LABEL, nothing
 * left over).  0 when dst is too small for the worst case (no pair in
 * common): *need_slots, *need_size say how big a table to copy dst into
 * first; 1 when done; GENRE_CTAB_CANCELED.
 */
int			genre_ctab_unpack(void *dst, size_t dst_size, const void *packed, size_t len,
							  uint32_t *need_slots, size_t *need_size);

/* Number of (a, b) pairs stored, 0 for a corrupt header. */
uint32_t	genre_ctab_npairs(const void *buf, size_t size);

/* Canonical view of a flat table.  Label pointers point into the flat buffer. */
typedef struct genre_contingency
{
	uint32_t	nrows;			/* distinct a labels (or of a and b when shared) */
	uint32_t	ncols;			/* distinct b labels */
	const char **row_label;
	uint32_t   *row_len;
	const char **col_label;		/* == row_label when shared */
	uint32_t   *col_len;
	uint32_t	ncells;			/* non-zero cells, sorted by (row, col) */
	uint32_t   *cell_row;
	uint32_t   *cell_col;
	uint64_t   *cell_count;
	uint64_t	total;			/* sum of all counts */
} genre_contingency;

/*
 * Validate the flat table and build the canonical view.  With shared set,
 * rows and columns both use the sorted union of a and b labels (a confusion
 * matrix); otherwise each side has its own labels (two labelings).  The view
 * borrows buf: keep it alive while using the view.  GENRE_EBADDATA for a
 * corrupt table, GENRE_ELIMIT past 2^62 rows.
 */
genre_code	genre_contingency_build(const void *buf, size_t size, int shared,
									genre_contingency *out, genre_status *st);

/* Release what genre_contingency_build allocated. */
void		genre_contingency_free(genre_contingency *c);

/* Row (actual) and column (predicted) totals, arrays of nrows / ncols owned by the caller. */
genre_code	genre_contingency_margins(const genre_contingency *c, uint64_t **row_sum,
									  uint64_t **col_sum, genre_status *st);

#endif
