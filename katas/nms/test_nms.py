"""Graded tests for the nms kata. Run: pytest katas/nms   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Exact, case, generated, mistake
from sensei.data import a, pairwise_iou, random_boxes, threshold_away_from

GREEDY = ("nms(): greedy NMS: sort by decreasing score; take the best remaining box, keep it, drop every "
          "remaining box whose IoU with it is > the threshold; repeat until none remain.")
TIES = ("nms(): equal scores: the lower index comes first. scores.argsort()[::-1] puts the HIGHER index first "
        "among ties; use np.argsort(-scores, kind='stable').")


class Indices(Exact):
    """Exact(), but an index array of the wrong length is reported as "different length: ..." (a summary
    the grader matches against the known mistakes: a mistake that keeps or drops a box changes the
    length). A generic feature written here, not in sensei/."""

    def problem(self, got, expected):
        problem = super().problem(got, expected)
        if problem and problem.summary.startswith("wrong length") and got.ndim == np.ndim(expected) == 1:
            problem.summary = f"different length: expected {len(expected)} indices, got {len(got)}"
        return problem



def random_nms(rng, n, dtype=np.float64, tied=False):
    boxes = random_boxes(rng, n, dtype=dtype)
    scores = rng.random(n).astype(dtype)
    if tied:
        scores = np.round(scores, 1)
    iou = pairwise_iou(boxes, boxes)
    return {"boxes": boxes, "scores": scores,
            "iou_threshold": threshold_away_from(iou, float(rng.choice([0.3, 0.5, 0.7])))}


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def ious(box, others, plus_one=0.0, guard=True):
    """IoU of one box with boxes [K, 4] (float64); plus_one: the pixel convention; guard: 0 where the
    union is 0 (else 0/0 = NaN)."""
    iw = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0]) + plus_one
    ih = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1]) + plus_one
    inter = np.maximum(iw, 0) * np.maximum(ih, 0)
    area = lambda b: (b[..., 2] - b[..., 0] + plus_one) * (b[..., 3] - b[..., 1] + plus_one)  # noqa: E731
    union = area(box) + area(others) - inter
    return inter / union if not guard else np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def variant_nms(boxes, scores, iou_threshold, *, ties_high=False, survives=lambda iou, t: iou <= t,
                plus_one=0.0, guard=True, kept_only=True, index_shift=False):
    """Greedy NMS with one mistake's knob turned."""
    boxes, scores = np.asarray(boxes, np.float64), np.asarray(scores)
    order = np.argsort(scores, kind="stable")[::-1] if ties_high else np.argsort(-scores, kind="stable")
    if not kept_only:  # each box is compared with every higher-scored box, suppressed ones too
        keep = [order[k] for k in range(len(order))
                if survives(ious(boxes[order[k]], boxes[order[:k]], plus_one, guard), iou_threshold).all()]
        return np.array(keep, dtype=np.int64)
    keep = []
    while order.size:
        best = order[0]
        keep.append(best)
        ok = np.flatnonzero(survives(ious(boxes[best], boxes[order[1:]], plus_one, guard), iou_threshold))
        order = order[ok] if index_shift else order[ok + 1]  # the IoUs are of order[1:]
        if index_shift and order.size and order[0] == best:  # (else the kept box comes back forever)
            order = order[1:]
    return np.array(keep, dtype=np.int64)


def per_label(nms_fn, boxes, scores, labels, iou_threshold, grouped=False):
    """batched NMS built on `nms_fn`; grouped: the labels' results concatenated, not sorted by score."""
    boxes, scores, labels = np.asarray(boxes), np.asarray(scores), np.asarray(labels)
    kept = [idx[nms_fn(boxes[idx], scores[idx], iou_threshold)]
            for idx in (np.flatnonzero(labels == c) for c in np.unique(labels))]
    keep = np.concatenate(kept).astype(np.int64) if kept else np.zeros(0, dtype=np.int64)
    return keep if grouped else keep[np.lexsort((keep, -scores[keep]))]


# Mistakes of the greedy loop: (name, fix without the function, knobs); each in nms() and in batched_nms().
GREEDY_MISTAKES = [
    ("equal scores ordered by scores.argsort()[::-1] (the higher index first)",
     "equal scores: the lower index comes first. scores.argsort()[::-1] puts the HIGHER index first among "
     "ties; use np.argsort(-scores, kind='stable').", {"ties_high": True}),
    ("a box with IoU equal to the threshold suppressed (>= instead of >)",
     "suppress a box only when its IoU is STRICTLY greater than the threshold: IoU == threshold is kept.",
     {"survives": lambda iou, t: iou < t}),
    ("box width x2 - x1 + 1 (the old pixel convention)",
     "continuous coordinates: width is x2 - x1, no + 1 (boxes that share an edge have IoU 0).",
     {"plus_one": 1.0}),
    ("suppressed boxes still suppress (each box compared with every higher-scored box)",
     "compare each box only with KEPT boxes: a box that was suppressed suppresses nothing.",
     {"kept_only": False}),
    ("the survivors taken as order[inds] instead of order[inds + 1]",
     "the IoUs are computed against order[1:], so survivor k is order[k + 1]: index order[inds + 1].",
     {"index_shift": True}),
    ("union 0 gives IoU 0/0 = NaN, and the NaN suppressed the box",
     "two zero-area boxes have union 0 and IoU 0, not NaN. Guard the division.", {"guard": False}),
]


def greedy_mistake(fn, name, fix, knobs):
    if fn == "nms":
        return mistake("nms", name, fix=f"nms(): {fix}",
                       gives=lambda ref, boxes, scores, t: variant_nms(boxes, scores, t, **knobs))
    return mistake("batched_nms", name + " (within a label)", fix=f"batched_nms(): {fix}",
                   gives=lambda ref, boxes, scores, labels, t: per_label(
                       lambda b, s, t: variant_nms(b, s, t, **knobs), boxes, scores, labels, t))


def offset_by_max(ref, boxes, scores, labels, iou_threshold):
    if len(boxes) == 0:
        return np.zeros(0, dtype=np.int64)
    return ref.nms(boxes + labels[:, None] * (boxes.max() + 1), scores, iou_threshold)


MISTAKES = [
    mistake("nms", "the kept indices returned in input order",
            fix="nms(): return the kept indices in decreasing score order, not input order.",
            gives=lambda ref, boxes, scores, t: np.sort(ref.nms(boxes, scores, t))),
    *(greedy_mistake("nms", *m) for m in GREEDY_MISTAKES),
    # Before "labels ignored": with negative coordinates the offset trick gives the same output.
    mistake("batched_nms", "labels separated by the offset labels * (boxes.max() + 1)",
            fix="batched_nms(): an offset of labels * (boxes.max() + 1) separates the labels only when every "
                "coordinate is >= 0: offset by the span (boxes.max() - boxes.min() + 1), or run NMS label by label.",
            gives=offset_by_max),
    mistake("batched_nms", "the labels ignored (plain NMS over all boxes)",
            fix="batched_nms(): boxes with different labels never suppress each other: run NMS within each label.",
            gives=lambda ref, boxes, scores, labels, t: ref.nms(boxes, scores, t)),
    mistake("batched_nms", "the kept indices grouped by label",
            fix="batched_nms(): return the kept indices of all labels together, sorted by decreasing score, "
                "not grouped by label.",
            gives=lambda ref, boxes, scores, labels, t: per_label(ref.nms, boxes, scores, labels, t, grouped=True)),
    *(greedy_mistake("batched_nms", *m) for m in GREEDY_MISTAKES),
]


NMS_CASES = [
    case("a single box is kept", boxes=a([0, 0, 1, 1]), scores=a(0.5), iou_threshold=0.5),
    case("disjoint boxes are all kept, best score first", boxes=a([0, 0, 1, 1], [2, 2, 3, 3], [4, 4, 5, 5]),
         scores=a(0.2, 0.9, 0.5), iou_threshold=0.5,
         hint="nms(): the three boxes are disjoint (IoU 0): none suppresses another, so all three are kept, "
              "best score first."),
    case("IoU just above the threshold is suppressed", boxes=a([0, 0, 5, 1], [3, 0, 8, 1]),
         scores=a(0.8, 0.9), iou_threshold=0.2499,
         hint="nms(): IoU 0.25 > 0.2499: the lower-scored box (index 0) goes."),
    case("boxes that share an edge do not overlap", boxes=a([0, 0, 1, 1], [1, 0, 2, 1]), scores=a(0.9, 0.8),
         iou_threshold=0.3,
         hint="nms(): boxes that share an edge have IoU 0 (width is x2 - x1, no + 1): both are kept."),
    case("a suppressed box suppresses nothing", boxes=a([0, 0, 4, 1], [1, 0, 5, 1], [2, 0, 6, 1]),
         scores=a(0.9, 0.8, 0.7), iou_threshold=0.5,
         hint="nms(): box 1 is suppressed by box 0 (IoU 0.6); box 2 overlaps box 1 (IoU 0.6) but box 0 only at "
              "IoU 1/3, so box 2 survives. Compare each box only with KEPT boxes."),
    case("negative coordinates", boxes=a([-5, -5, -1, -1], [-4, -4, 0, 0], [-6, -6, -5, -5]),
         scores=a(0.9, 0.8, 0.1), iou_threshold=0.3),
    case("integer coordinates", boxes=np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]]),
         scores=a(0.9, 0.95, 0.3), iou_threshold=0.5,
         hint="nms(): with integer boxes, make sure IoU is a float division (no // and no integer arrays for IoU)."),
    *generated("random n={size}", random_nms, sizes=[6, 40, 200], seeds=range(4), hint=GREEDY),
    # edge cases: empty input, ties (of IoU and threshold, of scores), degenerate boxes
    case("empty input gives an empty int64 array", boxes=np.zeros((0, 4)), scores=np.zeros(0),
         iou_threshold=0.5, layer="edge",
         hint="nms(): with N = 0 there is nothing to keep: return np.zeros(0, dtype=np.int64)."),
    case("IoU equal to the threshold is kept", boxes=a([0, 0, 5, 1], [3, 0, 8, 1]), scores=a(0.9, 0.8),
         iou_threshold=0.25, layer="edge",
         hint="nms(): IoU here is exactly 2/8 = 0.25, the threshold. A box is suppressed only when its IoU is "
              "STRICTLY greater than the threshold: keep it when iou <= threshold (not <)."),
    case("equal scores: lower index first", boxes=a([0, 0, 1, 1], [5, 5, 6, 6], [10, 10, 11, 11]),
         scores=a(0.5, 0.5, 0.5), iou_threshold=0.5, layer="edge", hint=TIES),
    case("equal scores: the lower index suppresses the higher", boxes=a([0, 0, 2, 2], [0, 0, 2, 2.1]),
         scores=a(0.7, 0.7), iou_threshold=0.5, layer="edge", hint=TIES),
    case("touching boxes have IoU 0", boxes=a([0, 0, 1, 1], [1, 0, 2, 1]), scores=a(0.9, 0.8),
         iou_threshold=0.0, layer="edge",
         hint="nms(): touching boxes have IoU 0, and 0 is not greater than the threshold 0: both are kept."),
    case("identical boxes: IoU 1 is not above threshold 1", boxes=a([0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.9, 0.8), iou_threshold=1.0, layer="edge"),
    case("zero-area boxes never suppress (union 0 means IoU 0)", boxes=a([1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 2, 2]),
         scores=a(0.9, 0.8, 0.7), iou_threshold=0.1, layer="edge",
         hint="nms(): two identical points have union 0: IoU is defined as 0 there. Guard the division."),
    *generated("random with tied scores n={size}", lambda rng, n: random_nms(rng, n, tied=True),
               sizes=[8, 60], seeds=range(3), hint=TIES, layer="edge"),
    # polish: float32 input
    case("float32 input", boxes=a([0, 0, 4, 4], [1, 1, 5, 5], [0, 0, 4, 4.5], dtype=np.float32),
         scores=a(0.3, 0.6, 0.9, dtype=np.float32), iou_threshold=0.5, layer="polish"),
    *generated("random float32 n={size}", lambda rng, n: random_nms(rng, n, np.float32), sizes=[50],
               seeds=range(2), hint=GREEDY, layer="polish"),
]


def random_batched(rng, n, classes=3):
    args = random_nms(rng, n)
    return {"boxes": args["boxes"], "scores": args["scores"],
            "labels": rng.integers(0, classes, size=n), "iou_threshold": args["iou_threshold"]}


def random_batched_negative(rng, n, classes=3):
    """Boxes moved so that their largest coordinate is near 0 (most coordinates negative) and spread
    over up to 10 times the usual range: an offset of labels * (boxes.max() + 1) is then far
    smaller than their span."""
    args = random_batched(rng, n, classes)
    boxes = args["boxes"] * float(rng.choice([1.0, 10.0]))
    args["boxes"] = boxes - boxes.max() + float(rng.uniform(-1.0, 5.0))
    return args


CLASS_AWARE = "batched_nms(): boxes with different labels never suppress each other; run NMS within each label."
ANY_SIGN = ("batched_nms(): boxes with different labels never suppress each other, whatever the sign of their "
            "coordinates.")
BATCHED_CASES = [
    case("identical boxes with different labels are both kept", boxes=a([0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.9, 0.8), labels=np.array([0, 1]), iou_threshold=0.5, hint=CLASS_AWARE),
    case("identical boxes with the same label: one is kept", boxes=a([0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.8, 0.9), labels=np.array([3, 3]), iou_threshold=0.5),
    case("result is in decreasing score order across labels",
         boxes=a([0, 0, 1, 1], [5, 5, 6, 6], [0, 0, 1, 1.1], [10, 10, 11, 11]),
         scores=a(0.3, 0.9, 0.2, 0.6), labels=np.array([0, 1, 0, 2]), iou_threshold=0.5,
         hint="batched_nms(): the kept indices of all labels together are sorted by decreasing score, not "
              "grouped by label."),
    case("identical boxes with different labels, all coordinates negative",
         boxes=a([-3, -3, -1, -1], [-3, -3, -1, -1]), scores=a(0.9, 0.8), labels=np.array([0, 1]),
         iou_threshold=0.5, hint=ANY_SIGN),
    case("different labels, coordinates from -61 to 10",
         boxes=a([-50, -50, -40, -40], [-61, -61, -51, -51], [0, 0, 10, 10]), scores=a(0.7, 0.9, 0.8),
         labels=np.array([0, 1, 0]), iou_threshold=0.5, hint=ANY_SIGN),
    *generated("random n={size}", random_batched, sizes=[10, 80, 200], seeds=range(3), hint=CLASS_AWARE),
    *generated("random n={size}, coordinates mostly negative and widely spread", random_batched_negative,
               sizes=[10, 80], seeds=range(3), hint=ANY_SIGN),
    # edge cases: empty input, ties, extreme label values
    case("empty input gives an empty int64 array", boxes=np.zeros((0, 4)), scores=np.zeros(0),
         labels=np.zeros(0, dtype=np.int64), iou_threshold=0.5, layer="edge",
         hint="batched_nms(): with N = 0 there is nothing to keep: return np.zeros(0, dtype=np.int64)."),
    case("equal scores across labels: lower index first", boxes=a([0, 0, 1, 1], [3, 3, 4, 4], [6, 6, 7, 7]),
         scores=a(0.5, 0.5, 0.5), labels=np.array([2, 0, 1]), iou_threshold=0.5, layer="edge",
         hint="batched_nms(): equal scores: the lower index comes first, across labels too."),
    case("IoU equal to the threshold is kept", boxes=a([0, 0, 5, 1], [3, 0, 8, 1]), scores=a(0.9, 0.8),
         labels=np.array([1, 1]), iou_threshold=0.25, layer="edge",
         hint="batched_nms(): suppress only when IoU > threshold (strictly)."),
    case("negative and large label values", boxes=a([0, 0, 2, 2], [0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.9, 0.8, 0.7), labels=np.array([-1, 1000, -1]), iou_threshold=0.5, layer="edge",
         hint=CLASS_AWARE),
]


@pytest.mark.parametrize("case", NMS_CASES, ids=str)
def test_nms(kata, case):
    kata.check("nms", case, Indices())


@pytest.mark.parametrize("case", BATCHED_CASES, ids=str)
def test_batched_nms(kata, case):
    kata.check("batched_nms", case, Indices())


@pytest.mark.parametrize("n", [100, 1000])
def test_benchmark_nms(kata_bench, n):
    kata_bench("nms", generated("", random_nms, sizes=[n], seeds=[0])[0], label=f"N={n}")
