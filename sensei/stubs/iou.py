"""Kata: intersection over union. Read katas/iou/README.md, then fill in the functions.

Grade yourself with:  pytest katas/iou
"""
from collections.abc import Sequence

import numpy as np


def iou(box1: Sequence[float], box2: Sequence[float]) -> float:
    """IoU of two boxes, each a sequence of 4 numbers (x1, y1, x2, y2), width x2 - x1.

    Returns a float in [0, 1]; 0.0 where the union is 0.
    """
    raise NotImplementedError


def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """IoU of all pairs, vectorised: boxes1 [N, 4], boxes2 [M, 4] -> [N, M].

    N or M may be 0. Float inputs keep their dtype; integer inputs give float64.
    """
    raise NotImplementedError
