"""scikit-learn timings for the same work as explore.sql (1000 x 57 GTZAN,
standardised): KMeans k=10 n_init=10 (lloyd), PCA with all components.
Prints one line per task: name, best-of-5 seconds."""
import csv
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

rows = list(csv.reader(open(sys.argv[1])))
head, data = rows[0], rows[1:]
cols = [i for i, c in enumerate(head) if c not in ('filename', 'length', 'label')]
X = np.array([[float(r[i]) for i in cols] for r in data], dtype=np.float32).astype(np.float64)
Z = StandardScaler().fit_transform(X)


def best(f, reps=5):
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return min(t)


km = KMeans(10, n_init=10, random_state=0, algorithm='lloyd')
print('sklearn kmeans k=10 n_init=10: %.4f s (inertia %.0f)' % (best(lambda: km.fit(Z)), km.fit(Z).inertia_))
print('sklearn pca 57 components: %.4f s' % best(lambda: PCA(57).fit(Z)))
print('sklearn scaler: %.4f s' % best(lambda: StandardScaler().fit(X)))
