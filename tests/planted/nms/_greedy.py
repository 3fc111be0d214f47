"""A plain greedy NMS with knobs, so each planted mistake is one changed knob."""
import numpy as np


def iou_one_to_many(box, others, plus_one=0.0, guard=True):
    iw = np.clip(np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]) + plus_one, 0, None)
    ih = np.clip(np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]) + plus_one, 0, None)
    inter = iw * ih
    area = lambda b: (b[..., 2] - b[..., 0] + plus_one) * (b[..., 3] - b[..., 1] + plus_one)  # noqa: E731
    union = area(box) + area(others) - inter
    if not guard:
        with np.errstate(all="ignore"):
            return inter / union
    return np.divide(inter, union, out=np.zeros(len(others)), where=union > 0)


def greedy(boxes, scores, iou_threshold, *, order=None, survives=lambda iou, t: iou <= t, plus_one=0.0,
           guard=True, only_kept=True, shift_bug=False):
    boxes = np.asarray(boxes)
    order = np.argsort(-scores, kind="stable") if order is None else order
    if not only_kept:  # each box compared with every higher-scored box, kept or not
        keep = [order[k] for k in range(len(order))
                if not (~survives(iou_one_to_many(boxes[order[k]], boxes[order[:k]], plus_one, guard),
                                  iou_threshold)).any()]
        return np.array(keep, dtype=np.int64)
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        ok = survives(iou_one_to_many(boxes[i], boxes[order[1:]], plus_one, guard), iou_threshold)
        inds = np.flatnonzero(ok)
        order = order[inds] if shift_bug else order[inds + 1]
        if shift_bug and order.size and order[0] == i:
            order = order[1:]
    return np.array(keep, dtype=np.int64)


def batched(boxes, scores, labels, iou_threshold, nms=greedy):
    keep = []
    for label in np.unique(labels):
        idx = np.flatnonzero(labels == label)
        keep.extend(idx[nms(boxes[idx], scores[idx], iou_threshold)])
    keep = np.array(keep, dtype=np.int64)
    return keep[np.lexsort((keep, -scores[keep]))]
