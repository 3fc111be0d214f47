"""RIGHT: the coordinate-offset trick done right: each label moved by its rank times the coordinate
span (max - min + 1), so the labels' boxes lie apart whatever the coordinates' sign; one greedy NMS."""
import numpy as np

from planted.nms._greedy import greedy


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold)


def batched_nms(boxes, scores, labels, iou_threshold):
    if len(boxes) == 0:
        return np.zeros(0, dtype=np.int64)
    boxes = np.asarray(boxes, dtype=np.float64)
    _, rank = np.unique(labels, return_inverse=True)  # labels -1, 7, 1000 -> 0, 1, 2
    span = boxes.max() - boxes.min() + 1
    return greedy(boxes + (rank * span)[:, None], scores, iou_threshold)
