"""WRONG: selects with np.argsort(s)[::-1][0]: among equal current scores, the higher index is
selected first."""
import numpy as np

from planted.soft_nms._knobs import soft

EXPECT = 'the higher index selected first'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method,
                pick=lambda live: int(np.argsort(live, kind="stable")[::-1][0]))
