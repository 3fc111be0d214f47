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
    a, b = boxes1.astype(dtype, copy=False), boxes2.astype(dtype, copy=False)
    # Overlap width and height of every pair, [N, M] by broadcasting [N, 1] against [M];
    # each clamped at 0 separately (two negative sides must not make a positive area).
    iw = np.minimum(a[:, None, 2], b[:, 2]) - np.maximum(a[:, None, 0], b[:, 0])
    ih = np.minimum(a[:, None, 3], b[:, 3]) - np.maximum(a[:, None, 1], b[:, 1])
    inter = np.clip(iw, 0, None, out=iw) * np.clip(ih, 0, None, out=ih)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a[:, None] + area_b - inter  # [N, M]
    # A union of 0 (two degenerate boxes) has inter 0 too: dividing by 1 there gives IoU 0.
    union[union == 0] = 1
    return np.divide(inter, union, out=inter)
