"""WRONG: roc_auc() counts the (positive, negative) pairs with s_pos > s_neg only: a tie counts 0, not 1/2."""
import numpy as np

from planted.metrics._common import check_auc, confusion_matrix, precision_recall_f1

EXPECT = "equal scores count 0"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def roc_auc(y_true, scores):
    y, s = check_auc(y_true, scores)
    return float(np.mean(s[y][:, None] > s[~y][None, :]))
