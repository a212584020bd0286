/*
 * make_hostile_seeds.c - writes the hostile regression seeds of
 * test/fuzz/corpus/audio/ from vorbis.ogg there, with the generators of
 * test/unit/hostile.h: false Ogg page headers after the stream, junk
 * between its pages, and a float WAV with a sample of 1e20.  Run by hand:
 *   cc -o /tmp/make_hostile_seeds test/fuzz/make_hostile_seeds.c &&
 *   /tmp/make_hostile_seeds test/fuzz/corpus/audio
 */
#include "../unit/files.h"
#include "../unit/hostile.h"

#include <math.h>
#include <stdio.h>

static int
write_file(const char *dir, const char *name, const unsigned char *p, size_t n)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
	{
		perror(path);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char		path[4096];
	size_t		len,
				n,
				cut = 0;
	unsigned char *ogg,
			   *junk,
			   *x,
			   *y;
	float		s[256];
	int			bad = 0;

	if (argc != 2)
	{
		fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/vorbis.ogg", argv[1]);
	if ((ogg = read_file(path, &len)) == NULL)
	{
		perror(path);
		return 1;
	}
	/* 8 KB of false page headers after the stream: refused by the budget */
	junk = hostile_false_headers(8192);
	x = hostile_cat(ogg, len, junk, 8192, &n);
	bad |= write_file(argv[1], "regress_vorbis_false_headers.ogg", x, n);
	free(x);

	/* 600 bytes of zeros and 20 false headers between the 2nd and 3rd page */
	for (int i = 0; i < 2; i++)
	{
		size_t		p = 27 + ogg[cut + 26];

		for (int k = 0; k < ogg[cut + 26]; k++)
			p += ogg[cut + 27 + k];
		cut += p;
	}
	memset(junk, 0, 600);
	x = hostile_false_headers(140);
	memcpy(junk + 600, x, 140);
	free(x);
	x = hostile_cat(ogg, cut, junk, 740, &n);
	y = hostile_cat(x, n, ogg + cut, len - cut, &n);
	bad |= write_file(argv[1], "regress_vorbis_gap.ogg", y, n);
	free(x);
	free(y);

	/* a finite sample of 1e20 in a float WAV: refused at decode time */
	for (int i = 0; i < 256; i++)
		s[i] = (float) sin(i * 0.2);
	s[100] = 1e20f;
	x = hostile_float_wav(s, 256, 22050, &n);
	bad |= write_file(argv[1], "regress_float_huge.wav", x, n);
	free(x);
	free(junk);
	free(ogg);
	return bad;
}
