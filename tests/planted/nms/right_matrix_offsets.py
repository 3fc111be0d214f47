"""RIGHT: the IoU matrix computed once, a boolean mask, and the coordinate-offset trick by the span
(max - min + 1; torchvision's max + 1 needs coordinates >= 0)."""
import numpy as np


def nms(boxes, scores, iou_threshold):
    boxes = boxes.astype(np.float64)
    x1, y1, x2, y2 = boxes.T
    iw = np.clip(np.minimum(x2[:, None], x2) - np.maximum(x1[:, None], x1), 0, None)
    ih = np.clip(np.minimum(y2[:, None], y2) - np.maximum(y1[:, None], y1), 0, None)
    inter = iw * ih
    area = (x2 - x1) * (y2 - y1)
    union = area[:, None] + area - inter
    iou = np.zeros_like(inter)
    np.divide(inter, union, out=iou, where=union > 0)
    order = np.lexsort((np.arange(len(scores)), -scores))
    suppressed = np.zeros(len(scores), dtype=bool)
    keep = []
    for i in order:
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_threshold
    return np.asarray(keep, dtype=np.int64)


def batched_nms(boxes, scores, labels, iou_threshold):
    if len(boxes) == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = labels.astype(np.float64) * (boxes.max() - boxes.min() + 1)
    return nms(boxes + offsets[:, None], scores, iou_threshold)
