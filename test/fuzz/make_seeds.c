/*
 * make_seeds.c - writes the fuzz seed corpus test/fuzz/corpus/audio/: a
 * short two-tone clip in every container and encoding genre decodes, made
 * with libsndfile so no third-party audio is involved.  Run by hand:
 *   cc -o /tmp/make_seeds test/fuzz/make_seeds.c -lsndfile -lm &&
 *   /tmp/make_seeds test/fuzz/corpus/audio
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>

typedef struct seed
{
	const char *file;
	int			format;
	int			rate;
	int			channels;
	double		seconds;
} seed;

static const seed seeds[] = {
	{"pcm16_mono.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, 0.05},
	{"u8_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 8000, 2, 0.05},
	{"pcm24_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 44100, 2, 0.02},
	{"float_mono.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 1, 0.05},
	{"pcm32_ext.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_32, 11025, 3, 0.03},
	{"ima_adpcm.wav", SF_FORMAT_WAV | SF_FORMAT_IMA_ADPCM, 22050, 1, 0.1},
	{"pcm16.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 22050, 2, 0.03},
	{"ulaw.au", SF_FORMAT_AU | SF_FORMAT_ULAW, 8000, 1, 0.1},
	{"pcm16.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, 0.1},
	{"pcm24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 48000, 1, 0.1},
	{"vorbis.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 22050, 2, 0.2},
	{"opus.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, 1, 0.1},
	{"layer3.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 22050, 1, 0.2},
};

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	int			failed = 0;

	for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++)
	{
		const seed *s = &seeds[k];
		int			frames = (int) (s->rate * s->seconds);
		float	   *x = malloc(sizeof(float) * frames * s->channels);
		char		path[4096];
		SF_INFO		si;
		SNDFILE    *sf;

		for (int i = 0; i < frames; i++)
			for (int c = 0; c < s->channels; c++)
				x[i * s->channels + c] = (float) (0.4 * sin(2 * M_PI * (440 + 220 * c) * i / s->rate));
		memset(&si, 0, sizeof(si));
		si.samplerate = s->rate;
		si.channels = s->channels;
		si.format = s->format;
		snprintf(path, sizeof(path), "%s/%s", dir, s->file);
		sf = sf_open(path, SFM_WRITE, &si);
		if (sf == NULL)
		{
			fprintf(stderr, "%s: %s\n", s->file, sf_strerror(NULL));
			failed = 1;
		}
		else
		{
			sf_writef_float(sf, x, frames);
			sf_close(sf);
		}
		free(x);
	}
	return failed;
}
