"""WRONG: roc_auc() does not check that both classes occur: with only positives (or only negatives) it
returns NaN (0/0) instead of raising ValueError."""
import numpy as np

from planted.metrics._common import confusion_matrix, precision_recall_f1

EXPECT = "no pair to compare: raise"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def roc_auc(y_true, scores):
    y_true, s = np.asarray(y_true), np.asarray(scores, np.float64)
    if len(y_true) != len(s) or not np.isin(y_true, (0, 1)).all():
        raise ValueError("bad input")
    y = y_true == 1
    pos, neg = s[y], s[~y]
    with np.errstate(invalid="ignore"):
        return float(np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])))
