"""Write test/data/roc_cases.txt: inputs and scikit-learn's ROC-AUC and ROC curves.

    /usr/bin/python3 test/scripts/make_roc_cases.py > test/data/roc_cases.txt

Each case: "case NAME n n_classes", n lines "actual p_0 ... p_{C-1}", then
"ovr X" and "ovo X" (roc_auc_score(y, p, multi_class=..., average='macro');
with two classes both are roc_auc_score(y, p[:, 1])), then for classes 0 and
1 "curve c K" and three lines fpr / tpr / thresholds of
roc_curve(y == c, p[:, c]) (drop_intermediate=True), then "end".
Values printed with 17 significant digits (they round-trip).  Test:
test/unit/test_roc.c.
"""
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

rng = np.random.default_rng(20240601)


def grid_probs(n, c, top=4):
    """Probabilities from small integer weights: many exact ties."""
    w = rng.integers(0, top + 1, size=(n, c)).astype(float)
    w[w.sum(axis=1) == 0, 0] = 1
    return w / w.sum(axis=1, keepdims=True)


def informative(n, c, scale, y=None):
    """Softmax scores leaning towards the true class."""
    if y is None:
        y = np.arange(n) % c
        rng.shuffle(y)
    z = rng.normal(size=(n, c))
    z[np.arange(n), y] += scale
    p = np.exp(z)
    return y, p / p.sum(axis=1, keepdims=True)


def emit(name, y, p):
    n, c = p.shape
    print('case %s %d %d' % (name, n, c))
    for yi, row in zip(y, p):
        print('%d %s' % (yi, ' '.join('%.17g' % v for v in row)))
    if c == 2:
        ovr = ovo = roc_auc_score(y, p[:, 1])
    else:
        ovr = roc_auc_score(y, p, multi_class='ovr', average='macro')
        ovo = roc_auc_score(y, p, multi_class='ovo', average='macro')
    print('ovr %.17g' % ovr)
    print('ovo %.17g' % ovo)
    for k in (0, 1):
        fpr, tpr, thr = roc_curve(y == k, p[:, k])
        print('curve %d %d' % (k, len(fpr)))
        for arr in (fpr, tpr, thr):
            print(' '.join('%.17g' % v for v in arr))
    print('end')


print('# scikit-learn %s, numpy %s; made by test/scripts/make_roc_cases.py' %
      (sklearn.__version__, np.__version__))
y = np.arange(40) % 3
emit('grid3_ties', y, grid_probs(40, 3))
y = np.arange(120) % 4
rng.shuffle(y)
emit('grid4_ties', y, grid_probs(120, 4, top=2))
y, p = informative(300, 10, 1.5)
emit('smooth10', y, p)
y, p = informative(60, 2, 1.0)
emit('binary_smooth', y, p)
y = np.arange(30) % 2
emit('binary_ties', y, grid_probs(30, 2, top=3))
# perfectly separated, and every score equal (AUC 1 and 0.5)
y = np.array([0, 0, 1, 1, 2, 2])
p = np.eye(3)[y] * 0.8 + 0.2 / 3 * (1 - np.eye(3)[y]) * 1.5
p = p / p.sum(axis=1, keepdims=True)
emit('separated3', y, p)
emit('constant3', y, np.full((6, 3), 1 / 3))
# unbalanced classes (ovr and ovo differ)
y = rng.choice(5, size=150, p=[0.4, 0.3, 0.15, 0.1, 0.05])
y[:5] = np.arange(5)
y, p = informative(150, 5, 1.0, y)
emit('unbalanced5', y, p)
# nine classes: the pairwise sum of ovo's 36 pair scores and ovr's 9
y, p = informative(90, 9, 0.7)
emit('smooth9', y, p)
