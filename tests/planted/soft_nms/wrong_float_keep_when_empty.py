"""WRONG: keep built with np.array(keep): an empty list becomes a float64 array."""
from planted.soft_nms._knobs import soft

EXPECT = 'dtype=np.int64'


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold, method, index_dtype=None)
