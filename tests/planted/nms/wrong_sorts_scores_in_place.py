"""WRONG: sorts the caller's scores array in place."""
import numpy as np

from planted.nms._greedy import batched, greedy

EXPECT = "modified its input `scores` in place"


def nms(boxes, scores, iou_threshold):
    keep = greedy(boxes, scores, iou_threshold)
    scores.sort()
    return keep


batched_nms = batched
