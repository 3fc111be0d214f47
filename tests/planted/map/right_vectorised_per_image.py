"""RIGHT: another vectorised layout: one IoU matrix per image, a global lexsort by (class, -score, row),
11-point thresholds via np.searchsorted on the envelope, integer arithmetic for the tenths."""
import numpy as np

METHODS = {"11point", "interp", "step"}


def average_precision(recall, precision, method="interp"):
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    recall = np.asarray(recall, dtype=np.float64)
    precision = np.asarray(precision, dtype=np.float64)
    if recall.size == 0:
        return 0.0
    env = np.maximum.accumulate(precision[::-1])[::-1]  # best precision at this recall or beyond
    if method == "11point":
        # The first point whose recall reaches t carries the max precision at recall >= t.
        first = np.searchsorted(recall, np.linspace(0, 10, 11) / 10, side="left")
        return float(np.where(first < len(recall), env[np.minimum(first, len(recall) - 1)], 0.0).sum() / 11)
    curve = env if method == "interp" else precision
    widths = recall - np.concatenate([[0.0], recall[:-1]])
    return float(widths @ curve)


def mean_average_precision(detections, ground_truths, iou_threshold=0.5, method="interp"):
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    det = np.asarray(detections, dtype=np.float64).reshape(-1, 7)
    gt = np.asarray(ground_truths, dtype=np.float64).reshape(-1, 6)
    if len(gt) == 0:
        return 0.0
    # Best ground truth (row in gt) and its IoU for every detection, image by image.
    best = np.full(len(det), -1)
    best_iou = np.full(len(det), -1.0)
    for image in np.unique(det[:, 0]):
        di = np.flatnonzero(det[:, 0] == image)
        gi = np.flatnonzero(gt[:, 0] == image)
        if not len(gi):
            continue
        a, b = det[di, 3:], gt[gi, 2:]
        w = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
        h = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
        inter = w * h
        union = ((a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]))[:, None] + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) - inter
        iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        iou[det[di, None, 1] != gt[None, gi, 1]] = -1.0  # other classes never match
        k = iou.argmax(axis=1)
        best[di] = gi[k]
        best_iou[di] = iou[np.arange(len(di)), k]
    order = np.lexsort((np.arange(len(det)), -det[:, 2]))
    matched = np.zeros(len(gt), dtype=bool)
    tp = np.zeros(len(det), dtype=bool)
    for i in order:
        if best_iou[i] >= iou_threshold and not matched[best[i]]:
            matched[best[i]] = tp[i] = True
    aps = []
    for cls in np.unique(gt[:, 1]):
        mine = order[det[order, 1] == cls]
        hits = np.cumsum(tp[mine])
        npos = np.count_nonzero(gt[:, 1] == cls)
        aps.append(average_precision(hits / npos, hits / np.arange(1, len(mine) + 1), method))
    return float(np.mean(aps))
