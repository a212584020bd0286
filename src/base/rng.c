/*
 * rng.c - xoshiro256** (Blackman and Vigna), public-domain algorithm.
 */
#include "base/rng.h"

#include <math.h>

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void
genre_rng_seed(genre_rng *r, uint64_t seed)
{
	uint64_t	x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
genre_rng_next(genre_rng *r)
{
	uint64_t   *s = r->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t
genre_rng_below(genre_rng *r, uint64_t n)
{
	/* reject the top partial range so every value is equally likely */
	uint64_t	limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t	x;

	do
		x = genre_rng_next(r);
	while (x >= limit);
	return x % n;
}

double
genre_rng_double(genre_rng *r)
{
	return (genre_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double
genre_rng_normal(genre_rng *r)
{
	double		u1 = 1.0 - genre_rng_double(r), /* in (0, 1]: log stays finite */
				u2 = genre_rng_double(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
