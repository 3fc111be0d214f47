"""confusion_matrix, precision_recall_f1 (macro) and roc_auc against scikit-learn's confusion_matrix,
precision_recall_fscore_support and roc_auc_score, on the kata's benchmark size (a million labels)."""
import numpy as np
from metrics import confusion_matrix, precision_recall_f1, roc_auc
from sklearn import metrics as sk


def benchmarks():
    n, c = 10**6, 10
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, c, n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, c, n))
    y = rng.integers(0, 2, n)
    scores = np.round(rng.normal(y * 0.8, 1.0), 3)  # many ties, as real model scores have
    labels = np.arange(c)
    return [
        {"name": f"confusion_matrix N={n} C={c}", "reference": lambda: confusion_matrix(y_true, y_pred, c),
         "library": lambda: sk.confusion_matrix(y_true, y_pred, labels=labels),
         "library_name": "sklearn.metrics.confusion_matrix"},
        {"name": f"precision_recall_f1 macro N={n} C={c}",
         "reference": lambda: precision_recall_f1(y_true, y_pred, "macro"),
         "library": lambda: sk.precision_recall_fscore_support(y_true, y_pred, average="macro", zero_division=0.0),
         "library_name": "sklearn.metrics.precision_recall_fscore_support"},
        {"name": f"roc_auc N={n}", "reference": lambda: roc_auc(y, scores),
         "library": lambda: sk.roc_auc_score(y, scores), "library_name": "sklearn.metrics.roc_auc_score"},
    ]
