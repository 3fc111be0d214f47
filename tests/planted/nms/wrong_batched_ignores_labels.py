"""WRONG: batched_nms ignores the labels (plain NMS over all boxes)."""
from planted.nms._greedy import greedy

EXPECT = "different labels never suppress"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold)


def batched_nms(boxes, scores, labels, iou_threshold):
    return greedy(boxes, scores, iou_threshold)
