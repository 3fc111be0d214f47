"""WRONG: pixel convention, width x2 - x1 + 1."""
from planted.nms._greedy import batched, greedy

EXPECT = "no + 1"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold, plus_one=1.0)


batched_nms = batched
