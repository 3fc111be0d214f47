"""WRONG: never removes the kept box from the queue, so the loop never ends."""
import numpy as np

from planted.nms._greedy import batched

EXPECT = "timed out"
OPTIONS = ["--kata-timeout=0.5", "-x"]


def nms(boxes, scores, iou_threshold):
    order = list(np.argsort(-scores, kind="stable"))
    keep = []
    while order:
        keep.append(order[0])
    return np.array(keep, dtype=np.int64)


batched_nms = batched
