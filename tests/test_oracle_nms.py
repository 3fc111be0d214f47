"""The nms reference agrees with greedy NMS written from its definition (torchvision, the usual
oracle, cannot be installed next to the CPU torch here): IoU from pycocotools, no vectorisation."""
import itertools

import numpy as np
import pytest

from katatest import reference

mask = pytest.importorskip("pycocotools.mask", reason="pycocotools gives the oracle's IoU")
ref = reference("nms")


def pairwise(boxes):
    xywh = np.column_stack([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]]).astype(np.float64)
    return mask.iou(xywh, xywh, np.zeros(len(boxes), dtype=np.uint8)) if len(boxes) else np.zeros((0, 0))


def greedy_by_definition(boxes, scores, iou_threshold, labels=None):
    """Visit boxes by (score desc, index asc); keep a box unless a kept box of its label overlaps it
    with IoU > threshold."""
    iou = pairwise(boxes)
    labels = np.zeros(len(boxes)) if labels is None else labels
    keep = []
    for i in sorted(range(len(boxes)), key=lambda k: (-scores[k], k)):
        if all(labels[k] != labels[i] or iou[i, k] <= iou_threshold for k in keep):
            keep.append(i)
    return keep


def make(rng, n):
    centres = rng.uniform(10, 90, size=(3, 2))[rng.integers(0, 3, size=n)] + rng.normal(0, 4, size=(n, 2))
    size = rng.uniform(4, 25, size=(n, 2))
    boxes = np.column_stack([centres - size / 2, centres + size / 2])
    scores = np.round(rng.random(n), int(rng.integers(1, 4)))  # rounding makes ties
    return boxes, scores


@pytest.mark.parametrize("seed, n", list(itertools.product(range(15), [0, 1, 7, 60])))
def test_nms_matches_the_greedy_definition(seed, n):
    rng = np.random.default_rng(seed)
    boxes, scores = make(rng, n)
    threshold = float(rng.choice([0.0, 0.3, 0.5, 0.7, 1.0]))
    got = ref.nms(boxes, scores, threshold)
    assert got.dtype == np.int64
    assert got.tolist() == greedy_by_definition(boxes, scores, threshold)


@pytest.mark.parametrize("seed, shift", [(seed, 0.0) for seed in range(15)] + [(seed, -95.0) for seed in range(5)])
def test_batched_nms_matches_the_greedy_definition(seed, shift):
    rng = np.random.default_rng(seed)
    boxes, scores = make(rng, 50)
    boxes = boxes + shift  # -95: mostly negative coordinates, where offsetting by max + 1 fails
    labels = rng.integers(0, 4, size=50)
    got = ref.batched_nms(boxes, scores, labels, 0.5)
    assert got.dtype == np.int64
    assert got.tolist() == greedy_by_definition(boxes, scores, 0.5, labels)
