"""WRONG: confusion_matrix() counts with cm[y_true, y_pred] += 1: buffered fancy indexing writes each
distinct (true, pred) pair once, however often it repeats."""
import numpy as np

from planted.metrics._common import check_cm, precision_recall_f1, roc_auc

EXPECT = "a repeated (true, pred) pair counted once"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = check_cm(y_true, y_pred, num_classes)
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    cm[y_true, y_pred] += 1
    return cm
