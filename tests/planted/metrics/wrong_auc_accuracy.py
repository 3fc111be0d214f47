"""WRONG: roc_auc() returns the accuracy of thresholding the scores at 0.5."""
import numpy as np

from planted.metrics._common import check_auc, confusion_matrix, precision_recall_f1

EXPECT = "the accuracy at threshold 0.5"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def roc_auc(y_true, scores):
    y, s = check_auc(y_true, scores)
    return float(np.mean((s >= 0.5) == y))
