"""Input makers shared by several katas' generated cases (boxes, logits, ...).

They make inputs only; what the answer is comes from the reference.
"""
from __future__ import annotations

import numpy as np


def a(*rows, dtype=np.float64) -> np.ndarray:
    """A small array written inline: a(1.0, 2.0) is [1., 2.]; a([1, 2], [3, 4]) a 2 x 2 array."""
    return np.array(rows, dtype=dtype)


def random_boxes(rng: np.random.Generator, n: int, *, clusters: int = 3, dtype=np.float64,
                 scale: float = 100.0) -> np.ndarray:
    """[n, 4] boxes (x1, y1, x2, y2) gathered around a few centres, so that many overlap."""
    centres = rng.uniform(0.2 * scale, 0.8 * scale, size=(max(clusters, 1), 2))
    which = rng.integers(0, len(centres), size=n)
    centre = centres[which] + rng.normal(0, 0.05 * scale, size=(n, 2))
    size = rng.uniform(0.05 * scale, 0.3 * scale, size=(n, 2))
    boxes = np.concatenate([centre - size / 2, centre + size / 2], axis=1)
    return boxes.astype(dtype)


def pairwise_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Plain float64 IoU of all pairs, used to keep generated thresholds away from ties."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    iw = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    ih = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = iw * ih
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])  # noqa: E731
    union = area(a)[:, None] + area(b)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def threshold_away_from(values: np.ndarray, start: float, margin: float = 1e-4) -> float:
    """A threshold near `start` with no value within `margin` of it, so that round-off in a
    correct solution (float32, another formula) can never flip a comparison."""
    values = np.sort(np.asarray(values, np.float64).ravel())
    threshold = start
    while values.size:
        # Only the neighbours of `threshold` in sorted order can be within `margin` of it.
        i = np.searchsorted(values, threshold)
        near = values[max(i - 1, 0):i + 1]
        if np.min(np.abs(near - threshold)) >= margin:
            break
        threshold += margin
    return float(threshold)
