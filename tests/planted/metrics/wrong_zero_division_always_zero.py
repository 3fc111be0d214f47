"""WRONG: precision_recall_f1() guards its divisions but always with 0: the zero_division argument is ignored."""
import numpy as np

from planted.metrics._common import check_prf, confusion_matrix, per_class_counts, roc_auc, scores

EXPECT = "the zero_division argument ignored"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else np.union1d(y_true, y_pred)
    tp, fp, fn = per_class_counts(y_true, y_pred, classes)
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    return tuple(float(v.mean()) for v in scores(tp, fp, fn, 0.0))
