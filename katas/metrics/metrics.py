"""Kata: classification metrics (confusion matrix, precision/recall/F1, ROC-AUC). Read
katas/metrics/README.md, then fill in the functions.

Grade yourself with:  pytest katas/metrics
"""
import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    """Count the samples of each (true class, predicted class) pair.

    y_true, y_pred: [N] integer labels in [0, num_classes).
    Returns cm [C, C] int64 with C = num_classes: cm[i, j] = number of samples of TRUE class i
    PREDICTED as j (rows = truth, columns = prediction, as scikit-learn). Every sample counts, also
    when the same (i, j) pair repeats. A class that never occurs still has its row and column;
    N = 0 gives zeros.
    Raises ValueError for a label outside [0, C), num_classes < 1, or different lengths.
    """
    raise NotImplementedError


def precision_recall_f1(y_true: np.ndarray, y_pred: np.ndarray, average: str = "binary",
                        zero_division: float = 0.0) -> tuple[float, float, float]:
    """(precision, recall, f1) as three floats: scikit-learn's precision_recall_fscore_support.

    y_true, y_pred: [N] integer labels. Per class c: tp, fp, fn; precision = tp / (tp + fp),
    recall = tp / (tp + fn), f1 = 2 tp / (2 tp + fp + fn); a zero denominator gives zero_division.
    average: "binary" (class 1 is the positive class; labels must be 0 or 1),
             "macro" (unweighted mean of the per-class values over the classes PRESENT in y_true or
             y_pred; macro F1 is the mean of the per-class F1), or
             "micro" (tp, fp, fn summed over the present classes, then the formulas).
    Labels are any integers (negative too) for macro and micro.
    Raises ValueError for another average (checked first), zero_division not 0.0 or 1.0, different
    lengths, N = 0, or a label other than 0 and 1 with average="binary".
    """
    raise NotImplementedError


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve: the probability that a random positive scores above a random negative.

    y_true: [N] 0/1 labels (int, bool or float); scores: [N] real numbers (any scale).
    AUC = (1 / (P Q)) sum over positives i and negatives j of ([s_i > s_j] + 0.5 [s_i == s_j]):
    equal scores count 1/2, whatever their order in the array (scikit-learn's roc_auc_score).
    Raises ValueError for a label other than 0 and 1, only one class in y_true (N = 0 included),
    or different lengths.
    """
    raise NotImplementedError
