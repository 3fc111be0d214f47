"""Reference solution for the soft_nms kata: Soft-NMS (Bodla et al., ICCV 2017), linear and gaussian."""
from __future__ import annotations

import numpy as np

METHODS = ("linear", "gaussian")


def _iou_one_to_many(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """IoU of one box [4] with boxes [K, 4]; 0 where the union is 0."""
    iw = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]), 0, None)
    ih = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]), 0, None)
    inter = iw * ih
    area = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    union = (box[2] - box[0]) * (box[3] - box[1]) + area - inter
    # Degenerate boxes give union 0: IoU is 0 there, not 0/0.
    return np.divide(inter, union, out=np.zeros(len(others)), where=union > 0)


def soft_nms(boxes: np.ndarray, scores: np.ndarray, sigma: float = 0.5, iou_threshold: float = 0.3,
             score_threshold: float = 0.001, method: str = "linear") -> tuple[np.ndarray, np.ndarray]:
    """Soft-NMS: the kept indices in selection order, and each one's decayed score when selected."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0, got {sigma}")
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f"boxes must be [N, 4], got shape {boxes.shape}")
    if scores.shape != (len(boxes),):
        raise ValueError(f"scores must be [{len(boxes)}] (one per box), got shape {scores.shape}")
    dtype = scores.dtype if scores.dtype.kind == "f" else np.dtype(np.float64)

    b = boxes.astype(np.float64)
    s = scores.astype(np.float64)  # our own copy: the decay must not reach the caller's array
    alive = np.flatnonzero(s >= score_threshold)  # increasing indices, kept so by np.delete
    keep, kept = [], []
    while alive.size:
        # Re-select every round: a decay can push a box below one it used to beat, so the order
        # of the original scores is not the order of selection. argmax takes the FIRST maximum,
        # and alive is increasing: equal scores go to the lower index.
        j = int(np.argmax(s[alive]))
        m = alive[j]
        keep.append(m)
        kept.append(s[m])
        alive = np.delete(alive, j)
        iou = _iou_one_to_many(b[m], b[alive])
        if method == "linear":
            weight = np.where(iou > iou_threshold, 1.0 - iou, 1.0)  # strictly above, as in hard NMS
        else:
            weight = np.exp(-iou * iou / sigma)  # eq. 3 of the paper; every box, no threshold
        s[alive] *= weight
        # Every remaining box is tested, not only the decayed ones; a score equal to the threshold stays.
        alive = alive[s[alive] >= score_threshold]
    return np.array(keep, dtype=np.int64), np.array(kept, dtype=dtype)
