#!/usr/bin/python3
"""Reference values of sql/eval_report.sql and sql/eval_agreement.sql,
computed with scikit-learn (Debian python3-sklearn 1.2.1).  Run from the
repository root: test/scripts/sklearn-eval-values.py"""
import csv
from sklearn.metrics import (adjusted_rand_score, classification_report,
                             confusion_matrix, normalized_mutual_info_score)

GENRES = sorted(["blues", "classical", "country", "disco", "hiphop", "jazz",
                 "metal", "pop", "reggae", "rock"])


def show_report(name, actual, predicted):
    print(f"== {name}")
    labels = sorted(set(actual) | set(predicted))
    print("labels", labels)
    print("matrix", confusion_matrix(actual, predicted, labels=labels).tolist())
    rep = classification_report(actual, predicted, output_dict=True, zero_division=0)
    for k, v in rep.items():
        if isinstance(v, dict):
            print(f"  {k!r}: p={v['precision']!r} r={v['recall']!r} "
                  f"f1={v['f1-score']!r} s={v['support']}")
        else:
            print(f"  {k!r}: {v!r}")


def show_agreement(name, a, b):
    print(f"== {name}: ari={adjusted_rand_score(a, b)!r} "
          f"nmi={normalized_mutual_info_score(a, b)!r}")


# the small example of eval_report.sql
small_actual = ["cat", "cat", "cat", "cat", "dog", "dog", "dog", "bird", "bird", "fish"]
small_pred = ["cat", "cat", "dog", "bird", "dog", "dog", "cat", "bird", "dog", "cat"]
show_report("small", small_actual, small_pred)

# the GTZAN-style example: the public table's labels and rule-made predictions
rows = list(csv.DictReader(open("test/data/gtzan_features_30_sec.csv")))
actual, predicted, clusters = [], [], []
for r in rows:
    n = int(r["filename"].split(".")[1])
    label = r["label"]
    if n % 5 == 0:
        p = GENRES[(GENRES.index(label) + 1) % len(GENRES)]
    elif n % 7 == 0:
        p = "rock"
    elif n % 13 == 0 and label == "pop":
        p = "disco"
    else:
        p = label
    actual.append(label)
    predicted.append(p)
    clusters.append((len(label) * 3 + (1 if n % 4 == 0 else 0)) % 8)
show_report("gtzan", actual, predicted)

# eval_agreement.sql
show_agreement("six", [0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2])
show_agreement("doc -0.5", [0, 0, 1, 1], [0, 1, 0, 1])
show_agreement("one vs all", [0, 0, 0, 0], [0, 1, 2, 3])
show_agreement("all vs one", [0, 1, 2, 3], [0, 0, 0, 0])
show_agreement("one vs one", [5, 5, 5], [7, 7, 7])
show_agreement("single row", [1], [2])
show_agreement("nine", [1, 1, 1, 2, 2, 2, 3, 3, 3], [1, 1, 2, 2, 2, 3, 3, 3, 1])
show_agreement("gtzan label vs cluster", actual, clusters)
show_agreement("gtzan label vs predicted", actual, predicted)
show_agreement("i%10000 vs i%7", [i % 10000 for i in range(1, 50001)], [i % 7 for i in range(1, 50001)])
br = [i for i, l in enumerate(actual) if l in ("blues", "rock")]
nbr = [i for i, l in enumerate(actual) if l not in ("blues", "rock")]
show_agreement("group blues+rock", [actual[i] for i in br], [clusters[i] for i in br])
show_agreement("group others", [actual[i] for i in nbr], [clusters[i] for i in nbr])
