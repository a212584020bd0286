"""scikit-learn's folds of the 30 s table, for the SQL benchmark (cv.sql).

    /usr/bin/python3 folds.py SEED [SEED ...] > skfolds.csv

Prints filename,seed,fold: StratifiedKFold(10, shuffle=True,
random_state=SEED) over test/data/gtzan_features_30_sec.csv, the protocol
behind the baselines of the shared data README.
"""
import csv
import os
import sys

import numpy as np
from sklearn.model_selection import StratifiedKFold

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, '..', '..', 'data', 'gtzan_features_30_sec.csv')


def main():
    rows = list(csv.DictReader(open(TABLE)))
    y = np.array([r['label'] for r in rows])
    out = csv.writer(sys.stdout, lineterminator='\n')
    for seed in (int(s) for s in sys.argv[1:]):
        skf = StratifiedKFold(10, shuffle=True, random_state=seed)
        for k, (_, te) in enumerate(skf.split(np.zeros((len(y), 1)), y)):
            for i in te:
                out.writerow([rows[i]['filename'], seed, k])


if __name__ == '__main__':
    main()
