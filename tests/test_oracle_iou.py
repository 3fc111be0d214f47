"""The iou reference agrees with pycocotools (an independent C implementation of box IoU)."""
import numpy as np
import pytest

from katatest import reference

mask = pytest.importorskip("pycocotools.mask", reason="pycocotools is the IoU oracle (pip install pycocotools)")
ref = reference("iou")


def xywh(boxes):
    boxes = np.asarray(boxes, dtype=np.float64)
    return np.column_stack([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]])


def random_boxes(rng, n):
    xy = rng.uniform(0, 50, size=(n, 2))
    wh = rng.uniform(0, 30, size=(n, 2)) * (rng.random((n, 2)) > 0.05)  # some zero widths
    return np.column_stack([xy, xy + wh])


@pytest.mark.parametrize("seed", range(20))
def test_box_iou_matches_pycocotools(seed):
    rng = np.random.default_rng(seed)
    a, b = random_boxes(rng, int(rng.integers(1, 30))), random_boxes(rng, int(rng.integers(1, 30)))
    expected = mask.iou(xywh(a), xywh(b), np.zeros(len(b), dtype=np.uint8))
    np.testing.assert_allclose(ref.box_iou(a, b), expected, rtol=1e-12, atol=1e-12)
    for i in range(len(a)):
        for j in range(len(b)):
            assert ref.iou(a[i], b[j]) == pytest.approx(expected[i, j], rel=1e-12, abs=1e-12)


def test_integer_and_float32_boxes_match_pycocotools():
    a = np.array([[0, 0, 2, 2], [1, 1, 5, 3], [0, 0, 1, 1]])
    b = np.array([[1, 1, 3, 3], [1, 0, 2, 1], [4, 4, 4, 9]])
    expected = mask.iou(xywh(a), xywh(b), np.zeros(3, dtype=np.uint8))
    np.testing.assert_allclose(ref.box_iou(a, b), expected, rtol=1e-12)
    got32 = ref.box_iou(a.astype(np.float32), b.astype(np.float32))
    assert got32.dtype == np.float32
    np.testing.assert_allclose(got32, expected, rtol=1e-6)
