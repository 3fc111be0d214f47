"""RIGHT: scikit-learn's way: the ROC curve with one point per DISTINCT threshold (scores sorted in decreasing
order, the last index of each run of equal scores) and the trapezoid under it; the matrix with
np.histogram2d; precision/recall/F1 from the confusion matrix of the present classes (diagonal, column and
row sums)."""
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred) or num_classes < 1:
        raise ValueError("bad input")
    if len(y_true) and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= num_classes):
        raise ValueError("label out of range")
    edges = np.arange(num_classes + 1) - 0.5
    counts, _, _ = np.histogram2d(y_true, y_pred, bins=(edges, edges))
    return counts.astype(np.int64)


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    if average not in ("binary", "macro", "micro"):
        raise ValueError("unknown average")
    if zero_division != 0.0 and zero_division != 1.0:
        raise ValueError("zero_division is 0.0 or 1.0")
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred) or len(y_true) == 0:
        raise ValueError("bad lengths")
    classes, codes = np.unique(np.concatenate([y_true, y_pred]), return_inverse=True)
    if average == "binary" and not np.all(np.isin(classes, [0, 1])):
        raise ValueError("binary labels are 0 and 1")
    k, n = len(classes), len(y_true)
    cm = np.bincount(codes[:n] * k + codes[n:], minlength=k * k).reshape(k, k)
    tp = np.diag(cm)
    fp, fn = cm.sum(axis=0) - tp, cm.sum(axis=1) - tp
    if average == "binary":
        where = np.flatnonzero(classes == 1)
        tp, fp, fn = (tp[where], fp[where], fn[where]) if where.size else (np.zeros(1),) * 3
    elif average == "micro":
        tp, fp, fn = np.atleast_1d(tp.sum()), np.atleast_1d(fp.sum()), np.atleast_1d(fn.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), zero_division)
        r = np.where(tp + fn > 0, tp / (tp + fn), zero_division)
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), zero_division)
    return float(p.mean()), float(r.mean()), float(f.mean())


def roc_auc(y_true, scores):
    y_true, scores = np.asarray(y_true, dtype=np.float64), np.asarray(scores, dtype=np.float64)
    if len(y_true) != len(scores) or not np.all(np.isin(y_true, [0.0, 1.0])):
        raise ValueError("bad input")
    if not (np.any(y_true == 1) and np.any(y_true == 0)):
        raise ValueError("both classes needed")
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], y_true[order]
    ends = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]   # last index of each run of equal scores
    tps, fps = np.cumsum(y)[ends], np.cumsum(1 - y)[ends]
    tpr, fpr = np.r_[0.0, tps / tps[-1]], np.r_[0.0, fps / fps[-1]]
    return float(np.trapezoid(tpr, fpr))
