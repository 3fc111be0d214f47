"""WRONG: precision_recall_f1() takes F1 = 2PR / (P + R) from the guarded P and R: where tp = 0 and both fp
and fn > 0, P = R = 0 and F1 is 0/0 = NaN instead of 0."""
import numpy as np

from planted.metrics._common import check_prf, confusion_matrix, per_class_counts, roc_auc, scores

EXPECT = "NaN when P = R = 0"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else np.union1d(y_true, y_pred)
    tp, fp, fn = per_class_counts(y_true, y_pred, classes)
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    p, r, _ = scores(tp, fp, fn, zero_division)
    with np.errstate(invalid="ignore"):
        f = 2 * p * r / (p + r)
    return float(np.mean(p)), float(np.mean(r)), float(np.mean(f))
