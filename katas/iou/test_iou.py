"""Graded tests for the iou kata. Run: pytest katas/iou   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Close, Scalar, case, generated
from sensei.data import random_boxes

NO_PLUS_ONE = ("Continuous coordinates: width is x2 - x1, with no + 1 (that is the old pixel convention). "
               "Here IoU = 1 / (4 + 4 - 1) = 1/7.")
CLAMP_EACH = ("Clamp the overlap's width and height at 0 SEPARATELY: max(0, w) * max(0, h). "
              "max(0, w * h) turns two negative sides into a positive area.")
IOU_RULE = ("IoU = intersection / (area1 + area2 - intersection); the intersection is the box from the "
            "larger x1, y1 to the smaller x2, y2, each side clamped at 0.")
UNION_ZERO = "Where the union is 0 (two degenerate boxes), IoU is defined as 0.0: guard the division."


def random_pair(rng, _size):
    b = random_boxes(rng, 2, clusters=1)
    return {"box1": b[0].tolist(), "box2": b[1].tolist()}


IOU_CASES = [
    case("identical boxes give 1", box1=[0, 0, 2, 3], box2=[0, 0, 2, 3]),
    case("disjoint boxes give 0", box1=[0, 0, 1, 1], box2=[5, 0, 6, 1]),
    case("partial overlap", box1=[0, 0, 2, 2], box2=[1, 1, 3, 3], hint=NO_PLUS_ONE),
    case("boxes that share an edge give 0", box1=[0, 0, 1, 1], box2=[1, 0, 2, 1],
         hint="Boxes that only touch do not overlap: the overlap's width is 1 - 1 = 0 (no + 1)."),
    case("one box inside the other", box1=[0, 0, 4, 4], box2=[1, 1, 2, 2]),
    case("apart in both x and y gives 0", box1=[0, 0, 1, 1], box2=[2, 2, 3, 3], hint=CLAMP_EACH),
    case("overlap in x only gives 0", box1=[0, 0, 2, 1], box2=[1, 5, 3, 6], hint=CLAMP_EACH),
    case("a zero-width box gives 0", box1=[1, 0, 1, 2], box2=[0, 0, 2, 2]),
    case("two identical points: union 0 gives 0", box1=[1, 1, 1, 1], box2=[1, 1, 1, 1], hint=UNION_ZERO),
    case("negative coordinates", box1=[-3, -3, -1, -1], box2=[-2, -2, 0, 0]),
    case("integer coordinates give a true division", box1=[0, 0, 3, 1], box2=[1, 0, 4, 1],
         hint="IoU is 2/4 = 0.5: use / (true division), never //."),
    case("tuples are accepted", box1=(0.5, 0.5, 2.5, 1.5), box2=(1.5, 0.0, 3.0, 1.0)),
    case("numpy float32 boxes are accepted", box1=np.array([0, 0, 2, 2], np.float32),
         box2=np.array([1, 0, 3, 2], np.float32)),
    *generated("random pair", random_pair, sizes=[2], seeds=range(8), hint=IOU_RULE),
]


def a(*rows, dtype=np.float64):
    return np.array(rows, dtype=dtype).reshape(-1, 4)


def random_sets(rng, n, dtype=np.float64):
    return {"boxes1": random_boxes(rng, n, dtype=dtype), "boxes2": random_boxes(rng, n + 3, dtype=dtype)}


BOX_IOU_CASES = [
    case("no boxes on the left gives shape (0, M)", boxes1=a(), boxes2=a([0, 0, 1, 1], [0, 0, 2, 2]),
         hint="N = 0: return an empty array of shape (0, M), not a crash or a list."),
    case("no boxes on the right gives shape (N, 0)", boxes1=a([0, 0, 1, 1]), boxes2=a()),
    case("a single pair", boxes1=a([0, 0, 2, 2]), boxes2=a([1, 1, 3, 3]), hint=NO_PLUS_ONE),
    case("N != M: the result is [N, M]", boxes1=a([0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6]),
         boxes2=a([0, 0, 1, 1], [1, 1, 3, 3]),
         hint="Row i, column j is IoU(boxes1[i], boxes2[j]): broadcast boxes1[:, None] against boxes2[None, :]."),
    case("apart in both x and y gives 0", boxes1=a([0, 0, 1, 1]), boxes2=a([2, 2, 3, 3], [-3, -3, -2, -2]),
         hint=CLAMP_EACH),
    case("touching and degenerate boxes", boxes1=a([0, 0, 1, 1], [1, 1, 1, 1]),
         boxes2=a([1, 0, 2, 1], [1, 1, 1, 1], [0, 0, 2, 2]), hint=UNION_ZERO),
    case("float32 in, float32 out", boxes1=a([0, 0, 2, 2], [1, 0, 3, 4], dtype=np.float32),
         boxes2=a([1, 1, 3, 3], dtype=np.float32)),
    case("integer boxes give float64", boxes1=np.array([[0, 0, 3, 1], [0, 0, 2, 2]]),
         boxes2=np.array([[1, 0, 4, 1]]),
         hint="Integer coordinates give float64 IoU (true division; do not keep the integer dtype)."),
    *generated("random n={size}", random_sets, sizes=[5, 40], seeds=range(3), hint=IOU_RULE),
    *generated("random float32 n={size}", lambda rng, n: random_sets(rng, n, np.float32), sizes=[20],
               seeds=range(2), hint=IOU_RULE),
]


@pytest.mark.parametrize("case", IOU_CASES, ids=str)
def test_iou(kata, case):
    kata.check("iou", case, Scalar())


@pytest.mark.parametrize("case", BOX_IOU_CASES, ids=str)
def test_box_iou(kata, case):
    kata.check("box_iou", case, Close())


@pytest.mark.parametrize("n", [100, 1000])
def test_benchmark_box_iou(kata_bench, n):
    kata_bench("box_iou", generated("", random_sets, sizes=[n], seeds=[0])[0], label=f"N={n}")
