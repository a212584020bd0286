"""Peers of genre's models on a protocol file exported from SQL (same rows, same folds).

    OMP_NUM_THREADS=1 /usr/bin/python3 peers.py DATA MODEL [key=value ...]
    /usr/bin/python3 peers.py --auc PROBA      scikit-learn's ROC-AUC of exported probabilities

DATA (test/bench/boost/run writes it from the cv_rows table of cv.sql):
group,fold,label,features..., one row per clip or segment; PROBA: a header
id,actual,class1,class2,... then id,actual label,p1,p2,... per row.

MODEL: hgb (HistGradientBoostingClassifier, defaults but for the options
given: max_iter, learning_rate, max_leaf_nodes, max_depth, min_samples_leaf,
l2_regularization), xgb (XGBClassifier tree_method=hist, nthread=1; options
n_estimators, max_depth, learning_rate, subsample, colsample_bytree), svm
(StandardScaler + SVC RBF, C=3, probability=True), rf (RandomForestClassifier,
n_jobs=1; option n_estimators).  Fold k trains on the rows whose fold is not
k and predicts fold k; negative folds only train.  Prints one line: accuracy (of predict), fit CPU seconds
(time.process_time, all threads), predict_proba CPU microseconds per row (in
one batch per fold), out-of-fold macro ROC-AUC ovr / ovo, and with groups of
several rows the hard and soft vote accuracy per group.
"""
import csv
import sys
import time

import numpy as np


def read(path):
    rows = list(csv.reader(open(path)))
    head, body = rows[0], rows[1:]
    group = np.array([r[0] for r in body])
    fold = np.array([int(r[1]) for r in body])
    label = np.array([r[2] for r in body])
    X = np.array([[float(v) for v in r[3:]] for r in body], dtype=np.float32)
    return group, fold, label, X


def auc(y, P):
    from sklearn.metrics import roc_auc_score
    if P.shape[1] == 2:
        a = roc_auc_score(y, P[:, 1])
        return a, a
    return (roc_auc_score(y, P, multi_class='ovr', average='macro'),
            roc_auc_score(y, P, multi_class='ovo', average='macro'))


def make(model, opts):
    def num(v):
        f = float(v)
        return int(f) if f == int(f) and '.' not in v else f
    kw = {k: num(v) for k, v in opts}
    if model == 'hgb':
        from sklearn.ensemble import HistGradientBoostingClassifier
        return lambda: HistGradientBoostingClassifier(random_state=0, **kw)
    if model == 'xgb':
        import xgboost as xgb
        return lambda: xgb.XGBClassifier(tree_method='hist', n_jobs=1, random_state=0, **kw)
    if model == 'rf':
        from sklearn.ensemble import RandomForestClassifier
        return lambda: RandomForestClassifier(n_jobs=1, random_state=0, **kw)
    if model == 'svm':
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import SVC
        return lambda: make_pipeline(StandardScaler(), SVC(C=3, probability=True, random_state=0))
    sys.exit('unknown model ' + model)


def votes(group, y, pred, P):
    order = np.argsort(group, kind='stable')
    hard = soft = n = 0
    biggest = 1
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and group[order[j]] == group[order[i]]:
            j += 1
        idx = order[i:j]
        biggest = max(biggest, j - i)
        counts = np.bincount(pred[idx], minlength=P.shape[1])
        hard += np.argmax(counts) == y[idx[0]]          # ties: lowest class
        soft += np.argmax(P[idx].mean(axis=0)) == y[idx[0]]
        n += 1
        i = j
    if biggest > 1:
        return ' hard %.4f soft %.4f groups %d' % (hard / n, soft / n, n)
    return ''


def main():
    if sys.argv[1] == '--auc':
        rows = list(csv.reader(open(sys.argv[2])))
        classes = rows[0][2:]
        y = np.array([classes.index(r[1]) for r in rows[1:]])
        P = np.array([[float(v) for v in r[2:]] for r in rows[1:]])
        print('auc_ovr %.17g auc_ovo %.17g' % auc(y, P))
        return
    group, fold, label, X = read(sys.argv[1])
    build = make(sys.argv[2], [a.split('=', 1) for a in sys.argv[3:]])
    classes = sorted(set(label))
    y = np.array([classes.index(v) for v in label])
    tested = fold >= 0
    P = np.zeros((len(y), len(classes)))
    pred = np.zeros(len(y), int)
    fit = predict = 0.0
    for k in range(fold.max() + 1):
        tr, te = fold != k, fold == k
        m = build()
        t0 = time.process_time()
        m.fit(X[tr], y[tr])
        fit += time.process_time() - t0
        t0 = time.process_time()
        P[te] = m.predict_proba(X[te])
        predict += time.process_time() - t0
        pred[te] = m.predict(X[te])     # an SVM's predict is not the arg-max of its Platt probabilities
    a_ovr, a_ovo = auc(y[tested], P[tested])
    print('accuracy %.4f fit_cpu_s %.3f predict_us %.1f auc_ovr %.17g auc_ovo %.17g%s' % (
        (pred[tested] == y[tested]).mean(), fit, predict / tested.sum() * 1e6, a_ovr, a_ovo,
        votes(group[tested], y[tested], pred[tested], P[tested])))


if __name__ == '__main__':
    main()
