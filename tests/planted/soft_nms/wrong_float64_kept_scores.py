"""WRONG: kept_scores always float64, whatever the scores' dtype."""
import numpy as np

from planted.soft_nms._knobs import soft

EXPECT = 'float32 in, float32 out'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, out_dtype=np.float64)
