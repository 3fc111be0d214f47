"""Reference solution for the metrics kata: confusion matrix, precision/recall/F1, ROC-AUC."""
from __future__ import annotations

import numpy as np

AVERAGES = ("binary", "macro", "micro")


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    """cm[i, j] = number of samples of true class i predicted as j ([C, C] int64)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} and {y_pred.shape}")
    if num_classes < 1:
        raise ValueError(f"num_classes must be >= 1, got {num_classes}")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError(f"{name} has a label outside [0, {num_classes})")
    # One bincount over the pair codes: every repeated (true, pred) pair counts, which
    # cm[y_true, y_pred] += 1 does not (buffered fancy indexing writes each pair once).
    # int64 before the product: C * t overflows int32 labels for large C.
    codes = num_classes * y_true.astype(np.int64) + y_pred.astype(np.int64)
    return np.bincount(codes, minlength=num_classes * num_classes).reshape(num_classes, num_classes)


def _ratio(num: np.ndarray, den: np.ndarray, zero_division: float) -> np.ndarray:
    """num / den, zero_division where den == 0 (never NaN)."""
    num, den = np.asarray(num, np.float64), np.asarray(den, np.float64)
    return np.divide(num, den, out=np.full(num.shape, float(zero_division)), where=den > 0)


def precision_recall_f1(y_true: np.ndarray, y_pred: np.ndarray, average: str = "binary",
                        zero_division: float = 0.0) -> tuple[float, float, float]:
    """scikit-learn's precision_recall_fscore_support(y_true, y_pred, average=..., zero_division=...)[:3]."""
    if average not in AVERAGES:
        raise ValueError(f"unknown average {average!r}: expected one of {', '.join(AVERAGES)}")
    if zero_division not in (0.0, 1.0):  # a string or NaN is not 0 or 1 either
        raise ValueError(f"zero_division must be 0.0 or 1.0, got {zero_division!r}")
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} and {y_pred.shape}")
    if y_true.size == 0:
        raise ValueError("no samples")

    if average == "binary":
        if not np.isin(y_true, (0, 1)).all() or not np.isin(y_pred, (0, 1)).all():
            raise ValueError("average='binary' needs labels 0 and 1 only")
        t, p = y_true == 1, y_pred == 1
        tp = np.count_nonzero(t & p)
        fp, fn = np.count_nonzero(p) - tp, np.count_nonzero(t) - tp
    else:
        # The present classes (in y_true or y_pred), numbered 0..K-1 whatever their labels
        # (negative, gaps): an absent class never enters the mean.
        classes, codes = np.unique(np.concatenate([y_true, y_pred]), return_inverse=True)
        t, p = codes[:y_true.size], codes[y_true.size:]
        k = len(classes)
        tp = np.bincount(t[t == p], minlength=k)
        fp = np.bincount(p, minlength=k) - tp
        fn = np.bincount(t, minlength=k) - tp
        if average == "micro":  # pool the counts, then divide: P = R = F1 = accuracy
            tp, fp, fn = tp.sum(), fp.sum(), fn.sum()

    precision = _ratio(tp, tp + fp, zero_division)
    recall = _ratio(tp, tp + fn, zero_division)
    # From the counts, not 2PR/(P+R): 0 (not NaN, not zero_division) when tp = 0 < fp + fn.
    f1 = _ratio(2 * tp, 2 * tp + fp + fn, zero_division)
    # Macro: the mean of each per-class value; F1 is not recomputed from the mean P and R.
    return float(precision.mean()), float(recall.mean()), float(f1.mean())


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """P(score of a random positive > score of a random negative), ties counting 1/2."""
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    if y_true.shape != scores.shape:
        raise ValueError(f"y_true and scores differ in shape: {y_true.shape} and {scores.shape}")
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError("y_true must hold 0 and 1 only")
    positive = y_true == 1
    n_pos = int(np.count_nonzero(positive))
    n_neg = y_true.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_auc needs both classes in y_true")
    # Group equal scores: a tie is a property of the values, never of their order in the array
    # (argsort ranks would break ties by position).
    _, level, count = np.unique(scores, return_inverse=True, return_counts=True)
    pos = np.bincount(level.ravel()[positive.ravel()], minlength=len(count))   # positives per distinct score
    neg = count - pos
    neg_below = np.cumsum(neg) - neg
    # Integer pair counts, exact: 2 * (pairs above) + (tied pairs), over 2 P Q.
    twice_u = 2 * int(pos @ neg_below) + int(pos @ neg)
    return twice_u / (2 * n_pos * n_neg)
