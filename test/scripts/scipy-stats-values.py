#!/usr/bin/python3
# Prints the scipy 1.10 values that test/unit/test_stats.c checks: mean and
# t interval, normaltest with skewtest / kurtosistest, probplot, on columns
# of the public GTZAN table (test/data) and two small fixed samples.
# Run from the repository root with Debian's python (numpy, scipy, mpmath):
#   /usr/bin/python3 test/scripts/scipy-stats-values.py
# scipy 1.10's t.ppf (cdflib's stdtrit) stops its root search at a relative
# 1e-8, so the script also prints the interval with the exact t quantile
# (mpmath, 40 digits), which genre is held to.
import csv

import mpmath as mp
import numpy as np
import scipy
from scipy import stats

mp.mp.dps = 40
rows = list(csv.DictReader(open("test/data/gtzan_features_30_sec.csv")))


def column(name, label=None):
    return np.array([float(r[name]) for r in rows if label is None or r["label"] == label])


def exact_t_ppf(p, df):
    q = mp.mpf(p) if p < 0.5 else 1 - mp.mpf(p)
    df = mp.mpf(df)
    f = lambda t: mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2 - q
    t = mp.findroot(f, abs(float(stats.t.ppf(p, float(df)))))
    return -t if p < 0.5 else t


SAMPLES = {
    "tempo": column("tempo"),
    "blues_tempo": column("tempo", "blues"),
    "rms_mean": column("rms_mean"),
    "centroid": column("spectral_centroid_mean"),
    "small8": np.array([2.5, -1.0, 3.25, 0.5, 7.0, 1.5, 2.0, -0.75]),
    "small3": np.array([1.0, 2.0, 4.0]),
}

print("scipy", scipy.__version__, "numpy", np.__version__)
print("# mean_ci: n, mean, sem, scipy t.interval low/high, exact low/high")
for name, level in [("tempo", 0.95), ("tempo", 0.99), ("blues_tempo", 0.95),
                    ("small8", 0.9), ("small3", 0.5), ("rms_mean", 0.999)]:
    a = SAMPLES[name]
    n = len(a)
    mean = np.mean(a)
    sem = stats.sem(a)
    lo, hi = stats.t.interval(level, n - 1, loc=mean, scale=sem)
    elo = float(exact_t_ppf((1 - level) / 2, n - 1) * mp.mpf(sem) + mp.mpf(mean))
    ehi = float(exact_t_ppf((1 + level) / 2, n - 1) * mp.mpf(sem) + mp.mpf(mean))
    print(f"{name} {level}: n {n} mean {mean!r} sem {sem!r}\n  scipy {lo!r} {hi!r}\n  exact {elo!r} {ehi!r}")

print("# normaltest: K2, p; skew, kurtosis(fisher=False); skewtest z, p; kurtosistest z, p")
for name in ["tempo", "blues_tempo", "rms_mean", "centroid", "small8"]:
    a = SAMPLES[name]
    k2, p = stats.normaltest(a)
    sz, sp = stats.skewtest(a)
    kz, kp = stats.kurtosistest(a)
    print(f"{name}: {k2!r} {p!r}\n  {stats.skew(a)!r} {stats.kurtosis(a, fisher=False)!r}"
          f"\n  {sz!r} {sp!r}\n  {kz!r} {kp!r}")

print("# probplot: osm[0], osm[1], osm[n // 2], osm[-1]; slope, intercept, r")
for name in ["small3", "small8", "tempo"]:
    a = SAMPLES[name]
    (osm, osr), (slope, intercept, r) = stats.probplot(a)
    print(f"{name}: {osm[0]!r} {osm[1]!r} {osm[len(a) // 2]!r} {osm[-1]!r}\n  {slope!r} {intercept!r} {r!r}")

print("# exact quantiles (mpmath): t.ppf(p, df) and scipy's stdtrit; norm.ppf(p) and scipy's ndtri")
for df, p in [(1, 0.975), (2, 0.9), (5, 0.975), (9, 0.025), (29, 0.995), (99, 0.75),
              (999, 0.95), (99999, 0.975), (3, 1e-10), (10, 0.4999)]:
    print(f"t {df} {p}: {mp.nstr(exact_t_ppf(p, df), 20)} scipy {stats.t.ppf(p, df)!r}")
for p in [1e-300, 1e-10, 0.025, 0.3, 0.4999, 0.9, 1 - 1e-12]:
    z = mp.findroot(lambda x: mp.ncdf(x) - mp.mpf(p), float(stats.norm.ppf(p)))
    print(f"norm {p}: {mp.nstr(z, 20)} scipy {stats.norm.ppf(p)!r}")
