"""Kata: average precision and mean average precision (PASCAL VOC). Read katas/map/README.md, then
fill in the functions.

Grade yourself with:  pytest katas/map
"""
import numpy as np


def average_precision(recall: np.ndarray, precision: np.ndarray, method: str = "interp") -> float:
    """AP of one precision/recall curve.

    recall, precision: [K], one point per detection walked by decreasing score (recall non-decreasing).
    method: "11point" (VOC 2007: mean over t = 0.0, 0.1, ..., 1.0 of the max precision at recall >= t),
            "interp" (VOC 2010+: area under the precision envelope, recall starting at 0), or
            "step" (sum of precision_j * (recall_j - recall_{j-1}), recall_0 = 0).
    An unknown method raises ValueError (checked first). K = 0 gives 0.0.
    """
    raise NotImplementedError


def mean_average_precision(detections: np.ndarray, ground_truths: np.ndarray, iou_threshold: float = 0.5,
                           method: str = "interp") -> float:
    """VOC-style mAP.

    detections: [D, 7] rows (image_id, class_id, score, x1, y1, x2, y2).
    ground_truths: [G, 6] rows (image_id, class_id, x1, y1, x2, y2). Box width is x2 - x1.
    Per class: walk its detections by decreasing score (equal scores: lower row first); each goes to
    its highest-IoU ground truth of the same image and class (equal IoUs: lower row); a true positive
    when that IoU >= iou_threshold and that ground truth is not matched yet, else a false positive
    (no fallback). AP per class with `method`; the mean over classes that have ground truth
    (0.0 when there is none). An unknown method raises ValueError.
    """
    raise NotImplementedError
