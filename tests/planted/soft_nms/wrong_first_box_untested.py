"""WRONG: no filter before the loop (as the authors' Cython code): the first box selected is kept
even when its score is below score_threshold."""
from planted.soft_nms._knobs import soft

EXPECT = 'without testing score_threshold'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, filter_first=False)
