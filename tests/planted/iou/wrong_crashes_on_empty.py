"""WRONG: builds the result with np.array of nested lists, so N = 0 gives shape (0,), not (0, M)."""
import numpy as np

from planted.iou._pair import pair_iou

EXPECT = "shape (0, M)"


def iou(box1, box2):
    return pair_iou(box1, box2)


def box_iou(boxes1, boxes2):
    dtype = np.result_type(boxes1, boxes2)
    dtype = dtype if dtype.kind == "f" else np.float64
    return np.array([[pair_iou(a, b) for b in boxes2] for a in boxes1], dtype=dtype)
