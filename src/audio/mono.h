/*
 * mono.h - librosa.to_mono: the mean over channels.
 */
#ifndef GENRE_AUDIO_MONO_H
#define GENRE_AUDIO_MONO_H

#include <stddef.h>

/*
 * Mix `frames` interleaved frames of `channels` channels into out[0..frames):
 * the channels summed in order in float32, then divided by the channel count
 * in float32, as np.mean(y, axis=0) does for float32 (stereo: (L + R) / 2).
 * in and out may be the same buffer.
 */
void		genre_mix_mono(const float *in, size_t frames, int channels, float *out);

#endif
