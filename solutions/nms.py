"""Reference solution for the nms kata: greedy non-maximum suppression."""
from __future__ import annotations

import numpy as np


def _iou_one_to_many(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """IoU of one box [4] with boxes [K, 4]; 0 where the union is 0."""
    iw = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]), 0, None)
    ih = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]), 0, None)
    inter = iw * ih
    union = (box[2] - box[0]) * (box[3] - box[1]) + (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1]) - inter
    # Degenerate boxes give union 0: IoU is 0 there, not 0/0.
    return np.divide(inter, union, out=np.zeros(len(others)), where=union > 0)


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes greedy NMS keeps, in decreasing score order."""
    boxes = np.asarray(boxes)
    # Stable sort of -scores: equal scores keep the lower index first
    # (scores.argsort()[::-1] would put the higher index first).
    order = np.argsort(-np.asarray(scores), kind="stable")
    keep = []
    while order.size:
        best, rest = order[0], order[1:]
        keep.append(best)
        # Only boxes strictly above the threshold are suppressed.
        order = rest[_iou_one_to_many(boxes[best], boxes[rest]) <= iou_threshold]
    return np.array(keep, dtype=np.int64)


def batched_nms(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Class-aware NMS: NMS within each label, then all kept indices by decreasing score."""
    scores, labels = np.asarray(scores), np.asarray(labels)
    kept = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    kept = [idx[nms(np.asarray(boxes)[idx], scores[idx], iou_threshold)] for idx in kept]
    keep = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
    # lexsort sorts by the last key first: decreasing score, then lower index.
    return keep[np.lexsort((keep, -scores[keep]))].astype(np.int64)
