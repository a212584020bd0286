#!/usr/bin/python3
# UMAP quality and speed, genre beside umap-learn 0.5.3 in the same run, on
# the standardised public GTZAN table (1000 x 57):
#   trustworthiness(15) (sklearn.manifold.trustworthiness of each embedding),
#   accuracy of a 15-NN genre classifier in 2-D over
#   StratifiedKFold(10, shuffle=True, random_state=0),
#   fit time, wall and CPU (umap-learn warm: its numba code compiled by a
#   first fit; seeded, so single-threaded as genre).
# Quality is the mean over seeds 0, 1, 2 of each (per seed in brackets).
# Usage: compare.py GTZAN_CSV GENRE_EMBEDDING_PREFIX GENRE_WALL_S GENRE_CPU_S
import csv
import sys
import time
import warnings

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")
import umap  # noqa: E402

table, genre_prefix = sys.argv[1], sys.argv[2]
genre_wall, genre_cpu = float(sys.argv[3]), float(sys.argv[4])
rows = list(csv.reader(open(table)))[1:]
X = StandardScaler().fit_transform(np.array([[float(v) for v in r[2:-1]] for r in rows]))
y = np.array([r[-1] for r in rows])
SEEDS = range(3)
G = [np.array([[float(a), float(b)] for a, b, _ in csv.reader(open(f"{genre_prefix}{s}.csv"))])
     for s in SEEDS]


def knn_accuracy(E):
    folds = StratifiedKFold(10, shuffle=True, random_state=0)
    return cross_val_score(KNeighborsClassifier(15), E, y, cv=folds).mean()


umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=0).fit_transform(X)  # compile (warm-up)
walls, cpus, U = [], [], []
for seed in SEEDS:
    t0, c0 = time.perf_counter(), time.process_time()
    U.append(umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=seed).fit_transform(X))
    walls.append(time.perf_counter() - t0)
    cpus.append(time.process_time() - c0)
u_wall, u_cpu = sorted(walls)[1], sorted(cpus)[1]


def row(name, f, target):
    g = [f(E) for E in G]
    u = [f(E) for E in U]
    per = lambda v: " ".join(f"{x:.3f}" for x in v)
    print(f"{name:26s}{np.mean(g):8.3f}{np.mean(u):12.3f}   difference {np.mean(g) - np.mean(u):+.3f} "
          f"(target within {target}); per seed genre [{per(g)}], umap-learn [{per(u)}]")


print(f"{'':26s}{'genre':>8s}{'umap-learn':>12s}")
row("trustworthiness(15)", lambda E: trustworthiness(X, E, n_neighbors=15), 0.01)
row("15-NN accuracy, 10 folds", knn_accuracy, 0.02)
print(f"{'fit s, wall (median)':26s}{genre_wall:8.3f}{u_wall:12.3f}   genre {u_wall / genre_wall:.1f}x faster")
print(f"{'fit s, cpu (median)':26s}{genre_cpu:8.3f}{u_cpu:12.3f}   genre {u_cpu / genre_cpu:.1f}x faster "
      f"(umap-learn seeded: one thread, as genre)")
