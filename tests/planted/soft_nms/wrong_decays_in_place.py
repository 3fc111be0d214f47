"""WRONG: decays the caller's scores array in place (s = scores is not a copy)."""
from planted.soft_nms._knobs import soft

EXPECT = 'modified its input `scores` in place'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, copy=False)
