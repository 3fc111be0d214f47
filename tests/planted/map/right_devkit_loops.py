"""RIGHT: the PASCAL VOC devkit's structure (voc_ap with sentinels, per-image ground-truth records,
a 'det' flag per ground truth), in plain Python loops, with exact tenths for the 11-point method."""
import numpy as np


def average_precision(recall, precision, method="interp"):
    if method not in ("11point", "interp", "step"):
        raise ValueError(f"unknown method {method}")
    rec, prec = list(map(float, recall)), list(map(float, precision))
    if not rec:
        return 0.0
    if method == "11point":
        ap = 0.0
        for i in range(11):
            t = i / 10
            ps = [p for r, p in zip(rec, prec) if r >= t]
            ap += (max(ps) if ps else 0.0) / 11
        return ap
    if method == "step":
        return sum(p * (r - r0) for r, r0, p in zip(rec, [0.0] + rec[:-1], prec))
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(len(mpre) - 1, 0, -1):
        mpre[i - 1] = max(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


def _iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def mean_average_precision(detections, ground_truths, iou_threshold=0.5, method="interp"):
    if method not in ("11point", "interp", "step"):
        raise ValueError(f"unknown method {method}")
    dets = [list(map(float, row)) for row in detections]
    gts = [list(map(float, row)) for row in ground_truths]
    aps = []
    for cls in sorted({g[1] for g in gts}):
        class_recs = {}  # image -> list of (ground-truth box, det flag holder)
        npos = 0
        for g in gts:
            if g[1] == cls:
                class_recs.setdefault(g[0], []).append([g[2:], False])
                npos += 1
        mine = sorted((d for d in enumerate(dets) if d[1][1] == cls), key=lambda d: (-d[1][2], d[0]))
        tp = []
        for _, d in mine:
            best, best_rec = -1.0, None
            for rec in class_recs.get(d[0], []):
                o = _iou(d[3:], rec[0])
                if o > best:  # strictly: equal IoUs keep the earlier (lower) row
                    best, best_rec = o, rec
            if best_rec is not None and best >= iou_threshold and not best_rec[1]:
                best_rec[1] = True
                tp.append(1)
            else:
                tp.append(0)
        hits = np.cumsum(tp) if tp else np.zeros(0)
        recall = hits / npos
        precision = hits / np.arange(1, len(tp) + 1)
        aps.append(average_precision(recall, precision, method))
    return sum(aps) / len(aps) if aps else 0.0
