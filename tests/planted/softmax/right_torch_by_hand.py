"""RIGHT: torch tensors, the formula written out (max shift, exp, sum), numpy in and out."""
import numpy as np
import torch


def _t(x):
    x = np.asarray(x)
    return torch.from_numpy(x if x.dtype.kind == "f" else x.astype(np.float64))


def log_softmax(x, axis=-1):
    t = _t(x)
    if t.numel() == 0:
        return t.numpy().copy()
    shifted = t - t.amax(dim=axis, keepdim=True)
    return (shifted - shifted.exp().sum(dim=axis, keepdim=True).log()).numpy()


def softmax(x, axis=-1):
    t = _t(x)
    if t.numel() == 0:
        return t.numpy().copy()
    e = (t - t.amax(dim=axis, keepdim=True)).exp()
    return (e / e.sum(dim=axis, keepdim=True)).numpy()
