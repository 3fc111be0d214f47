"""Reference solution for the iou kata: intersection over union of axis-aligned boxes."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def iou(box1: Sequence[float], box2: Sequence[float]) -> float:
    """IoU of two boxes (x1, y1, x2, y2); 0.0 where the union is 0."""
    ax1, ay1, ax2, ay2 = box1
    bx1, by1, bx2, by2 = box2
    # Continuous coordinates: width is x2 - x1, and boxes that only touch overlap by 0.
    inter = max(0.0, min(ax2, bx2) - max(ax1, bx1)) * max(0.0, min(ay2, by2) - max(ay1, by1))
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return float(inter / union) if union > 0 else 0.0


def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """IoU of every pair: [N, 4] x [M, 4] -> [N, M], in the boxes' float dtype (float64 for ints)."""
    boxes1, boxes2 = np.asarray(boxes1), np.asarray(boxes2)
    dtype = np.result_type(boxes1, boxes2)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)  # float32 stays float32; ints -> float64
    lt = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])  # [N, M, 2] top-left of the overlap
    rb = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])  # [N, M, 2] bottom-right
    inter = np.clip(rb - lt, 0, None).prod(axis=-1)  # [N, M]
    area1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    area2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    union = area1[:, None] + area2[None, :] - inter
    out = np.zeros(union.shape, dtype=dtype)
    # Where the union is 0 (two degenerate boxes), IoU is 0, not 0/0.
    return np.divide(inter, union, out=out, where=union > 0)
