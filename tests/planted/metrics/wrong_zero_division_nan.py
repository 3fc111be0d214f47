"""WRONG: precision_recall_f1() divides plainly: a zero denominator gives NaN (0/0) instead of zero_division."""
import numpy as np

from planted.metrics._common import check_prf, confusion_matrix, per_class_counts, roc_auc

EXPECT = "zero_division ignored: 0/0 left as NaN"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else np.union1d(y_true, y_pred)
    tp, fp, fn = (c.astype(np.float64) for c in per_class_counts(y_true, y_pred, classes))
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    with np.errstate(invalid="ignore"):
        p, r, f = tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)
    return float(np.mean(p)), float(np.mean(r)), float(np.mean(f))
