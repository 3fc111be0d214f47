"""WRONG: returns scores[keep], the original scores, as kept_scores instead of the decayed scores at
selection."""
from planted.soft_nms._knobs import soft

EXPECT = 'the original scores returned'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, original=True)
