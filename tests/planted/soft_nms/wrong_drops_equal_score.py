"""WRONG: drops a box when its score is <= score_threshold: a score equal to the threshold is
dropped."""
from planted.soft_nms._knobs import soft

EXPECT = '<= instead of <'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, drop_equal=True)
