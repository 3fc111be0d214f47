"""Graded tests for the iou kata. Run: pytest katas/iou   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Close, Scalar, case, generated, mistake
from sensei.data import random_boxes


def no_plus_one(fn):
    return (f"{fn}(): continuous coordinates: width is x2 - x1, with no + 1 (that is the old pixel convention). "
            "Here IoU = 1 / (4 + 4 - 1) = 1/7.")


def clamp_each(fn):
    return (f"{fn}(): clamp the overlap's width and height at 0 SEPARATELY: max(0, w) * max(0, h). "
            "max(0, w * h) turns two negative sides into a positive area.")


def iou_rule(fn):
    return (f"{fn}(): IoU = intersection / (area1 + area2 - intersection); the intersection is the box from the "
            "larger x1, y1 to the smaller x2, y2, each side clamped at 0.")


def union_zero(fn):
    return f"{fn}(): where the union is 0 (two degenerate boxes), IoU is defined as 0.0: guard the division."


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def variant_iou(boxes1, boxes2, *, plus_one=0.0, clamp_product=False, minus_inter=True, guard=True):
    """IoU of every pair of [N, 4] x [M, 4] boxes (float64), with one mistake's knob turned."""
    a = np.asarray(boxes1, np.float64).reshape(-1, 4)
    b = np.asarray(boxes2, np.float64).reshape(-1, 4)
    iw = np.minimum(a[:, None, 2], b[:, 2]) - np.maximum(a[:, None, 0], b[:, 0]) + plus_one
    ih = np.minimum(a[:, None, 3], b[:, 3]) - np.maximum(a[:, None, 1], b[:, 1]) + plus_one
    inter = np.maximum(iw * ih, 0) if clamp_product else np.maximum(iw, 0) * np.maximum(ih, 0)
    area = lambda x: (x[:, 2] - x[:, 0] + plus_one) * (x[:, 3] - x[:, 1] + plus_one)  # noqa: E731
    union = area(a)[:, None] + area(b) - (inter if minus_inter else 0)
    if not guard:
        return inter / union
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def both(name, fix, **knobs):
    """The same mistake in iou() and in box_iou() (in the reference's output dtype)."""
    return [
        mistake("iou", name, fix=f"iou(): {fix}",
                gives=lambda ref, box1, box2: float(variant_iou([box1], [box2], **knobs)[0, 0])),
        mistake("box_iou", name, fix=f"box_iou(): {fix}",
                gives=lambda ref, boxes1, boxes2: variant_iou(boxes1, boxes2, **knobs).astype(
                    ref.box_iou(boxes1, boxes2).dtype)),
    ]


MISTAKES = [
    *both("width x2 - x1 + 1 (the old pixel convention)",
          "continuous coordinates: width is x2 - x1, with no + 1.", plus_one=1.0),
    *both("the overlap clamped as max(0, w * h): two negative sides make a positive area",
          "clamp the overlap's width and height at 0 SEPARATELY: max(0, w) * max(0, h).", clamp_product=True),
    *both("union = area1 + area2 (the intersection counted twice)",
          "the union is area1 + area2 - intersection (the overlap counted once).", minus_inter=False),
    *both("no guard where the union is 0 (0 / 0 = NaN)",
          "where the union is 0 (two degenerate boxes), IoU is 0.0: guard the division.", guard=False),
    mistake("iou", "// (floor division) instead of /",
            fix="iou(): use / (true division), never //: // floors every IoU below 1 to 0.",
            gives=lambda ref, box1, box2: float(np.floor(ref.iou(box1, box2)))),
    mistake("box_iou", "// (floor division) instead of /",
            fix="box_iou(): use / (true division), never //: // floors every IoU below 1 to 0.",
            gives=lambda ref, boxes1, boxes2: np.floor(ref.box_iou(boxes1, boxes2))),
    mistake("box_iou", "the [M, N] matrix returned (rows are boxes2, columns boxes1)",
            fix="box_iou(): row i, column j is IoU(boxes1[i], boxes2[j]): broadcast boxes1[:, None] against "
                "boxes2[None, :] to get [N, M].",
            gives=lambda ref, boxes1, boxes2: ref.box_iou(boxes2, boxes1)),
    mistake("box_iou", "the result built from nested lists: N = 0 gives shape (0,), not (0, M)",
            fix="box_iou(): with N = 0, return an empty array of shape (0, M), not np.array of an empty list.",
            gives=lambda ref, boxes1, boxes2: ref.box_iou(boxes1, boxes2) if len(boxes1)
            else np.zeros(0, ref.box_iou(boxes1, boxes2).dtype)),
]


def random_pair(rng, _size):
    b = random_boxes(rng, 2, clusters=1)
    return {"box1": b[0].tolist(), "box2": b[1].tolist()}


IOU_CASES = [
    case("identical boxes give 1", box1=[0, 0, 2, 3], box2=[0, 0, 2, 3]),
    case("disjoint boxes give 0", box1=[0, 0, 1, 1], box2=[5, 0, 6, 1]),
    case("partial overlap", box1=[0, 0, 2, 2], box2=[1, 1, 3, 3], hint=no_plus_one("iou")),
    case("one box inside the other", box1=[0, 0, 4, 4], box2=[1, 1, 2, 2]),
    case("apart in both x and y gives 0", box1=[0, 0, 1, 1], box2=[2, 2, 3, 3], hint=clamp_each("iou")),
    case("overlap in x only gives 0", box1=[0, 0, 2, 1], box2=[1, 5, 3, 6], hint=clamp_each("iou")),
    case("negative coordinates", box1=[-3, -3, -1, -1], box2=[-2, -2, 0, 0]),
    case("integer coordinates give a true division", box1=[0, 0, 3, 1], box2=[1, 0, 4, 1],
         hint="iou(): IoU is 2/4 = 0.5: use / (true division), never //."),
    *generated("random pair", random_pair, sizes=[2], seeds=range(8), hint=iou_rule("iou")),
    # edge cases
    case("boxes that share an edge give 0", box1=[0, 0, 1, 1], box2=[1, 0, 2, 1], layer="edge",
         hint="iou(): boxes that only touch do not overlap: the overlap's width is 1 - 1 = 0 (no + 1)."),
    case("a zero-width box gives 0", box1=[1, 0, 1, 2], box2=[0, 0, 2, 2], layer="edge"),
    case("two identical points: union 0 gives 0", box1=[1, 1, 1, 1], box2=[1, 1, 1, 1], layer="edge",
         hint=union_zero("iou")),
    # polish: the types of the boxes
    case("tuples are accepted", box1=(0.5, 0.5, 2.5, 1.5), box2=(1.5, 0.0, 3.0, 1.0), layer="polish"),
    case("numpy float32 boxes are accepted", box1=np.array([0, 0, 2, 2], np.float32),
         box2=np.array([1, 0, 3, 2], np.float32), layer="polish"),
]


def a(*rows, dtype=np.float64):
    return np.array(rows, dtype=dtype).reshape(-1, 4)


def random_sets(rng, n, dtype=np.float64):
    return {"boxes1": random_boxes(rng, n, dtype=dtype), "boxes2": random_boxes(rng, n + 3, dtype=dtype)}


BOX_IOU_CASES = [
    case("a single pair", boxes1=a([0, 0, 2, 2]), boxes2=a([1, 1, 3, 3]), hint=no_plus_one("box_iou")),
    case("N != M: the result is [N, M]", boxes1=a([0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6]),
         boxes2=a([0, 0, 1, 1], [1, 1, 3, 3]),
         hint="box_iou(): row i, column j is IoU(boxes1[i], boxes2[j]): broadcast boxes1[:, None] against "
              "boxes2[None, :]."),
    case("apart in both x and y gives 0", boxes1=a([0, 0, 1, 1]), boxes2=a([2, 2, 3, 3], [-3, -3, -2, -2]),
         hint=clamp_each("box_iou")),
    *generated("random n={size}", random_sets, sizes=[5, 40], seeds=range(3), hint=iou_rule("box_iou")),
    # edge cases
    case("no boxes on the left gives shape (0, M)", boxes1=a(), boxes2=a([0, 0, 1, 1], [0, 0, 2, 2]),
         layer="edge", hint="box_iou(): N = 0: return an empty array of shape (0, M), not a crash or a list."),
    case("no boxes on the right gives shape (N, 0)", boxes1=a([0, 0, 1, 1]), boxes2=a(), layer="edge",
         hint="box_iou(): M = 0: return an empty array of shape (N, 0), not a crash or a list."),
    case("touching and degenerate boxes", boxes1=a([0, 0, 1, 1], [1, 1, 1, 1]),
         boxes2=a([1, 0, 2, 1], [1, 1, 1, 1], [0, 0, 2, 2]), layer="edge", hint=union_zero("box_iou")),
    # polish: dtypes
    case("float32 in, float32 out", boxes1=a([0, 0, 2, 2], [1, 0, 3, 4], dtype=np.float32),
         boxes2=a([1, 1, 3, 3], dtype=np.float32), layer="polish"),
    case("integer boxes give float64", boxes1=np.array([[0, 0, 3, 1], [0, 0, 2, 2]]),
         boxes2=np.array([[1, 0, 4, 1]]), layer="polish",
         hint="box_iou(): integer coordinates give float64 IoU (true division; do not keep the integer dtype)."),
    *generated("random float32 n={size}", lambda rng, n: random_sets(rng, n, np.float32), sizes=[20],
               seeds=range(2), hint=iou_rule("box_iou"), layer="polish"),
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
