"""Reference solution for the soft_nms kata: Soft-NMS (Bodla et al., ICCV 2017), linear and gaussian."""
from __future__ import annotations

import numpy as np

METHODS = ("linear", "gaussian")


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

    # The live boxes, compacted after every round so that each round works on them only: their
    # indices (increasing), scores (a float64 copy: the decay never reaches the caller's array),
    # coordinates and areas.
    s = scores.astype(np.float64)
    live = np.flatnonzero(s >= score_threshold)
    s = s[live]
    x1, y1, x2, y2 = boxes[live].astype(np.float64).T  # each [K]
    area = (x2 - x1) * (y2 - y1)
    keep, kept = [], []
    while live.size:
        # Re-select every round: a decay can push a box below one it used to beat, so the order of
        # the original scores is not the order of selection. argmax takes the FIRST maximum, and
        # live is increasing: equal scores go to the lower index.
        j = int(np.argmax(s))
        keep.append(live[j])
        kept.append(s[j])
        iw = np.clip(np.minimum(x2[j], x2) - np.maximum(x1[j], x1), 0, None)
        ih = np.clip(np.minimum(y2[j], y2) - np.maximum(y1[j], y1), 0, None)
        inter = iw * ih
        union = area[j] + area - inter
        # Degenerate boxes give union 0: IoU is 0 there, not 0/0.
        iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        if method == "linear":
            s = s * np.where(iou > iou_threshold, 1.0 - iou, 1.0)  # strictly above, as in hard NMS
        else:
            s = s * np.exp(-iou * iou / sigma)  # eq. 3 of the paper: every box, no threshold
        # Every live box is tested, not only the decayed ones; a score equal to the threshold stays.
        stay = s >= score_threshold
        stay[j] = False  # the selected box leaves (whatever its IoU with itself did to s[j])
        live, s, x1, y1, x2, y2, area = live[stay], s[stay], x1[stay], y1[stay], x2[stay], y2[stay], area[stay]
    return np.array(keep, dtype=np.int64), np.array(kept, dtype=dtype)
