"""WRONG: confusion_matrix() with rows = predicted class and columns = true class (transposed)."""
import numpy as np

from planted.metrics._common import check_cm, precision_recall_f1, roc_auc

EXPECT = "the matrix transposed"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = check_cm(y_true, y_pred, num_classes)
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (y_pred, y_true), 1)
    return cm
