/*
 * mono.c - mean over channels in float32, like numpy on librosa's float32
 * (channels, n) array.
 */
#include "audio/mono.h"

#include <string.h>

void
genre_mix_mono(const float *in, size_t frames, int channels, float *out)
{
	/* float32 on purpose: librosa keeps the decoded signal in float32 */
	const float count = (float) channels;

	if (channels == 1)
	{
		if (out != in)
			memmove(out, in, frames * sizeof(float));
		return;
	}
	for (size_t i = 0; i < frames; i++)
	{
		const float *frame = in + i * (size_t) channels;
		float		sum = frame[0];

		for (int c = 1; c < channels; c++)
			sum += frame[c];
		out[i] = sum / count;
	}
}
