"""A plain Soft-NMS with knobs, so each planted mistake is one changed knob (everything else right)."""
import numpy as np


def checked(boxes, scores, sigma, method):
    if method not in ("linear", "gaussian"):
        raise ValueError(f"unknown method {method!r}")
    if sigma <= 0:
        raise ValueError("sigma must be > 0")
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4 or scores.shape != (len(boxes),):
        raise ValueError("boxes must be [N, 4] and scores [N]")
    return boxes, scores


def iou_row(box, others, plus_one=0.0):
    iw = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]) + plus_one, 0, None)
    ih = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]) + plus_one, 0, None)
    inter = iw * ih
    area = lambda b: (b[..., 2] - b[..., 0] + plus_one) * (b[..., 3] - b[..., 1] + plus_one)  # noqa: E731
    union = area(box) + area(others) - inter
    return np.divide(inter, union, out=np.zeros(len(others)), where=union > 0)


def soft(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear", *,
         sort_once=False, linear_all=False, linear_ge=False, weight=None, gate_gaussian=False,
         original=False, prune=True, prune_overlapping_only=False, filter_first=True, drop_equal=False,
         pick=None, plus_one=0.0, copy=True, index_dtype=np.int64, out_dtype=None):
    boxes, scores = checked(boxes, scores, sigma, method)
    out_dtype = out_dtype or (scores.dtype if scores.dtype.kind == "f" else np.float64)
    b = boxes.astype(np.float64)
    s = scores.astype(np.float64) if copy else scores
    too_low = (lambda v: v <= score_threshold) if drop_equal else (lambda v: v < score_threshold)  # noqa: E731
    live = [i for i in range(len(s)) if not (filter_first and too_low(s[i]))]
    if sort_once:
        live.sort(key=lambda i: -s[i])
    keep, kept = [], []
    while live:
        if sort_once:
            j = 0
        elif pick is not None:
            j = pick(s[live])
        else:
            j = int(np.argmax(s[live]))
        m = live.pop(j)
        keep.append(m)
        kept.append(s[m])
        if not live:
            break
        rest = np.array(live)
        iou = iou_row(b[m], b[rest], plus_one)
        if method == "linear":
            hit = np.ones(len(rest), bool) if linear_all else (iou >= iou_threshold if linear_ge else
                                                                iou > iou_threshold)
            w = np.where(hit, 1.0 - iou, 1.0)
        else:
            w = weight(iou, sigma) if weight is not None else np.exp(-iou ** 2 / sigma)
            if gate_gaussian:
                w = np.where(iou > iou_threshold, w, 1.0)
            hit = iou > 0
        s[rest] = s[rest] * w
        if prune:
            tested = hit if prune_overlapping_only else np.ones(len(rest), bool)
            live = [i for i, t in zip(live, tested) if not (t and too_low(s[i]))]
    kept = scores[keep] if original else np.array(kept)
    return np.array(keep, dtype=index_dtype), np.asarray(kept).astype(out_dtype)
