"""Graded tests for the nms kata. Run: pytest katas/nms   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Exact, case, generated
from sensei.data import pairwise_iou, random_boxes, threshold_away_from

GREEDY = ("Greedy NMS: sort by decreasing score; take the best remaining box, keep it, drop every "
          "remaining box whose IoU with it is > the threshold; repeat until none remain.")
TIES = ("Equal scores: the lower index comes first. scores.argsort()[::-1] puts the HIGHER index first "
        "among ties; use np.argsort(-scores, kind='stable').")


def a(*rows, dtype=np.float64):
    return np.array(rows, dtype=dtype)


def random_nms(rng, n, dtype=np.float64, tied=False):
    boxes = random_boxes(rng, n, dtype=dtype)
    scores = rng.random(n).astype(dtype)
    if tied:
        scores = np.round(scores, 1)
    iou = pairwise_iou(boxes, boxes)
    return {"boxes": boxes, "scores": scores,
            "iou_threshold": threshold_away_from(iou, float(rng.choice([0.3, 0.5, 0.7])))}


NMS_CASES = [
    case("empty input gives an empty int64 array", boxes=np.zeros((0, 4)), scores=np.zeros(0),
         iou_threshold=0.5, hint="With N = 0 there is nothing to keep: return np.zeros(0, dtype=np.int64)."),
    case("a single box is kept", boxes=a([0, 0, 1, 1]), scores=a(0.5), iou_threshold=0.5),
    case("disjoint boxes are all kept, best score first", boxes=a([0, 0, 1, 1], [2, 2, 3, 3], [4, 4, 5, 5]),
         scores=a(0.2, 0.9, 0.5), iou_threshold=0.5,
         hint="Return indices in decreasing score order, not input order."),
    case("IoU equal to the threshold is kept", boxes=a([0, 0, 5, 1], [3, 0, 8, 1]), scores=a(0.9, 0.8),
         iou_threshold=0.25,
         hint="IoU here is exactly 2/8 = 0.25, the threshold. A box is suppressed only when its IoU is "
              "STRICTLY greater than the threshold: keep it when iou <= threshold (not <)."),
    case("IoU just above the threshold is suppressed", boxes=a([0, 0, 5, 1], [3, 0, 8, 1]),
         scores=a(0.8, 0.9), iou_threshold=0.2499,
         hint="IoU 0.25 > 0.2499: the lower-scored box (index 0) goes."),
    case("equal scores: lower index first", boxes=a([0, 0, 1, 1], [5, 5, 6, 6], [10, 10, 11, 11]),
         scores=a(0.5, 0.5, 0.5), iou_threshold=0.5, hint=TIES),
    case("equal scores: the lower index suppresses the higher", boxes=a([0, 0, 2, 2], [0, 0, 2, 2.1]),
         scores=a(0.7, 0.7), iou_threshold=0.5, hint=TIES),
    case("a suppressed box suppresses nothing", boxes=a([0, 0, 4, 1], [1, 0, 5, 1], [2, 0, 6, 1]),
         scores=a(0.9, 0.8, 0.7), iou_threshold=0.5,
         hint="Box 1 is suppressed by box 0 (IoU 0.6); box 2 overlaps box 1 (IoU 0.6) but box 0 only at "
              "IoU 1/3, so box 2 survives. Compare each box only with KEPT boxes."),
    case("touching boxes have IoU 0", boxes=a([0, 0, 1, 1], [1, 0, 2, 1]), scores=a(0.9, 0.8),
         iou_threshold=0.0, hint="Boxes that share an edge do not overlap: IoU is 0 (width is x2 - x1, no + 1), and 0 is "
              "not greater than the threshold 0, so both are kept."),
    case("identical boxes: IoU 1 is not above threshold 1", boxes=a([0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.9, 0.8), iou_threshold=1.0),
    case("zero-area boxes never suppress (union 0 means IoU 0)", boxes=a([1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 2, 2]),
         scores=a(0.9, 0.8, 0.7), iou_threshold=0.1,
         hint="Two identical points have union 0: IoU is defined as 0 there. Guard the division."),
    case("integer coordinates", boxes=np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]]),
         scores=a(0.9, 0.95, 0.3), iou_threshold=0.5,
         hint="With integer boxes, make sure IoU is a float division (no // and no integer arrays for IoU)."),
    case("float32 input", boxes=a([0, 0, 4, 4], [1, 1, 5, 5], [0, 0, 4, 4.5], dtype=np.float32),
         scores=a(0.3, 0.6, 0.9, dtype=np.float32), iou_threshold=0.5),
    case("negative coordinates", boxes=a([-5, -5, -1, -1], [-4, -4, 0, 0], [-6, -6, -5, -5]),
         scores=a(0.9, 0.8, 0.1), iou_threshold=0.3),
    *generated("random n={size}", random_nms, sizes=[6, 40, 300], seeds=range(4), hint=GREEDY),
    *generated("random float32 n={size}", lambda rng, n: random_nms(rng, n, np.float32), sizes=[50],
               seeds=range(2), hint=GREEDY),
    *generated("random with tied scores n={size}", lambda rng, n: random_nms(rng, n, tied=True),
               sizes=[8, 60], seeds=range(3), hint=TIES),
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


CLASS_AWARE = "Boxes with different labels never suppress each other; run NMS within each label."
OFFSET = ("Boxes with different labels never suppress each other, whatever the sign of their coordinates. "
          "The offset trick boxes + labels[:, None] * (boxes.max() + 1) (torchvision's) separates the labels "
          "only when every coordinate is >= 0: here boxes.max() + 1 is smaller than the coordinates' span (or "
          "negative), so boxes of different labels still overlap after the shift. Offset by the span, "
          "(boxes.max() - boxes.min() + 1), or run NMS label by label.")
BATCHED_CASES = [
    case("empty input gives an empty int64 array", boxes=np.zeros((0, 4)), scores=np.zeros(0),
         labels=np.zeros(0, dtype=np.int64), iou_threshold=0.5),
    case("identical boxes with different labels are both kept", boxes=a([0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.9, 0.8), labels=np.array([0, 1]), iou_threshold=0.5, hint=CLASS_AWARE),
    case("identical boxes with the same label: one is kept", boxes=a([0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.8, 0.9), labels=np.array([3, 3]), iou_threshold=0.5),
    case("result is in decreasing score order across labels",
         boxes=a([0, 0, 1, 1], [5, 5, 6, 6], [0, 0, 1, 1.1], [10, 10, 11, 11]),
         scores=a(0.3, 0.9, 0.2, 0.6), labels=np.array([0, 1, 0, 2]), iou_threshold=0.5,
         hint="Kept indices of all labels together are sorted by decreasing score, not grouped by label."),
    case("equal scores across labels: lower index first", boxes=a([0, 0, 1, 1], [3, 3, 4, 4], [6, 6, 7, 7]),
         scores=a(0.5, 0.5, 0.5), labels=np.array([2, 0, 1]), iou_threshold=0.5, hint=TIES),
    case("IoU equal to the threshold is kept", boxes=a([0, 0, 5, 1], [3, 0, 8, 1]), scores=a(0.9, 0.8),
         labels=np.array([1, 1]), iou_threshold=0.25, hint="Suppress only when IoU > threshold (strictly)."),
    case("negative and large label values", boxes=a([0, 0, 2, 2], [0, 0, 2, 2], [0, 0, 2, 2]),
         scores=a(0.9, 0.8, 0.7), labels=np.array([-1, 1000, -1]), iou_threshold=0.5, hint=CLASS_AWARE),
    case("identical boxes with different labels, all coordinates negative",
         boxes=a([-3, -3, -1, -1], [-3, -3, -1, -1]), scores=a(0.9, 0.8), labels=np.array([0, 1]),
         iou_threshold=0.5, hint=OFFSET),
    case("different labels, coordinates from -61 to 10",
         boxes=a([-50, -50, -40, -40], [-61, -61, -51, -51], [0, 0, 10, 10]), scores=a(0.7, 0.9, 0.8),
         labels=np.array([0, 1, 0]), iou_threshold=0.5, hint=OFFSET),
    *generated("random n={size}", random_batched, sizes=[10, 80, 300], seeds=range(3), hint=CLASS_AWARE),
    *generated("random n={size}, coordinates mostly negative and widely spread", random_batched_negative,
               sizes=[10, 80], seeds=range(3), hint=OFFSET),
]


@pytest.mark.parametrize("case", NMS_CASES, ids=str)
def test_nms(kata, case):
    kata.check("nms", case, Exact())


@pytest.mark.parametrize("case", BATCHED_CASES, ids=str)
def test_batched_nms(kata, case):
    kata.check("batched_nms", case, Exact())


@pytest.mark.parametrize("n", [100, 1000])
def test_benchmark_nms(kata_bench, n):
    kata_bench("nms", generated("", random_nms, sizes=[n], seeds=[0])[0], label=f"N={n}")
