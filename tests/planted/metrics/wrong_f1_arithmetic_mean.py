"""WRONG: precision_recall_f1() takes F1 as (P + R) / 2, the arithmetic mean, instead of the harmonic mean."""
import numpy as np

from planted.metrics._common import check_prf, confusion_matrix, per_class_counts, roc_auc, scores

EXPECT = "arithmetic mean"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else np.union1d(y_true, y_pred)
    tp, fp, fn = per_class_counts(y_true, y_pred, classes)
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    p, r, _ = scores(tp, fp, fn, zero_division)
    return float(p.mean()), float(r.mean()), float(((p + r) / 2).mean())
