"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch one-liners, numpy in and out."""
import numpy as np
import torch


def _t(x):
    x = np.asarray(x)
    return torch.from_numpy(x if x.dtype.kind == "f" else x.astype(np.float64))


def softmax(x, axis=-1):
    return torch.softmax(_t(x), dim=axis).numpy()


def log_softmax(x, axis=-1):
    return torch.log_softmax(_t(x), dim=axis).numpy()
