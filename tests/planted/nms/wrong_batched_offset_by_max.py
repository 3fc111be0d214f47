"""WRONG: batched_nms by torchvision's offset trick, boxes + labels[:, None] * (boxes.max() + 1): it
separates the labels only when every coordinate is >= 0. With negative coordinates the offset is
smaller than the boxes' span (or negative), and boxes of different labels still overlap after the
shift and suppress each other."""
import numpy as np

from planted.nms._greedy import greedy

EXPECT = "boxes.max() + 1"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold)


def batched_nms(boxes, scores, labels, iou_threshold):
    if len(boxes) == 0:
        return np.zeros(0, dtype=np.int64)
    return greedy(boxes + labels[:, None] * (boxes.max() + 1), scores, iou_threshold)
