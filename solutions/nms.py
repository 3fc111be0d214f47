"""Reference solution for the nms kata: greedy non-maximum suppression."""
from __future__ import annotations

import numpy as np


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes greedy NMS keeps, in decreasing score order."""
    x1, y1, x2, y2 = np.asarray(boxes).T
    areas = (x2 - x1) * (y2 - y1)
    # Stable sort of -scores: equal scores keep the lower index first
    # (scores.argsort()[::-1] would put the higher index first).
    order = np.argsort(-np.asarray(scores), kind="stable")
    keep = []
    while order.size:
        best, rest = order[0], order[1:]
        keep.append(best)
        # IoU of the kept box with every remaining one.
        iw = np.maximum(np.minimum(x2[best], x2[rest]) - np.maximum(x1[best], x1[rest]), 0)
        ih = np.maximum(np.minimum(y2[best], y2[rest]) - np.maximum(y1[best], y1[rest]), 0)
        inter = iw * ih
        union = areas[best] + areas[rest] - inter
        # Degenerate boxes give union 0: IoU is 0 there, not 0/0.
        iou = np.divide(inter, union, out=np.zeros(len(rest)), where=union > 0)
        # Only boxes strictly above the threshold are suppressed.
        order = rest[iou <= iou_threshold]
    return np.array(keep, dtype=np.int64)


def batched_nms(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Class-aware NMS: NMS within each label, then all kept indices by decreasing score."""
    scores, labels = np.asarray(scores), np.asarray(labels)
    kept = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    kept = [idx[nms(np.asarray(boxes)[idx], scores[idx], iou_threshold)] for idx in kept]
    keep = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
    # lexsort sorts by the last key first: decreasing score, then lower index.
    return keep[np.lexsort((keep, -scores[keep]))].astype(np.int64)
