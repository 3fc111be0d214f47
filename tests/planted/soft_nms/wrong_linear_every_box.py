"""WRONG: linear decay s *= 1 - iou applied to every remaining box, whatever its IoU (iou_threshold
ignored)."""
from planted.soft_nms._knobs import soft

EXPECT = 'iou_threshold ignored'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, linear_all=True)
