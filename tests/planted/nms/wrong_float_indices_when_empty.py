"""WRONG: np.array(keep) without dtype, so no boxes gives a float64 array."""
import numpy as np

from planted.nms._greedy import batched, greedy

EXPECT = "dtype=np.int64"


def nms(boxes, scores, iou_threshold):
    return np.array(list(greedy(boxes, scores, iou_threshold)))


batched_nms = batched
