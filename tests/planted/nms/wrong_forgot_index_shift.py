"""WRONG: the vectorised loop indexes order[inds] instead of order[inds + 1]."""
from planted.nms._greedy import batched, greedy

EXPECT = "order[inds + 1]"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold, shift_bug=True)


batched_nms = batched
