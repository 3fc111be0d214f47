"""WRONG: box widths and heights x2 - x1 + 1 (the old pixel convention of the authors' code)."""
from planted.soft_nms._knobs import soft

EXPECT = 'x2 - x1 + 1'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, plus_one=1.0)
