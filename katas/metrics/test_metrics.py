"""Graded tests for the metrics kata. Run: pytest katas/metrics   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Exact, Outputs, Scalar, case, crash, generated, mistake

CM, PRF, AUC = "confusion_matrix(): ", "precision_recall_f1(): ", "roc_auc(): "

# -- hints: one idea each, naming the function ---------------------------------------------------
COUNTS = CM + "cm[i, j] counts the samples whose TRUE label is i and PREDICTED label is j."
REPEATS = (CM + "every sample counts, also when its (true, pred) pair repeats. cm[y_true, y_pred] += 1 writes "
           "each distinct pair ONCE (buffered fancy indexing): use np.add.at(cm, (y_true, y_pred), 1) or "
           "np.bincount(C * y_true + y_pred, minlength=C * C).reshape(C, C).")
TRANSPOSED = (CM + "rows are the TRUE class, columns the PREDICTED class (as scikit-learn): sample k adds 1 at "
              "cm[y_true[k], y_pred[k]], not at cm[y_pred[k], y_true[k]].")
MINLENGTH = (CM + "the matrix is [C, C] with C = num_classes even when the largest classes never occur: "
             "np.bincount(codes, minlength=C * C), else the counts stop at the largest code seen.")
CM_EMPTY = CM + "N = 0 gives a [C, C] matrix of zeros, int64."
CM_DTYPE = CM + "the counts are int64 whatever the labels' integer dtype: np.zeros((C, C), dtype=np.int64)."
CM_RANGE = (CM + "a label outside [0, num_classes) is invalid: raise ValueError (cm[-1] would silently count it "
            "in the last row).")
CM_C = CM + "num_classes < 1 is invalid: raise ValueError."
CM_LENGTHS = CM + "y_true and y_pred need one label per sample each (the same length): raise ValueError."

BINARY = (PRF + "'binary' scores class 1 only: tp = true 1 predicted 1, fp = true 0 predicted 1, fn = true 1 "
          "predicted 0; precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn).")
BINARY_ONLY = (PRF + "'binary' scores the positive class 1 alone: averaging the scores of classes 0 and 1 is "
               "'macro'.")
DEFAULTS = PRF + "average defaults to 'binary' and zero_division to 0.0."
MACRO = (PRF + "'macro' is the unweighted mean, over the classes present in y_true or y_pred, of each class's "
         "precision, recall and F1 (each class in turn the positive one).")
MACRO_F1 = (PRF + "macro F1 is the MEAN of the per-class F1 scores, not 2 P R / (P + R) of the macro precision and "
            "recall.")
MACRO_WORKED = (PRF + "per class, P = (1, 0.5, zero_division), R = (0.5, 1, 0), F1 = (2/3, 2/3, 0): 'macro' is the "
                "mean of each over the three classes (class 2, never predicted, counts with precision "
                "zero_division); macro F1 is the mean of the per-class F1.")
PRESENT = (PRF + "'macro' averages over the classes PRESENT in y_true or y_pred (np.unique of both): a label that "
           "occurs nowhere does not count, whatever its number. range(max label + 1) counts the absent ones.")
PREDICTED_ONLY = (PRF + "a class that is predicted but never true is present too: its precision is 0 (tp = 0 < fp), "
                  "its recall zero_division, and it counts in the macro mean. np.unique(y_true) alone misses it.")
MICRO = (PRF + "'micro' sums tp, fp and fn over the classes FIRST, then divides: for single-label data P = R = F1 = "
         "the accuracy. The mean of the per-class scores is 'macro'.")
MICRO_01 = (PRF + "'micro' on 0/1 data pools both classes: it is the accuracy, not the 'binary' scores of class 1.")
ZERO_DIV = (PRF + "a zero denominator (tp + fp = 0: the class is never predicted; tp + fn = 0: it never occurs) "
            "gives zero_division, not NaN: np.divide(num, den, out=np.full(den.shape, zero_division, dtype=float), "
            "where=den > 0).")
ZD_ARG = PRF + "use the zero_division argument (0.0 or 1.0) for the zero denominators, not a fixed 0."
F1_ZERO = (PRF + "F1 = 2 tp / (2 tp + fp + fn): when tp = 0 but fp + fn > 0 it is 0, neither NaN (2PR/(P+R) at "
           "P = R = 0) nor zero_division (its denominator is not 0).")
NEGATIVE = (PRF + "labels may be negative (-1, -5) or far apart: np.bincount and indexing by label refuse or wrap "
            "them. Number the present classes 0..K-1 with np.unique(..., return_inverse=True).")
AVERAGE_VALUE = PRF + "average is 'binary', 'macro' or 'micro': raise ValueError for anything else, checked first."
ZD_VALUE = PRF + "zero_division is 0.0 or 1.0: raise ValueError for any other value ('warn', 0.5, NaN)."
PRF_LENGTHS = PRF + "y_true and y_pred must have the same length: raise ValueError."
PRF_EMPTY = PRF + "N = 0 leaves nothing to score: raise ValueError."
BINARY_LABELS = (PRF + "'binary' needs labels 0 and 1 only: raise ValueError for any other label, -1/+1 data "
                 "included (use 'macro' or 'micro' for other labels).")

AUC_DEF = (AUC + "the fraction of (positive, negative) pairs in which the positive scores higher, a tie counting "
           "1/2: (1 / (P Q)) sum ([s_i > s_j] + 0.5 [s_i == s_j]).")
ORDER_ONLY = (AUC + "the AUC depends only on the ORDER of the scores, not their scale: scores need not be "
              "probabilities, and the AUC is not an accuracy at a threshold.")
TIES = (AUC + "equal scores count 1/2 per (positive, negative) pair, WHATEVER their positions in the array. "
        "Ranks from argsort().argsort(), or a curve with one point per sample, break ties by position: use the "
        "average rank of each group of equal scores (np.unique(scores, return_inverse=True)), or the trapezoid "
        "between DISTINCT thresholds.")
ONE_CLASS = (AUC + "with only positives or only negatives (N = 0 too) there is no pair to compare: raise "
             "ValueError (P Q = 0 would divide by zero).")
AUC_LABELS = (AUC + "y_true holds 0 and 1 only (int, bool or float): raise ValueError for another value, -1/+1 "
              "labels included.")
AUC_LENGTHS = AUC + "y_true and scores need one value per sample each: raise ValueError."


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def cm_once(ref, y_true, y_pred, num_classes):
    """cm[y_true, y_pred] += 1: each distinct pair counted once."""
    return (ref.confusion_matrix(y_true, y_pred, num_classes) > 0).astype(np.int64)


def div(num, den, zd, mode):
    """num / den with den == 0 giving zd ("arg"), 0 ("zero") or NaN ("nan")."""
    num, den = np.asarray(num, np.float64), np.asarray(den, np.float64)
    with np.errstate(all="ignore"):
        q = num / np.where(den > 0, den, 1.0)
    return np.where(den > 0, q, {"arg": zd, "zero": 0.0, "nan": np.nan}[mode])


def prf_variant(ref, y_true, y_pred, average="binary", zero_division=0.0, *, classes="present", once=False,
                micro="pool", zd="arg", f1="counts", binary="class 1"):
    """precision_recall_f1 written plainly, with one mistake's knob turned. classes: "present", "range"
    (0..max label) or "true" (y_true's only); once: per-class counts from distinct (true, pred) pairs;
    micro: "pool" or "mean" (of the per-class values); zd: see div(), or "skip" (np.nanmean); f1: "counts", "pr" (2PR/(P+R), NaN at
    0/0), "pr_zd" (2PR/(P+R), zero_division at P + R = 0), "mean" ((P + R) / 2), "of_means" (2PR/(P+R) of
    the averaged P and R); binary: "class 1", "class 0" or "both" (macro over classes 0 and 1)."""
    ref.precision_recall_f1(y_true, y_pred, average, zero_division)  # invalid input raises as it should
    t, p = np.asarray(y_true).astype(np.int64), np.asarray(y_pred).astype(np.int64)
    if average == "binary":
        labels = {"class 1": [1], "class 0": [0], "both": [0, 1]}[binary]
    elif classes == "range":
        labels = range(max(t.max(), p.max()) + 1)
    else:
        labels = np.unique(t) if classes == "true" else np.union1d(t, p)
    pairs = [(int(a), int(b)) for a, b in zip(t, p)]
    if once:
        pairs = sorted(set(pairs))
    tp = np.array([sum(a == b == c for a, b in pairs) for c in labels])
    fp = np.array([sum(b == c != a for a, b in pairs) for c in labels])
    fn = np.array([sum(a == c != b for a, b in pairs) for c in labels])
    if average == "micro" and micro == "pool":
        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()
    skip = zd == "skip"  # np.nanmean over 0/0 = NaN: the classes with a zero denominator left out
    zd = "nan" if skip else zd
    precision, recall = div(tp, tp + fp, zero_division, zd), div(tp, tp + fn, zero_division, zd)
    if f1 == "counts":
        f = div(2 * tp, 2 * tp + fp + fn, zero_division, zd)
    elif f1 == "pr":
        f = div(2 * precision * recall, precision + recall, zero_division, "nan")
    elif f1 == "pr_zd":
        f = div(2 * precision * recall, precision + recall, zero_division, "arg")
    elif f1 == "mean":
        f = (precision + recall) / 2
    else:
        m_p, m_r = precision.mean(), recall.mean()
        f = div(2 * m_p * m_r, m_p + m_r, zero_division, "zero")
    if skip:
        return tuple(float(np.nanmean(v)) if np.isfinite(v).any() else float(zero_division)
                     for v in (np.atleast_1d(precision), np.atleast_1d(recall), np.atleast_1d(f)))
    return float(np.mean(precision)), float(np.mean(recall)), float(np.mean(f))


def prf_knob(name, fix, **knobs):
    return mistake("precision_recall_f1", name, fix=PRF + fix,
                   gives=lambda ref, *args: prf_variant(ref, *args, **knobs))


def auc_variant(ref, y_true, scores, ties="half"):
    """The AUC by pairs, a tie between a positive and a negative counting: 1/2 ("half"), 0 ("none"), 1 ("all"),
    or decided by their positions ("later higher": as ranks from a stable ascending argsort; "earlier higher":
    as a stable sort by decreasing score)."""
    ref.roc_auc(y_true, scores)  # invalid input raises as it should
    y, s = np.asarray(y_true) == 1, np.asarray(scores, np.float64)
    i, j = np.flatnonzero(y), np.flatnonzero(~y)
    above, tied = s[i][:, None] > s[j][None, :], s[i][:, None] == s[j][None, :]
    weight = {"half": 0.5, "none": 0.0, "all": 1.0}.get(ties)
    if weight is None:
        weight = (i[:, None] > j[None, :]) if ties == "later higher" else (i[:, None] < j[None, :])
    return float(np.mean(above + weight * tied))


def accuracy_at_half(ref, y_true, scores, strict=False):
    ref.roc_auc(y_true, scores)
    s = np.asarray(scores, np.float64)
    return float(np.mean(((s > 0.5) if strict else (s >= 0.5)) == (np.asarray(y_true) == 1)))


BY_POSITION = "equal scores ranked by their position (argsort().argsort() ranks, or one curve point per sample)"
BY_POSITION_FIX = (AUC + "a positive and a negative with EQUAL scores count 1/2, whatever their order in the array: "
                   "argsort ranks (and a ROC curve with a point per sample) put one of them above the other. Give "
                   "each group of equal scores its average rank, or take the trapezoid between distinct "
                   "thresholds.")

# Order matters where two mistakes give the same output on a case: a mistake whose own cases come late in
# the file goes first (a learner who passed a mistake's own case does not have that mistake).
MISTAKES = [
    mistake("confusion_matrix", "a repeated (true, pred) pair counted once: cm[y_true, y_pred] += 1",
            fix=REPEATS, gives=cm_once),
    mistake("confusion_matrix", "the matrix transposed: rows = predicted, columns = true", fix=TRANSPOSED,
            gives=lambda ref, y_true, y_pred, c: ref.confusion_matrix(y_pred, y_true, c)),
    crash("confusion_matrix", "np.bincount without minlength: the counts stop at the largest label seen",
          fix=MINLENGTH, raised="cannot reshape array of size"),

    prf_knob("'binary' averaged over classes 0 and 1 (that is 'macro')", BINARY_ONLY.removeprefix(PRF),
             binary="both"),
    prf_knob("'binary' with class 0 as the positive class",
             "'binary' takes class 1 as the positive class: tp counts samples with true 1 and predicted 1.",
             binary="class 0"),
    prf_knob("'micro' computed as the mean of the per-class scores (that is 'macro')", MICRO.removeprefix(PRF),
             micro="mean"),
    prf_knob("'macro' over range(max label + 1): classes that occur nowhere counted", PRESENT.removeprefix(PRF),
             classes="range"),
    prf_knob("'macro' over the classes of y_true only: a class only predicted left out",
             PREDICTED_ONLY.removeprefix(PRF), classes="true"),
    prf_knob("zero_division ignored: 0/0 left as NaN", ZERO_DIV.removeprefix(PRF), zd="nan"),
    prf_knob("the zero_division argument ignored: 0/0 always 0", ZD_ARG.removeprefix(PRF), zd="zero"),
    prf_knob("np.nanmean: the classes with a zero denominator left out of the mean",
             "a class with a zero denominator still counts in the macro mean, with the value zero_division: "
             "np.nanmean over 0/0 = NaN leaves it out.", zd="skip"),
    prf_knob("macro F1 computed from the macro precision and recall", MACRO_F1.removeprefix(PRF), f1="of_means"),
    prf_knob("F1 as the arithmetic mean (P + R) / 2 of precision and recall",
             "F1 is the HARMONIC mean of precision and recall, 2PR / (P + R) = 2 tp / (2 tp + fp + fn), not "
             "(P + R) / 2.", f1="mean"),
    prf_knob("F1 as 2PR / (P + R): NaN when P = R = 0", F1_ZERO.removeprefix(PRF), f1="pr"),
    prf_knob("F1 set to zero_division when P + R = 0", F1_ZERO.removeprefix(PRF), f1="pr_zd"),
    prf_knob("per-class counts from a confusion matrix built with cm[t, p] += 1 (each pair counted once)",
             "every sample counts: cm[t, p] += 1 writes each distinct (true, pred) pair ONCE (buffered fancy "
             "indexing); count with np.add.at or np.bincount.", once=True),
    crash("precision_recall_f1", "np.bincount on negative labels (labels assumed to be 0..K-1)",
          fix=NEGATIVE.removeprefix(PRF), raised="must have no negative elements"),

    mistake("roc_auc", "positives and negatives swapped (1 - AUC)",
            fix=AUC + "count the pairs where the POSITIVE (y_true == 1) scores higher than the negative.",
            gives=lambda ref, y, s: 1.0 - ref.roc_auc(y, s)),
    mistake("roc_auc", BY_POSITION, fix=BY_POSITION_FIX,
            gives=lambda ref, y, s: auc_variant(ref, y, s, "later higher")),
    mistake("roc_auc", BY_POSITION, fix=BY_POSITION_FIX,
            gives=lambda ref, y, s: auc_variant(ref, y, s, "earlier higher")),
    mistake("roc_auc", "equal scores count 0 (pairs with > only)",
            fix=AUC + "a tie between a positive and a negative counts 1/2: add 0.5 for each pair with equal "
                      "scores.", gives=lambda ref, y, s: auc_variant(ref, y, s, "none")),
    mistake("roc_auc", "equal scores count 1 (pairs with >=)",
            fix=AUC + "a tie between a positive and a negative counts 1/2, not 1: count > plus 0.5 for ==.",
            gives=lambda ref, y, s: auc_variant(ref, y, s, "all")),
    # Last: its own case comes before the ties, where it can give the same number as a tie mistake.
    mistake("roc_auc", "the accuracy at threshold 0.5 instead of the AUC", fix=ORDER_ONLY, gives=accuracy_at_half),
    mistake("roc_auc", "the accuracy at threshold 0.5 instead of the AUC", fix=ORDER_ONLY,
            gives=lambda ref, y, s: accuracy_at_half(ref, y, s, strict=True)),
    crash("roc_auc", "np.trapz, removed in NumPy 2.4",
          fix=AUC + "np.trapz is gone (NumPy 2.4): use np.trapezoid, or count the pairs.", raised="attribute 'trapz'"),
]


# -- inputs --------------------------------------------------------------------------------------
def i64(*values, dtype=np.int64):
    return np.array(values, dtype=dtype)


def random_labels(rng, n, num_classes=None):
    """[N] true and predicted labels in [0, C), right about 60% of the time (many repeated pairs)."""
    c = num_classes or int(rng.integers(2, 7))
    y_true = rng.integers(0, c, n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, c, n))
    return {"y_true": y_true, "y_pred": y_pred, "num_classes": c}


def random_prf(rng, n, average):
    """Labels from a random set with gaps and negative values (binary: 0 and 1), zero_division 0 or 1."""
    pool = np.array([0, 1]) if average == "binary" else rng.choice(np.arange(-4, 9), int(rng.integers(2, 6)),
                                                                   replace=False)
    y_true = rng.choice(pool, n)
    y_pred = np.where(rng.random(n) < 0.5, y_true, rng.choice(pool, n))
    return {"y_true": y_true, "y_pred": y_pred, "average": average, "zero_division": float(rng.integers(0, 2))}


def random_auc(rng, n, decimals=None, dtype=np.float64):
    """Both classes present; positives score higher on average. decimals: round the scores (ties)."""
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    y = rng.permutation(y)
    scores = rng.normal(y * rng.uniform(0.2, 2.0), 1.0)
    if decimals is not None:
        scores = np.round(scores, decimals)
    return {"y_true": y, "scores": scores.astype(dtype)}


def integer_scores(rng, n):
    """Scores in 0..3: nearly every pair of samples is a tie."""
    y = rng.permutation(np.r_[0, 1, rng.integers(0, 2, n - 2)])
    return {"y_true": y, "scores": rng.integers(0, 4, n) + y * rng.integers(0, 2, n)}


WORKED = {"y_true": i64(0, 0, 1, 1, 2), "y_pred": i64(0, 1, 1, 1, 1)}
WORKED_BINARY = {"y_true": i64(0, 1, 1, 0, 1), "y_pred": i64(1, 1, 0, 0, 0)}

CM_CASES = [
    case("worked example: the pair (1, 1) occurs twice", **WORKED, num_classes=3, hint=REPEATS),
    case("rows are the truth, columns the prediction", y_true=i64(0, 0, 0, 2), y_pred=i64(1, 2, 2, 0),
         num_classes=3, hint=TRANSPOSED),
    case("six samples, one pair", y_true=i64(2, 2, 2, 2, 2, 2), y_pred=i64(1, 1, 1, 1, 1, 1), num_classes=3,
         hint=REPEATS),
    case("C = 5 when only classes 0 to 2 occur", y_true=i64(0, 1, 2, 2), y_pred=i64(2, 1, 0, 2), num_classes=5,
         hint=MINLENGTH),
    *generated("random labels N={size}", random_labels, sizes=[10, 100, 1000], seeds=range(3), hint=COUNTS),
    # edge cases: nothing to count, one class, unused classes
    case("N = 0 gives a [C, C] matrix of zeros", y_true=i64(), y_pred=i64(), num_classes=3, layer="edge",
         hint=CM_EMPTY),
    case("C = 1: every sample in cm[0, 0]", y_true=i64(0, 0, 0, 0), y_pred=i64(0, 0, 0, 0), num_classes=1,
         layer="edge", hint=REPEATS),
    case("class 0 never occurs", y_true=i64(1, 2, 3, 3), y_pred=i64(3, 2, 1, 3), num_classes=4, layer="edge",
         hint=COUNTS),
    # polish: dtypes, invalid input
    case("int32 labels give int64 counts", y_true=i64(0, 1, 1, 2, dtype=np.int32),
         y_pred=i64(0, 1, 2, 2, dtype=np.int32), num_classes=3, layer="polish", hint=CM_DTYPE),
    case("uint8 labels give int64 counts", y_true=i64(0, 1, 1, 2, dtype=np.uint8),
         y_pred=i64(0, 1, 2, 2, dtype=np.uint8), num_classes=3, layer="polish", hint=CM_DTYPE),
    case("a label equal to num_classes is invalid", y_true=i64(0, 1, 3), y_pred=i64(0, 1, 2), num_classes=3,
         raises=ValueError, hint=CM_RANGE),
    case("a negative predicted label is invalid", y_true=i64(0, 1, 2), y_pred=i64(0, -1, 2), num_classes=3,
         raises=ValueError, hint=CM_RANGE),
    case("num_classes = 0 is invalid", y_true=i64(), y_pred=i64(), num_classes=0, raises=ValueError, hint=CM_C),
    case("different lengths are invalid", y_true=i64(0, 1, 1), y_pred=i64(0, 1), num_classes=2, raises=ValueError,
         hint=CM_LENGTHS),
]

PRF_CASES = [
    case("binary: the worked example", **WORKED_BINARY, average="binary", zero_division=0.0, hint=BINARY),
    case("binary scores class 1 only", y_true=i64(1, 1, 1, 0, 0), y_pred=i64(1, 1, 0, 0, 1), average="binary",
         zero_division=0.0, hint=BINARY_ONLY),
    case("average defaults to binary, zero_division to 0", y_true=i64(1, 0, 1, 1), y_pred=i64(1, 1, 1, 0),
         hint=DEFAULTS),
    case("macro: the worked example", **WORKED, average="macro", zero_division=0.0, hint=MACRO_WORKED),
    case("micro: the worked example", **WORKED, average="micro", zero_division=0.0, hint=MICRO),
    case("macro: the worked example with zero_division = 1", **WORKED, average="macro", zero_division=1.0,
         hint=ZD_ARG),
    case("macro: classes 0 and 2 only (class 1 occurs nowhere)", y_true=i64(0, 0, 2, 2, 2),
         y_pred=i64(0, 2, 2, 2, 0), average="macro", zero_division=0.0, hint=PRESENT),
    case("macro: a class that is predicted but never true counts", y_true=i64(0, 0, 1, 1),
         y_pred=i64(0, 2, 1, 1), average="macro", zero_division=0.0, hint=PREDICTED_ONLY),
    case("micro on 0/1 data is the accuracy, not binary", **WORKED_BINARY, average="micro", zero_division=0.0,
         hint=MICRO_01),
    case("macro: labels -1 and +1", y_true=i64(-1, -1, 1, 1, -1), y_pred=i64(-1, 1, 1, -1, -1), average="macro",
         zero_division=0.0, hint=NEGATIVE),
    case("micro: labels -1 and +1", y_true=i64(-1, -1, 1, 1, -1), y_pred=i64(-1, 1, 1, -1, -1), average="micro",
         zero_division=0.0, hint=NEGATIVE),
    *(c for average in ("binary", "macro", "micro")
      for c in generated(f"random labels N={{size}}, {average}", lambda rng, n, a=average: random_prf(rng, n, a),
                            sizes=[8, 60, 500], seeds=range(3), hint=BINARY if average == "binary" else
                            MACRO if average == "macro" else MICRO)),
    # edge cases: zero denominators, tp = 0, one class, labels far apart
    case("binary: tp = 0 with fp and fn > 0 gives F1 = 0, not NaN", y_true=i64(1, 0), y_pred=i64(0, 1),
         average="binary", zero_division=0.0, layer="edge", hint=F1_ZERO),
    case("binary: tp = 0 with fp and fn > 0 gives F1 = 0 even with zero_division = 1", y_true=i64(1, 0, 0),
         y_pred=i64(0, 1, 0), average="binary", zero_division=1.0, layer="edge", hint=F1_ZERO),
    *(case(f"binary: no 1 anywhere gives zero_division = {zd:g} three times", y_true=i64(0, 0, 0),
           y_pred=i64(0, 0, 0), average="binary", zero_division=zd, layer="edge", hint=ZERO_DIV)
      for zd in (0.0, 1.0)),
    case("binary: 1 never predicted: precision is zero_division", y_true=i64(1, 0, 1), y_pred=i64(0, 0, 0),
         average="binary", zero_division=1.0, layer="edge", hint=ZERO_DIV),
    case("binary: 1 never true: recall is zero_division", y_true=i64(0, 0, 0), y_pred=i64(1, 0, 0),
         average="binary", zero_division=1.0, layer="edge", hint=ZERO_DIV),
    case("macro: one class, all right", y_true=i64(3, 3, 3), y_pred=i64(3, 3, 3), average="macro",
         zero_division=0.0, layer="edge", hint=PRESENT),
    case("macro: N = 1", y_true=i64(4), y_pred=i64(2), average="macro", zero_division=1.0, layer="edge",
         hint=PREDICTED_ONLY),
    case("macro: labels 1000 and -1000", y_true=i64(1000, -1000, 1000, 1000), y_pred=i64(1000, 1000, -1000, 1000),
         average="macro", zero_division=0.0, layer="edge", hint=NEGATIVE),
    case("micro: all wrong gives 0", y_true=i64(0, 1, 2), y_pred=i64(1, 2, 0), average="micro", zero_division=1.0,
         layer="edge", hint=MICRO),
    # polish: invalid input
    case("average='weighted' is invalid", **WORKED, average="weighted", zero_division=0.0, raises=ValueError,
         hint=AVERAGE_VALUE),
    case("average=None is invalid", **WORKED, average=None, zero_division=0.0, raises=ValueError,
         hint=AVERAGE_VALUE),
    case("zero_division = 0.5 is invalid", **WORKED, average="macro", zero_division=0.5, raises=ValueError,
         hint=ZD_VALUE),
    case("zero_division = 'warn' is invalid", **WORKED, average="macro", zero_division="warn", raises=ValueError,
         hint=ZD_VALUE),
    case("zero_division = NaN is invalid", **WORKED_BINARY, average="binary", zero_division=float("nan"),
         raises=ValueError, hint=ZD_VALUE),
    case("different lengths are invalid", y_true=i64(0, 1, 1), y_pred=i64(0, 1), average="macro",
         zero_division=0.0, raises=ValueError, hint=PRF_LENGTHS),
    *(case(f"N = 0 is invalid, {average}", y_true=i64(), y_pred=i64(), average=average, zero_division=0.0,
           raises=ValueError, hint=PRF_EMPTY) for average in ("binary", "macro", "micro")),
    case("binary with a label 2 is invalid", y_true=i64(0, 1, 2), y_pred=i64(0, 1, 1), average="binary",
         zero_division=0.0, raises=ValueError, hint=BINARY_LABELS),
    case("binary with -1/+1 labels is invalid", y_true=i64(-1, 1, 1), y_pred=i64(1, 1, -1), average="binary",
         zero_division=0.0, raises=ValueError, hint=BINARY_LABELS),
]

AUC_CASES = [
    case("worked example: no ties", y_true=i64(0, 0, 1, 1), scores=np.array([0.1, 0.4, 0.35, 0.8]), hint=AUC_DEF),
    case("scores on any scale: only their order counts", y_true=i64(0, 1, 1, 0, 1, 0),
         scores=np.array([-3.0, 10.0, 2.5, 0.7, -1.0, 4.0]), hint=ORDER_ONLY),
    case("a perfect ranking gives 1", y_true=i64(1, 0, 1, 0, 0), scores=np.array([0.9, 0.3, 0.8, 0.1, 0.2]),
         hint=AUC_DEF),
    case("a reversed ranking gives 0", y_true=i64(1, 0, 1, 0, 0), scores=np.array([0.1, 0.3, 0.2, 0.9, 0.8]),
         hint=AUC_DEF),
    *generated("random scores N={size}", random_auc, sizes=[10, 100, 1000], seeds=range(3), hint=AUC_DEF),
    # edge cases: ties (a tie at a different position in the array must give the same AUC)
    case("a tie group ordered positive, negative, positive, positive", y_true=i64(1, 0, 1, 1, 0, 1),
         scores=np.array([0.6, 0.6, 0.6, 0.6, 0.2, 0.9]), layer="edge", hint=TIES),
    case("worked example with a tie: the tied pair counts 1/2", y_true=i64(0, 1, 0, 1),
         scores=np.array([0.5, 0.5, 0.2, 0.9]), layer="edge", hint=TIES),
    case("the same tie with the positive first", y_true=i64(1, 0, 0, 1), scores=np.array([0.5, 0.5, 0.2, 0.9]),
         layer="edge", hint=TIES),
    case("all scores equal give 0.5", y_true=i64(0, 1, 1, 0, 1), scores=np.full(5, 0.3), layer="edge", hint=TIES),
    *generated("integer scores 0..4: ties everywhere, N={size}", integer_scores, sizes=[12, 300], seeds=range(3),
               layer="edge", hint=TIES),
    *generated("scores rounded to one decimal, N={size}", lambda rng, n: random_auc(rng, n, decimals=1),
               sizes=[2000], seeds=range(2), layer="edge", hint=TIES),
    case("one positive among many negatives", y_true=i64(0, 0, 0, 0, 0, 1, 0),
         scores=np.array([0.1, 0.5, 0.3, 0.9, 0.2, 0.4, 0.0]), layer="edge", hint=AUC_DEF),
    case("two samples", y_true=i64(1, 0), scores=np.array([0.2, 0.7]), layer="edge", hint=AUC_DEF),
    # polish: label dtypes, score dtypes, invalid input
    case("bool y_true", y_true=np.array([False, True, False, True]), scores=np.array([0.5, 0.5, 0.2, 0.9]),
         layer="polish", hint=AUC_DEF + " y_true may be bool: True is the positive class."),
    case("float y_true (0.0 and 1.0)", y_true=np.array([0.0, 1.0, 0.0, 1.0]), scores=np.array([0.5, 0.5, 0.2, 0.9]),
         layer="polish", hint=AUC_DEF + " y_true may be float: 1.0 is the positive class."),
    case("integer scores", y_true=i64(0, 1, 0, 1, 1), scores=i64(3, 7, 7, -2, 9), layer="polish", hint=TIES),
    *generated("float32 scores N={size}", lambda rng, n: random_auc(rng, n, decimals=2, dtype=np.float32),
               sizes=[200], seeds=range(2), layer="polish", hint=TIES),
    case("a label 2 is invalid", y_true=i64(0, 1, 2, 1), scores=np.array([0.1, 0.2, 0.3, 0.4]), raises=ValueError,
         hint=AUC_LABELS),
    case("-1/+1 labels are invalid", y_true=i64(-1, 1, -1, 1), scores=np.array([0.1, 0.2, 0.3, 0.4]),
         raises=ValueError, hint=AUC_LABELS),
    case("a label 0.5 is invalid", y_true=np.array([0.0, 1.0, 0.5]), scores=np.array([0.1, 0.2, 0.3]),
         raises=ValueError, hint=AUC_LABELS),
    case("only positives is invalid", y_true=i64(1, 1, 1), scores=np.array([0.1, 0.2, 0.3]), raises=ValueError,
         hint=ONE_CLASS),
    case("only negatives is invalid", y_true=i64(0, 0), scores=np.array([0.1, 0.2]), raises=ValueError,
         hint=ONE_CLASS),
    case("N = 0 is invalid", y_true=i64(), scores=np.zeros(0), raises=ValueError, hint=ONE_CLASS),
    case("different lengths are invalid", y_true=i64(0, 1, 1), scores=np.array([0.1, 0.2]), raises=ValueError,
         hint=AUC_LENGTHS),
]

PRF_SPEC = Outputs(precision=Scalar(), recall=Scalar(), f1=Scalar())


@pytest.mark.parametrize("case", CM_CASES, ids=str)
def test_confusion_matrix(kata, case):
    if case.raises:
        kata.check("confusion_matrix", case)
        return
    got = kata.call("confusion_matrix", case)
    want = kata.expected("confusion_matrix", case)
    # Right counts of the wrong dtype: the dtype hint alone, not the case's hint about counting (a generic
    # feature written here, not in sensei/: the grader joins the case's hint to every problem's).
    if isinstance(got, np.ndarray) and got.dtype != want.dtype and got.shape == want.shape \
            and np.array_equal(got, want):
        kata.fail("confusion_matrix", case, f"wrong dtype: expected {want.dtype}, got {got.dtype}", got=got,
                  expected=want, hint=CM_DTYPE, layer="polish")
    kata.judge("confusion_matrix", case, got, want, Exact())


@pytest.mark.parametrize("case", PRF_CASES, ids=str)
def test_precision_recall_f1(kata, case):
    kata.check("precision_recall_f1", case, PRF_SPEC)


@pytest.mark.parametrize("case", AUC_CASES, ids=str)
def test_roc_auc(kata, case):
    kata.check("roc_auc", case, Scalar())


def million(rng, n, name):
    """n = 10**6 labels in 10 classes (0/1 with scores for roc_auc)."""
    if name == "roc_auc":
        return random_auc(rng, n, decimals=3)  # many ties, as real model scores have
    labels = random_labels(rng, n, num_classes=10)
    if name == "confusion_matrix":
        return labels
    return {"y_true": labels["y_true"], "y_pred": labels["y_pred"], "average": "macro", "zero_division": 0.0}


@pytest.mark.parametrize("name", ["confusion_matrix", "precision_recall_f1", "roc_auc"])
def test_benchmark_million_labels(kata_bench, name):
    # A Python loop over a million samples (or over the P x Q pairs of roc_auc) is far slower than numpy.
    bench = generated("", lambda rng, n: million(rng, n, name), sizes=[10**6], seeds=[0])[0]
    kata_bench(name, bench, label="N=10**6")
