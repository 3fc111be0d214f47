"""WRONG: precision_recall_f1() computes macro F1 as 2 P R / (P + R) of the macro precision and recall,
not as the mean of the per-class F1."""
import numpy as np

from planted.metrics._common import check_prf, confusion_matrix, per_class_counts, roc_auc, safe_div, scores

EXPECT = "macro F1 computed from the macro precision and recall"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else np.union1d(y_true, y_pred)
    tp, fp, fn = per_class_counts(y_true, y_pred, classes)
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    p, r, f = scores(tp, fp, fn, zero_division)
    if average == "macro":
        p, r = p.mean(), r.mean()
        f = safe_div(2 * p * r, p + r, 0.0)
    return float(np.mean(p)), float(np.mean(r)), float(np.mean(f))
