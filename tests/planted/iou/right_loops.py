"""RIGHT: a pair function and a double loop filling the matrix."""
import numpy as np


def iou(box1, box2):
    x1, y1 = max(box1[0], box2[0]), max(box1[1], box2[1])
    x2, y2 = min(box1[2], box2[2]), min(box1[3], box2[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    union = (box1[2] - box1[0]) * (box1[3] - box1[1]) + (box2[2] - box2[0]) * (box2[3] - box2[1]) - inter
    if union == 0:
        return 0.0
    return inter / union


def box_iou(boxes1, boxes2):
    dtype = boxes1.dtype if boxes1.dtype.kind == "f" else np.float64
    out = np.zeros((boxes1.shape[0], boxes2.shape[0]), dtype=dtype)
    for i in range(boxes1.shape[0]):
        for j in range(boxes2.shape[0]):
            out[i, j] = iou(boxes1[i], boxes2[j])
    return out
