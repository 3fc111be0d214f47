"""WRONG: returns a Python list, not an int64 array."""
from planted.nms._greedy import batched, greedy

EXPECT = "Return a numpy array"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold).tolist()


batched_nms = batched
