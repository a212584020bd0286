"""librosa's time for the seed features of each file given, with an installed
librosa (the fallback of test/bench/features): prints '<path> <seconds>', the
minimum of 3 runs of load + mfcc + zcr + centroid + rolloff + bandwidth +
chroma_stft + tonnetz + beat_track, as ../shared/tools/librosa-time does."""
import sys
import time

import librosa


def seed(path):
    y, sr = librosa.load(path, sr=22050, mono=True)
    librosa.feature.mfcc(y=y, sr=sr, n_mfcc=20)
    librosa.feature.zero_crossing_rate(y)
    librosa.feature.spectral_centroid(y=y, sr=sr)
    librosa.feature.spectral_rolloff(y=y, sr=sr)
    librosa.feature.spectral_bandwidth(y=y, sr=sr)
    librosa.feature.chroma_stft(y=y, sr=sr)
    librosa.feature.tonnetz(y=y, sr=sr)
    librosa.beat.beat_track(y=y, sr=sr)


if len(sys.argv) < 2:
    sys.exit('usage: librosa_time.py CLIP [CLIP...]')
y, sr = librosa.load(sys.argv[1], sr=22050, duration=3.0)   # warm-up: numba, caches
librosa.feature.tonnetz(y=y, sr=sr)
librosa.beat.beat_track(y=y, sr=sr)
for path in sys.argv[1:]:
    best = None
    for _ in range(3):
        t = time.perf_counter()
        seed(path)
        best = min(best or 1e300, time.perf_counter() - t)
    print(path, f'{best:.4f}')
