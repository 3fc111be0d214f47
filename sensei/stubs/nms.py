"""Kata: non-maximum suppression. Read katas/nms/README.md, then fill in the functions.

Grade yourself with:  pytest katas/nms
"""
import numpy as np


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Greedy non-maximum suppression.

    boxes: [N, 4] as (x1, y1, x2, y2), width x2 - x1.  scores: [N].
    Returns the int64 indices of the kept boxes, in decreasing score order
    (equal scores: lower index first). A box is suppressed when its IoU with an
    already kept box is strictly greater than iou_threshold. N may be 0.
    """
    raise NotImplementedError


def batched_nms(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Class-aware NMS: boxes with different labels never suppress each other.

    labels: [N] ints. Returns int64 indices in decreasing score order, equal scores by lower index.
    """
    raise NotImplementedError
