"""A plain VOC evaluation with knobs, so that each planted mistake is one changed knob."""
import numpy as np


def ap(recall, precision, method="interp", *, thresholds=None, envelope=True, from_zero=True, check_first=True):
    if check_first and method not in ("11point", "interp", "step"):
        raise ValueError(method)
    recall, precision = np.asarray(recall, np.float64), np.asarray(precision, np.float64)
    if len(recall) == 0:
        return 0.0
    if method == "11point":
        ts = np.arange(11) / 10 if thresholds is None else thresholds
        return float(np.mean([precision[recall >= t].max() if (recall >= t).any() else 0.0 for t in ts]))
    if method == "interp" and envelope:
        precision = np.maximum.accumulate(precision[::-1])[::-1]
    if method not in ("interp", "step"):
        raise ValueError(method)
    steps = np.diff(recall, prepend=0.0) if from_zero else np.concatenate([[0.0], np.diff(recall)])
    return float(np.sum(steps * precision))


def iou(box, boxes, plus_one=0.0):
    iw = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]) + plus_one, 0, None)
    ih = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]) + plus_one, 0, None)
    inter = iw * ih
    area = lambda b: (b[..., 2] - b[..., 0] + plus_one) * (b[..., 3] - b[..., 1] + plus_one)  # noqa: E731
    union = area(box) + area(boxes) - inter
    return np.divide(inter, union, out=np.zeros(len(boxes)), where=union > 0)


def mean_ap(detections, ground_truths, iou_threshold=0.5, method="interp", *, ap_fn=ap, order=None,
            same_image=True, same_class=True, fallback=False, first_above=False, strict=False, plus_one=0.0,
            track_matched=True, classes="gt", check_first=True, ties_last=False):
    if not check_first and len(ground_truths) == 0:
        return 0.0
    if method not in ("11point", "interp", "step"):
        raise ValueError(method)
    dets = np.asarray(detections, np.float64).reshape(-1, 7)
    gts = np.asarray(ground_truths, np.float64).reshape(-1, 6)
    if classes == "gt":
        labels = np.unique(gts[:, 1])
    else:  # the classes that have detections
        labels = np.unique(dets[:, 1])
    aps = []
    for c in labels:
        d = dets[dets[:, 1] == c]
        g = gts[gts[:, 1] == c] if same_class else gts
        npos = int((gts[:, 1] == c).sum())
        d = d[np.argsort(-d[:, 2], kind="stable") if order is None else order(d[:, 2])]
        matched = np.zeros(len(g), bool)
        tp = []
        for row in d:
            cand = (g[:, 0] == row[0]) if same_image else np.ones(len(g), bool)
            idx = np.flatnonzero(cand)
            if not len(idx):
                tp.append(0)
                continue
            ious = iou(row[3:], g[idx, 2:], plus_one)
            ok = (lambda x: x > iou_threshold) if strict else (lambda x: x >= iou_threshold)
            if first_above:
                above = np.flatnonzero(ok(ious))
                j = idx[above[0]] if len(above) else None
            elif fallback:
                free = [k for k in np.argsort(-ious, kind="stable") if ok(ious[k]) and not matched[idx[k]]]
                j = idx[free[0]] if free else None
            else:
                k = len(ious) - 1 - int(np.argmax(ious[::-1])) if ties_last else int(np.argmax(ious))
                j = idx[k] if ok(ious[k]) else None
            if j is not None and (not matched[j] or not track_matched):
                matched[j] = True
                tp.append(1)
            else:
                tp.append(0)
        hits = np.cumsum(tp)
        recall = hits / npos if npos else np.zeros(len(d))
        precision = hits / np.arange(1, len(d) + 1)
        aps.append(ap_fn(recall, precision, method))
    return float(np.mean(aps)) if aps else 0.0
