"""RIGHT: the matrix with np.add.at; per-class counts from one-hot matrices of the present classes; the AUC
as the Mann-Whitney U from AVERAGE ranks (each group of equal scores shares the mean of its ranks)."""
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or num_classes < 1:
        raise ValueError("bad input")
    both = np.concatenate([y_true, y_pred])
    if both.size and (both.min() < 0 or both.max() >= num_classes):
        raise ValueError("label out of range")
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    if average not in ("binary", "macro", "micro") or zero_division not in (0.0, 1.0):
        raise ValueError("bad average or zero_division")
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.size == 0:
        raise ValueError("bad lengths")
    if average == "binary":
        if not set(np.unique(np.concatenate([y_true, y_pred])).tolist()) <= {0, 1}:
            raise ValueError("binary labels are 0 and 1")
        classes = np.array([1])
    else:
        classes = np.unique(np.concatenate([y_true, y_pred]))
    t = y_true[:, None] == classes[None, :]       # [N, K] one-hot truth
    p = y_pred[:, None] == classes[None, :]       # [N, K] one-hot prediction
    tp, fp, fn = (t & p).sum(0), (~t & p).sum(0), (t & ~p).sum(0)
    if average == "micro":
        tp, fp, fn = tp.sum(keepdims=True), fp.sum(keepdims=True), fn.sum(keepdims=True)

    def guarded(num, den):
        out = np.full(len(num), float(zero_division))
        np.divide(num, den, out=out, where=den != 0)
        return out

    return (float(guarded(tp, tp + fp).mean()), float(guarded(tp, tp + fn).mean()),
            float(guarded(2 * tp, 2 * tp + fp + fn).mean()))


def roc_auc(y_true, scores):
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    if y_true.shape != scores.shape or not np.all((y_true == 0) | (y_true == 1)):
        raise ValueError("bad input")
    pos = y_true == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("both classes needed")
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)                       # rank of the last member of each group (1-based)
    mean_rank = last - (counts - 1) / 2.0          # average rank of each group
    u = mean_rank[inverse[pos]].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
