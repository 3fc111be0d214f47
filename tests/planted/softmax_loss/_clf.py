"""A correct softmax classifier loss with knobs, so each planted mistake changes one thing."""
import numpy as np


def loss_and_grad(W, X, y, reg, *, shift=True, log_of_probs=False, reduce_loss=np.mean, divide_grad=True,
                  minus_one=True, reg_loss=1.0, reg_grad=2.0, transpose=False, onehot64=False):
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W  # [N, C]
    if shift:
        scores = scores - scores.max(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        exp = np.exp(scores)
        probs = exp / exp.sum(axis=1, keepdims=True)
        if log_of_probs:
            per_example = -np.log(probs[rows, y])
        else:
            per_example = np.log(exp.sum(axis=1)) - scores[rows, y]
    loss = reduce_loss(per_example) + reg_loss * reg * np.sum(W * W)
    if onehot64:
        dscores = probs - np.eye(W.shape[1])[y]  # np.eye is float64: upcasts float32 probs
    else:
        dscores = probs.copy()
        if minus_one:
            dscores[rows, y] -= 1
    if divide_grad:
        dscores /= n
    dW = dscores.T @ X if transpose else X.T @ dscores
    return loss, dW + reg_grad * reg * (W.T if transpose else W)
