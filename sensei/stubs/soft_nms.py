"""Kata: Soft-NMS. Read katas/soft_nms/README.md, then fill in the function.

Grade yourself with:  pytest katas/soft_nms
"""
import numpy as np


def soft_nms(boxes: np.ndarray, scores: np.ndarray, sigma: float = 0.5, iou_threshold: float = 0.3,
             score_threshold: float = 0.001, method: str = "linear") -> tuple[np.ndarray, np.ndarray]:
    """Soft-NMS (Bodla et al., 2017): decay the scores of overlapping boxes instead of removing them.

    boxes: [N, 4] as (x1, y1, x2, y2), width x2 - x1 (no + 1).  scores: [N].  N may be 0.
    Start from a copy s of the scores and drop every box with s < score_threshold. While boxes
    remain: select the one with the highest CURRENT s (equal: lower index), keep it with that s,
    remove it, then decay every remaining box i by its IoU with it:
      "linear":   s_i *= 1 - IoU   when IoU > iou_threshold (strictly), else unchanged;
      "gaussian": s_i *= exp(-IoU^2 / sigma) for every remaining box (iou_threshold unused);
    then drop every remaining box with s_i < score_threshold (a score equal to it stays).
    Returns (keep [K] int64, in selection order; kept_scores [K], the decayed score of each when
    selected, in the scores' float dtype, float64 for integer scores). Inputs are not modified.
    Raises ValueError for an unknown method (checked first, also for N = 0), sigma <= 0 (whatever
    the method), boxes not [N, 4], or len(scores) != N.
    """
    raise NotImplementedError
