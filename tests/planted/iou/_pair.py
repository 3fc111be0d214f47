"""Plain IoU with knobs, so each planted mistake is one changed knob."""
import numpy as np


def pair_iou(a, b, plus_one=0.0, clamp_product=False, guard=True, floor=False):
    w = min(a[2], b[2]) - max(a[0], b[0]) + plus_one
    h = min(a[3], b[3]) - max(a[1], b[1]) + plus_one
    inter = max(0.0, w * h) if clamp_product else max(0.0, w) * max(0.0, h)
    union = (a[2] - a[0] + plus_one) * (a[3] - a[1] + plus_one) + (b[2] - b[0] + plus_one) * (b[3] - b[1] + plus_one) - inter
    if guard and union <= 0:
        return 0.0
    return inter // union if floor else inter / union


def all_pairs(boxes1, boxes2, **knobs):
    dtype = np.result_type(boxes1, boxes2)
    dtype = dtype if dtype.kind == "f" else np.float64
    out = np.zeros((len(boxes1), len(boxes2)), dtype=dtype)
    for i, a in enumerate(boxes1):
        for j, b in enumerate(boxes2):
            out[i, j] = pair_iou(a, b, **knobs)
    return out
