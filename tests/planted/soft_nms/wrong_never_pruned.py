"""WRONG: filters the scores before the loop, but never drops a box whose score decays below
score_threshold: it is kept with a tiny score."""
from planted.soft_nms._knobs import soft

EXPECT = 'never pruned'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, prune=False)
