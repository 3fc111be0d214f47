"""Graded tests for the map kata. Run: pytest katas/map   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Scalar, case, generated
from sensei.data import pairwise_iou, threshold_away_from

METHODS = ("11point", "interp", "step")

TENTHS = ("The 11 thresholds are exact tenths 0.0, 0.1, ..., 1.0. np.arange(0, 1.1, 0.1) (and np.linspace(0, 1, 11)) "
          "holds 0.30000000000000004, 0.6000000000000001 and 0.7000000000000001, so a recall of exactly 0.3 "
          "(3 of 10 found) misses its threshold. Use np.arange(11) / 10.")
ELEVEN = ("'11point': the mean over t = 0.0, 0.1, ..., 1.0 (11 values) of the max precision at recall >= t, "
          "0 where no recall reaches t.")
ENVELOPE = ("'interp' uses the precision envelope: at each point, the max precision at this recall or any higher "
            "one (precision made non-increasing from the right), then the area under it. Without the envelope "
            "you get 'step'.")
FROM_ZERO = ("The area is a sum over the recall steps, and the recall starts at 0: the first point contributes "
             "recall[0] * precision[0]. np.diff(recall) alone drops that first step.")
STEP = "'step': the sum over j of precision[j] * (recall[j] - recall[j-1]), with recall[-1] taken as 0."
UNKNOWN = ("An unknown method raises ValueError, and it is checked first: even with K = 0 (or no ground truth) "
           "the method is checked before anything else.")
EMPTY = "K = 0 (an empty curve) gives 0.0, whatever the method: a max over an empty array raises."

SAME_IMAGE_CLASS = ("A detection can only match a ground truth of the same image and the same class: compare "
                    "image ids (and class ids) before IoUs.")
NO_FALLBACK = ("A detection whose best ground truth is already matched is a false positive: as in the VOC "
               "devkit, it does not fall back to its second-best ground truth.")
BEST_IOU = ("Each detection goes to the ground truth of HIGHEST IoU (in its image and class), not to the first "
            "one above the threshold; only then is the threshold applied.")
GE = "A detection is a true positive when its IoU is >= iou_threshold (equal counts), not only when it is >."
PLUS_ONE = "Boxes are continuous: width is x2 - x1 (no + 1), as in torchvision."
DUPLICATES = ("A ground truth is matched once: a second detection on an already matched ground truth is a false "
              "positive (keep a 'matched' flag per ground truth).")
TIES_SCORE = ("Walk the detections by decreasing score; equal scores: the lower row first. "
              "scores.argsort()[::-1] puts the HIGHER row first among ties; use np.argsort(-scores, kind='stable').")
TIES_IOU = "Equal IoUs: the detection goes to the lower ground-truth row (np.argmax returns the first maximum)."
CLASSES_WITH_GT = ("The mean is over the classes that have at least one ground truth: a class with detections but "
                   "no ground truth is left out, a class with ground truth but no detection counts with AP 0.")
NO_GT = "With no ground truth at all there is nothing to average: return 0.0."
VOC = ("Per class: sort its detections by decreasing score; each goes to its highest-IoU ground truth of the same "
       "image; true positive when IoU >= threshold and that ground truth is not matched yet. recall = TP / "
       "(ground truths of the class), precision = TP / (detections so far); AP per class, then the mean.")


def curve(flags, npos):
    """recall and precision after each detection of a TP/FP sequence (1 = true positive)."""
    hits = np.cumsum(flags)
    return {"recall": hits / npos, "precision": hits / np.arange(1, len(flags) + 1)}


def f(*values, dtype=np.float64):
    return np.array(values, dtype=dtype)


WORKED = {"recall": f(0.2, 0.2, 0.4, 0.6), "precision": f(1, 0.5, 2 / 3, 0.75)}  # TP FP TP TP, 5 to find


def random_curve(rng, k, method, npos=None):
    flags = (rng.random(k) < rng.uniform(0.2, 0.9)).astype(int)
    npos = npos or int(flags.sum() + rng.integers(1, 4))
    return {**curve(flags, max(npos, int(flags.sum()))), "method": method}


AP_CASES = [
    *(case(f"K = 0 gives 0.0, {m}", recall=f(), precision=f(), method=m, hint=EMPTY) for m in METHODS),
    case("an unknown method raises ValueError", **WORKED, method="voc", raises=ValueError, hint=UNKNOWN),
    case("an unknown method raises ValueError even when K = 0", recall=f(), precision=f(), method="area",
         raises=ValueError, hint=UNKNOWN),
    case("11point: a recall of exactly 0.3 reaches the threshold 0.3", recall=f(0.1, 0.2, 0.3),
         precision=f(1, 1, 1), method="11point", hint=TENTHS),
    case("11point: recalls exactly 0.6 and 0.7", recall=f(0.5, 0.6, 0.6, 0.7), precision=f(1, 1, 2 / 3, 0.75),
         method="11point", hint=TENTHS),
    case("11point: recall 1.0 reaches the last threshold", **curve([1, 1, 0, 1], 3), method="11point", hint=ELEVEN),
    case("11point: thresholds above the last recall count 0", **curve([1, 0, 1], 4), method="11point", hint=ELEVEN),
    case("interp: precision rising later lifts the earlier steps", **curve([0, 1, 1, 1], 3), method="interp",
         hint=ENVELOPE),
    case("interp: a single point", recall=f(0.5), precision=f(1.0), method="interp", hint=FROM_ZERO),
    case("step: a single point", recall=f(0.5), precision=f(1.0), method="step", hint=FROM_ZERO),
    case("step: the first step counts", **curve([1, 0, 0, 1], 2), method="step", hint=FROM_ZERO),
    case("step: no envelope", **curve([0, 1, 1, 1], 3), method="step", hint=STEP),
    *(case(f"only false positives give 0, {m}", **curve([0, 0, 0], 2), method=m) for m in METHODS),
    case("default method is interp", **curve([1, 0, 1, 1], 4),
         hint="method defaults to 'interp': average_precision(recall, precision) with no method."),
    case("float32 inputs", recall=f(0.25, 0.25, 0.5, 0.75, dtype=np.float32),
         precision=f(1, 0.5, 2 / 3, 0.75, dtype=np.float32), method="interp", hint=ENVELOPE),
    *(case(f"worked example, {m}", **WORKED, method=m, hint={"11point": TENTHS, "interp": ENVELOPE, "step": STEP}[m])
      for m in METHODS),
    *generated("random curve K={size}, 11point", lambda rng, k: random_curve(rng, k, "11point"), sizes=[5, 40],
               seeds=range(3), hint=ELEVEN),
    *generated("random curve with 10 to find (exact tenths) K={size}",
               lambda rng, k: random_curve(rng, k, "11point", npos=10), sizes=[12, 30], seeds=range(3), hint=TENTHS),
    *generated("random curve K={size}, interp", lambda rng, k: random_curve(rng, k, "interp"), sizes=[5, 40],
               seeds=range(3), hint=ENVELOPE),
    *generated("random curve K={size}, step", lambda rng, k: random_curve(rng, k, "step"), sizes=[5, 40],
               seeds=range(3), hint=STEP),
]


# -- mean_average_precision ------------------------------------------------------------------
def D(*rows, dtype=np.float64):
    """Detections: rows (image, class, score, x1, y1, x2, y2)."""
    return np.array(rows, dtype=dtype).reshape(-1, 7)


def G(*rows, dtype=np.float64):
    """Ground truths: rows (image, class, x1, y1, x2, y2)."""
    return np.array(rows, dtype=dtype).reshape(-1, 6)


EX_GT = G([0, 0, 0, 0, 10, 10], [0, 0, 20, 0, 30, 10], [1, 0, 0, 0, 10, 10], [1, 1, 0, 0, 4, 4])
EX_DET = D([0, 0, .9, 0, 0, 10, 10], [0, 0, .8, 0, 0, 10, 8], [1, 0, .7, 20, 0, 30, 10], [1, 0, .6, 0, 0, 10, 5],
           [1, 1, .5, 2, 0, 6, 4], [0, 2, .95, 0, 0, 5, 5])
# Five ground truths far apart in one image; detections TP, FP, TP, TP: the AP worked example.
FIVE_GT = G(*([0, 0, 20 * i, 0, 20 * i + 10, 10] for i in range(5)))
FIVE_DET = D([0, 0, .9, 0, 0, 10, 10], [0, 0, .8, 500, 500, 510, 510], [0, 0, .7, 20, 0, 30, 10],
             [0, 0, .6, 40, 0, 50, 10])


def scene(rng, n_gt, dtype=np.float64, method="interp", classes=3, images=4):
    """Ground truths spread over a few images and classes; detections near most of them (sometimes
    twice), plus strays; thresholds and best matches kept away from round-off ties."""
    img = rng.integers(0, images, n_gt)
    cls = rng.integers(0, classes, n_gt)
    xy = rng.uniform(0, 100, (n_gt, 2))
    wh = rng.uniform(5, 30, (n_gt, 2))
    gts = np.column_stack([img, cls, xy, xy + wh])
    dets = []
    for g in gts:
        for _ in range(rng.choice([0, 1, 1, 2])):
            box = g[2:] + rng.normal(0, 0.08, 4) * np.tile(g[4:] - g[2:4], 2)
            box[2:] = np.maximum(box[2:], box[:2] + 1)
            label = g[1] if rng.random() > 0.1 else rng.integers(0, classes)
            dets.append([g[0], label, 0, *box])
    for _ in range(int(rng.integers(0, n_gt // 2 + 2))):
        xy0 = rng.uniform(0, 100, 2)
        dets.append([rng.integers(0, images), rng.integers(0, classes), 0, *xy0, *(xy0 + rng.uniform(5, 30, 2))])
    dets = np.array(dets, dtype=np.float64).reshape(-1, 7)
    # Drop detections whose two best ground truths (same image and class) have nearly equal IoUs.
    iou = pairwise_iou(dets[:, 3:], gts[:, 2:])
    iou[(dets[:, None, 0] != gts[None, :, 0]) | (dets[:, None, 1] != gts[None, :, 1])] = -1
    if len(gts) > 1:
        top2 = np.sort(iou, axis=1)[:, -2:]
        clear = ~((top2[:, 1] > 0) & (top2[:, 1] - top2[:, 0] < 1e-4))
        dets, iou = dets[clear], iou[clear]
    n = len(dets)
    dets[:, 2] = (rng.permutation(n) + rng.uniform(0.1, 0.9, n)) / max(n, 1)  # distinct scores
    dets = dets[rng.permutation(n)]  # rows in no particular order
    threshold = threshold_away_from(iou[iou >= 0], float(rng.choice([0.3, 0.5, 0.7])))
    return {"detections": dets.astype(dtype), "ground_truths": gts.astype(dtype), "iou_threshold": threshold,
            "method": method}


MAP_CASES = [  # the edge cases first: each names the mistake it catches
    case("no ground truth at all gives 0.0", detections=D([0, 0, .9, 0, 0, 1, 1]), ground_truths=G(),
         iou_threshold=0.5, method="interp", hint=NO_GT),
    case("nothing at all gives 0.0", detections=D(), ground_truths=G(), iou_threshold=0.5, method="interp",
         hint=NO_GT),
    case("no detections: every class has AP 0", detections=D(), ground_truths=G([0, 0, 0, 0, 1, 1], [0, 1, 0, 0, 1, 1]),
         iou_threshold=0.5, method="interp", hint=EMPTY),
    case("an unknown method raises ValueError", detections=EX_DET, ground_truths=EX_GT, iou_threshold=0.5,
         method="coco", raises=ValueError, hint=UNKNOWN),
    case("an unknown method raises ValueError even with no ground truth", detections=D(), ground_truths=G(),
         iou_threshold=0.5, method="VOC", raises=ValueError, hint=UNKNOWN),
    case("IoU equal to the threshold is a true positive", detections=D([0, 0, .9, 0, 0, 10, 5]),
         ground_truths=G([0, 0, 0, 0, 10, 10]), iou_threshold=0.5, method="interp", hint=GE),
    case("IoU just below the threshold is a false positive", detections=D([0, 0, .9, 0, 0, 10, 5]),
         ground_truths=G([0, 0, 0, 0, 10, 10]), iou_threshold=0.5001, method="interp",
         hint="IoU here is 50 / 100 = 0.5 (width x2 - x1, no + 1), below 0.5001: a false positive."),
    case("width is x2 - x1 (no + 1)", detections=D([0, 0, .9, 1, 0, 3, 2]), ground_truths=G([0, 0, 0, 0, 2, 2]),
         iou_threshold=0.4, method="interp", hint=PLUS_ONE + " Here IoU = 2 / 6 = 1/3 < 0.4."),
    case("a second detection on a matched ground truth is a false positive",
         detections=D([0, 0, .9, 0, 0, 10, 10], [0, 0, .8, 0, 0, 10, 9], [0, 0, .7, 50, 0, 60, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 50, 0, 60, 10]), iou_threshold=0.5, method="interp",
         hint=DUPLICATES),
    case("the best-IoU ground truth, not the first above the threshold",
         detections=D([0, 0, .9, 3, 0, 13, 10], [0, 0, .8, 0, 0, 10, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 4, 0, 14, 10]), iou_threshold=0.5, method="interp",
         hint=BEST_IOU + " Here the first detection overlaps ground truth 0 at IoU 0.54 and ground truth 1 at 0.82."),
    case("a taken best match does not fall back to the second best",
         detections=D([0, 0, .9, 0, 0, 10, 10], [0, 0, .8, 0, 1, 10, 11], [0, 0, .7, 0, 3, 10, 13]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 0, 3, 10, 13]), iou_threshold=0.5, method="interp",
         hint=NO_FALLBACK + " Here the second detection overlaps ground truth 0 at IoU 0.82 (taken) and ground "
                            "truth 1 at 0.67: it is a false positive, and the third detection gets ground truth 1."),
    case("equal IoUs go to the lower ground-truth row",
         detections=D([0, 0, .9, 1, 0, 11, 10], [0, 0, .8, 2, 0, 12, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 2, 0, 12, 10]), iou_threshold=0.5, method="interp",
         hint=TIES_IOU + " Here the first detection has IoU 90/110 with both."),
    case("equal scores: the lower detection row first",
         detections=D([0, 0, .5, 50, 50, 60, 60], [0, 0, .5, 0, 0, 10, 10]), ground_truths=G([0, 0, 0, 0, 10, 10]),
         iou_threshold=0.5, method="interp", hint=TIES_SCORE),
    case("detections are walked by decreasing score, whatever their row order",
         detections=D([0, 0, .2, 0, 0, 10, 10], [0, 0, .9, 50, 50, 60, 60], [0, 0, .6, 20, 0, 30, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 20, 0, 30, 10]), iou_threshold=0.5, method="interp",
         hint="Sort each class's detections by decreasing score before walking them (the rows come in any order)."),
    case("a detection only matches ground truth of its own image",
         detections=D([1, 0, .9, 0, 0, 10, 10], [0, 0, .8, 0, 0, 10, 10], [1, 0, .7, 50, 0, 60, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [1, 0, 50, 0, 60, 10]), iou_threshold=0.5, method="interp",
         hint=SAME_IMAGE_CLASS),
    case("a detection only matches ground truth of its own class",
         detections=D([0, 0, .9, 50, 0, 60, 10], [0, 0, .8, 0, 0, 10, 10], [0, 1, .7, 50, 0, 60, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 1, 50, 0, 60, 10]), iou_threshold=0.5, method="interp",
         hint=SAME_IMAGE_CLASS),
    case("a class with detections but no ground truth is left out",
         detections=D([0, 0, .9, 0, 0, 10, 10], [0, 3, .8, 0, 0, 10, 10]), ground_truths=G([0, 0, 0, 0, 10, 10]),
         iou_threshold=0.5, method="interp", hint=CLASSES_WITH_GT),
    case("a class with ground truth but no detection counts as AP 0",
         detections=D([0, 0, .9, 0, 0, 10, 10]), ground_truths=G([0, 0, 0, 0, 10, 10], [0, 1, 20, 20, 30, 30]),
         iou_threshold=0.5, method="interp", hint=CLASSES_WITH_GT),
    case("iou_threshold 0.75", detections=EX_DET, ground_truths=EX_GT, iou_threshold=0.75, method="interp",
         hint="Use the iou_threshold argument, not a fixed 0.5."),
    case("default iou_threshold 0.5 and method interp", detections=EX_DET, ground_truths=EX_GT,
         hint="iou_threshold defaults to 0.5 and method to 'interp'."),
    case("integer arrays", detections=np.array([[0, 0, 1, 0, 0, 10, 10], [0, 0, 0, 0, 0, 10, 5]]),
         ground_truths=np.array([[0, 0, 0, 0, 10, 10], [0, 0, 20, 0, 30, 10]]), iou_threshold=0.5, method="interp",
         hint="With integer arrays, IoU must still be a true division (no //)."),
    case("float32 arrays", detections=EX_DET.astype(np.float32), ground_truths=EX_GT.astype(np.float32),
         iou_threshold=0.5, method="interp"),
    case("worked example", detections=EX_DET, ground_truths=EX_GT, iou_threshold=0.5, method="interp", hint=VOC),
    case("worked example at iou_threshold 0.3", detections=EX_DET, ground_truths=EX_GT, iou_threshold=0.3,
         method="interp", hint=VOC),
    *(case(f"TP FP TP TP with 5 to find, {m}", detections=FIVE_DET, ground_truths=FIVE_GT, iou_threshold=0.5,
           method=m, hint={"11point": TENTHS, "interp": ENVELOPE, "step": STEP}[m]) for m in METHODS),
    *generated("random scene with {size} ground truths", scene, sizes=[3, 12, 60], seeds=range(4), hint=VOC),
    *generated("random scene with {size} ground truths, 11point", lambda rng, n: scene(rng, n, method="11point"),
               sizes=[10, 40], seeds=range(3), hint=VOC),
    *generated("random scene with {size} ground truths, step", lambda rng, n: scene(rng, n, method="step"),
               sizes=[10, 40], seeds=range(3), hint=VOC),
    *generated("random scene with {size} ground truths, one class", lambda rng, n: scene(rng, n, classes=1),
               sizes=[20], seeds=range(2), hint=VOC),
    *generated("random scene with {size} ground truths, float32", lambda rng, n: scene(rng, n, np.float32),
               sizes=[30], seeds=range(2), hint=VOC),
]


@pytest.mark.parametrize("case", AP_CASES, ids=str)
def test_average_precision(kata, case):
    kata.check("average_precision", case, Scalar())


@pytest.mark.parametrize("case", MAP_CASES, ids=str)
def test_mean_average_precision(kata, case):
    kata.check("mean_average_precision", case, Scalar())


@pytest.mark.parametrize("n", [200, 2000])
def test_benchmark_mean_average_precision(kata_bench, n):
    bench = generated("", lambda rng, n: scene(rng, n, classes=10, images=max(1, n // 20)), sizes=[n], seeds=[0])[0]
    kata_bench("mean_average_precision", bench, label=f"G={n}")
