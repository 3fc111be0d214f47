"""RIGHT: all pairwise IoUs once ([N, N] by broadcasting), a boolean mask of live boxes, and each round a
masked argmax (dead boxes at -inf) and one vectorised decay of the selected box's IoU row."""
import numpy as np


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    if method not in ("linear", "gaussian"):
        raise ValueError(f"unknown method {method!r}")
    if sigma <= 0:
        raise ValueError("sigma must be > 0")
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4 or scores.shape != (len(boxes),):
        raise ValueError("boxes must be [N, 4] and scores [N]")
    dtype = scores.dtype if scores.dtype.kind == "f" else np.dtype(np.float64)
    b = boxes.astype(np.float64)
    lo = np.maximum(b[:, None, :2], b[None, :, :2])  # [N, N, 2]
    hi = np.minimum(b[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(hi - lo, 0, None), axis=2)  # [N, N]
    area = np.prod(b[:, 2:] - b[:, :2], axis=1)
    union = area[:, None] + area[None, :] - inter
    iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    if method == "linear":
        weights = np.where(iou > iou_threshold, 1.0 - iou, 1.0)
    else:
        weights = np.exp(-iou ** 2 / sigma)

    s = scores.astype(np.float64)
    live = s >= score_threshold
    keep, kept = [], []
    while live.any():
        m = int(np.argmax(np.where(live, s, -np.inf)))  # first maximum: the lower index on ties
        keep.append(m)
        kept.append(s[m])
        live[m] = False
        s = np.where(live, s * weights[m], s)
        live &= s >= score_threshold
    return np.array(keep, dtype=np.int64), np.array(kept, dtype=dtype)
