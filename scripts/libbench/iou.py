"""box_iou against pycocotools' mask.iou (C), at the kata's benchmark sizes."""
import numpy as np
from iou import box_iou
from pycocotools import mask


def benchmarks():
    out = []
    for n in (100, 1000):
        rng = np.random.default_rng(0)
        xy = rng.uniform(0, 100, size=(n, 2))
        a = np.column_stack([xy, xy + rng.uniform(1, 30, size=(n, 2))])
        xy = rng.uniform(0, 100, size=(n + 3, 2))
        b = np.column_stack([xy, xy + rng.uniform(1, 30, size=(n + 3, 2))])
        a_wh = np.column_stack([a[:, :2], a[:, 2:] - a[:, :2]])
        b_wh = np.column_stack([b[:, :2], b[:, 2:] - b[:, :2]])
        crowd = np.zeros(len(b), dtype=np.uint8)
        out.append({"name": f"box_iou N={n}", "reference": lambda a=a, b=b: box_iou(a, b),
                    "library": lambda a=a_wh, b=b_wh, c=crowd: mask.iou(a, b, c),
                    "library_name": "pycocotools.mask.iou"})
    return out
