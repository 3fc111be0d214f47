"""Graded tests for the soft_nms kata. Run: pytest katas/soft_nms   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Close, Exact, Outputs, case, generated, mistake
from sensei.data import a, pairwise_iou, random_boxes, threshold_away_from

LOOP = ("soft_nms(): each round, select the remaining box with the highest CURRENT (decayed) score, keep it with "
        "that score, decay every remaining box by its IoU with it, then drop the remaining boxes whose score fell "
        "below score_threshold. Repeat until none remain.")
RESELECT = ("soft_nms(): a decay can push a box below one it used to beat: pick the next box by the highest "
            "DECAYED score, every round, not in the order of the original scores.")
LINEAR = ("soft_nms(): linear decay: s_i *= 1 - IoU only when IoU > iou_threshold (strictly); a box that overlaps "
          "less keeps its score.")
GAUSSIAN = ("soft_nms(): gaussian decay: s_i *= exp(-IoU^2 / sigma) for EVERY remaining box, whatever its IoU "
            "(iou_threshold is not used). sigma divides; it is not squared, doubled or multiplied.")
PRUNE = ("soft_nms(): after each decay, drop every remaining box whose score is now below score_threshold "
         "(s < score_threshold); the boxes start filtered the same way.")
TIES = ("soft_nms(): equal current scores: the LOWER index is selected first. np.argmax takes the first maximum; "
        "argsort()[::-1] puts the higher index first.")
EQUAL_SCORE = ("soft_nms(): a score EQUAL to score_threshold stays: drop a box only when s < score_threshold "
               "(not <=).")
SPEC = Outputs(keep=Exact(), kept_scores=Close())


def args(boxes, scores, method="linear", sigma=0.5, iou_threshold=0.3, score_threshold=0.001):
    """The six arguments in call order (cases pass them positionally)."""
    return {"boxes": boxes, "scores": scores, "sigma": sigma, "iou_threshold": iou_threshold,
            "score_threshold": score_threshold, "method": method}


# -- Soft-NMS with one mistake's knob turned (what each mistake returns; never shown) --------------
def ious(box, others, plus_one=0.0):
    """IoU (float64) of one box with boxes [K, 4]; plus_one: the old pixel convention. Broadcasts: boxes
    [N, 1, 4] and [1, N, 4] give the [N, N] table, each entry computed by the same operations."""
    x1, y1, x2, y2 = (np.maximum(box[..., 0], others[..., 0]), np.maximum(box[..., 1], others[..., 1]),
                      np.minimum(box[..., 2], others[..., 2]), np.minimum(box[..., 3], others[..., 3]))
    iw = np.clip(x2 - x1 + plus_one, 0, None)
    ih = np.clip(y2 - y1 + plus_one, 0, None)
    inter = iw * ih
    area = lambda b: (b[..., 2] - b[..., 0] + plus_one) * (b[..., 3] - b[..., 1] + plus_one)  # noqa: E731
    union = area(box) + area(others) - inter
    return np.divide(inter, union, out=np.zeros(inter.shape), where=union > 0)


def variant(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear", *,
            once=False, gate=">", gaussian="eq3", gated_gaussian=False, original=False, prune="all",
            drop_equal=False, first_filter=True, ties="low", plus_one=0.0, record=None):
    """Soft-NMS in float64. The knobs: once (visit boxes in the original score order), gate (linear: ">",
    ">=", or "all"), gaussian ("eq3" exp(-iou^2/sigma), "times" exp(-iou^2*sigma), "2sigma2"
    exp(-iou^2/(2 sigma^2))), gated_gaussian, original (return scores[keep]), prune ("all", "never",
    "overlapping": only the boxes the selected one decayed), drop_equal (drop at s <= threshold),
    first_filter (filter the scores before the loop), ties (equal current scores: "low" index first, "high",
    or "previous": in the order a stable re-sort left them the round before), plus_one. `record` (a dict) gets the
    closest call of each decision, for generated inputs: "select" the smallest gap between the best and
    the second-best score (an exact tie of scores no decay touched counts as no risk), "iou" the smallest
    |IoU - iou_threshold| (linear), "score" the smallest |s - score_threshold|."""
    b, s = np.asarray(boxes, np.float64), np.asarray(scores, np.float64).copy()
    table = ious(b[:, None, :], b[None, :, :], plus_one) if len(b) <= 1000 else None  # IoU of every pair
    dtype = np.asarray(scores).dtype if np.asarray(scores).dtype.kind == "f" else np.dtype(np.float64)
    below = (lambda v: v <= score_threshold) if drop_equal else (lambda v: v < score_threshold)  # noqa: E731
    alive = ~below(s) if first_filter else np.ones(len(s), dtype=bool)
    touched = np.zeros(len(s), dtype=bool)  # decayed by a weight other than 1
    if record is not None:
        record.update(select=np.inf, iou=np.inf, score=np.abs(s - score_threshold).min(initial=np.inf))
    keep, kept = [], []
    previous = list(np.flatnonzero(alive))  # for ties="previous": the live indices as last sorted

    def select():
        idx = alive.nonzero()[0]
        if once:  # the first alive box in the original score order
            return next(i for i in np.argsort(-np.asarray(scores, np.float64), kind="stable") if alive[i])
        live = s[idx]
        top = live.max()
        best = idx[live == top]
        if record is not None and len(idx) > 1:
            others = live[live < top]
            gap = top - others.max() if others.size else np.inf
            if len(best) > 1 and touched[best].any():  # exact ties of untouched scores are no risk
                gap = 0.0
            record["select"] = min(record["select"], gap)
        if ties == "previous":
            previous[:] = sorted((i for i in previous if alive[i]), key=lambda i: -s[i])  # stable
            return previous[0]
        return best[-1] if ties == "high" else best[0]

    while alive.any():
        m = select()
        keep.append(m)
        kept.append(s[m])
        alive[m] = False
        idx = alive.nonzero()[0]
        iou = table[m, idx] if table is not None else ious(b[m], b[idx], plus_one)
        if record is not None and method == "linear":
            record["iou"] = min(record["iou"], np.abs(iou - iou_threshold).min(initial=np.inf))
        if method == "linear":
            hit = (iou > iou_threshold if gate == ">" else iou >= iou_threshold if gate == ">="
                   else np.ones(len(idx), bool))
            weight = np.where(hit, 1.0 - iou, 1.0)
        else:
            scale = {"eq3": 1.0 / sigma, "times": sigma, "2sigma2": 1.0 / (2.0 * sigma * sigma)}[gaussian]
            weight = np.exp(-iou * iou * scale)
            if gated_gaussian:
                weight = np.where(iou > iou_threshold, weight, 1.0)
            hit = iou > 0
        s[idx] = decayed = s[idx] * weight
        touched[idx] |= weight != 1.0
        if record is not None:
            record["score"] = min(record["score"], np.abs(decayed - score_threshold).min(initial=np.inf))
        if prune == "all":
            alive[idx] = ~below(decayed)
        elif prune == "overlapping":
            alive[idx[hit]] = ~below(decayed[hit])
    out = np.asarray(scores, np.float64)[keep] if original else np.array(kept)
    return np.array(keep, dtype=np.int64), out.astype(dtype)


def knob(name, fix, **knobs):
    return mistake("soft_nms", name, fix=f"soft_nms(): {fix}",
                   gives=lambda ref, *case_args: variant(*case_args, **knobs))


MISTAKES = [
    # Before "once": on a tie after a decay the two give the same output, and a learner who re-sorts each
    # round does re-select; told apart by the other cases (no tie: this one gives the right answer).
    knob("equal current scores left in the previous round's order (a stable re-sort of the permuted live "
         "indices), not by index",
         "equal current scores: the LOWER index is selected first. Re-sorting the live indices each round keeps "
         "the order of the previous sort among equal scores: sort by (score, index), or keep the live indices "
         "increasing and take np.argmax of their scores.", ties="previous"),
    knob("boxes visited in the order of their original scores (no re-selection after a decay)",
         "a decay can push a box below one it used to beat: each round, select the box with the highest CURRENT "
         "(decayed) score. Sorting once by the original scores is hard NMS's shortcut, not Soft-NMS.", once=True),
    knob("linear decay applied to every box (iou_threshold ignored)",
         "linear: s_i *= 1 - IoU only when IoU > iou_threshold; a box that overlaps less keeps its score.",
         gate="all"),
    knob("linear decay at IoU equal to iou_threshold (>= instead of >)",
         "linear: decay only when IoU is STRICTLY greater than iou_threshold; IoU == iou_threshold keeps its "
         "score.", gate=">="),
    knob("gaussian with sigma multiplying: exp(-iou^2 * sigma)",
         "gaussian: s_i *= exp(-IoU^2 / sigma): sigma DIVIDES (a larger sigma decays less).", gaussian="times"),
    knob("gaussian with exp(-iou^2 / (2 sigma^2)) (the blog formula)",
         "gaussian: s_i *= exp(-IoU^2 / sigma), eq. 3 of the paper, with sigma as given: not 2 sigma^2 (the two "
         "agree only at sigma = 0.5).", gaussian="2sigma2"),
    knob("gaussian decay gated by iou_threshold (only IoU > iou_threshold decays)",
         "gaussian: decay EVERY remaining box by exp(-IoU^2 / sigma), whatever its IoU; iou_threshold is for the "
         "linear method only.", gated_gaussian=True),
    knob("decayed boxes never pruned (score_threshold tested only at the start)",
         "after each decay, drop every remaining box whose score fell below score_threshold.", prune="never"),
    knob("score_threshold tested only on boxes the selected box overlaps (a low box nothing overlaps survives)",
         "a box whose score is below score_threshold is dropped even if nothing overlaps it: filter all the "
         "scores before the loop, and every remaining box after each decay.", prune="overlapping",
         first_filter=False),
    knob("the first box selected without testing score_threshold (kept even when every score is below it)",
         "filter the scores before the loop too: when every score is below score_threshold nothing is kept.",
         first_filter=False),
    knob("a score equal to score_threshold dropped (<= instead of <)",
         "drop a box only when its score is STRICTLY below score_threshold; s == score_threshold stays.",
         drop_equal=True),
    knob("the original scores returned (scores[keep]) instead of the decayed ones",
         "kept_scores holds each box's DECAYED score at the moment it was selected, not scores[keep].",
         original=True),
    knob("equal scores: the higher index selected first (argsort()[::-1])",
         "equal current scores: the LOWER index is selected first. np.argmax returns the first maximum; "
         "argsort()[::-1] and a reversed scan give the higher index.", ties="high"),
    knob("box width x2 - x1 + 1 (the old pixel convention)",
         "continuous coordinates: width is x2 - x1, no + 1 (boxes that share an edge have IoU 0).", plus_one=1.0),
]


# -- inputs --------------------------------------------------------------------------------------
def clear(case_args, margin):
    """True when no decision of Soft-NMS on these inputs is within `margin` of going the other way (so
    that round-off in a correct solution, float32 or another formula, cannot change the answer); exact
    ties of scores that no decay touched are fine (they are graded: the lower index)."""
    record = {}
    variant(*case_args.values(), record=record)
    return min(record.values()) >= margin


def random_soft_nms(rng, n, method="linear", dtype=np.float64, tied=False):
    """n boxes around a few centres (many overlap); a sigma, thresholds and scores drawn until every
    decision is clear of round-off."""
    margin = 1e-5 if dtype == np.float32 else 1e-9
    for _ in range(200):
        boxes = random_boxes(rng, n, dtype=dtype)
        scores = rng.random(n)
        scores = (np.round(scores, 1) if tied else scores).astype(dtype)
        t = threshold_away_from(pairwise_iou(boxes, boxes), float(rng.choice([0.3, 0.5, 0.7])))
        sigma = float(rng.choice([0.25, 0.5, 1.0])) if method == "gaussian" else 0.5
        candidate = args(boxes, scores, method, sigma, t, float(rng.choice([0.001, 0.05, 0.2])))
        if clear(candidate, margin):
            return candidate
    raise RuntimeError("no input clear of round-off")  # pragma: no cover


def generator(method, **options):
    return lambda rng, n: random_soft_nms(rng, n, method, **options)


# The worked example of the statement: box 1 half covers box 0 (IoU 0.5), box 2 is apart.
BOXES = a([0, 0, 10, 10], [0, 0, 10, 5], [20, 20, 30, 30])
STRIP = a([0, 0, 5, 1], [3, 0, 8, 1])  # IoU 2/8 = 0.25
APART = a([0, 0, 1, 1], [5, 5, 6, 6], [10, 10, 11, 11])

CASES = [
    case("the worked example, linear: box 1 decays below box 2", **args(BOXES, a(0.9, 0.8, 0.5)), hint=RESELECT),
    case("the worked example, gaussian (sigma 0.5)", **args(BOXES, a(0.9, 0.8, 0.5), "gaussian"), hint=GAUSSIAN),
    case("gaussian, sigma 0.25: IoU 0.5 gives a factor e^-1", **args(BOXES, a(0.9, 0.8, 0.35), "gaussian", sigma=0.25),
         hint=GAUSSIAN),
    case("gaussian, sigma 2", **args(BOXES, a(0.9, 0.8, 0.5), "gaussian", sigma=2.0), hint=GAUSSIAN),
    case("linear: a box at IoU 0.25 < 0.3 keeps its score", **args(STRIP, a(0.9, 0.8)), hint=LINEAR),
    case("gaussian: a box at IoU 0.25 < iou_threshold still decays",
         **args(a([0, 0, 5, 1], [3, 0, 8, 1], [0, 0, 4, 1]), a(0.9, 0.8, 0.7), "gaussian"), hint=GAUSSIAN),
    case("disjoint boxes keep their scores, best first", **args(APART, a(0.2, 0.9, 0.5)),
         hint="soft_nms(): boxes with IoU 0 decay nothing (linear: IoU is not above the threshold; gaussian: "
              "exp(0) = 1): all are kept with their own scores, highest first."),
    case("a decayed box falls behind two boxes it used to beat",
         **args(a([0, 0, 10, 10], [0, 0, 10, 8], [0, 0, 10, 2], [30, 0, 40, 10]), a(0.95, 0.9, 0.3, 0.5)),
         hint=RESELECT),
    case("a box decayed below score_threshold is dropped",
         **args(a([0, 0, 10, 10], [0, 0, 10, 5]), a(0.9, 0.0015)),
         hint="soft_nms(): box 1 decays to 0.0015 * 0.5 = 0.00075 < 0.001: it is dropped, not kept with a tiny "
              "score. " + PRUNE),
    case("a box below score_threshold that nothing overlaps is dropped too",
         **args(a([0, 0, 10, 10], [20, 20, 30, 30]), a(0.9, 0.0005)),
         hint="soft_nms(): box 1 scores 0.0005 < 0.001 from the start: it is never selected, even though "
              "nothing overlaps it. " + PRUNE),
    case("high score_threshold: the decay decides who survives",
         **args(a([0, 0, 10, 10], [0, 0, 10, 6], [0, 0, 10, 4], [50, 50, 60, 60]), a(0.9, 0.8, 0.7, 0.35),
                score_threshold=0.3),
         hint=PRUNE),
    case("linear with a high iou_threshold", **args(BOXES, a(0.9, 0.8, 0.5), iou_threshold=0.6),
         hint=LINEAR),
    case("integer coordinates and scores", **args(np.array([[0, 0, 4, 4], [2, 0, 6, 4], [0, 0, 4, 2]]),
                                                  np.array([3, 2, 1]), iou_threshold=0.25),
         hint="soft_nms(): integer scores give float64 kept_scores, and IoU must be a float division."),
    *generated("random linear N={size}", generator("linear"), sizes=[6, 40, 120], seeds=range(3), hint=LOOP),
    *generated("random gaussian N={size}", generator("gaussian"), sizes=[6, 40, 120], seeds=range(3), hint=LOOP),
    # edge cases: empty input, thresholds met exactly, ties, degenerate boxes
    case("N = 0 gives an empty int64 keep and empty scores", **args(np.zeros((0, 4)), np.zeros(0)), layer="edge",
         hint="soft_nms(): with N = 0 nothing is kept: return (np.zeros(0, dtype=np.int64), an empty array of "
              "the scores' dtype)."),
    case("linear: IoU equal to iou_threshold does not decay",
         **args(a([0, 0, 5, 1], [3, 0, 8, 1], [4.5, 0, 9.5, 1]), a(0.9, 0.8, 0.7), iou_threshold=0.25),
         layer="edge",
         hint="soft_nms(): box 1 has IoU exactly 2/8 = 0.25 with box 0, the threshold: linear decays only when "
              "IoU > iou_threshold (strictly), so it keeps 0.8."),
    case("a score equal to score_threshold from the start stays", **args(APART, a(0.5, 0.001, 0.3)),
         layer="edge", hint=EQUAL_SCORE),
    case("a score decayed to exactly score_threshold stays",
         **args(a([0, 0, 10, 10], [0, 0, 10, 5]), a(0.9, 0.002)), layer="edge", hint=EQUAL_SCORE),
    case("every score below score_threshold: nothing is kept", **args(APART, a(0.0005, 0.0002, 0.0009)),
         layer="edge",
         hint="soft_nms(): boxes start filtered: a score below score_threshold is never selected, the first box "
              "included. Here nothing is kept."),
    case("equal scores: lower index first", **args(APART, a(0.5, 0.5, 0.5)), layer="edge", hint=TIES),
    case("a decayed score equal to an untouched one: the lower index first (the decayed box)",
         **args(BOXES, a(0.9, 0.8, 0.4)), layer="edge",
         hint="soft_nms(): box 1 decays to 0.8 * 0.5 = 0.4, box 2 scores 0.4: equal current scores, the lower "
              "index (1) is selected first. " + TIES),
    case("a decayed score equal to an untouched one: the lower index first (the untouched box)",
         **args(a([0, 0, 10, 10], [20, 20, 30, 30], [0, 0, 10, 5]), a(0.9, 0.4, 0.8)), layer="edge",
         hint="soft_nms(): box 2 decays to 0.8 * 0.5 = 0.4, box 1 scores 0.4: equal current scores, the lower "
              "index (1) is selected first. " + TIES),
    case("identical boxes, equal scores: the lower index is kept first", **args(a([0, 0, 2, 2], [0, 0, 2, 2]),
                                                                                 a(0.7, 0.7), "gaussian"),
         layer="edge", hint=TIES),
    case("identical boxes, linear: IoU 1 decays the copy to 0", **args(a([0, 0, 2, 2], [0, 0, 2, 2]), a(0.7, 0.9)),
         layer="edge",
         hint="soft_nms(): IoU 1 > 0.3 gives s *= 1 - 1 = 0 < 0.001: the copy is dropped. " + PRUNE),
    case("score_threshold 0: a score decayed to 0 stays", **args(a([0, 0, 2, 2], [0, 0, 2, 2]), a(0.7, 0.9),
                                                                 score_threshold=0.0),
         layer="edge", hint="soft_nms(): with score_threshold 0, a score of exactly 0 is not below it: it stays "
                            "and is kept last with score 0. " + EQUAL_SCORE),
    case("boxes that share an edge do not overlap", **args(a([0, 0, 1, 1], [1, 0, 2, 1]), a(0.9, 0.8), "gaussian"),
         layer="edge", hint="soft_nms(): boxes that share an edge have IoU 0 (width is x2 - x1, no + 1): "
                            "exp(-0) = 1, no decay."),
    case("iou_threshold 0: any overlap decays, touching does not",
         **args(a([0, 0, 10, 10], [9, 0, 19, 10], [10, 0, 20, 10]), a(0.9, 0.8, 0.7), iou_threshold=0.0),
         layer="edge", hint=LINEAR),
    case("zero-area boxes: union 0 means IoU 0", **args(a([1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 2, 2]),
                                                        a(0.9, 0.8, 0.7), "gaussian"),
         layer="edge",
         hint="soft_nms(): two identical points have union 0: IoU is defined as 0 there (not 0/0 = NaN). Guard "
              "the division."),
    case("negative coordinates", **args(a([-10, -10, 0, 0], [-10, -10, 0, -5], [-30, -30, -20, -20]),
                                        a(0.9, 0.8, 0.5)), layer="edge", hint=LOOP),
    *generated("random linear with tied scores N={size}", generator("linear", tied=True), sizes=[8, 60],
               seeds=range(2), hint=TIES, layer="edge"),
    *generated("random gaussian with tied scores N={size}", generator("gaussian", tied=True), sizes=[8, 60],
               seeds=range(2), hint=TIES, layer="edge"),
    # polish: dtypes, the defaults, invalid input
    case("float32 scores give float32 kept_scores", **args(BOXES.astype(np.float32), a(0.9, 0.8, 0.5,
                                                                                        dtype=np.float32)),
         layer="polish",
         hint="soft_nms(): kept_scores has the scores' float dtype (float32 in, float32 out)."),
    *generated("random float32 linear N={size}", generator("linear", dtype=np.float32), sizes=[40],
               seeds=range(2), layer="polish", hint=LOOP),
    *generated("random float32 gaussian N={size}", generator("gaussian", dtype=np.float32), sizes=[40],
               seeds=range(2), layer="polish", hint=LOOP),
    case("the defaults: sigma 0.5, iou_threshold 0.3, score_threshold 0.001, linear",
         boxes=a([0, 0, 10, 10], [0, 0, 10, 6.5], [0, 0, 10, 2.5], [20, 0, 30, 10]), scores=a(0.9, 0.8, 0.05, 0.0008),
         layer="polish",
         hint="soft_nms(): the defaults are sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method='linear'."),
    case("an unknown method is invalid", **args(BOXES, a(0.9, 0.8, 0.5), "hard"), raises=ValueError,
         hint="soft_nms(): method is 'linear' or 'gaussian'; anything else raises ValueError."),
    case("an unknown method is invalid, even with N = 0", **args(np.zeros((0, 4)), np.zeros(0), "Gaussian"),
         raises=ValueError,
         hint="soft_nms(): check method before anything else: an unknown method raises ValueError even when there "
              "are no boxes."),
    case("sigma = 0 is invalid", **args(BOXES, a(0.9, 0.8, 0.5), "gaussian", sigma=0.0), raises=ValueError,
         hint="soft_nms(): sigma must be > 0 (it divides): raise ValueError."),
    case("sigma < 0 is invalid, even for the linear method", **args(BOXES, a(0.9, 0.8, 0.5), sigma=-0.5),
         raises=ValueError, hint="soft_nms(): sigma <= 0 raises ValueError whatever the method."),
    case("boxes [N, 3] are invalid", **args(np.zeros((3, 3)), a(0.9, 0.8, 0.5)), raises=ValueError,
         hint="soft_nms(): boxes must be [N, 4]: raise ValueError."),
    case("boxes as one flat row are invalid", **args(np.array([0.0, 0.0, 10.0, 10.0]), a(0.9)), raises=ValueError,
         hint="soft_nms(): boxes must be 2-D [N, 4] (one box is [[x1, y1, x2, y2]]): raise ValueError."),
    case("fewer scores than boxes is invalid", **args(BOXES, a(0.9, 0.8)), raises=ValueError,
         hint="soft_nms(): one score per box (len(scores) == N): raise ValueError."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_soft_nms(kata, case):
    kata.check("soft_nms", case, SPEC)


def bench_boxes(method):
    def make(rng, n):
        boxes = random_boxes(rng, n, clusters=max(n // 20, 1))
        return args(boxes, rng.random(n), method)
    return make


@pytest.mark.parametrize("method, n", [("linear", 300), ("linear", 1000), ("gaussian", 1000)])
def test_benchmark_soft_nms(kata_bench, method, n):
    # Soft-NMS keeps most boxes: N rounds, each over all remaining boxes. A Python loop over the pairs is
    # O(N^2) interpreted steps; one vectorised IoU row per round is N numpy calls.
    kata_bench("soft_nms", generated("", bench_boxes(method), sizes=[n], seeds=[0])[0], label=f"N={n} {method}")
