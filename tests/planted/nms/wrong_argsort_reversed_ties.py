"""WRONG: orders by scores.argsort()[::-1], so equal scores put the higher index first."""
from planted.nms._greedy import batched, greedy

EXPECT = "HIGHER index first"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold, order=scores.argsort()[::-1])


batched_nms = batched
