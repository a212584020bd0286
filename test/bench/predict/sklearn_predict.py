"""scikit-learn's side of test/bench/predict: the same forest size trained the
same way on the same 1000 GTZAN rows, batch predict and predict_proba on a
numpy array of the very rows genre reads (exported from the table, in its
order), one core.  Trains once, then times one round per line read from
stdin, printing "predict_wall predict_cpu proba_wall proba_cpu" (seconds),
so rounds can alternate with genre's."""
import csv
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier

train_csv, rows_csv, trees = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.DictReader(open(train_csv)))
names = [c for c in rows[0].keys() if c not in ('filename', 'length', 'label')]
X = np.array([[float(r[c]) for c in names] for r in rows], dtype=np.float32)
y = np.array([r['label'] for r in rows])
m = RandomForestClassifier(n_estimators=trees, n_jobs=1, random_state=0).fit(X, y)
B = np.loadtxt(rows_csv, delimiter=',', dtype=np.float32, ndmin=2)
print(len(B), flush=True)


def timed(fn):
    t, c = time.perf_counter(), time.process_time()
    fn(B)
    return time.perf_counter() - t, time.process_time() - c


for _ in sys.stdin:
    print('%.6f %.6f %.6f %.6f' % (timed(m.predict) + timed(m.predict_proba)), flush=True)
