"""The map reference against independent oracles: scikit-learn's average_precision_score for "step",
and for everything else a brute force written from the definitions in exact rational arithmetic
(fractions.Fraction: IoUs, recalls, precisions and areas without round-off). pycocotools is NOT an
oracle here: COCO's protocol (101 recall points, crowd regions, per-image detection limits) differs."""
import itertools
from fractions import Fraction

import numpy as np
import pytest

from katatest import reference

metrics = pytest.importorskip("sklearn.metrics")
ref = reference("map")
METHODS = ("11point", "interp", "step")


# -- the brute force -------------------------------------------------------------------------
def exact_ap(flags, npos, method):
    """AP of a TP/FP sequence with npos ground truths, from the definitions, exactly."""
    hits = list(itertools.accumulate(flags))
    recall = [Fraction(h, npos) for h in hits]
    precision = [Fraction(h, k + 1) for k, h in enumerate(hits)]
    if not flags:
        return Fraction(0)
    if method == "11point":
        return sum(max((p for r, p in zip(recall, precision) if r >= Fraction(i, 10)), default=Fraction(0))
                   for i in range(11)) / 11
    if method == "step":
        return sum(p * (r - r0) for r, r0, p in zip(recall, [Fraction(0)] + recall[:-1], precision))
    # interp: the integral over recall of the interpolated precision p(r) = max{p_k : r_k >= r}.
    levels = sorted(set(recall))
    return sum((u - u0) * max(p for r, p in zip(recall, precision) if r >= u)
               for u, u0 in zip(levels, [Fraction(0)] + levels[:-1]))


def exact_iou(a, b):
    iw = max(Fraction(0), min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(Fraction(0), min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else Fraction(0)


def exact_map(detections, ground_truths, iou_threshold, method):
    dets = [[Fraction(float(v)) for v in row] for row in detections]
    gts = [[Fraction(float(v)) for v in row] for row in ground_truths]
    threshold = Fraction(iou_threshold)
    aps = []
    for cls in sorted({g[1] for g in gts}):
        mine = [(j, g) for j, g in enumerate(gts) if g[1] == cls]
        order = sorted((i for i, d in enumerate(dets) if d[1] == cls), key=lambda i: (-dets[i][2], i))
        matched, flags = set(), []
        for i in order:
            d = dets[i]
            candidates = [(exact_iou(d[3:], g[2:]), -j) for j, g in mine if g[0] == d[0]]
            if candidates:
                best, neg_j = max(candidates)  # highest IoU; equal IoUs: the lower row
                if best >= threshold and -neg_j not in matched:
                    matched.add(-neg_j)
                    flags.append(1)
                    continue
            flags.append(0)
        aps.append(exact_ap(flags, len(mine), method))
    return sum(aps) / len(aps) if aps else Fraction(0)


# -- inputs ----------------------------------------------------------------------------------
def scene(rng, n_gt, classes=3, images=3):
    img, cls = rng.integers(0, images, n_gt), rng.integers(0, classes, n_gt)
    xy = rng.uniform(0, 60, (n_gt, 2)).round(2)
    gts = np.column_stack([img, cls, xy, xy + rng.uniform(3, 25, (n_gt, 2)).round(2)])
    dets = []
    for g in gts:
        for _ in range(int(rng.integers(0, 3))):
            box = (g[2:] + rng.normal(0, 2, 4)).round(2)
            box[2:] = np.maximum(box[2:], box[:2] + 0.5)
            dets.append([g[0], g[1] if rng.random() > 0.15 else rng.integers(0, classes), 0, *box])
    for _ in range(int(rng.integers(0, 5))):
        xy0 = rng.uniform(0, 60, 2).round(2)
        dets.append([rng.integers(0, images), rng.integers(0, classes), 0, *xy0, *(xy0 + 8)])
    dets = np.array(dets, dtype=np.float64).reshape(-1, 7)
    # Scores: distinct, or rounded to one decimal to make ties (broken by the lower row).
    dets[:, 2] = rng.random(len(dets)).round(int(rng.choice([1, 6])))
    return dets[rng.permutation(len(dets))], gts


def safe_threshold(dets, gts, start):
    """A threshold no float IoU sits within 1e-9 of (float vs exact IoU can then never disagree)."""
    ious = [float(exact_iou([Fraction(v) for v in d[3:]], [Fraction(v) for v in g[2:]])) for d in dets for g in gts]
    t = start
    while any(abs(v - t) < 1e-9 for v in ious):
        t += 1e-6
    return t


def near_tied_best(dets, gts):
    """Some detection's two best IoUs (same image and class) differ but by less than 1e-12."""
    for d in dets:
        ious = sorted(float(exact_iou([Fraction(v) for v in d[3:]], [Fraction(v) for v in g[2:]]))
                      for g in gts if g[0] == d[0] and g[1] == d[1])
        if len(ious) > 1 and 0 < ious[-1] - ious[-2] < 1e-12:
            return True
    return False


# -- the tests -------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(30))
def test_step_equals_sklearn_average_precision_score(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    y = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
    y[rng.integers(n)] = 1  # at least one positive
    scores = rng.permutation(n) + rng.random(n) * 0.5  # distinct
    flags = y[np.argsort(-scores, kind="stable")]
    hits = np.cumsum(flags)
    got = ref.average_precision(hits / y.sum(), hits / np.arange(1, n + 1), "step")
    assert got == pytest.approx(metrics.average_precision_score(y, scores), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("method", METHODS)
def test_average_precision_matches_exact_definition(seed, method):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(0, 40))
    flags = (rng.random(k) < rng.uniform(0.1, 0.9)).astype(int).tolist()
    npos = sum(flags) + int(rng.integers(0 if sum(flags) else 1, 4))
    if seed % 3 == 0:  # recalls on exact tenths, where np.arange thresholds go wrong
        flags, npos = flags[:10] + [1] * max(0, 10 - sum(flags[:10])), 10
        flags = flags[: 10 + flags.count(0)]
    hits = np.cumsum(flags) if flags else np.zeros(0)
    got = ref.average_precision(hits / npos, hits / np.arange(1, len(flags) + 1), method)
    assert got == pytest.approx(float(exact_ap(flags, npos, method)), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("method", METHODS)
def test_mean_average_precision_matches_exact_brute_force(seed, method):
    rng = np.random.default_rng(seed)
    dets, gts = scene(rng, int(rng.integers(0, 15)))
    if near_tied_best(dets, gts):
        pytest.skip("a near tie between two ground truths: float and exact IoU may disagree")
    t = safe_threshold(dets, gts, float(rng.choice([0.3, 0.5, 0.7])))
    got = ref.mean_average_precision(dets, gts, t, method)
    assert got == pytest.approx(float(exact_map(dets, gts, t, method)), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("seed", range(10))
def test_map_step_on_one_class_is_sklearn_ap_scaled_by_recall(seed):
    """One class: AP 'step' = (1 / npos) * sum of precision at each TP = sklearn's AP of the TP flags
    (ranked by score) times (TPs / npos)."""
    rng = np.random.default_rng(100 + seed)
    dets, gts = scene(rng, 12, classes=1)
    dets[:, 2] = rng.permutation(len(dets)) + 0.5  # distinct scores
    if near_tied_best(dets, gts):
        pytest.skip("near tie")
    t = safe_threshold(dets, gts, 0.5)
    order = np.argsort(-dets[:, 2], kind="stable")
    gts_f = [[Fraction(float(v)) for v in g] for g in gts]
    matched, flags = set(), []
    for i in order:
        d = [Fraction(float(v)) for v in dets[i]]
        cands = [(exact_iou(d[3:], g[2:]), -j) for j, g in enumerate(gts_f) if g[0] == d[0]]
        best, neg_j = max(cands) if cands else (Fraction(-1), 0)
        ok = best >= Fraction(t) and -neg_j not in matched
        matched |= {-neg_j} if ok else set()
        flags.append(int(ok))
    if sum(flags) == 0:
        pytest.skip("no true positive: sklearn's AP is undefined")
    want = metrics.average_precision_score(flags, -np.arange(len(flags))) * sum(flags) / len(gts)
    assert ref.mean_average_precision(dets, gts, t, "step") == pytest.approx(want, rel=1e-12)


def test_statement_examples():
    r, p = np.array([0.2, 0.2, 0.4, 0.6]), np.array([1, 0.5, 2 / 3, 0.75])
    assert ref.average_precision(r, p, "11point") == pytest.approx(6 / 11)
    assert ref.average_precision(r, p, "interp") == pytest.approx(0.5)
    assert ref.average_precision(r, p, "step") == pytest.approx(29 / 60)
    gt = np.array([[0, 0, 0, 0, 10, 10], [0, 0, 20, 0, 30, 10], [1, 0, 0, 0, 10, 10], [1, 1, 0, 0, 4, 4]], float)
    det = np.array([[0, 0, .9, 0, 0, 10, 10], [0, 0, .8, 0, 0, 10, 8], [1, 0, .7, 20, 0, 30, 10],
                    [1, 0, .6, 0, 0, 10, 5], [1, 1, .5, 2, 0, 6, 4], [0, 2, .95, 0, 0, 5, 5]], float)
    assert ref.mean_average_precision(det, gt) == pytest.approx(0.25)
    assert ref.mean_average_precision(det, gt, 0.3) == pytest.approx(0.75)
    for method in METHODS:
        assert ref.mean_average_precision(det, gt, 0.5, method) == float(exact_map(det, gt, 0.5, method))


def test_unknown_method_is_checked_first():
    for call in (lambda: ref.average_precision([], [], "voc"),
                 lambda: ref.mean_average_precision(np.zeros((0, 7)), np.zeros((0, 6)), 0.5, "voc")):
        with pytest.raises(ValueError):
            call()
