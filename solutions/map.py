"""Reference solution for the map kata: average precision and PASCAL-VOC-style mean average precision."""
from __future__ import annotations

import numpy as np

METHODS = ("11point", "interp", "step")


def average_precision(recall: np.ndarray, precision: np.ndarray, method: str = "interp") -> float:
    """AP from a precision/recall curve (recall non-decreasing, one point per detection)."""
    if method not in METHODS:  # checked first, whatever the other inputs
        raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")
    recall = np.asarray(recall, dtype=np.float64)
    precision = np.asarray(precision, dtype=np.float64)
    if recall.size == 0:
        return 0.0
    if method == "11point":
        # Exact tenths: np.arange(0, 1.1, 0.1) holds 0.30000000000000004 and so misses recall 0.3.
        thresholds = np.arange(11) / 10
        reached = recall[None, :] >= thresholds[:, None]                      # [11, K]
        return float(np.where(reached, precision[None, :], 0.0).max(axis=1).mean())
    if method == "interp":
        # The envelope: at each point, the best precision at this recall or any higher one.
        precision = np.maximum.accumulate(precision[::-1])[::-1]
    # Area of the steps: each recall increase times the precision where it happens; recall starts at 0.
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def _box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of boxes a [N, 4] with boxes b [M, 4] (width x2 - x1), 0 where the union is 0."""
    iw = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])  # [N, M]
    ih = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    inter = np.maximum(iw, 0) * np.maximum(ih, 0)  # clamp each side: two negatives make no overlap
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])  # noqa: E731
    union = area(a)[:, None] + area(b)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def mean_average_precision(detections: np.ndarray, ground_truths: np.ndarray, iou_threshold: float = 0.5,
                           method: str = "interp") -> float:
    """VOC mAP. detections [D, 7]: (image, class, score, x1, y1, x2, y2); ground_truths [G, 6]:
    (image, class, x1, y1, x2, y2). Mean of the per-class APs over the classes that have ground truth."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")
    dets = np.asarray(detections, dtype=np.float64).reshape(-1, 7)
    gts = np.asarray(ground_truths, dtype=np.float64).reshape(-1, 6)
    aps = []
    for cls in np.unique(gts[:, 1]):  # classes without ground truth do not count
        g = gts[gts[:, 1] == cls]                                                # [Gc, 6]
        d = dets[dets[:, 1] == cls]                                              # [Dc, 7]
        d = d[np.argsort(-d[:, 2], kind="stable")]  # by decreasing score, equal scores by lower row
        iou = _box_iou(d[:, 3:], g[:, 2:])                                       # [Dc, Gc]
        iou[d[:, None, 0] != g[None, :, 0]] = -1.0  # only ground truth of the same image can match
        # Each detection's best ground truth (argmax: equal IoUs go to the lower row).
        best = iou.argmax(axis=1)                                                # [Dc]
        best_iou = iou[np.arange(len(d)), best]
        # Greedy in score order: a taken ground truth makes the detection a false positive
        # (as in the VOC devkit: no fallback to the second-best ground truth).
        matched = np.zeros(len(g), dtype=bool)
        tp = np.zeros(len(d), dtype=bool)
        for i in np.flatnonzero(best_iou >= iou_threshold):
            if not matched[best[i]]:
                tp[i] = matched[best[i]] = True
        hits = np.cumsum(tp)
        recall = hits / len(g)
        precision = hits / np.arange(1, len(d) + 1)
        aps.append(average_precision(recall, precision, method))
    return float(np.mean(aps)) if aps else 0.0
