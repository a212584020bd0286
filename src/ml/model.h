/*
 * model.h - the envelope shared by every serialised model.
 *
 * Layout (little endian):
 *   u32 magic "GNRM", u16 format version, u16 kind,
 *   u64 payload length, u64 FNV-1a checksum of the payload, payload.
 * The checksum catches flipped bytes that a structural check cannot see
 * (a changed threshold); each kind's loader still validates every index.
 *
 * This is the envelope only: what a kind is and does lives in its own file,
 * reached through the table of model_kinds.h.  Loaders accept every format
 * version ever released (DEVELOPER.md).
 */
#ifndef GENRE_ML_MODEL_H
#define GENRE_ML_MODEL_H

#include "base/bytes.h"
#include "base/status.h"

#include <stddef.h>
#include <stdint.h>

#define GENRE_MODEL_MAGIC		0x4D524E47u	/* "GNRM" */
#define GENRE_MODEL_VERSION		1
#define GENRE_MODEL_HEADER_SIZE	24

/* The kind field: numbers are stored in models, never reuse one. */
typedef enum genre_model_kind
{
	GENRE_MODEL_FOREST = 1,
	GENRE_MODEL_KMEANS = 2,
	GENRE_MODEL_PCA = 3,
	GENRE_MODEL_SCALER = 4,
	GENRE_MODEL_BOOSTED = 5,
	GENRE_MODEL_UMAP = 6,
	GENRE_MODEL_PIPELINE = 7
} genre_model_kind;

/* Write a header with placeholder length and checksum; call before the payload. */
void		genre_model_begin(genre_writer *w, genre_model_kind kind);

/* Patch length and checksum once the payload is written. */
void		genre_model_finish(genre_writer *w);

/*
 * Validate the envelope of a serialised model (magic, version, length,
 * checksum) and return its kind field and payload.  22P03 on any mismatch.
 * Whether a kind has that number is the table's business
 * (genre_model_kind_open in model_kinds.h).
 */
genre_code	genre_model_open(const void *data, size_t len, genre_model_kind *kind,
							 const unsigned char **payload, size_t *payload_len,
							 genre_status *st);

/* Read only the checksum field from a header prefix (>= 24 bytes); 0 if short. */
uint64_t	genre_model_header_checksum(const void *data, size_t len);

/* Checksum used by the envelope (FNV-1a, 64 bit). */
uint64_t	genre_checksum(const void *data, size_t len);

/*
 * Read n finite float64 values of a payload into a new genre_alloc'ed array
 * (caller frees); NULL with st filled on failure: GENRE_EBADDATA "invalid
 * <kind_name> model: truncated <what>" or "... non-finite <what>", or no
 * memory.
 */
double	   *genre_model_read_finite(genre_reader *r, size_t n, const char *kind_name,
									const char *what, genre_status *st);

#endif
