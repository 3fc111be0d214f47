"""WRONG: box_iou always returns float64 (a float64 helper array upcasts float32 input)."""
import numpy as np

from planted.iou._pair import pair_iou

EXPECT = "keep the input's float dtype"


def iou(box1, box2):
    return pair_iou(box1, box2)


def box_iou(boxes1, boxes2):
    lt = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    rb = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    inter = np.clip(rb - lt, 0, None).prod(-1)
    area = lambda b: (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])  # noqa: E731
    union = area(boxes1)[:, None] + area(boxes2)[None, :] - inter
    out = np.zeros(union.shape)
    np.divide(inter, union, out=out, where=union > 0)
    return out
