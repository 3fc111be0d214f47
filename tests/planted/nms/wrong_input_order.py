"""WRONG: returns the kept indices in input order instead of decreasing score order."""
import numpy as np

from planted.nms._greedy import batched, greedy

EXPECT = "decreasing score order"


def nms(boxes, scores, iou_threshold):
    return np.sort(greedy(boxes, scores, iou_threshold))


batched_nms = batched
