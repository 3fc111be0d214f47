"""Graded tests for the map kata. Run: pytest katas/map   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Scalar, case, generated, mistake
from sensei.data import pairwise_iou, threshold_away_from

METHODS = ("11point", "interp", "step")
AP = "average_precision(): "
MAP = "mean_average_precision(): "

TENTHS = (AP + "the 11 thresholds are exact tenths: np.arange(0, 1.1, 0.1) holds 0.30000000000000004 (and "
          "0.6000000000000001, 0.7000000000000001), which a recall of exactly 0.3 misses. Use np.arange(11) / 10.")
ELEVEN = (AP + "'11point' is the mean over t = 0.0, 0.1, ..., 1.0 (11 values) of the max precision at recall >= t, "
          "0 where no recall reaches t.")
ENVELOPE = (AP + "'interp' uses the precision envelope: at each point, the max precision at this recall or any "
            "higher one (precision made non-increasing from the right), then the area under it.")
FROM_ZERO = (AP + "the area is a sum over the recall steps, and the recall starts at 0: the first point contributes "
             "recall[0] * precision[0]. np.diff(recall) alone drops that first step.")
STEP = (AP + "'step' is the sum over j of precision[j] * (recall[j] - recall[j-1]), with recall[-1] taken as 0: "
        "the precision as it is, no envelope.")
UNKNOWN = (AP + "an unknown method raises ValueError, and it is checked first: even with K = 0 the method is "
           "checked before anything else.")
EMPTY = AP + "K = 0 (an empty curve) gives 0.0, whatever the method: a max over an empty array raises."

SAME_IMAGE = MAP + "a detection can only match a ground truth of the same image: compare image ids before IoUs."
SAME_CLASS = MAP + "a detection can only match a ground truth of the same class: compare class ids before IoUs."
NO_FALLBACK = (MAP + "a detection whose best ground truth is already matched is a false positive: it does not fall "
               "back to its second best (as in the VOC devkit).")
BEST_IOU = (MAP + "each detection goes to its ground truth of HIGHEST IoU (same image and class), not to the first "
            "one above the threshold.")
GE = (MAP + "a detection is a true positive when its IoU is >= iou_threshold (equal counts), not only when it "
      "is >.")
PLUS_ONE = MAP + "boxes are continuous: width is x2 - x1, no + 1 (as in torchvision)."
DUPLICATES = (MAP + "a ground truth is matched once: a second detection on an already matched ground truth is a "
              "false positive (keep a 'matched' flag per ground truth).")
TIES_SCORE = (MAP + "equal scores: the lower detection row first. scores.argsort()[::-1] puts the HIGHER row first "
              "among ties; use np.argsort(-scores, kind='stable').")
TIES_IOU = (MAP + "equal IoUs: the detection goes to the lower ground-truth row (np.argmax returns the first "
            "maximum).")
CLASSES_WITH_GT = (MAP + "the mean is over the classes that have at least one ground truth: a class with detections "
                   "but no ground truth is left out, a class with ground truth but no detection counts with AP 0.")
NO_GT = MAP + "with no ground truth at all there is nothing to average: return 0.0."
VOC = (MAP + "per class, by decreasing score, each detection goes to its highest-IoU ground truth of the same image: "
       "a true positive when IoU >= threshold and that one is still free.")


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def without_envelope(ref, recall, precision, method="interp"):
    """'interp' computed as 'step'."""
    return ref.average_precision(recall, precision, "step" if method == "interp" else method)


def step_with_envelope(ref, recall, precision, method="interp"):
    """'step' computed as 'interp'."""
    return ref.average_precision(recall, precision, "interp" if method == "step" else method)


def first_step_dropped(ref, recall, precision, method="interp"):
    """The area over np.diff(recall) only: the step from recall 0 to recall[0] is lost."""
    if method == "11point" or len(recall) == 0:
        return ref.average_precision(recall, precision, method)
    r, p = np.asarray(recall, np.float64), np.asarray(precision, np.float64)
    if method == "interp":
        p = np.maximum.accumulate(p[::-1])[::-1]
    return float(np.sum(np.diff(r) * p[1:]))


def arange_thresholds(ref, recall, precision, method="interp"):
    """'11point' over np.arange(0, 1.1, 0.1), whose 0.30000000000000004 misses a recall of 0.3."""
    if method != "11point" or len(recall) == 0:
        return ref.average_precision(recall, precision, method)
    r, p = np.asarray(recall, np.float64), np.asarray(precision, np.float64)
    return float(np.mean([p[r >= t].max() if (r >= t).any() else 0.0 for t in np.arange(0, 1.1, 0.1)]))


def voc(ref, detections, ground_truths, iou_threshold=0.5, method="interp", *, ap=None, rule="best",
        same_class=True):
    """VOC mAP written plainly, with one mistake's knob turned. rule: "best" (the devkit's), "first" (the
    first ground truth above the threshold), "fallback" (the best FREE one above the threshold), "unflagged"
    (no matched flag: every detection above the threshold is a true positive). same_class=False: matched
    with ground truth of every class. ap(recall, precision, method): the per-class AP."""
    ap = ap or ref.average_precision
    dets = np.asarray(detections, np.float64).reshape(-1, 7)
    gts = np.asarray(ground_truths, np.float64).reshape(-1, 6)
    aps = []
    for c in np.unique(gts[:, 1]):
        d = dets[dets[:, 1] == c]
        d = d[np.argsort(-d[:, 2], kind="stable")]
        g = gts[gts[:, 1] == c] if same_class else gts
        iou = pairwise_iou(d[:, 3:], g[:, 2:])
        iou[d[:, None, 0] != g[None, :, 0]] = -1.0
        matched = np.zeros(len(g), dtype=bool)
        tp = np.zeros(len(d), dtype=bool)
        for i, row in enumerate(iou):
            if rule == "first":
                above = np.flatnonzero(row >= iou_threshold)
                j = above[0] if len(above) else None
            elif rule == "fallback":
                free = [k for k in np.argsort(-row, kind="stable") if row[k] >= iou_threshold and not matched[k]]
                j = free[0] if free else None
            else:
                j = int(np.argmax(row)) if row.max() >= iou_threshold else None
            if j is not None and (rule == "unflagged" or not matched[j]):
                tp[i] = matched[j] = True
        hits = np.cumsum(tp)
        aps.append(ap(hits / np.count_nonzero(gts[:, 1] == c), hits / np.arange(1, len(d) + 1), method))
    return float(np.mean(aps)) if aps else 0.0


def over_detected_classes(ref, detections, ground_truths, iou_threshold=0.5, method="interp"):
    """The mean over the classes that have detections (one without ground truth counts 0)."""
    d, g = np.asarray(detections).reshape(-1, 7), np.asarray(ground_truths).reshape(-1, 6)
    aps = [ref.mean_average_precision(d[d[:, 1] == c], g[g[:, 1] == c], iou_threshold, method)
           for c in np.unique(d[:, 1])]
    return float(np.mean(aps)) if aps else 0.0


def plus_one(ref, detections, ground_truths, iou_threshold=0.5, method="interp"):
    """Width x2 - x1 + 1: the same IoUs as continuous boxes one larger at x2 and y2."""
    d, g = np.array(detections, np.float64).reshape(-1, 7), np.array(ground_truths, np.float64).reshape(-1, 6)
    d[:, 5:] += 1
    g[:, 4:] += 1
    return ref.mean_average_precision(d, g, iou_threshold, method)


def one_image(ref, detections, ground_truths, iou_threshold=0.5, method="interp"):
    """Image ids ignored: every box in image 0."""
    d, g = np.array(detections, np.float64).reshape(-1, 7), np.array(ground_truths, np.float64).reshape(-1, 6)
    d[:, 0] = g[:, 0] = 0
    return ref.mean_average_precision(d, g, iou_threshold, method)


# Mistakes of the per-class AP: (name, fix, gives); in average_precision() and, through it, in the mAP.
AP_MISTAKES = [
    ("'interp' without the precision envelope (that is 'step')", ENVELOPE, without_envelope),
    ("'step' with the precision envelope (that is 'interp')", STEP, step_with_envelope),
    ("the first recall step (from 0 to recall[0]) dropped", FROM_ZERO, first_step_dropped),
    ("11-point thresholds from np.arange(0, 1.1, 0.1), which misses a recall of exactly 0.3", TENTHS,
     arange_thresholds),
]


def in_map(gives):
    """The mAP with the per-class AP given by `gives` (a mistake of average_precision)."""
    return lambda ref, *args: voc(ref, *args, ap=lambda r, p, m: gives(ref, r, p, m))


# Order matters where two mistakes give the same number on a case: the mistakes whose own cases come
# late in the file go first (a learner who passed a mistake's own case does not have that mistake).
MISTAKES = [
    *(mistake("average_precision", name, fix=fix, gives=gives) for name, fix, gives in AP_MISTAKES),
    mistake("mean_average_precision", "equal scores walked by scores.argsort()[::-1] (the higher row first)",
            fix=TIES_SCORE, gives=lambda ref, d, g, *args: ref.mean_average_precision(d[::-1], g, *args)),
    mistake("mean_average_precision", "equal IoUs went to the last ground-truth row", fix=TIES_IOU,
            gives=lambda ref, d, g, *args: ref.mean_average_precision(d, g[::-1], *args)),
    mistake("mean_average_precision", "a true positive only when IoU > iou_threshold (strictly)", fix=GE,
            gives=lambda ref, d, g, t=0.5, m="interp": ref.mean_average_precision(d, g, np.nextafter(t, np.inf), m)),
    mistake("mean_average_precision", "the mean over the classes that have detections", fix=CLASSES_WITH_GT,
            gives=over_detected_classes),
    mistake("mean_average_precision", "matched with ground truth of other classes", fix=SAME_CLASS,
            gives=lambda ref, *args: voc(ref, *args, same_class=False)),
    mistake("mean_average_precision", "matched with ground truth of other images", fix=SAME_IMAGE, gives=one_image),
    mistake("mean_average_precision", "box width x2 - x1 + 1 (the old pixel convention)", fix=PLUS_ONE,
            gives=plus_one),
    mistake("mean_average_precision", "a taken best match fell back to the next free ground truth",
            fix=NO_FALLBACK, gives=lambda ref, *args: voc(ref, *args, rule="fallback")),
    mistake("mean_average_precision", "matched with the first ground truth above the threshold, not the best",
            fix=BEST_IOU, gives=lambda ref, *args: voc(ref, *args, rule="first")),
    mistake("mean_average_precision", "no 'matched' flag: every detection above the threshold is a true positive",
            fix=DUPLICATES, gives=lambda ref, *args: voc(ref, *args, rule="unflagged")),
    # A mistake of the per-class AP shows in the mAP too, named in average_precision()'s own words; last,
    # since average_precision()'s own cases come first.
    *(mistake("mean_average_precision", f"per-class AP: {name}", fix=fix, gives=in_map(gives))
      for name, fix, gives in AP_MISTAKES),
]


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
    case("default method is interp", **curve([1, 0, 1, 1], 4),
         hint=AP + "method defaults to 'interp': average_precision(recall, precision) with no method."),
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
    # edge cases: an empty curve, a curve of false positives only
    *(case(f"K = 0 gives 0.0, {m}", recall=f(), precision=f(), method=m, hint=EMPTY, layer="edge") for m in METHODS),
    *(case(f"only false positives give 0, {m}", **curve([0, 0, 0], 2), method=m, layer="edge") for m in METHODS),
    # polish: invalid methods, float32
    case("an unknown method raises ValueError", **WORKED, method="voc", raises=ValueError, hint=UNKNOWN),
    case("an unknown method raises ValueError even when K = 0", recall=f(), precision=f(), method="area",
         raises=ValueError, hint=UNKNOWN),
    case("float32 inputs", recall=f(0.25, 0.25, 0.5, 0.75, dtype=np.float32),
         precision=f(1, 0.5, 2 / 3, 0.75, dtype=np.float32), method="interp", hint=ENVELOPE, layer="polish"),
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
    # 0, 1 or 2 detections near each ground truth (1 twice as often), one in ten with a random class.
    near = gts[np.repeat(np.arange(n_gt), rng.choice([0, 1, 1, 2], n_gt))]
    box = near[:, 2:] + rng.normal(0, 0.08, (len(near), 4)) * np.tile(near[:, 4:] - near[:, 2:4], 2)
    box[:, 2:] = np.maximum(box[:, 2:], box[:, :2] + 1)
    label = np.where(rng.random(len(near)) > 0.1, near[:, 1], rng.integers(0, classes, len(near)))
    # Strays: anywhere, any image, any class.
    k = int(rng.integers(0, n_gt // 2 + 2))
    xy0 = rng.uniform(0, 100, (k, 2))
    stray = np.column_stack([rng.integers(0, images, k), rng.integers(0, classes, k), np.zeros(k), xy0,
                             xy0 + rng.uniform(5, 30, (k, 2))])
    dets = np.concatenate([np.column_stack([near[:, 0], label, np.zeros(len(near)), box]), stray]).astype(np.float64)
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


MAP_CASES = [
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
         hint=NO_FALLBACK + " Here detection 1's best is ground truth 0 (IoU 0.82, taken): a false positive; "
                            "detection 2 gets ground truth 1."),
    case("width is x2 - x1 (no + 1)", detections=D([0, 0, .9, 1, 0, 3, 2]), ground_truths=G([0, 0, 0, 0, 2, 2]),
         iou_threshold=0.4, method="interp", hint=PLUS_ONE + " Here IoU = 2 / 6 = 1/3 < 0.4."),
    case("detections are walked by decreasing score, whatever their row order",
         detections=D([0, 0, .2, 0, 0, 10, 10], [0, 0, .9, 50, 50, 60, 60], [0, 0, .6, 20, 0, 30, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 20, 0, 30, 10]), iou_threshold=0.5, method="interp",
         hint=MAP + "sort each class's detections by decreasing score before walking them (the rows come in any "
                    "order)."),
    case("a detection only matches ground truth of its own image",
         detections=D([1, 0, .9, 0, 0, 10, 10], [0, 0, .8, 0, 0, 10, 10], [1, 0, .7, 50, 0, 60, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [1, 0, 50, 0, 60, 10]), iou_threshold=0.5, method="interp",
         hint=SAME_IMAGE),
    case("a detection only matches ground truth of its own class",
         detections=D([0, 0, .9, 50, 0, 60, 10], [0, 0, .8, 0, 0, 10, 10], [0, 1, .7, 50, 0, 60, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 1, 50, 0, 60, 10]), iou_threshold=0.5, method="interp",
         hint=SAME_CLASS),
    case("a class with detections but no ground truth is left out",
         detections=D([0, 0, .9, 0, 0, 10, 10], [0, 3, .8, 0, 0, 10, 10]), ground_truths=G([0, 0, 0, 0, 10, 10]),
         iou_threshold=0.5, method="interp", hint=CLASSES_WITH_GT),
    case("a class with ground truth but no detection counts as AP 0",
         detections=D([0, 0, .9, 0, 0, 10, 10]), ground_truths=G([0, 0, 0, 0, 10, 10], [0, 1, 20, 20, 30, 30]),
         iou_threshold=0.5, method="interp", hint=CLASSES_WITH_GT),
    case("iou_threshold 0.75", detections=EX_DET, ground_truths=EX_GT, iou_threshold=0.75, method="interp",
         hint=MAP + "use the iou_threshold argument, not a fixed 0.5."),
    case("default iou_threshold 0.5 and method interp", detections=EX_DET, ground_truths=EX_GT,
         hint=MAP + "iou_threshold defaults to 0.5 and method to 'interp'."),
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
    # edge cases: nothing to find or nothing found, ties (IoU at the threshold, equal IoUs, equal scores)
    case("no ground truth at all gives 0.0", detections=D([0, 0, .9, 0, 0, 1, 1]), ground_truths=G(),
         iou_threshold=0.5, method="interp", hint=NO_GT, layer="edge"),
    case("nothing at all gives 0.0", detections=D(), ground_truths=G(), iou_threshold=0.5, method="interp",
         hint=NO_GT, layer="edge"),
    case("no detections: every class has AP 0", detections=D(), ground_truths=G([0, 0, 0, 0, 1, 1], [0, 1, 0, 0, 1, 1]),
         iou_threshold=0.5, method="interp", layer="edge",
         hint=MAP + "a class with ground truth but no detection has an empty curve: its AP is 0.0, and it counts "
                    "in the mean."),
    case("IoU equal to the threshold is a true positive", detections=D([0, 0, .9, 0, 0, 10, 5]),
         ground_truths=G([0, 0, 0, 0, 10, 10]), iou_threshold=0.5, method="interp", hint=GE, layer="edge"),
    case("IoU just below the threshold is a false positive", detections=D([0, 0, .9, 0, 0, 10, 5]),
         ground_truths=G([0, 0, 0, 0, 10, 10]), iou_threshold=0.5001, method="interp", layer="edge",
         hint=MAP + "IoU here is 50 / 100 = 0.5 (width x2 - x1, no + 1), below 0.5001: a false positive."),
    case("equal IoUs go to the lower ground-truth row",
         detections=D([0, 0, .9, 1, 0, 11, 10], [0, 0, .8, 2, 0, 12, 10]),
         ground_truths=G([0, 0, 0, 0, 10, 10], [0, 0, 2, 0, 12, 10]), iou_threshold=0.5, method="interp",
         hint=TIES_IOU + " Here the first detection has IoU 90/110 with both.", layer="edge"),
    case("equal scores: the lower detection row first",
         detections=D([0, 0, .5, 50, 50, 60, 60], [0, 0, .5, 0, 0, 10, 10]), ground_truths=G([0, 0, 0, 0, 10, 10]),
         iou_threshold=0.5, method="interp", hint=TIES_SCORE, layer="edge"),
    # polish: invalid methods, dtypes
    case("an unknown method raises ValueError", detections=EX_DET, ground_truths=EX_GT, iou_threshold=0.5,
         method="coco", raises=ValueError,
         hint=MAP + "an unknown method raises ValueError, and it is checked first."),
    case("an unknown method raises ValueError even with no ground truth", detections=D(), ground_truths=G(),
         iou_threshold=0.5, method="VOC", raises=ValueError,
         hint=MAP + "an unknown method raises ValueError, and it is checked first: even with no ground truth."),
    case("integer arrays", detections=np.array([[0, 0, 1, 0, 0, 10, 10], [0, 0, 0, 0, 0, 10, 5]]),
         ground_truths=np.array([[0, 0, 0, 0, 10, 10], [0, 0, 20, 0, 30, 10]]), iou_threshold=0.5, method="interp",
         hint=MAP + "with integer arrays, IoU must still be a true division (no //).", layer="polish"),
    case("float32 arrays", detections=EX_DET.astype(np.float32), ground_truths=EX_GT.astype(np.float32),
         iou_threshold=0.5, method="interp", layer="polish"),
    *generated("random scene with {size} ground truths, float32", lambda rng, n: scene(rng, n, np.float32),
               sizes=[30], seeds=range(2), hint=VOC, layer="polish"),
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
