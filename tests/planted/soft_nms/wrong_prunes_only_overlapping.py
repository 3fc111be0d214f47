"""WRONG: no filter before the loop, and after each decay tests score_threshold only on the
boxes the selected box overlaps: a low box that nothing overlaps survives."""
from planted.soft_nms._knobs import soft

EXPECT = 'only on boxes the selected box overlaps'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method,
                filter_first=False, prune_overlapping_only=True)
