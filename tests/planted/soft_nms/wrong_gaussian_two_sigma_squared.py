"""WRONG: gaussian weight exp(-iou^2 / (2 sigma^2)), the blog formula (equal to eq. 3 only at
sigma = 0.5)."""
import numpy as np

from planted.soft_nms._knobs import soft

EXPECT = '2 sigma^2'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method,
                weight=lambda iou, sigma: np.exp(-iou ** 2 / (2 * sigma ** 2)))
