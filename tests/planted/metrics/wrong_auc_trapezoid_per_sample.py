"""WRONG: roc_auc() builds the ROC curve with one point per sample (sorted by decreasing score) and takes the
trapezoid over those points: tied samples are split by their order instead of one diagonal step."""
import numpy as np

from planted.metrics._common import check_auc, confusion_matrix, precision_recall_f1

EXPECT = "equal scores ranked by their position"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def roc_auc(y_true, scores):
    y, s = check_auc(y_true, scores)
    order = np.argsort(-s, kind="stable")
    tpr = np.concatenate([[0.0], np.cumsum(y[order]) / y.sum()])
    fpr = np.concatenate([[0.0], np.cumsum(~y[order]) / (~y).sum()])
    return float(np.trapezoid(tpr, fpr))
