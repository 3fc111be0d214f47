"""WRONG: roc_auc() by the rank sum with ranks from argsort().argsort(): equal scores get different ranks, so
the AUC depends on the order of tied samples instead of counting ties 1/2. (Planted with kind="stable" so that
it fails the same way on every machine: the default kind orders ties as the CPU's sorting kernel does.)"""

from planted.metrics._common import check_auc, confusion_matrix, precision_recall_f1

EXPECT = "equal scores ranked by their position"
__all__ = ["confusion_matrix", "precision_recall_f1", "roc_auc"]


def roc_auc(y_true, scores):
    y, s = check_auc(y_true, scores)
    ranks = s.argsort(kind="stable").argsort(kind="stable") + 1
    n_pos, n_neg = y.sum(), (~y).sum()
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
