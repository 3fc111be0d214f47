"""RIGHT: plain Python, as written on a whiteboard: a dict of live scores, max() by (score, -index),
IoU of two boxes by hand, the decay and the threshold for each live box in turn."""
import math

import numpy as np


def iou(p, q):
    iw = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))
    ih = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))
    union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - iw * ih
    return iw * ih / union if union > 0 else 0.0


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    if method not in ("linear", "gaussian"):
        raise ValueError(f"unknown method {method!r}")
    if not sigma > 0:
        raise ValueError("sigma must be > 0")
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError("boxes must be [N, 4]")
    if scores.ndim != 1 or len(scores) != len(boxes):
        raise ValueError("one score per box")
    dtype = scores.dtype if scores.dtype.kind == "f" else np.float64
    rows = [[float(v) for v in row] for row in boxes.tolist()]
    live = {i: float(v) for i, v in enumerate(scores.tolist()) if v >= score_threshold}
    keep, kept = [], []
    while live:
        m = max(live, key=lambda i: (live[i], -i))
        keep.append(m)
        kept.append(live.pop(m))
        for i in list(live):
            o = iou(rows[m], rows[i])
            if method == "gaussian":
                live[i] *= math.exp(-o * o / sigma)
            elif o > iou_threshold:
                live[i] *= 1.0 - o
            if live[i] < score_threshold:
                del live[i]
    return np.array(keep, dtype=np.int64), np.array(kept, dtype=dtype)
