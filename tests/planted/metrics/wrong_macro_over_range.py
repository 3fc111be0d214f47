"""WRONG: precision_recall_f1() loops over range(max label + 1) for 'macro' (labels assumed 0..K-1): a class
that occurs nowhere counts in the mean with zero_division scores."""

from planted.metrics._common import check_prf, confusion_matrix, per_class_counts, roc_auc, scores

EXPECT = "range(max label + 1)"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else range(max(y_true.max(), y_pred.max()) + 1)
    tp, fp, fn = per_class_counts(y_true, y_pred, classes)
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    return tuple(float(v.mean()) for v in scores(tp, fp, fn, zero_division))
