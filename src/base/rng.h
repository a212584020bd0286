/*
 * rng.h - deterministic pseudo-random numbers (xoshiro256**, seeded by
 * splitmix64).  Same seed, same sequence on every platform, so a model
 * trained with a seed is byte-identical everywhere.
 */
#ifndef GENRE_BASE_RNG_H
#define GENRE_BASE_RNG_H

#include <stdint.h>

typedef struct genre_rng
{
	uint64_t	s[4];
} genre_rng;

/* Seed a generator; distinct seeds give independent-looking streams. */
void		genre_rng_seed(genre_rng *r, uint64_t seed);

/* Next 64 random bits. */
uint64_t	genre_rng_next(genre_rng *r);

/* Uniform integer in [0, n) without modulo bias; n > 0. */
uint64_t	genre_rng_below(genre_rng *r, uint64_t n);

/* Uniform double in [0, 1) with 53 random bits. */
double		genre_rng_double(genre_rng *r);

/* Standard normal deviate (Box-Muller, two uniforms per call). */
double		genre_rng_normal(genre_rng *r);

#endif
