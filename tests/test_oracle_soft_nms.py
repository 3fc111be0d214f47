"""The soft_nms reference against two independent oracles (torchvision has no Soft-NMS, and mmcv's
ops cannot be installed next to the CPU torch here):

- the paper's Algorithm 1 (Bodla et al., ICCV 2017) written from its definition with plain Python
  loops and lists (with the contract's score threshold: filter first, prune after each decay), its
  IoU from pycocotools' mask.iou (C code, boxes as x, y, w, h), everywhere, ties included;
- a Python port of the authors' Cython loop (bharatsingh430/soft-nms, lib/nms/cpu_nms.pyx: the best
  row swapped to position i, the rows decayed in place, rows below the threshold swapped past the end)
  on a copy with an index column and areas without `+ 1`. Its ties follow the shuffled rows and it
  never tests the first box selected against the threshold, so it is compared on continuous scores
  (no ties) whose best is above the threshold, where those differences cannot show.
"""
import itertools
import math

import numpy as np
import pytest

from katatest import reference

mask = pytest.importorskip("pycocotools.mask", reason="pycocotools gives the oracle's IoU")
ref = reference("soft_nms")


def coco_iou(boxes):
    """[N, N] IoU by pycocotools (x, y, w, h boxes; it gives 0 where the boxes do not overlap)."""
    boxes = np.asarray(boxes, np.float64)
    if len(boxes) == 0:
        return np.zeros((0, 0))
    xywh = np.column_stack([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]])
    return np.asarray(mask.iou(xywh, xywh, np.zeros(len(boxes), dtype=np.uint8)))


def algorithm_1(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    """B: the boxes left, S their scores. While B is not empty: m = argmax S (the lower index on equal
    scores); D <- D + {m}; B <- B - {m}; for each b_i in B: s_i <- s_i f(iou(M, b_i)); then drop the
    b_i with s_i < score_threshold."""
    iou = coco_iou(boxes)
    score = [float(v) for v in scores]
    left = [i for i in range(len(score)) if score[i] >= score_threshold]
    keep, kept = [], []
    while left:
        m = left[0]
        for i in left:
            if score[i] > score[m]:
                m = i
        keep.append(m)
        kept.append(score[m])
        left.remove(m)
        for i in left:
            if method == "linear":
                if iou[m][i] > iou_threshold:
                    score[i] = score[i] * (1 - iou[m][i])
            else:
                score[i] = score[i] * math.exp(-(iou[m][i] ** 2) / sigma)
        left = [i for i in left if score[i] >= score_threshold]
    return keep, kept


def authors_loop(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    """The authors' cpu_soft_nms, ported: rows (x1, y1, x2, y2, score, index) of a copy."""
    rows = np.column_stack([np.asarray(boxes, np.float64), np.asarray(scores, np.float64), np.arange(len(boxes))])
    n = len(rows)
    for i in range(len(rows)):
        if i >= n:
            break
        maxpos = i
        for pos in range(i + 1, n):
            if rows[maxpos, 4] < rows[pos, 4]:
                maxpos = pos
        rows[[i, maxpos]] = rows[[maxpos, i]]
        tx1, ty1, tx2, ty2 = rows[i, :4]
        pos = i + 1
        while pos < n:
            x1, y1, x2, y2 = rows[pos, :4]
            iw = min(tx2, x2) - max(tx1, x1)
            if iw > 0:
                ih = min(ty2, y2) - max(ty1, y1)
                if ih > 0:
                    ov = iw * ih / ((tx2 - tx1) * (ty2 - ty1) + (x2 - x1) * (y2 - y1) - iw * ih)
                    if method == "linear":
                        weight = 1 - ov if ov > iou_threshold else 1
                    else:
                        weight = np.exp(-(ov * ov) / sigma)
                    rows[pos, 4] *= weight
            if rows[pos, 4] < score_threshold:
                rows[pos] = rows[n - 1]
                n -= 1
                pos -= 1
            pos += 1
    return rows[:n, 5].astype(int).tolist(), rows[:n, 4].tolist()


def make(rng, n, tied=False, degenerate=False):
    centres = rng.uniform(10, 90, size=(3, 2))[rng.integers(0, 3, size=n)] + rng.normal(0, 4, size=(n, 2))
    size = rng.uniform(4, 25, size=(n, 2))
    if degenerate:  # some zero-width or zero-height boxes, some points
        size[rng.random(n) < 0.3, int(rng.integers(0, 2))] = 0.0
    boxes = np.column_stack([centres - size / 2, centres + size / 2])
    scores = rng.random(n)
    if tied:
        scores = np.round(scores, int(rng.integers(1, 3)))
    return boxes, scores


def settings(rng):
    method = str(rng.choice(["linear", "gaussian"]))
    return {"sigma": float(rng.choice([0.1, 0.5, 1.0, 3.0])), "iou_threshold": float(rng.choice([0.0, 0.3, 0.5, 0.9])),
            "score_threshold": float(rng.choice([0.0, 0.001, 0.05, 0.3])), "method": method}


def agree(got, want):
    keep, kept = got
    assert keep.dtype == np.int64 and keep.tolist() == want[0]
    np.testing.assert_allclose(kept, want[1], rtol=1e-12, atol=1e-15)
    assert np.all(np.diff(kept) <= 1e-15), "kept_scores must be non-increasing"


@pytest.mark.parametrize("seed, n", list(itertools.product(range(15), [0, 1, 7, 60])))
def test_random_boxes_match_algorithm_1(seed, n):
    rng = np.random.default_rng(seed)
    boxes, scores = make(rng, n, tied=bool(seed % 2), degenerate=seed % 3 == 0)
    options = settings(rng)
    agree(ref.soft_nms(boxes, scores, **options), algorithm_1(boxes, scores, **options))


@pytest.mark.parametrize("seed, n", list(itertools.product(range(10), [1, 7, 60, 200])))
def test_random_boxes_match_the_authors_loop(seed, n):
    rng = np.random.default_rng(100 + seed)
    boxes, scores = make(rng, n)
    options = settings(rng)
    scores[0] = max(scores[0], options["score_threshold"] + 0.01)  # the best box is above the threshold
    agree(ref.soft_nms(boxes, scores, **options), authors_loop(boxes, scores, **options))


@pytest.mark.parametrize("boxes, scores, options", [
    # the worked example, both methods
    ([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 30, 30]], [0.9, 0.8, 0.5], {}),
    ([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 30, 30]], [0.9, 0.8, 0.5], {"method": "gaussian"}),
    # IoU exactly 0.25 at threshold 0.25: no decay
    ([[0, 0, 5, 1], [3, 0, 8, 1], [4.5, 0, 9.5, 1]], [0.9, 0.8, 0.7], {"iou_threshold": 0.25}),
    # decayed to exactly the score threshold (0.002 * 0.5), and exactly to 0 at threshold 0
    ([[0, 0, 10, 10], [0, 0, 10, 5]], [0.9, 0.002], {}),
    ([[0, 0, 2, 2], [0, 0, 2, 2]], [0.7, 0.9], {"score_threshold": 0.0}),
    # a decayed score equal to an untouched one (0.8 * 0.5 = 0.4), both ways round
    ([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 30, 30]], [0.9, 0.8, 0.4], {}),
    ([[0, 0, 10, 10], [20, 20, 30, 30], [0, 0, 10, 5]], [0.9, 0.4, 0.8], {}),
    # every score below the threshold; zero-area boxes
    ([[0, 0, 1, 1], [5, 5, 6, 6]], [0.0005, 0.0009], {}),
    ([[1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 2, 2]], [0.9, 0.8, 0.7], {"method": "gaussian"}),
])
def test_exact_cases_match_algorithm_1(boxes, scores, options):
    boxes, scores = np.array(boxes, dtype=np.float64), np.array(scores)
    agree(ref.soft_nms(boxes, scores, **options), algorithm_1(boxes, scores, **options))


def test_the_worked_example():
    boxes, scores = np.array([[0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 30, 30]]), np.array([0.9, 0.8, 0.5])
    keep, kept = ref.soft_nms(boxes, scores)
    assert keep.tolist() == [0, 2, 1] and np.allclose(kept, [0.9, 0.5, 0.4])
    keep, kept = ref.soft_nms(boxes, scores, method="gaussian")
    assert keep.tolist() == [0, 2, 1] and np.allclose(kept, [0.9, 0.5, 0.8 * math.exp(-0.5)])


def test_dtypes_and_inputs_untouched():
    rng = np.random.default_rng(7)
    boxes, scores = make(rng, 30)
    before = boxes.copy(), scores.copy()
    keep, kept = ref.soft_nms(boxes.astype(np.float32), scores.astype(np.float32), method="gaussian")
    assert keep.dtype == np.int64 and kept.dtype == np.float32
    assert ref.soft_nms(boxes, scores)[1].dtype == np.float64
    assert ref.soft_nms(np.round(boxes), np.arange(30))[1].dtype == np.float64
    assert np.array_equal(boxes, before[0]) and np.array_equal(scores, before[1])
    ref.soft_nms(boxes, scores)
    assert np.array_equal(boxes, before[0]) and np.array_equal(scores, before[1])
    keep, kept = ref.soft_nms(np.zeros((0, 4)), np.zeros(0))
    assert keep.dtype == np.int64 and keep.shape == kept.shape == (0,)


@pytest.mark.parametrize("args, options", [
    ((np.zeros((2, 4)), np.zeros(2)), {"method": "hard"}),
    ((np.zeros((0, 4)), np.zeros(0)), {"method": "Linear"}),
    ((np.zeros((2, 4)), np.zeros(2)), {"sigma": 0.0, "method": "gaussian"}),
    ((np.zeros((2, 4)), np.zeros(2)), {"sigma": -1.0}),
    ((np.zeros((2, 3)), np.zeros(2)), {}),
    ((np.zeros(4), np.zeros(1)), {}),
    ((np.zeros((2, 4)), np.zeros(3)), {}),
], ids=["unknown method", "unknown method N=0", "sigma 0", "sigma < 0 linear", "boxes [N, 3]", "boxes 1-D",
        "len(scores) != N"])
def test_invalid_inputs_raise_value_error(args, options):
    with pytest.raises(ValueError):
        ref.soft_nms(*args, **options)
