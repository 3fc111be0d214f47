"""WRONG: confusion_matrix() with np.bincount(C * y_true + y_pred) and no minlength: when the last classes
never occur the counts are too short to reshape to [C, C]."""
import numpy as np

from planted.metrics._common import check_cm, precision_recall_f1, roc_auc

EXPECT = "minlength"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = check_cm(y_true, y_pred, num_classes)
    return np.bincount(num_classes * y_true + y_pred).reshape(num_classes, num_classes)
