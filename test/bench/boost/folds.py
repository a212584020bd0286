"""Export the benchmark protocols as boost_cv data files (group,fold,label,features).

    /usr/bin/python3 folds.py PROTOCOL OUT.csv [seed]

PROTOCOL:
  cv30      30 s table, StratifiedKFold(10, shuffle=True, random_state=seed)
  filtered  30 s table, artist-filtered split (Kereliuk et al. 2015): train + valid
            rows have fold -1 (always train), test rows fold 0; the 70 clips of
            none of the lists are left out
  seg3      3 s table (classical, jazz, rock), StratifiedKFold(5, shuffle=True,
            random_state=seed) over tracks: every segment has its track's fold
  clip3     the 30 s rows of the same 300 tracks with the same folds as seg3

Data paths: GENRE_DATA (default /work/shared/data); the 30 s table is also in
test/data.  The group column is the track (filename without .wav, and without
the segment number for seg3).
"""
import csv
import os
import sys

import numpy as np
from sklearn.model_selection import StratifiedKFold

DATA = os.environ.get('GENRE_DATA', '/work/shared/data')


def table(name):
    rows = list(csv.DictReader(open(os.path.join(DATA, name))))
    feats = [c for c in rows[0].keys() if c not in ('filename', 'length', 'label')]
    return rows, feats


def track(filename, segmented):
    parts = filename.split('.')
    return '.'.join(parts[:2]) if segmented else filename[:-4] if filename.endswith('.wav') else filename


def write(path, rows, feats, groups, folds):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['group', 'fold', 'label'] + feats)
        for r, g, k in zip(rows, groups, folds):
            w.writerow([g, k, r['label']] + [r[c] for c in feats])


def track_folds(seed):
    """Fold of each track of the 3 s table, stratified over tracks."""
    rows, _ = table('gtzan_features_3_sec_classical_jazz_rock.csv')
    tracks = sorted({track(r['filename'], True) for r in rows})
    labels = np.array([t.split('.')[0] for t in tracks])
    fold = {}
    skf = StratifiedKFold(5, shuffle=True, random_state=seed)
    for k, (_, te) in enumerate(skf.split(np.zeros((len(tracks), 1)), labels)):
        for i in te:
            fold[tracks[i]] = k
    return fold


def main():
    protocol, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if protocol in ('cv30', 'filtered', 'clip3'):
        rows, feats = table('gtzan_features_30_sec.csv')
        groups = [track(r['filename'], False) for r in rows]
    if protocol == 'cv30':
        y = np.array([r['label'] for r in rows])
        folds = np.zeros(len(rows), int)
        skf = StratifiedKFold(10, shuffle=True, random_state=seed)
        for k, (_, te) in enumerate(skf.split(np.zeros((len(y), 1)), y)):
            folds[te] = k
        write(out, rows, feats, groups, folds)
    elif protocol == 'filtered':
        split = os.path.join(DATA, 'gtzan_filtered_split')
        side = {}
        for name, k in (('train', -1), ('valid', -1), ('test', 0)):
            for line in open(os.path.join(split, name + '_filtered.txt')):
                if line.strip():
                    side[line.strip()] = k
        keep = [i for i, g in enumerate(groups) if g in side]
        write(out, [rows[i] for i in keep], feats, [groups[i] for i in keep],
              [side[groups[i]] for i in keep])
    elif protocol == 'seg3':
        rows, feats = table('gtzan_features_3_sec_classical_jazz_rock.csv')
        groups = [track(r['filename'], True) for r in rows]
        fold = track_folds(seed)
        write(out, rows, feats, groups, [fold[g] for g in groups])
    elif protocol == 'clip3':
        fold = track_folds(seed)
        keep = [i for i, g in enumerate(groups) if g in fold]
        write(out, [rows[i] for i in keep], feats, [groups[i] for i in keep],
              [fold[groups[i]] for i in keep])
    else:
        sys.exit('unknown protocol ' + protocol)


if __name__ == '__main__':
    main()
