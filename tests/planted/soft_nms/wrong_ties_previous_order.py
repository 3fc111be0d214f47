"""WRONG: re-sorts the live indices by their current scores every round (a stable argsort of the
already permuted index array): equal current scores stay in the order of the previous sort, not by
index. The re-selection is right; only the ties are not."""
import numpy as np

from planted.soft_nms._knobs import checked, iou_row

EXPECT = "the previous round's order"


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    boxes, scores = checked(boxes, scores, sigma, method)
    b, s = boxes.astype(np.float64), scores.astype(np.float64)
    order = np.flatnonzero(s >= score_threshold)
    keep, kept = [], []
    while order.size:
        order = order[np.argsort(-s[order], kind="stable")]
        m, order = order[0], order[1:]
        keep.append(m)
        kept.append(s[m])
        iou = iou_row(b[m], b[order])
        s[order] *= np.where(iou > iou_threshold, 1.0 - iou, 1.0) if method == "linear" else np.exp(-iou ** 2 / sigma)
        order = order[s[order] >= score_threshold]
    dtype = scores.dtype if scores.dtype.kind == "f" else np.float64
    return np.array(keep, dtype=np.int64), np.array(kept).astype(dtype)
