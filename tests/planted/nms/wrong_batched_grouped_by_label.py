"""WRONG: batched_nms concatenates the per-label results without sorting them by score."""
import numpy as np

from planted.nms._greedy import greedy

EXPECT = "sorted by decreasing score"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold)


def batched_nms(boxes, scores, labels, iou_threshold):
    keep = [np.flatnonzero(labels == c)[greedy(boxes[labels == c], scores[labels == c], iou_threshold)]
            for c in np.unique(labels)]
    return np.concatenate(keep).astype(np.int64) if keep else np.zeros(0, dtype=np.int64)
