"""WRONG: sorts the boxes once by their original scores and visits them in that order, decaying as it goes:
hard NMS's loop with Soft-NMS's decay. A decayed box is still selected before boxes it no longer beats."""
from planted.soft_nms._knobs import soft

EXPECT = 'no re-selection'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, sort_once=True)
