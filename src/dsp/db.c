/*
 * db.c - power to decibels as librosa.power_to_db(S, ref=1.0).
 *
 * float32 like librosa (float32 input stays float32 through np.maximum,
 * np.log10 and the multiplication by 10).
 */
#include "dsp/db.h"

#include <math.h>

float
genre_power_to_db_log(float *x, size_t n, double amin, float top)
{
	/* numpy casts the Python float amin to float32 against a float32 array */
	float		amin32 = (float) amin;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		float		v = x[i] > amin32 ? x[i] : amin32;

		/* a NaN power stays NaN through np.maximum; keep that out of the max */
		if (isnan(x[i]))
			v = x[i];
		x[i] = 10.0f * log10f(v);
		if (x[i] > top)
			top = x[i];
	}
	return top;
}

void
genre_db_floor(float *x, size_t n, float top, double top_db)
{
	/*
	 * log_spec.max() - top_db: a float32 scalar minus a Python float is
	 * float64 in numpy 1.x, then np.maximum against the float32 array casts
	 * it back to float32
	 */
	float		floor_db = (float) ((double) top - top_db);
	size_t		i;

	if (top_db < 0.0)
		return;
	for (i = 0; i < n; i++)
		if (x[i] < floor_db)
			x[i] = floor_db;
}

void
genre_power_to_db(float *x, size_t n, double amin, double top_db)
{
	float		top = genre_power_to_db_log(x, n, amin, -INFINITY);

	if (n > 0)
		genre_db_floor(x, n, top, top_db);
}
