"""WRONG: precision_recall_f1() counts per class with np.bincount on the labels themselves (labels assumed to
be 0..K-1): negative labels raise."""
import numpy as np

from planted.metrics._common import check_prf, confusion_matrix, roc_auc, scores

EXPECT = "np.bincount on negative labels"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    k = int(max(y_true.max(), y_pred.max())) + 1
    tp = np.bincount(y_true[y_true == y_pred], minlength=k)
    fp = np.bincount(y_pred, minlength=k) - tp
    fn = np.bincount(y_true, minlength=k) - tp
    present = (tp + fp + fn) > 0  # the present classes are right; the counting is not
    tp, fp, fn = (tp[1:2], fp[1:2], fn[1:2]) if average == "binary" else (tp[present], fp[present], fn[present])
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    return tuple(float(v.mean()) for v in scores(tp, fp, fn, zero_division))
