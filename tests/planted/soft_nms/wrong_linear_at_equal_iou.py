"""WRONG: linear decay when iou >= iou_threshold (the paper's eq. 2, mmcv) instead of the contract's
strict >."""
from planted.soft_nms._knobs import soft

EXPECT = '>= instead of >'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, linear_ge=True)
