#!/usr/bin/python3
# Prints the umap-learn 0.5.3 values test/unit/test_umap.c checks:
# find_ab_params, smooth_knn_dist on fixed distances, and the fuzzy
# simplicial set of 60 rows of the public GTZAN table (5 columns, float32)
# with exact neighbours (the row itself first, as umap-learn's small-data
# path computes them).  Run from the repository root:
#   /usr/bin/python3 test/scripts/umap-values.py
import csv
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import umap  # noqa: E402
from umap.umap_ import find_ab_params, fuzzy_simplicial_set, smooth_knn_dist  # noqa: E402

print("umap-learn", umap.__version__)
for spread, min_dist in [(1.0, 0.1), (1.0, 0.0), (1.0, 0.5), (2.0, 0.3), (0.5, 0.01)]:
    a, b = find_ab_params(spread, min_dist)
    print(f"find_ab {spread} {min_dist}: {a!r} {b!r}")

d = np.array([[0.0, 1.0, 1.5, 2.0, 4.0, 4.5],
              [0.0, 0.0, 0.25, 3.0, 3.5, 8.0],
              [0.0, 2.0, 2.0, 2.0, 2.0, 2.0]], dtype=np.float32)
for lc in [1.0, 0.0]:
    sig, rho = smooth_knn_dist(d, 6.0, local_connectivity=lc)
    print(f"smooth_knn lc {lc}: sigma {[float(s) for s in sig]} rho {[float(r) for r in rho]}")

COLS = ["chroma_stft_mean", "rms_mean", "spectral_centroid_mean", "tempo", "mfcc1_mean"]
rows = list(csv.DictReader(open("test/data/gtzan_features_30_sec.csv")))[:60]
X = np.array([[float(r[c]) for c in COLS] for r in rows], dtype=np.float32)
X /= np.array([1, 1, 1000, 100, 100], dtype=np.float32)
dmat = np.sqrt(((X[:, None, :].astype(np.float64) - X[None, :, :]) ** 2).sum(-1))
k = 8
idx = np.argsort(dmat, axis=1, kind="stable")[:, :k]
dst = np.take_along_axis(dmat, idx, axis=1).astype(np.float32)
assert (idx[:, 0] == np.arange(60)).all()
g, sig, rho = fuzzy_simplicial_set(X, k, None, "euclidean", knn_indices=idx, knn_dists=dst)
g = g.tocoo()
g.sum_duplicates()
order = np.lexsort((g.col, g.row))
print(f"graph of 60 rows, k {k}: {g.nnz} entries, weight sum {float(g.data.sum())!r}")
for e in order[:6]:
    print(f"  ({g.row[e]}, {g.col[e]}) {float(g.data[e])!r}")
print(f"  sigma[0] {float(sig[0])!r} rho[0] {float(rho[0])!r} sigma[59] {float(sig[59])!r} rho[59] {float(rho[59])!r}")
