"""WRONG: gaussian decay only for boxes with IoU > iou_threshold (the linear method's gate)."""
from planted.soft_nms._knobs import soft

EXPECT = 'gated by iou_threshold'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, gate_gaussian=True)
