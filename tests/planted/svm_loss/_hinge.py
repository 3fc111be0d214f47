"""A correct multiclass hinge loss with knobs, so each planted mistake changes one thing."""
import numpy as np


def hinge(x, y, *, delta=1.0, counts=lambda m: m > 0, skip_correct=True, reduce=np.mean, sign=1,
          column=True, correct_grad="count", grad_dtype=None):
    x = np.asarray(x)
    x = x if x.dtype.kind == "f" else x.astype(np.float64)
    n = x.shape[0]
    rows = np.arange(n)
    correct = x[rows, y]
    correct = correct[:, None] if column else correct
    raw = sign * (x - correct) + delta
    margins = np.maximum(0, raw)
    if skip_correct:
        margins[rows, y] = 0
    loss = np.sum(margins) / n if reduce is np.mean else np.sum(margins)
    counted = counts(raw)  # on the margins before the max: >= 0 differs from > 0 only at exact 0
    if skip_correct:
        counted[rows, y] = False
    dx = sign * counted.astype(grad_dtype or x.dtype)
    if correct_grad == "count":
        dx[rows, y] -= sign * counted.sum(axis=1)
    elif correct_grad == "one":
        dx[rows, y] -= sign * counted.any(axis=1)
    if reduce is np.mean:
        dx /= n
    return loss, dx
