"""RIGHT: plain Python loops, as on a whiteboard: a counting loop for the matrix, dicts of tp/fp/fn per
present class, and the AUC as a double loop over (positive, negative) pairs."""
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    if len(y_true) != len(y_pred) or num_classes < 1:
        raise ValueError("bad input")
    cm = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        if not (0 <= t < num_classes and 0 <= p < num_classes):
            raise ValueError("label out of range")
        cm[t][p] += 1
    return np.array(cm, dtype=np.int64).reshape(num_classes, num_classes)


def ratio(num, den, zero_division):
    return num / den if den else float(zero_division)


def precision_recall_f1(y_true, y_pred, average="binary", zero_division=0.0):
    if average not in ("binary", "macro", "micro"):
        raise ValueError("unknown average")
    if zero_division not in (0.0, 1.0):
        raise ValueError("zero_division is 0.0 or 1.0")
    y_true, y_pred = y_true.tolist(), y_pred.tolist()
    if len(y_true) != len(y_pred) or not y_true:
        raise ValueError("bad lengths")
    if average == "binary":
        if any(v not in (0, 1) for v in y_true + y_pred):
            raise ValueError("binary labels are 0 and 1")
        classes = [1]
    else:
        classes = sorted(set(y_true) | set(y_pred))
    tp, fp, fn = dict.fromkeys(classes, 0), dict.fromkeys(classes, 0), dict.fromkeys(classes, 0)
    for t, p in zip(y_true, y_pred):
        if t == p and t in tp:
            tp[t] += 1
        else:
            if p in fp:
                fp[p] += 1
            if t in fn:
                fn[t] += 1
    if average == "micro":
        groups = [(sum(tp.values()), sum(fp.values()), sum(fn.values()))]
    else:
        groups = [(tp[c], fp[c], fn[c]) for c in classes]
    ps = [ratio(a, a + b, zero_division) for a, b, _ in groups]
    rs = [ratio(a, a + c, zero_division) for a, _, c in groups]
    fs = [ratio(2 * a, 2 * a + b + c, zero_division) for a, b, c in groups]
    return sum(ps) / len(ps), sum(rs) / len(rs), sum(fs) / len(fs)


def roc_auc(y_true, scores):
    labels, scores = y_true.tolist(), scores.tolist()
    if len(labels) != len(scores) or any(v not in (0, 1) for v in labels):
        raise ValueError("bad input")
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    if not pos or not neg:
        raise ValueError("both classes needed")
    wins = 0.0
    for a in pos:
        for b in neg:
            wins += 1.0 if a > b else 0.5 if a == b else 0.0
    return wins / (len(pos) * len(neg))
