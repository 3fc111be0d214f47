"""Shared by the planted metrics files: the input checks and each function done right, so that a planted
file changes one thing only."""
import numpy as np


def check_cm(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred) or num_classes < 1:
        raise ValueError("bad input")
    for y in (y_true, y_pred):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError("label out of range")
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = check_cm(y_true, y_pred, num_classes)
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def check_prf(y_true, y_pred, average, zero_division):
    if average not in ("binary", "macro", "micro"):
        raise ValueError("average")
    if zero_division not in (0.0, 1.0):
        raise ValueError("zero_division")
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred) or len(y_true) == 0:
        raise ValueError("lengths")
    if average == "binary" and not (np.isin(y_true, (0, 1)).all() and np.isin(y_pred, (0, 1)).all()):
        raise ValueError("binary needs 0/1 labels")
    return y_true, y_pred


def safe_div(num, den, zero_division):
    num, den = np.asarray(num, np.float64), np.asarray(den, np.float64)
    return np.divide(num, den, out=np.full(num.shape, float(zero_division)), where=den > 0)


def per_class_counts(y_true, y_pred, classes):
    """tp, fp, fn per class of `classes` (int64 arrays)."""
    tp = np.array([np.sum((y_true == c) & (y_pred == c)) for c in classes], dtype=np.int64)
    fp = np.array([np.sum((y_true != c) & (y_pred == c)) for c in classes], dtype=np.int64)
    fn = np.array([np.sum((y_true == c) & (y_pred != c)) for c in classes], dtype=np.int64)
    return tp, fp, fn


def scores(tp, fp, fn, zero_division):
    p, r = safe_div(tp, tp + fp, zero_division), safe_div(tp, tp + fn, zero_division)
    return p, r, safe_div(2 * tp, 2 * tp + fp + fn, zero_division)


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    y_true, y_pred = check_prf(y_true, y_pred, average, zero_division)
    classes = [1] if average == "binary" else np.union1d(y_true, y_pred)
    tp, fp, fn = per_class_counts(y_true, y_pred, classes)
    if average == "micro":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    return tuple(float(v.mean()) for v in scores(tp, fp, fn, zero_division))


def check_auc(y_true, scores):
    y_true, scores = np.asarray(y_true), np.asarray(scores, np.float64)
    if len(y_true) != len(scores) or not np.isin(y_true, (0, 1)).all():
        raise ValueError("bad input")
    y = y_true == 1
    if y.all() or not y.any():
        raise ValueError("one class")
    return y, scores


def roc_auc(y_true, scores):
    y, s = check_auc(y_true, scores)
    pos, neg = s[y], s[~y]
    return float(np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])))
